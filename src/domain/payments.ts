import { eq } from 'drizzle-orm'
import type Stripe from 'stripe'
import type { Db } from '../db/client'
import { paymentMethods } from '../db/schema'
import type { Actor } from './actor'
import type { Clinic } from './clinic'
import { recordAudit } from './audit'
import { Refused } from './errors'

/** Cards are taken only when the clinic charges through the app and Stripe is configured. */
export const takesCards = (clinic: Pick<Clinic, 'chargesEnabled'>, stripe: Stripe | undefined): stripe is Stripe => !!stripe && clinic.chargesEnabled
const notTaken = 'This clinic does not take payments through the app.'

export type CardOnFile = { brand: string; last4: string; expMonth: number; expYear: number }

export async function findCard(db: Db, actor: Actor): Promise<CardOnFile | undefined> {
  const [row] = await db.select().from(paymentMethods).where(eq(paymentMethods.personId, actor.id))
  if (!row?.stripePaymentMethodId) return undefined
  return { brand: row.brand!, last4: row.last4!, expMonth: row.expMonth!, expYear: row.expYear! }
}

/**
 * Starts Stripe's hosted page for adding (or replacing) a card. Only ids go to Stripe: the person's
 * internal id as metadata, no name, no email, nothing about their care.
 */
export async function startAddingCard(db: Db, stripe: Stripe | undefined, actor: Actor, clinic: Clinic, returnUrl: string) {
  if (!takesCards(clinic, stripe)) throw new Refused(notTaken)
  const [row] = await db.select().from(paymentMethods).where(eq(paymentMethods.personId, actor.id))
  let customerId = row?.stripeCustomerId
  if (!customerId) {
    customerId = (await stripe.customers.create({ metadata: { person_id: String(actor.id) } })).id
    await db.insert(paymentMethods).values({ personId: actor.id, stripeCustomerId: customerId, updatedAt: Date.now() })
  }
  const session = await stripe.checkout.sessions.create({
    mode: 'setup', customer: customerId, currency: clinic.currency.toLowerCase(),
    success_url: `${returnUrl}?session={CHECKOUT_SESSION_ID}`, cancel_url: returnUrl,
  })
  return session.url!
}

/** Back from Stripe: keeps the card the session set up, if the session is this person's and complete. */
export async function finishAddingCard(db: Db, stripe: Stripe | undefined, actor: Actor, clinic: Clinic, sessionId: string, address: string | null): Promise<CardOnFile> {
  if (!takesCards(clinic, stripe)) throw new Refused(notTaken)
  const [row] = await db.select().from(paymentMethods).where(eq(paymentMethods.personId, actor.id))
  const session = await stripe.checkout.sessions.retrieve(sessionId, { expand: ['setup_intent'] }).catch(() => undefined)
  if (!row || !session || session.customer !== row.stripeCustomerId || session.status !== 'complete' || !session.setup_intent) {
    throw new Refused('That card could not be added. Try Add a card again.')
  }
  const setupIntent = session.setup_intent as Stripe.SetupIntent
  const method = await stripe.paymentMethods.retrieve(String(setupIntent.payment_method))
  const card = { brand: method.card!.brand, last4: method.card!.last4, expMonth: method.card!.exp_month, expYear: method.card!.exp_year }
  await db.update(paymentMethods).set({ stripePaymentMethodId: method.id, ...card, updatedAt: Date.now() }).where(eq(paymentMethods.personId, actor.id))
  await recordAudit(db, { actorId: actor.id, action: 'card_saved', address })
  return card
}
