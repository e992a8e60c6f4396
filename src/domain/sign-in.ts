import { z } from 'zod'
import type { Db } from '../db/client'
import { limitLiftsAt, recordAudit } from './audit'
import { Invalid, TooManyAttempts } from './errors'
import { parseFields } from './fields'
import { findPersonByEmail, type Person } from './people'
import { queueSignInLink, type MailContext } from './sign-in-links'

const minutes = (n: number) => n * 60_000

/**
 * Failures are counted per email and address together, so a stranger guessing from elsewhere cannot lock the
 * owner out; a slower ceiling per email holds guessers who change address; each address is limited too.
 */
export const signInLimits = {
  failures: [
    { by: 'email and address', limit: 5, windowMs: minutes(15) },
    { by: 'email', limit: 50, windowMs: minutes(60) },
    { by: 'address', limit: 20, windowMs: minutes(15) },
  ],
  links: [
    { by: 'email', limit: 3, windowMs: minutes(15) },
    { by: 'address', limit: 10, windowMs: minutes(15) },
  ],
} as const
type Limit = { by: 'email and address' | 'email' | 'address'; limit: number; windowMs: number }

export const signInForm = z.object({
  email: z.string().trim().toLowerCase().min(1, 'Enter your email address.'),
  password: z.string().min(1, 'Enter your password.'),
})
export const linkRequestForm = z.object({
  email: z.string().trim().toLowerCase().min(1, 'Enter your email address.').pipe(z.email('Enter a valid email address.')),
})

// compared against when the email is unknown, so a wrong email costs as long as a wrong password
let decoyHash: Promise<string> | undefined
const decoy = () => (decoyHash ??= Bun.password.hash(crypto.randomUUID(), 'argon2id'))

/** Counts in the audit log, so limits hold across restarts and processes; the refusal says when to try again. */
async function refuseIfLimited(db: Db, action: string, email: string, address: string | null, limits: readonly Limit[]) {
  let liftsAt = 0
  for (const { by, limit, windowMs } of limits) {
    if (by === 'address' && !address) continue
    const scope = by === 'email' ? { subject: email } : by === 'address' ? { address } : { subject: email, address }
    liftsAt = Math.max(liftsAt, await limitLiftsAt(db, action, scope, windowMs, limit) ?? 0)
  }
  if (!liftsAt) return
  const wait = Math.max(1, Math.ceil((liftsAt - Date.now()) / 60_000))
  throw new TooManyAttempts(`Too many sign-in attempts. Try again in ${wait} minute${wait === 1 ? '' : 's'}, or ask for a sign-in link.`,
    Math.ceil((liftsAt - Date.now()) / 1000))
}

/** Checks an email and password; wrong ones, unknown ones and disabled accounts are refused and recorded. */
export async function signInWithPassword(db: Db, input: unknown, address: string | null): Promise<Person> {
  const { email, password } = parseFields(signInForm, input)
  await refuseIfLimited(db, 'sign_in_failed', email, address, signInLimits.failures)
  const person = await findPersonByEmail(db, email)
  const matches = await Bun.password.verify(password, person?.passwordHash ?? await decoy())
  if (!person || !person.passwordHash || !matches) {
    await recordAudit(db, { actorId: person?.id, action: 'sign_in_failed', subject: email, address })
    throw new Invalid({ password: 'That email and password do not match. Check them, or ask for a sign-in link.' })
  }
  if (person.disabledAt) {
    await recordAudit(db, { actorId: person.id, action: 'sign_in_failed', subject: email, address })
    throw new Invalid({ email: 'This account has been disabled. Contact your clinic.' })
  }
  await recordAudit(db, { actorId: person.id, action: 'sign_in', address })
  return person
}

/**
 * Queues a one-time link for an active person. Known or not, the request does the same work (one transaction,
 * no waiting for a mail server), so neither its answer nor its time says whether the email is a patient's.
 */
export async function requestSignInLink(db: Db, input: unknown, context: MailContext & { address: string | null }) {
  const { email } = parseFields(linkRequestForm, input)
  await refuseIfLimited(db, 'sign_in_link_requested', email, context.address, signInLimits.links)
  const person = await findPersonByEmail(db, email)
  await db.transaction(async (tx) => {
    await recordAudit(tx, { actorId: person?.id, action: 'sign_in_link_requested', subject: email, address: context.address })
    if (person && !person.disabledAt) await queueSignInLink(tx, person, context)
  })
  context.mailQueued?.()
}
