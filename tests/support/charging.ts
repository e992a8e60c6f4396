import type { Config } from '../../src/config'
import { startFakeStripe } from './fake-stripe'
import { aGroup } from './group'
import type { Visitor } from './visitor'

export const webhookSecret = 'whsec_test_secret'

/**
 * A signed-in group in a clinic that charges through the fake Stripe, whose signed webhooks reach the
 * app over a real port. Call stop() when done.
 */
export async function aChargingGroup(patients = 2, { currency = 'EUR', ...overrides }: Partial<Config> & { currency?: string } = {}) {
  const fake = startFakeStripe({ timeoutMs: 500 })
  const g = await aGroup(patients, { stripeSecretKey: 'sk_test_fake', stripeApiUrl: fake.url, stripeWebhookSecret: webhookSecret, stripeTimeoutMs: 200, ...overrides })
  const server = Bun.serve({ port: 0, fetch: g.app.fetch })
  fake.sendWebhooksTo(`http://localhost:${server.port}/stripe/webhook`, webhookSecret)
  await g.admin.post('/settings', { name: 'Harbour Clinic', timeZone: 'Europe/Paris', currency, chargesEnabled: 'on' })

  /** The visitor adds a card on the fake's hosted page, as the browser would. */
  async function addCard(visitor: Visitor, card: 'ok' | 'decline' = 'ok') {
    const hosted = (await visitor.post('/payment-method/card')).headers.get('location')!
    const back = new URL((await fetch(hosted, { method: 'POST', body: new URLSearchParams({ card }), redirect: 'manual' })).headers.get('location')!)
    const saved = await visitor.get(`${back.pathname}${back.search}`)
    if (saved.status !== 303) throw new Error(`saving the card answered ${saved.status}`)
  }

  /** The host opens a conversation with a fee per participant; returns its id. */
  async function openPaid(fees: string[], emails = g.emails.slice(0, fees.length)) {
    const body = new URLSearchParams({ _csrf: g.host.csrf, subject: 'Paid group', dateTime: '' })
    emails.forEach((email, i) => { body.append('participants', email); body.append('fees', fees[i]!) })
    const created = await g.host.send('/conversations', { method: 'POST', body, headers: { origin: g.host.origin, 'content-type': 'application/x-www-form-urlencoded' } })
    if (created.status !== 303) throw new Error(`creating answered ${created.status}`)
    return created.headers.get('location')!.split('/').at(-1)!
  }

  const chargeRows = async (id: string) => (await g.database.client.execute({
    sql: 'SELECT c.id, p.name, c.amount_minor, c.currency, c.status, c.reason, c.attempt FROM charges c JOIN people p ON p.id = c.person_id WHERE conversation_id = ? ORDER BY c.id',
    args: [id] })).rows.map((r) => ({ ...r }))

  /** Waits until no charge of the conversation is pending (the worker's backoff included), then for the fake's webhooks. */
  async function settled(id: string, withinMs = 15_000) {
    const until = Date.now() + withinMs
    while ((await chargeRows(id)).some((r) => r.status === 'pending')) {
      if (Date.now() > until) throw new Error('charges still pending')
      await Bun.sleep(20)
    }
    await fake.settled()
    await g.live.charges.idle()
    return chargeRows(id)
  }

  async function stop() {
    await g.close()
    server.stop(true)
    fake.stop()
  }
  return { ...g, fake, server, addCard, openPaid, chargeRows, settled, stop }
}
