import { and, eq, gt, isNull, lte } from 'drizzle-orm'
import type { Db } from '../db/client'
import { people, signInLinks } from '../db/schema'
import { countRecent, recordAudit } from './audit'
import { Invalid, Refused } from './errors'
import { passwordProblem } from './fields'
import { queueMail } from './mail'
import type { Person } from './people'
import { hashToken, randomToken } from './tokens'

export const signInLinkLifetimeMs = 15 * 60_000
/** Patients open invitations the next day or the next week; a link someone asked for is used at once. */
export const invitationLifetimeMs = 7 * 86_400_000
const spent = 'This sign-in link has been used or has expired. Ask for a new one on the sign-in page.'

export const signInLinkUrl = (baseUrl: string, token: string) => `${baseUrl}/sign-in/link/${token}`

/** A one-time link, valid for 15 minutes or, as an invitation, 7 days; only its hash is stored. */
export async function createSignInLink(db: Pick<Db, 'insert'>, personId: number, purpose: 'link' | 'invitation' = 'link'): Promise<string> {
  const token = randomToken()
  const lifetime = purpose === 'invitation' ? invitationLifetimeMs : signInLinkLifetimeMs
  await db.insert(signInLinks).values({ tokenHash: hashToken(token), personId, purpose, expiresAt: Date.now() + lifetime })
  return token
}

/** What mail needs to know about the install (where people sign in, the clinic's name) and whom to wake after commit. */
export type MailContext = { baseUrl: string; clinicName: string; mailQueued?: () => void }

/** Queues an invitation in the caller's transaction. */
export async function queueInvitation(tx: Pick<Db, 'insert'>, person: Person, context: MailContext) {
  const url = signInLinkUrl(context.baseUrl, await createSignInLink(tx, person.id, 'invitation'))
  await queueMail(tx, {
    kind: 'invitation',
    to: person.email,
    subject: `You're invited to ${context.clinicName}`,
    text: `Hello,\n\n${context.clinicName} has invited you to its secure messaging.\n` +
      `Sign in within 7 days with this one-time link:\n\n${url}\n\n` +
      `If it has expired, open it anyway and choose Email me a new link.\n`,
  })
}

/** Queues a sign-in link someone asked for: personal, so no admin can read it in the Outbox. */
export async function queueSignInLink(tx: Pick<Db, 'insert'>, person: Person, context: MailContext) {
  const url = signInLinkUrl(context.baseUrl, await createSignInLink(tx, person.id))
  await queueMail(tx, {
    kind: 'sign_in_link',
    personal: true,
    to: person.email,
    subject: `Your sign-in link for ${context.clinicName}`,
    text: `Hello,\n\nSign in to ${context.clinicName} within 15 minutes with this one-time link:\n\n${url}\n\n` +
      `If you did not ask for it, you can ignore this email.\n`,
  })
}

/** Links not yet used stop working: a person disabled now must not come back in with an old link. */
export async function voidSignInLinksOf(tx: Pick<Db, 'update'>, personId: number) {
  await tx.update(signInLinks).set({ usedAt: Date.now() }).where(and(eq(signInLinks.personId, personId), isNull(signInLinks.usedAt)))
}

/** Who a still-usable link belongs to, so its page can say so; it does not consume the link (mail scanners GET links). */
export async function checkSignInLink(db: Db, token: string): Promise<Person> {
  const [row] = await db.select({ person: people }).from(signInLinks).innerJoin(people, eq(people.id, signInLinks.personId))
    .where(and(eq(signInLinks.tokenHash, hashToken(token)), isNull(signInLinks.usedAt), gt(signInLinks.expiresAt, Date.now())))
  if (!row || row.person.disabledAt) throw new Refused(spent)
  return row.person
}

/** Staff who have no password yet must choose one here; patients may, or keep using links. */
export const linkNeedsPassword = (person: Person) => person.role !== 'patient' && !person.passwordHash

/** Consumes a link once (an atomic update), optionally setting a password, and returns its person. */
export async function useSignInLink(db: Db, token: string, input: { password?: string }, address: string | null): Promise<Person> {
  const person = await checkSignInLink(db, token)
  const password = input.password ?? ''
  if (password || linkNeedsPassword(person)) {
    const weak = passwordProblem(password, person.role)
    if (weak) throw new Invalid({ password: weak })
  }
  const passwordHash = password ? await Bun.password.hash(password, 'argon2id') : undefined
  return db.transaction(async (tx) => {
    const [used] = await tx.update(signInLinks).set({ usedAt: Date.now() })
      .where(and(eq(signInLinks.tokenHash, hashToken(token)), isNull(signInLinks.usedAt), gt(signInLinks.expiresAt, Date.now())))
      .returning()
    if (!used) throw new Refused(spent)
    if (passwordHash) await tx.update(people).set({ passwordHash }).where(eq(people.id, person.id))
    await recordAudit(tx, { actorId: person.id, action: 'sign_in_link_used', address })
    if (passwordHash) await recordAudit(tx, { actorId: person.id, action: 'password_set', address })
    return person
  })
}

/** An invitation that expired unused, for an active person: its page may offer `Email me a new link`. */
export async function findExpiredInvitation(db: Db, token: string): Promise<Person | undefined> {
  const [row] = await db.select({ person: people }).from(signInLinks).innerJoin(people, eq(people.id, signInLinks.personId))
    .where(and(eq(signInLinks.tokenHash, hashToken(token)), eq(signInLinks.purpose, 'invitation'), isNull(signInLinks.usedAt),
      lte(signInLinks.expiresAt, Date.now())))
  return row && !row.person.disabledAt ? row.person : undefined
}

/**
 * `Email me a new link` on an expired invitation: a fresh invitation to the same person's email (never to an
 * address the visitor names), at most 3 per 15 minutes; the old link is voided. Says nothing either way.
 */
export async function renewInvitation(db: Db, token: string, context: MailContext & { address: string | null }) {
  const person = await findExpiredInvitation(db, token)
  if (!person || await countRecent(db, 'invitation_renewed', { subject: String(person.id) }, 15 * 60_000) >= 3) return
  await db.transaction(async (tx) => {
    await tx.update(signInLinks).set({ usedAt: Date.now() }).where(eq(signInLinks.tokenHash, hashToken(token)))
    await queueInvitation(tx, person, context)
    await recordAudit(tx, { actorId: person.id, action: 'invitation_renewed', subject: String(person.id), address: context.address })
  })
  context.mailQueued?.()
}
