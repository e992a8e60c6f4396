import Stripe from 'stripe'
import type { Config } from '../config'

/** The official client, pointed at STRIPE_API_URL when set (the fake in tests and demos). */
export function stripeFor(config: Config): Stripe | undefined {
  if (!config.stripeSecretKey) return undefined
  if (!config.stripeApiUrl) return new Stripe(config.stripeSecretKey)
  const api = new URL(config.stripeApiUrl)
  return new Stripe(config.stripeSecretKey, { host: api.hostname, port: api.port || undefined, protocol: api.protocol.replace(':', '') as 'http' | 'https' })
}
