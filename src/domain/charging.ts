import { eq } from 'drizzle-orm'
import Stripe from 'stripe'
import type { Db } from '../db/client'
import { paymentMethods } from '../db/schema'
import type { Charge, Outcome } from './charges'
import { stripeAmount } from './money'

/** The same charge attempt always sends the same key, so Stripe makes it at most once. */
export const idempotencyKey = (charge: Pick<Charge, 'id' | 'attempt'>) => `huddle-charge-${charge.id}-attempt-${charge.attempt}`

/**
 * One try at charging a fee: a PaymentIntent confirmed off-session on the person's card on file.
 * Stripe gets ids only (the charge's id and attempt); never a subject, a name or a description.
 */
export async function attemptCharge(db: Db, stripe: Stripe, charge: Charge, timeoutMs: number): Promise<Outcome> {
  const [card] = await db.select().from(paymentMethods).where(eq(paymentMethods.personId, charge.personId))
  if (!card?.stripePaymentMethodId) return { kind: 'no_card' }
  const options = { idempotencyKey: idempotencyKey(charge), maxNetworkRetries: 0, timeout: timeoutMs }
  try {
    if (mayHaveGoneThrough(charge)) {
      // a new key, or an old one Stripe may have forgotten: first make sure no earlier try went through unseen
      const earlier = await earlierSuccess(stripe, card.stripeCustomerId, charge, timeoutMs)
      if (earlier) return { kind: 'succeeded', paymentIntentId: earlier }
    }
    const intent = await stripe.paymentIntents.create({
      amount: stripeAmount(charge.amountMinor, charge.currency), currency: charge.currency.toLowerCase(),
      customer: card.stripeCustomerId, payment_method: card.stripePaymentMethodId, off_session: true, confirm: true,
      metadata: { charge_id: String(charge.id), attempt: String(charge.attempt) },
    }, options)
    if (intent.status === 'succeeded') return { kind: 'succeeded', paymentIntentId: intent.id }
    if (intent.status === 'processing') return { kind: 'unanswered', reason: 'still processing' }
    return { kind: 'declined', paymentIntentId: intent.id, reason: intent.last_payment_error?.message ?? 'The bank asked the cardholder to confirm this payment.' }
  } catch (error) {
    return outcomeOf(error)
  }
}

/** Stripe's errors, sorted by what they mean for the charge. */
export function outcomeOf(error: unknown): Outcome {
  if (error instanceof Stripe.errors.StripeCardError) {
    const intent = (error.raw as { payment_intent?: { id?: string } } | undefined)?.payment_intent
    return { kind: 'declined', reason: error.message || 'The card was declined.', paymentIntentId: intent?.id }
  }
  if (error instanceof Stripe.errors.StripeConnectionError) return { kind: 'unanswered', reason: 'no connection or timed out' }
  if (error instanceof Stripe.errors.StripeAPIError) return { kind: 'unanswered', reason: `error ${error.statusCode ?? 500} at Stripe` }
  if (error instanceof Stripe.errors.StripeRateLimitError) return { kind: 'unanswered', reason: 'too many requests' }
  // the same key still in flight elsewhere (a worker that was presumed dead): ask again later
  if (error instanceof Stripe.errors.StripeIdempotencyError || (error instanceof Stripe.errors.StripeError && error.statusCode === 409)) {
    return { kind: 'unanswered', reason: 'the same charge is still in progress' }
  }
  if (error instanceof Stripe.errors.StripeError) return { kind: 'failed', reason: `Stripe refused the charge: ${error.message}` }
  throw error // a bug, not an answer: the worker logs it and the claim's lease brings the charge back
}

// Stripe keeps an idempotency key for 24 hours; past 20, a resent key is not trusted to find the first answer
const keyTrustedMs = 20 * 3600_000

/** A charge that was tried before without a recorded success: a retry by the host, an unanswered try, or one so old its key may be gone. */
const mayHaveGoneThrough = (charge: Charge, now = Date.now()) => charge.attempt > 1 || charge.unanswered > 0 || now - charge.createdAt > keyTrustedMs

async function earlierSuccess(stripe: Stripe, customer: string, charge: Charge, timeoutMs: number) {
  const created = Math.floor(charge.createdAt / 1000) - 60
  for await (const intent of stripe.paymentIntents.list({ customer, created: { gte: created }, limit: 100 }, { timeout: timeoutMs })) {
    if (intent.metadata?.charge_id === String(charge.id) && intent.status === 'succeeded') return intent.id
  }
  return undefined
}
