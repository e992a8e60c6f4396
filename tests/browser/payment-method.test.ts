import { afterAll, describe, expect, test } from 'bun:test'
import { aServerAndBrowser, browserAvailable, seriousAccessibilityProblems } from '../support/browser'
import { setUpClinicInBrowser } from '../support/clinic-in-browser'
import { startFakeStripe } from '../support/fake-stripe'

const run = browserAvailable()

describe.skipIf(!run)('the help article, step 11: a participant adds a card', () => {
  const fake = run ? startFakeStripe() : undefined // not even started when the block is skipped
  afterAll(() => fake?.stop())
  const stage = aServerAndBrowser(() => ({ STRIPE_SECRET_KEY: 'sk_test_fake', STRIPE_API_URL: fake!.url }))

  test('Payment method → Add a card → the hosted page → back with the card shown', async () => {
    const clinic = await setUpClinicInBrowser(stage.browser, stage.url, stage.dataDir)
    await clinic.admin.getByRole('link', { name: 'Settings', exact: true }).click()
    await clinic.admin.getByLabel('Charge fees through this app', { exact: true }).check()
    await clinic.admin.getByRole('button', { name: 'Save settings', exact: true }).click()
    await clinic.admin.getByText('Settings saved.').waitFor()
    await clinic.addPerson('Pat One', 'pat1@mail.example', 'Patient')
    const patient = await clinic.signIn('pat1@mail.example', { width: 390, height: 760 })

    await patient.getByRole('link', { name: 'Payment method', exact: true }).click()
    expect(await seriousAccessibilityProblems(patient)).toEqual([])
    await patient.getByRole('button', { name: 'Add a card', exact: true }).click()
    await patient.getByRole('button', { name: 'Save card', exact: true }).click() // on the fake's hosted page
    await patient.getByText('Your card is saved.').waitFor()
    expect(await patient.locator('main').innerText()).toMatch(/VISA ending in 4242, expires 12\/\d{4}/)
    expect(await patient.getByRole('button', { name: 'Replace card', exact: true }).isVisible()).toBe(true)
  })
})
