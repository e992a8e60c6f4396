import { Hono } from 'hono'
import { applyStripeEvent } from '../../domain/charge-webhooks'
import type { AppEnv } from '../env'

/**
 * Stripe's webhooks: verified by signature (400 and nothing changed otherwise), applied once per event
 * id, 200 for types we do not use. Mounted before sessions and CSRF: Stripe signs, it has no cookie.
 */
export const stripeWebhookRoutes = new Hono<AppEnv>().post('/stripe/webhook', async (c) => {
  const { stripe, config, db, log } = c.var
  const signature = c.req.header('stripe-signature')
  if (!stripe || !config.stripeWebhookSecret) return c.text('Webhooks are not configured on this server.', 404)
  if (!signature) return c.text('Missing Stripe signature.', 400)
  const payload = await c.req.text()
  let event
  try {
    event = await stripe.webhooks.constructEventAsync(payload, signature, config.stripeWebhookSecret)
  } catch {
    log.warn('stripe webhook with a bad signature refused')
    return c.text('Bad signature.', 400)
  }
  const applied = await applyStripeEvent(db, event)
  return c.json({ received: true, duplicate: applied.duplicate })
})
