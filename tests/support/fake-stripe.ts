// A small fake of the part of Stripe's API the app uses, for tests and for trying the product without a
// Stripe account. Run on its own: bun tests/support/fake-stripe.ts (FAKE_STRIPE_PORT, default 12111;
// FAKE_STRIPE_WEBHOOK_URL and STRIPE_WEBHOOK_SECRET to send signed webhooks).
// Failure injection: POST /_fake/fail with mode=decline|500|timeout|hang and times=N; GET /_fake/charges lists charges.
// timeout: the charge is made but its answer is late (as when Stripe's reply is lost); hang: the request never
// gets anywhere and nothing is charged (as when the app dies before Stripe received it).

type Json = Record<string, unknown>
type Failure = 'decline' | '500' | 'timeout' | 'hang'
export type FakeStripeOptions = { port?: number; webhookUrl?: string; webhookSecret?: string; timeoutMs?: number }

const declined = { type: 'card_error', code: 'card_declined', decline_code: 'generic_decline', message: 'Your card was declined.' }

export function startFakeStripe(options: FakeStripeOptions = {}) {
  options = { ...options }
  let seq = 0
  const id = (prefix: string) => `${prefix}_fake${(++seq).toString().padStart(6, '0')}`
  const customers = new Map<string, Json>()
  const sessions = new Map<string, Json>()
  const paymentMethods = new Map<string, Json>()
  const intents = new Map<string, Json>()
  const idempotent = new Map<string, { status: number; body: Json }>()
  const failures: Failure[] = []
  const charges: Json[] = []
  const webhooks: Promise<unknown>[] = []
  let chargeRequests = 0

  // tracked from the start, so settled() also waits for webhooks still being signed
  function sendWebhook(type: string, object: Json) {
    const sending = signAndSend(type, object)
    webhooks.push(sending)
    return sending
  }

  async function signAndSend(type: string, object: Json) {
    if (!options.webhookUrl || !options.webhookSecret) return
    const payload = JSON.stringify({ id: id('evt'), object: 'event', type, created: Math.floor(Date.now() / 1000), data: { object } })
    const t = Math.floor(Date.now() / 1000)
    const key = await crypto.subtle.importKey('raw', new TextEncoder().encode(options.webhookSecret), { name: 'HMAC', hash: 'SHA-256' }, false, ['sign'])
    const signature = Buffer.from(await crypto.subtle.sign('HMAC', key, new TextEncoder().encode(`${t}.${payload}`))).toString('hex')
    await fetch(options.webhookUrl, { method: 'POST', body: payload, headers: { 'content-type': 'application/json', 'stripe-signature': `t=${t},v1=${signature}` } }).catch(() => undefined)
  }

  const json = (body: unknown, status = 200) => Response.json(body, { status })
  const notFound = () => json({ error: { type: 'invalid_request_error', message: 'No such object.' } }, 404)

  function confirmIntent(params: URLSearchParams): { status: number; body: Json } {
    const paymentMethod = paymentMethods.get(params.get('payment_method') ?? '')
    const metadata = Object.fromEntries([...params].filter(([k]) => k.startsWith('metadata[')).map(([k, v]) => [k.slice(9, -1), v]))
    const intent: Json = {
      id: id('pi'), object: 'payment_intent', amount: Number(params.get('amount')), currency: params.get('currency'),
      customer: params.get('customer'), payment_method: params.get('payment_method'), metadata, description: params.get('description'),
    }
    const decline = !paymentMethod || (paymentMethod.card as Json).last4 === '0002' || failures[0] === 'decline'
    if (failures[0] === 'decline') failures.shift()
    if (decline) {
      intent.status = 'requires_payment_method'
      intent.last_payment_error = declined
      intents.set(intent.id as string, intent)
      void sendWebhook('payment_intent.payment_failed', intent)
      return { status: 402, body: { error: { ...declined, payment_intent: intent } } }
    }
    intent.status = 'succeeded'
    intents.set(intent.id as string, intent)
    charges.push(intent)
    void sendWebhook('payment_intent.succeeded', intent)
    return { status: 200, body: intent }
  }

  const server = Bun.serve({
    port: options.port ?? 0,
    idleTimeout: 60,
    async fetch(request) {
      const url = new URL(request.url)
      const path = url.pathname
      const params = request.method === 'POST' ? new URLSearchParams(await request.text()) : url.searchParams
      const base = `http://localhost:${server.port}`

      if (path === '/v1/customers' && request.method === 'POST') {
        const customer = { id: id('cus'), object: 'customer', metadata: {} }
        customers.set(customer.id, customer)
        return json(customer)
      }
      if (path === '/v1/checkout/sessions' && request.method === 'POST') {
        const session: Json = { id: id('cs'), object: 'checkout.session', mode: params.get('mode'), customer: params.get('customer'),
          status: 'open', success_url: params.get('success_url'), cancel_url: params.get('cancel_url'), setup_intent: null }
        session.url = `${base}/_fake/checkout/${session.id}`
        sessions.set(session.id as string, session)
        return json(session)
      }
      const sessionPath = path.match(/^\/v1\/checkout\/sessions\/([\w]+)$/)
      if (sessionPath) {
        const session = sessions.get(sessionPath[1]!)
        return session ? json(session) : notFound()
      }
      const methodPath = path.match(/^\/v1\/payment_methods\/([\w]+)$/)
      if (methodPath) {
        const method = paymentMethods.get(methodPath[1]!)
        return method ? json(method) : notFound()
      }
      if (path === '/v1/payment_intents' && request.method === 'GET') {
        const customer = params.get('customer')
        const data = [...intents.values()].filter((i) => !customer || i.customer === customer).reverse()
        return json({ object: 'list', data, has_more: false, url: '/v1/payment_intents' })
      }
      if (path === '/v1/payment_intents' && request.method === 'POST') {
        chargeRequests++
        const key = request.headers.get('idempotency-key')
        const known = key ? idempotent.get(key) : undefined
        if (known) return json(known.body, known.status)
        if (failures[0] === 'hang') {
          failures.shift()
          await Bun.sleep(options.timeoutMs ?? 30_000)
          return json({ error: { type: 'api_error', message: 'Gave up.' } }, 500)
        }
        if (failures[0] === '500') {
          failures.shift()
          return json({ error: { type: 'api_error', message: 'Something went wrong on Stripe’s end.' } }, 500)
        }
        const timeout = failures[0] === 'timeout' && failures.shift()
        const result = confirmIntent(params) // a timed-out request still charges, as Stripe may: only its answer is lost
        if (key) idempotent.set(key, result)
        if (timeout) await Bun.sleep(options.timeoutMs ?? 30_000)
        return json(result.body, result.status)
      }

      const checkoutPage = path.match(/^\/_fake\/checkout\/([\w]+)$/)
      if (checkoutPage && request.method === 'GET') {
        const session = sessions.get(checkoutPage[1]!)
        if (!session) return notFound()
        return new Response(`<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Fake Stripe Checkout</title></head><body>
          <main><h1>Add a card (fake Stripe)</h1><form method="post"><button name="card" value="ok">Save card</button>
          <button name="card" value="decline">Use a declining card</button></form></main></body></html>`, { headers: { 'content-type': 'text/html; charset=utf-8' } })
      }
      if (checkoutPage && request.method === 'POST') {
        const session = sessions.get(checkoutPage[1]!)
        if (!session) return notFound()
        const last4 = params.get('card') === 'decline' ? '0002' : '4242'
        const method = { id: id('pm'), object: 'payment_method', type: 'card', customer: session.customer,
          card: { brand: 'visa', last4, exp_month: 12, exp_year: new Date().getFullYear() + 3 } }
        paymentMethods.set(method.id, method)
        session.status = 'complete'
        session.setup_intent = { id: id('seti'), object: 'setup_intent', status: 'succeeded', payment_method: method.id, customer: session.customer }
        await sendWebhook('checkout.session.completed', session)
        return Response.redirect(String(session.success_url).replace('{CHECKOUT_SESSION_ID}', String(session.id)), 303)
      }
      if (path === '/_fake/fail' && request.method === 'POST') {
        const mode = params.get('mode') as Failure
        for (let i = 0; i < Number(params.get('times') ?? 1); i++) failures.push(mode)
        return json({ queued: failures })
      }
      if (path === '/_fake/charges') return json(charges)
      return notFound()
    },
  })
  return {
    url: `http://localhost:${server.port}`, port: server.port, charges,
    fail: (mode: Failure, times = 1) => { for (let i = 0; i < times; i++) failures.push(mode) },
    settled: () => Promise.all(webhooks),
    /** Where signed webhooks go from now on (the app's /stripe/webhook once it listens). */
    sendWebhooksTo: (url: string, secret: string) => { options.webhookUrl = url; options.webhookSecret = secret },
    intents: () => [...intents.values()],
    /** How many charge requests arrived, answered or not. */
    chargeRequests: () => chargeRequests,
    /** A customer with a saved card, as the hosted page leaves them, for tests that set up data directly. */
    savedCard: () => {
      const customer = { id: id('cus'), object: 'customer', metadata: {} }
      customers.set(customer.id, customer)
      const method = { id: id('pm'), object: 'payment_method', type: 'card', customer: customer.id,
        card: { brand: 'visa', last4: '4242', exp_month: 12, exp_year: new Date().getFullYear() + 3 } }
      paymentMethods.set(method.id, method)
      return { customerId: customer.id, paymentMethodId: method.id }
    },
    stop: () => server.stop(true),
  }
}

if (import.meta.main) {
  const fake = startFakeStripe({
    port: Number(process.env.FAKE_STRIPE_PORT ?? 12111), webhookUrl: process.env.FAKE_STRIPE_WEBHOOK_URL, webhookSecret: process.env.STRIPE_WEBHOOK_SECRET,
  })
  console.log(`Fake Stripe at ${fake.url} (set STRIPE_API_URL=${fake.url})`)
}
