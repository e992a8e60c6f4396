import { afterEach, describe, expect, test } from 'bun:test'
import { startFakeStripe } from '../support/fake-stripe'
import { aGroup } from '../support/group'

const fakes: { stop(): void }[] = []
afterEach(() => fakes.splice(0).forEach((f) => f.stop()))

async function aChargingClinic() {
  const fake = startFakeStripe()
  fakes.push(fake)
  const g = await aGroup(2, { stripeSecretKey: 'sk_test_fake', stripeApiUrl: fake.url })
  await g.admin.post('/settings', { name: 'Harbour Clinic', timeZone: 'Europe/Paris', currency: 'EUR', chargesEnabled: 'on' })
  return { ...g, fake }
}

describe('Payment method', () => {
  test('a patient adds a card on the hosted page and sees its brand, last four and expiry', async () => {
    const g = await aChargingClinic()
    const patient = g.patients[0]!
    const page = await (await patient.get('/payment-method')).text()
    expect(page).toContain('>Payment method</a>')
    expect(page).toContain('>Add a card</button>')
    const toStripe = await patient.post('/payment-method/card')
    expect(toStripe.status).toBe(303)
    const hosted = toStripe.headers.get('location')!
    expect(hosted).toStartWith(g.fake.url)
    const back = await fetch(hosted, { method: 'POST', body: new URLSearchParams({ card: 'ok' }), redirect: 'manual' })
    const returnPath = new URL(back.headers.get('location')!)
    const finished = await patient.get(`${returnPath.pathname}${returnPath.search}`)
    expect(finished.headers.get('location')).toBe('/payment-method?saved=1')
    const shown = await (await patient.get('/payment-method?saved=1')).text()
    expect(shown).toContain('Your card is saved.')
    expect(shown).toMatch(/VISA ending in 4242<\/strong>, expires 12\/\d{4}/)
    expect(shown).toContain('>Replace card</button>')
  })

  test('a session that belongs to someone else is refused and saves nothing', async () => {
    const g = await aChargingClinic()
    const [mine, theirs] = g.patients as [any, any]
    const hosted = (await theirs.post('/payment-method/card')).headers.get('location')!
    const back = await fetch(hosted, { method: 'POST', body: new URLSearchParams({ card: 'ok' }), redirect: 'manual' })
    await mine.post('/payment-method/card') // mine has a Stripe customer too, just not this session
    const stolen = new URL(back.headers.get('location')!)
    const response = await mine.get(`${stolen.pathname}${stolen.search}`)
    expect(response.status).toBe(422)
    expect(await (await mine.get('/payment-method')).text()).toContain('No card on file')
  })

  test('without charging, the page says so and offers no card', async () => {
    const g = await aGroup(1)
    const page = await (await g.patients[0]!.get('/payment-method')).text()
    expect(page).toContain('does not take payments through the app')
    expect(page).not.toContain('Add a card')
    const refused = await g.patients[0]!.post('/payment-method/card')
    expect(refused.status).toBe(422)
    expect(await refused.text()).toContain('does not take payments through the app')
  })
})
