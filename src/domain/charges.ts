import { and, asc, desc, eq, inArray, isNotNull, lte, min, sql } from 'drizzle-orm'
import type { Db } from '../db/client'
import { charges, conversations, members, paymentMethods, people } from '../db/schema'
import type { Actor, Viewer } from './actor'
import { recordAudit } from './audit'
import { announce } from './announce'
import { canMove, canRetry, maxUnanswered, retryDelayMs } from './charge-states'
import { isHost, openAsMember, requireHost } from './conversations'
import { NotFound, Refused } from './errors'

export type Charge = typeof charges.$inferSelect
type Writer = Pick<Db, 'insert' | 'select'>

export const noCardReason = 'No card on file when the conversation was completed.'

/** Participants with a fee above 0, and whether each has a card on file: who Complete would charge. */
export async function payers(db: Pick<Db, 'select'>, conversationId: string) {
  const rows = await db.select({ personId: members.personId, name: people.name, feeMinor: members.feeMinor, card: paymentMethods.stripePaymentMethodId })
    .from(members).innerJoin(people, eq(people.id, members.personId))
    .leftJoin(paymentMethods, eq(paymentMethods.personId, members.personId))
    .where(and(eq(members.conversationId, conversationId), eq(members.role, 'participant'), sql`${members.feeMinor} > 0`))
    .orderBy(asc(members.position))
  return rows.map((r) => ({ personId: r.personId, name: r.name, feeMinor: r.feeMinor, hasCard: !!r.card }))
}

/** Inside Complete's transaction, after the archive: one row per payer, pending or (no card) not charged. */
export async function writeCharges(tx: Writer, conversationId: string, currency: string, now: number) {
  const due = await payers(tx, conversationId)
  if (due.length === 0) return []
  return tx.insert(charges).values(due.map((p) => ({
    conversationId, personId: p.personId, amountMinor: p.feeMinor, currency,
    status: p.hasCard ? 'pending' as const : 'not_charged' as const, reason: p.hasCard ? null : noCardReason,
    nextTryAt: p.hasCard ? now : null, createdAt: now, updatedAt: now,
  }))).returning()
}

export type ChargeView = Pick<Charge, 'id' | 'personId' | 'amountMinor' | 'currency' | 'status' | 'reason' | 'updatedAt'> & { name: string }

/** The charges of a conversation, for its host only (a participant sees their own on Payment method). */
export async function listCharges(db: Db, actor: Viewer, conversationId: string): Promise<ChargeView[]> {
  if (!isHost(await openAsMember(db, actor, conversationId))) return []
  return db.select({ id: charges.id, personId: charges.personId, name: people.name, amountMinor: charges.amountMinor, currency: charges.currency,
    status: charges.status, reason: charges.reason, updatedAt: charges.updatedAt })
    .from(charges).innerJoin(people, eq(people.id, charges.personId)).innerJoin(members,
      and(eq(members.conversationId, charges.conversationId), eq(members.personId, charges.personId)))
    .where(eq(charges.conversationId, conversationId)).orderBy(asc(members.position))
}

export type OwnChargeView = Pick<Charge, 'id' | 'conversationId' | 'amountMinor' | 'currency' | 'status' | 'reason' | 'createdAt'> & { subject: string }

/** What this person was charged (or is being charged), newest first. */
export async function listOwnCharges(db: Db, actor: Actor): Promise<OwnChargeView[]> {
  return db.select({ id: charges.id, conversationId: charges.conversationId, subject: conversations.subject, amountMinor: charges.amountMinor,
    currency: charges.currency, status: charges.status, reason: charges.reason, createdAt: charges.createdAt })
    .from(charges).innerJoin(conversations, eq(conversations.id, charges.conversationId))
    .where(eq(charges.personId, actor.id)).orderBy(desc(charges.createdAt), desc(charges.id)).limit(200)
}

/**
 * The host charges again after a decline, a failure or no card: a new attempt, so a new idempotency key.
 * The person must have a card on file by now.
 */
export async function retryCharge(db: Db, actor: Actor, conversationId: string, chargeId: number, address: string | null) {
  requireHost(await openAsMember(db, actor, conversationId), 'Only the host can charge again.')
  const [row] = await db.select().from(charges).where(and(eq(charges.id, chargeId), eq(charges.conversationId, conversationId)))
  if (!row) throw new NotFound('charge')
  if (!canRetry(row.status)) throw new Refused(row.status === 'succeeded' ? 'This fee is already paid.' : 'This charge is already under way.')
  const [card] = await db.select().from(paymentMethods).where(and(eq(paymentMethods.personId, row.personId), isNotNull(paymentMethods.stripePaymentMethodId)))
  if (!card) throw new Refused('They have no card on file yet. Ask them to add one under Payment method, then charge again.')
  const now = Date.now()
  const moved = await db.update(charges).set({ status: 'pending', attempt: row.attempt + 1, unanswered: 0, reason: null, nextTryAt: now, updatedAt: now })
    .where(and(eq(charges.id, chargeId), eq(charges.status, row.status), eq(charges.attempt, row.attempt))).returning()
  if (moved.length !== 1) throw new Refused('This charge changed meanwhile; reload to see where it stands.')
  await recordAudit(db, { actorId: actor.id, action: 'charge_retried', subject: String(chargeId), address })
  announce(db, { kind: 'charges', conversationId, due: true })
  return moved[0]!
}

/** What one try at Stripe came to. */
export type Outcome =
  | { kind: 'succeeded'; paymentIntentId: string }
  | { kind: 'declined'; reason: string; paymentIntentId?: string }
  | { kind: 'failed'; reason: string }
  | { kind: 'unanswered'; reason: string }
  | { kind: 'no_card' }

/** The status and columns an outcome leads to from a pending charge, per the state machine. */
export function settle(charge: Pick<Charge, 'unanswered' | 'stripePaymentIntentId'>, outcome: Outcome, now: number) {
  switch (outcome.kind) {
    case 'succeeded': return { status: 'succeeded' as const, reason: null, stripePaymentIntentId: outcome.paymentIntentId, nextTryAt: null }
    case 'declined': return { status: 'declined' as const, reason: outcome.reason, stripePaymentIntentId: outcome.paymentIntentId ?? charge.stripePaymentIntentId, nextTryAt: null }
    case 'failed': return { status: 'failed' as const, reason: outcome.reason, nextTryAt: null }
    case 'no_card': return { status: 'not_charged' as const, reason: 'No card on file.', nextTryAt: null }
    case 'unanswered': {
      const unanswered = charge.unanswered + 1
      if (unanswered >= maxUnanswered) {
        return { status: 'failed' as const, unanswered, nextTryAt: null,
          reason: `Stripe did not answer (${outcome.reason}). It may still go through; this page updates if Stripe reports it.` }
      }
      return { status: 'pending' as const, unanswered, reason: `Stripe did not answer (${outcome.reason}); trying again shortly.`, nextTryAt: now + retryDelayMs(unanswered) }
    }
  }
}

/**
 * Records an attempt's outcome, only if the charge is still the pending attempt that was tried
 * (a webhook may have settled it first, or the host may have started a new attempt).
 */
export async function recordOutcome(db: Db, charge: Charge, outcome: Outcome, now = Date.now()): Promise<Charge | undefined> {
  const next = settle(charge, outcome, now)
  if (!canMove('pending', next.status)) throw new Error(`no edge pending → ${next.status}`)
  const [row] = await db.update(charges).set({ ...next, updatedAt: now })
    .where(and(eq(charges.id, charge.id), eq(charges.status, 'pending'), eq(charges.attempt, charge.attempt))).returning()
  return row
}

/**
 * Claims up to `limit` pending charges that are due, for one worker: pushing their next try past
 * `leaseMs` means no other worker picks them meanwhile; a crash leaves them due again after it.
 */
export async function claimDue(db: Db, now: number, leaseMs: number, limit: number): Promise<Charge[]> {
  const due = db.select({ id: charges.id }).from(charges)
    .where(and(eq(charges.status, 'pending'), lte(charges.nextTryAt, now))).orderBy(asc(charges.nextTryAt)).limit(limit)
  // one statement, so one commit and no other worker between the choice and the claim
  return db.update(charges).set({ nextTryAt: now + leaseMs }).where(inArray(charges.id, due)).returning()
}

/** When the next pending charge falls due, if any. */
export async function nextDueAt(db: Db): Promise<number | undefined> {
  const [row] = await db.select({ at: min(charges.nextTryAt) }).from(charges).where(eq(charges.status, 'pending'))
  return row?.at ?? undefined
}

/**
 * On start: charges left mid-attempt by a process that died are due now. Trying one twice is safe,
 * because the same attempt sends the same idempotency key.
 */
export async function resumePending(db: Db, now = Date.now()) {
  const rows = await db.update(charges).set({ nextTryAt: now })
    .where(and(eq(charges.status, 'pending'), sql`${charges.nextTryAt} > ${now}`)).returning({ id: charges.id })
  return rows.length
}
