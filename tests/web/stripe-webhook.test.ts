import { afterEach, describe, expect, test } from 'bun:test'
import Stripe from 'stripe'
import { aChargingGroup, webhookSecret } from '../support/charging'

const groups: { stop(): Promise<void> }[] = []
afterEach(async () => { await Promise.all(groups.splice(0).map((g) => g.stop())) })

/** A charge left pending: Stripe never answers its first try (the next one is seconds away). */
async function aPendingCharge() {
  const g = await aChargingGroup(1)
  groups.push(g)
  await g.addCard(g.patients[0]!)
  const id = await g.openPaid(['40'])
  g.fake.fail('hang', 5)
  await g.host.post(`/conversations/${id}/complete`)
  while (!(await g.chargeRows(id))[0]?.reason) await Bun.sleep(20)
  const [charge] = await g.chargeRows(id)
  return { ...g, id, charge: charge! }
}

async function signed(event: object, secret = webhookSecret) {
  const payload = JSON.stringify(event)
  return { body: payload, headers: { 'content-type': 'application/json', 'stripe-signature': await Stripe.webhooks.generateTestHeaderStringAsync({ payload, secret }) } }
}

const intentEvent = (eventId: string, type: string, chargeId: unknown, attempt = 1, extra: object = {}) => ({
  id: eventId, object: 'event', type, created: 1, data: { object: { id: `pi_${eventId}`, object: 'payment_intent', metadata: { charge_id: String(chargeId), attempt: String(attempt) }, ...extra } },
})

describe('/stripe/webhook', () => {
  test('a bad or missing signature is refused with 400 and changes nothing', async () => {
    const g = await aPendingCharge()
    const forged = await signed(intentEvent('evt_1', 'payment_intent.succeeded', g.charge.id), 'whsec_someone_else')
    expect((await g.app.request('/stripe/webhook', { method: 'POST', ...forged })).status).toBe(400)
    const unsigned = { body: forged.body, headers: { 'content-type': 'application/json' } }
    expect((await g.app.request('/stripe/webhook', { method: 'POST', ...unsigned })).status).toBe(400)
    expect((await g.chargeRows(g.id))[0]!.status).toBe('pending')
    expect((await g.database.client.execute("SELECT count(*) AS n FROM stripe_events WHERE id = 'evt_1'")).rows[0]!.n).toBe(0)
  })

  test('a verified success settles the charge; the same event delivered again changes nothing', async () => {
    const g = await aPendingCharge()
    const event = await signed(intentEvent('evt_2', 'payment_intent.succeeded', g.charge.id))
    const first = await g.app.request('/stripe/webhook', { method: 'POST', ...event })
    expect(await first.json()).toEqual({ received: true, duplicate: false })
    expect((await g.chargeRows(g.id))[0]!.status).toBe('succeeded')
    const again = await g.app.request('/stripe/webhook', { method: 'POST', ...event })
    expect(again.status).toBe(200)
    expect(await again.json()).toEqual({ received: true, duplicate: true })
    const page = await (await g.host.get(`/conversations/${g.id}`)).text()
    expect(page).toContain('1 of 1 paid')
  })

  test('a failure for the attempt under way declines it; one for an earlier attempt is ignored', async () => {
    const g = await aPendingCharge()
    const stale = await signed(intentEvent('evt_3', 'payment_intent.payment_failed', g.charge.id, 0, { last_payment_error: { message: 'old news' } }))
    expect((await g.app.request('/stripe/webhook', { method: 'POST', ...stale })).status).toBe(200)
    expect((await g.chargeRows(g.id))[0]!.status).toBe('pending')
    const current = await signed(intentEvent('evt_4', 'payment_intent.payment_failed', g.charge.id, 1, { last_payment_error: { message: 'Insufficient funds.' } }))
    await g.app.request('/stripe/webhook', { method: 'POST', ...current })
    expect((await g.chargeRows(g.id))[0]).toMatchObject({ status: 'declined', reason: 'Insufficient funds.' })
  })

  test('an event type the app does not use is answered 200 and ignored', async () => {
    const g = await aPendingCharge()
    const other = await signed({ id: 'evt_5', object: 'event', type: 'customer.created', created: 1, data: { object: { id: 'cus_1' } } })
    const response = await g.app.request('/stripe/webhook', { method: 'POST', ...other })
    expect(response.status).toBe(200)
    expect((await g.chargeRows(g.id))[0]!.status).toBe('pending')
  })
})
