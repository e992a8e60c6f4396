import { afterEach, describe, expect, test } from 'bun:test'
import Stripe from 'stripe'
import { startFakeStripe } from '../support/fake-stripe'

// The fake must behave like Stripe for the official client, or tests against it prove nothing.
const running: { stop(): void }[] = []
afterEach(() => running.splice(0).forEach((r) => r.stop()))

function aFake(options: Parameters<typeof startFakeStripe>[0] = {}) {
  const fake = startFakeStripe(options)
  running.push(fake)
  const stripe = new Stripe('sk_test_fake', { host: 'localhost', port: fake.port, protocol: 'http', maxNetworkRetries: 0, timeout: 1000 })
  return { fake, stripe }
}

async function aSavedCard(fake: ReturnType<typeof startFakeStripe>, stripe: Stripe, card: 'ok' | 'decline' = 'ok') {
  const customer = await stripe.customers.create()
  const session = await stripe.checkout.sessions.create({ mode: 'setup', customer: customer.id, currency: 'eur',
    success_url: 'http://app.example/payment-method?session={CHECKOUT_SESSION_ID}', cancel_url: 'http://app.example/payment-method' })
  const page = await fetch(session.url!)
  expect(await page.text()).toContain('Save card')
  const back = await fetch(session.url!, { method: 'POST', body: new URLSearchParams({ card }), redirect: 'manual' })
  expect(back.headers.get('location')).toBe(`http://app.example/payment-method?session=${session.id}`)
  const done = await stripe.checkout.sessions.retrieve(session.id)
  const method = await stripe.paymentMethods.retrieve((done.setup_intent as any).payment_method)
  return { customer, method }
}

const charge = (stripe: Stripe, customer: string, paymentMethod: string, key: string) => stripe.paymentIntents.create(
  { amount: 4000, currency: 'eur', customer, payment_method: paymentMethod, off_session: true, confirm: true, metadata: { charge_id: key } },
  { idempotencyKey: key })

describe('the fake Stripe, through the official client', () => {
  test('a card saved on the hosted page shows its brand, last four and expiry', async () => {
    const { fake, stripe } = aFake()
    const { method } = await aSavedCard(fake, stripe)
    expect([method.card!.brand, method.card!.last4]).toEqual(['visa', '4242'])
    expect(method.card!.exp_year).toBeGreaterThan(new Date().getFullYear())
  })

  test('the same idempotency key charges once however often it is sent', async () => {
    const { fake, stripe } = aFake()
    const { customer, method } = await aSavedCard(fake, stripe)
    const [a, b] = [await charge(stripe, customer.id, method.id, 'charge-1'), await charge(stripe, customer.id, method.id, 'charge-1')]
    expect(a.id).toBe(b.id)
    expect(a.status).toBe('succeeded')
    expect(await (await fetch(`${fake.url}/_fake/charges`)).json()).toHaveLength(1)
  })

  test('a declining card and an injected decline are card errors, and charge nothing', async () => {
    const { fake, stripe } = aFake()
    const bad = await aSavedCard(fake, stripe, 'decline')
    await expect(charge(stripe, bad.customer.id, bad.method.id, 'charge-2')).rejects.toMatchObject({ type: 'StripeCardError', code: 'card_declined' })
    const good = await aSavedCard(fake, stripe)
    fake.fail('decline')
    await expect(charge(stripe, good.customer.id, good.method.id, 'charge-3')).rejects.toMatchObject({ type: 'StripeCardError' })
    expect(fake.charges).toHaveLength(0)
  })

  test('a 500 then a retry with the same key makes one charge; so does a timeout then a retry', async () => {
    const { fake, stripe } = aFake({ timeoutMs: 2000 })
    const { customer, method } = await aSavedCard(fake, stripe)
    fake.fail('500')
    await expect(charge(stripe, customer.id, method.id, 'charge-4')).rejects.toMatchObject({ type: 'StripeAPIError' })
    await charge(stripe, customer.id, method.id, 'charge-4')
    fake.fail('timeout')
    await expect(charge(stripe, customer.id, method.id, 'charge-5')).rejects.toMatchObject({ type: 'StripeConnectionError' })
    await charge(stripe, customer.id, method.id, 'charge-5')
    expect(fake.charges.map((c) => (c.metadata as any).charge_id)).toEqual(['charge-4', 'charge-5'])
  })

  test('webhooks are signed so that the official client verifies them', async () => {
    const received: { body: string; signature: string }[] = []
    const app = Bun.serve({ port: 0, async fetch(request) {
      received.push({ body: await request.text(), signature: request.headers.get('stripe-signature')! })
      return new Response('ok')
    } })
    running.push({ stop: () => app.stop(true) })
    const { fake, stripe } = aFake({ webhookUrl: `http://localhost:${app.port}/stripe/webhook`, webhookSecret: 'whsec_test' })
    const { customer, method } = await aSavedCard(fake, stripe)
    await charge(stripe, customer.id, method.id, 'charge-6')
    await fake.settled()
    const events = await Promise.all(received.map((r) => stripe.webhooks.constructEventAsync(r.body, r.signature, 'whsec_test')))
    expect(events.map((e) => e.type)).toEqual(['checkout.session.completed', 'payment_intent.succeeded'])
    await expect(stripe.webhooks.constructEventAsync(received[0]!.body, received[0]!.signature, 'whsec_wrong')).rejects.toThrow()
  })
})
