import { describe, expect, test } from 'bun:test'
import type { Page } from 'playwright'
import { aServerAndBrowser, browserAvailable, seriousAccessibilityProblems } from '../support/browser'
import { setUpClinicInBrowser, signIn } from '../support/clinic-in-browser'

const run = browserAvailable()

describe.skipIf(!run)('the help article, steps 1–7: a host and two patients talk live', () => {
  const stage = aServerAndBrowser()

  const log = (page: Page) => page.getByRole('log')
  const messageIn = (page: Page, text: string) => log(page).locator('.message .body', { hasText: text })

  test('create, see it everywhere live, chat with Enter, names only for patients', async () => {
    const clinic = await setUpClinicInBrowser(stage.browser, stage.url, stage.dataDir)
    await clinic.addPerson('Hana Host', 'hana@clinic.example', 'Clinician')
    await clinic.addPerson('Pat One', 'pat1@mail.example', 'Patient')
    await clinic.addPerson('Pat Two', 'pat2@mail.example', 'Patient')
    const host = await clinic.signIn('hana@clinic.example')
    const pat1 = await clinic.signIn('pat1@mail.example', { width: 390, height: 760 })
    const pat2 = await clinic.signIn('pat2@mail.example')
    expect(await pat1.getByRole('link', { name: 'Create new Conversation', exact: true }).count()).toBe(0)

    // steps 1–4: the form
    await host.getByRole('link', { name: 'Create new Conversation', exact: true }).click()
    const create = host.getByRole('button', { name: 'Create New Conversation', exact: true })
    expect(await create.isDisabled()).toBe(true)
    await host.getByLabel('Subject', { exact: true }).fill('Tuesday group')
    await host.getByLabel('Participant 1', { exact: true }).pressSequentially('Pat', { delay: 30 })
    await host.locator('#directory option[value="pat2@mail.example"]').waitFor({ state: 'attached' })
    await host.getByLabel('Participant 1', { exact: true }).fill('pat1@mail.example')
    expect(await create.isDisabled()).toBe(false)
    await host.getByRole('button', { name: 'Add Participant', exact: true }).click()
    expect(await create.isDisabled()).toBe(true) // a new, empty row
    await host.getByLabel('Participant 2', { exact: true }).fill('pat2@mail.example')
    expect(await create.isDisabled()).toBe(false)
    expect(await create.evaluate((b) => getComputedStyle(b).backgroundColor)).toBe('rgb(31, 95, 191)')
    expect(await seriousAccessibilityProblems(host)).toEqual([])
    await create.click()
    await host.waitForURL('**/conversations/*')

    // step 5: it appears under Active on the patients' already open pages
    for (const patient of [pat1, pat2]) {
      await patient.getByRole('link', { name: 'Tuesday group', exact: true }).waitFor()
      await patient.getByRole('link', { name: 'Tuesday group', exact: true }).click()
      await patient.waitForURL('**/conversations/*')
    }

    // steps 6–7: talk live; Enter sends, Shift+Enter is a new line
    const box = host.getByLabel('Message', { exact: true })
    await box.fill('Welcome, everyone.')
    await box.press('Shift+Enter')
    await box.pressSequentially('Second line.')
    await box.press('Enter')
    await messageIn(host, 'Welcome, everyone.').waitFor()
    expect(await box.inputValue()).toBe('')
    for (const patient of [pat1, pat2]) {
      await messageIn(patient, 'Welcome, everyone.').waitFor()
      expect(await messageIn(patient, 'Welcome, everyone.').innerText()).toBe('Welcome, everyone.\nSecond line.')
    }
    await pat1.getByLabel('Message', { exact: true }).fill('Hello from Pat One')
    await pat1.getByRole('button', { name: 'Send', exact: true }).click()
    for (const page of [host, pat2]) await messageIn(page, 'Hello from Pat One').waitFor()
    for (const page of [host, pat1, pat2]) {
      expect(await messageIn(page, 'Welcome, everyone.').count()).toBe(1)
      expect(await messageIn(page, 'Hello from Pat One').count()).toBe(1)
    }

    // the host sees emails in the Participants region; patients see names only
    const hostPanel = host.getByRole('region', { name: 'Participants', exact: true })
    await hostPanel.getByText('Email of Pat Two').or(hostPanel.getByLabel('Email of Pat Two')).first().click()
    expect(await hostPanel.getByText('pat2@mail.example').isVisible()).toBe(true)
    const patientPanel = pat1.getByRole('region', { name: 'Participants', exact: true })
    expect(await patientPanel.innerText()).toContain('Pat Two')
    expect(await pat1.content()).not.toContain('pat2@mail.example')
    expect(await pat1.getByRole('region', { name: 'Attachments', exact: true }).isVisible()).toBe(true)

    for (const page of [host, pat1, pat2]) expect(await seriousAccessibilityProblems(page)).toEqual([])

    // reload: the same messages, once each
    await pat2.reload()
    expect(await messageIn(pat2, 'Welcome, everyone.').count()).toBe(1)
    expect(await messageIn(pat2, 'Hello from Pat One').count()).toBe(1)
  })

  test('scrolling up loads older messages, 50 at a time, each once', async () => {
    const host = await signIn(stage.browser, stage.url, stage.dataDir, 'hana@clinic.example')
    await host.getByRole('link', { name: 'Tuesday group', exact: true }).click()
    await host.waitForURL('**/conversations/*')
    const csrf = JSON.parse((await host.locator('body').getAttribute('hx-headers:inherited'))!)['X-CSRF-Token']
    for (let i = 1; i <= 120; i++) {
      await host.request.post(`${host.url()}/messages`, { form: { body: `numbered ${i}` }, headers: { 'x-csrf-token': csrf, origin: stage.url } })
    }
    await host.reload()
    const entries = log(host).locator('.message')
    expect(await entries.count()).toBe(50)
    for (let round = 0; round < 3; round++) {
      await log(host).evaluate((el) => { el.scrollTop = 0 })
      await host.waitForTimeout(400)
    }
    await messageIn(host, 'Welcome, everyone.').waitFor()
    const texts = await log(host).locator('.message .body').allInnerTexts()
    const numbered = texts.filter((t) => t.startsWith('numbered ')).map((t) => Number(t.slice(9)))
    expect(numbered).toEqual(Array.from({ length: 120 }, (_, i) => i + 1))
  })
})
