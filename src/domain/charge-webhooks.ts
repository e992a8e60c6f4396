import { and, eq } from 'drizzle-orm'
import type Stripe from 'stripe'
import type { Db } from '../db/client'
import { charges, stripeEvents } from '../db/schema'
import { announce } from './announce'
import { canMove } from './charge-states'

/**
 * Applies a verified Stripe event once: its id is recorded in the same transaction as its effect, so a
 * redelivery changes nothing. Types other than a PaymentIntent's success or failure are noted and ignored.
 */
export async function applyStripeEvent(db: Db, event: Stripe.Event, now = Date.now()): Promise<{ duplicate: boolean; conversationId?: string }> {
  const applied = await applyOnce(db, event, now)
  if (applied.conversationId) announce(db, { kind: 'charges', conversationId: applied.conversationId })
  return applied
}

async function applyOnce(db: Db, event: Stripe.Event, now: number): Promise<{ duplicate: boolean; conversationId?: string }> {
  return db.transaction(async (tx) => {
    const fresh = await tx.insert(stripeEvents).values({ id: event.id, type: event.type, receivedAt: now }).onConflictDoNothing().returning()
    if (fresh.length === 0) return { duplicate: true }
    if (event.type !== 'payment_intent.succeeded' && event.type !== 'payment_intent.payment_failed') return { duplicate: false }
    const intent = event.data.object as Stripe.PaymentIntent
    const chargeId = Number(intent.metadata?.charge_id)
    if (!Number.isSafeInteger(chargeId)) return { duplicate: false }
    const [row] = await tx.select().from(charges).where(eq(charges.id, chargeId))
    if (!row) return { duplicate: false }
    // money that moved is recorded whatever the attempt; a failure counts only for the attempt under way
    const update = event.type === 'payment_intent.succeeded'
      ? canMove(row.status, 'succeeded') && { status: 'succeeded' as const, reason: null, stripePaymentIntentId: intent.id, nextTryAt: null }
      : row.status === 'pending' && Number(intent.metadata?.attempt) === row.attempt
        && { status: 'declined' as const, reason: intent.last_payment_error?.message ?? 'The card was declined.', stripePaymentIntentId: intent.id, nextTryAt: null }
    if (!update) return { duplicate: false }
    const moved = await tx.update(charges).set({ ...update, updatedAt: now })
      .where(and(eq(charges.id, row.id), eq(charges.status, row.status), eq(charges.attempt, row.attempt))).returning()
    return { duplicate: false, conversationId: moved.length ? row.conversationId : undefined }
  })
}
