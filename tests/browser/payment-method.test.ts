import { afterAll, describe, expect, test } from 'bun:test'
import { aServerAndBrowser, browserAvailable, seriousAccessibilityProblems } from '../support/browser'
import { setUpClinicInBrowser } from '../support/clinic-in-browser'
import { startFakeStripe } from '../support/fake-stripe'

const run = browserAvailable()
const webhookSecret = 'whsec_browser_test'

describe.skipIf(!run)('the help article, steps 10–12 in a clinic that charges: a card, Complete, the charges', () => {
  const fake = run ? startFakeStripe() : undefined // not even started when the block is skipped
  afterAll(() => fake?.stop())
  const stage = aServerAndBrowser(() => ({ STRIPE_SECRET_KEY: 'sk_test_fake', STRIPE_API_URL: fake!.url, STRIPE_WEBHOOK_SECRET: webhookSecret }))

  test('a patient adds a card; the host is warned about the one without, goes back, completes anyway; both see the charges', async () => {
    fake!.sendWebhooksTo(`${stage.url}/stripe/webhook`, webhookSecret)
    const clinic = await setUpClinicInBrowser(stage.browser, stage.url, stage.dataDir)
    await clinic.admin.getByRole('link', { name: 'Settings', exact: true }).click()
    await clinic.admin.getByLabel('Charge fees through this app', { exact: true }).check()
    await clinic.admin.getByRole('button', { name: 'Save settings', exact: true }).click()
    await clinic.admin.getByText('Settings saved.').waitFor()
    await clinic.addPerson('Hana Host', 'hana@clinic.example', 'Clinician')
    await clinic.addPerson('Pat One', 'pat1@mail.example', 'Patient')
    await clinic.addPerson('Pat Two', 'pat2@mail.example', 'Patient')
    const patient = await clinic.signIn('pat1@mail.example', { width: 390, height: 760 })
    const host = await clinic.signIn('hana@clinic.example')

    // step 11: the card, on the (fake) hosted page
    await patient.getByRole('link', { name: 'Payment method', exact: true }).click()
    expect(await seriousAccessibilityProblems(patient)).toEqual([])
    await patient.getByRole('button', { name: 'Add a card', exact: true }).click()
    await patient.getByRole('button', { name: 'Save card', exact: true }).click()
    await patient.getByText('Your card is saved.').waitFor()
    expect(await patient.locator('main').innerText()).toMatch(/VISA ending in 4242, expires 12\/\d{4}/)
    expect(await patient.getByRole('button', { name: 'Replace card', exact: true }).isVisible()).toBe(true)

    // a conversation with a fee for each
    await host.getByRole('link', { name: 'Create new Conversation', exact: true }).click()
    await host.getByLabel('Subject', { exact: true }).fill('Paid session')
    await host.getByLabel('Participant 1', { exact: true }).fill('pat1@mail.example')
    await host.getByLabel('Fee 1', { exact: true }).fill('40')
    await host.getByRole('button', { name: 'Add Participant', exact: true }).click()
    await host.getByLabel('Participant 2', { exact: true }).fill('pat2@mail.example')
    await host.getByLabel('Fee 2', { exact: true }).fill('25')
    await host.getByRole('button', { name: 'Create New Conversation', exact: true }).click()
    await host.waitForURL('**/conversations/*')
    await patient.getByRole('link', { name: 'Messages', exact: true }).click()
    await patient.getByRole('link', { name: 'Paid session', exact: true }).click()
    await patient.getByLabel('Message', { exact: true }).waitFor()

    // step 10: the warning names only Pat Two; Go back changes nothing
    await host.getByRole('button', { name: 'Complete', exact: true }).click()
    const dialog = host.getByRole('dialog')
    await dialog.waitFor()
    expect(await dialog.innerText()).toContain('Pat Two')
    expect(await dialog.innerText()).not.toContain('Pat One')
    expect(await seriousAccessibilityProblems(host)).toEqual([])
    await dialog.getByRole('button', { name: 'Go back', exact: true }).click()
    await host.getByRole('button', { name: 'Complete', exact: true }).waitFor()
    expect(await host.getByRole('dialog').count()).toBe(0)

    await host.getByRole('button', { name: 'Complete', exact: true }).click()
    await host.getByRole('dialog').getByRole('button', { name: 'Complete anyway', exact: true }).click()
    await host.getByRole('link', { name: 'Start a new conversation with these people', exact: true }).waitFor()
    const charges = host.getByRole('region', { name: 'Charges' })
    await charges.getByText('1 of 2 paid').waitFor() // live, as the worker settles it
    expect(await charges.innerText()).toContain('Not charged')
    await charges.getByRole('button', { name: 'Charge again: Pat Two', exact: true }).waitFor()
    expect(await seriousAccessibilityProblems(host)).toEqual([])
    await patient.getByText('This conversation is archived').waitFor()

    // step 11 again: what they were charged
    await patient.getByRole('link', { name: 'Payment method', exact: true }).click()
    const row = patient.getByRole('row', { name: /Paid session/ })
    expect(await row.innerText()).toMatch(/€40\.00\s+Paid/)
    expect(await seriousAccessibilityProblems(patient)).toEqual([])
    expect(fake!.charges).toHaveLength(1)
  })
})
