import { and, desc, eq, inArray, isNull, lte, or, sql } from 'drizzle-orm'
import type { Db } from '../db/client'
import { outbox } from '../db/schema'
import { requireAdmin, type Actor } from './actor'

/** Mail never carries health information: it says that something happened and links to sign-in, nothing more. */
export type Mail = { to: string; subject: string; text: string }
export type MailKind = 'invitation' | 'sign_in_link' | 'added' | 'opened' | 'unread' | 'card_request' | 'other'
/**
 * `personal` mail holds a link that someone asked for themselves: no one else may read it, admins included.
 * `cause` names what it is about: a second mail for the same recipient, kind and cause is never queued.
 */
export type QueuedMail = Mail & { kind: MailKind; personal?: boolean; cause?: string }
export type OutboxMail = typeof outbox.$inferSelect

/** Sends one mail (nodemailer over SMTP_URL in the app; a test's capturing transport). */
export type MailTransport = { send(mail: Mail): Promise<void> }

export const personalMailNotice = '(a one-time sign-in link, shown only to the person who asked for it)'
export const mailRetryLimit = 8

/** Queues mail in the caller's transaction, so it exists exactly when what caused it does. */
export async function queueMail(tx: Pick<Db, 'insert'>, mail: QueuedMail) {
  await tx.insert(outbox).values({ to: mail.to, subject: mail.subject, body: mail.text, kind: mail.kind, private: !!mail.personal, cause: mail.cause })
    .onConflictDoNothing()
}

/** Claims up to `limit` due mails for `leaseMs`; a process that dies mid-send leaves them due again after that. */
export async function claimDueMail(db: Db, now: number, leaseMs: number, limit: number): Promise<OutboxMail[]> {
  const due = db.select({ id: outbox.id }).from(outbox)
    .where(and(eq(outbox.status, 'queued'), lte(outbox.nextAttemptAt, now), or(isNull(outbox.leasedUntil), lte(outbox.leasedUntil, now))))
    .orderBy(outbox.id).limit(limit)
  return db.update(outbox).set({ leasedUntil: now + leaseMs }).where(inArray(outbox.id, due)).returning()
}

/** Once mail has left (or, with no mail server, is kept for the Outbox), a personal link is no longer stored readable. */
const afterLeaving = (mail: OutboxMail) => (mail.private ? { body: personalMailNotice } : {})

export async function markMailSent(db: Db, mail: OutboxMail, now = Date.now()) {
  await db.update(outbox).set({ status: 'sent', sentAt: now, leasedUntil: null, attempts: mail.attempts + 1, ...afterLeaving(mail) })
    .where(eq(outbox.id, mail.id))
}

/** With no mail server, mail stays in the Outbox for admins; a personal link is not kept at all. */
export async function markMailKept(db: Db, mail: OutboxMail) {
  await db.update(outbox).set({ status: 'kept', leasedUntil: null, ...afterLeaving(mail) }).where(eq(outbox.id, mail.id))
}

/** 2 s, 4 s, 8 s … at most 10 minutes between tries. */
export const mailBackoffMs = (attempts: number) => Math.min(2000 * 2 ** (attempts - 1), 10 * 60_000)

export async function markMailFailedAttempt(db: Db, mail: OutboxMail, error: string, now = Date.now()) {
  const attempts = mail.attempts + 1
  const givenUp = attempts >= mailRetryLimit
  await db.update(outbox).set({
    attempts, lastError: error.slice(0, 300), leasedUntil: null,
    ...(givenUp ? { status: 'failed' as const, ...afterLeaving(mail) } : { nextAttemptAt: now + mailBackoffMs(attempts) }),
  }).where(eq(outbox.id, mail.id))
}

/** When the next queued mail is due, if any. */
export async function nextMailDueAt(db: Db): Promise<number | undefined> {
  const [row] = await db.select({ at: sql<number>`min(max(${outbox.nextAttemptAt}, coalesce(${outbox.leasedUntil}, 0)))` })
    .from(outbox).where(eq(outbox.status, 'queued'))
  return row?.at ?? undefined
}

/** The Outbox page: what was sent, failed or kept; a personal link's body is never shown. */
export async function listOutbox(db: Db, actor: Actor) {
  requireAdmin(actor)
  const rows = await db.select().from(outbox).orderBy(desc(outbox.id)).limit(200)
  return rows.map((mail) => ({ ...mail, body: mail.private ? personalMailNotice : mail.body }))
}
