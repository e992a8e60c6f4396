import { describe, expect, test } from 'bun:test'
import type { Page } from 'playwright'
import { aServerAndBrowser, browserAvailable, seriousAccessibilityProblems } from '../support/browser'
import { runCli } from '../support/processes'

const run = browserAvailable()

describe.skipIf(!run)('a newcomer sets up the clinic and a patient signs in', () => {
  const stage = aServerAndBrowser()
  const problems: string[] = []
  const check = async (page: Page) => problems.push(...await seriousAccessibilityProblems(page))

  test('first run → add a patient → the patient signs in with a CLI link → sees Messages, not People', async () => {
    const admin = await (await stage.browser.newContext({ bypassCSP: true })).newPage()
    await admin.goto(stage.url)
    await expect(admin.getByRole('heading', { name: 'Set up your clinic' }).isVisible()).resolves.toBe(true)
    await check(admin)
    await admin.getByLabel('Clinic name', { exact: true }).fill('Harbour Clinic')
    await admin.getByLabel('Time zone', { exact: true }).selectOption('Europe/Paris')
    await admin.getByLabel('Currency', { exact: true }).selectOption('EUR')
    await admin.getByLabel('Your name', { exact: true }).fill('Ada Admin')
    await admin.getByLabel('Email', { exact: true }).fill('ada@harbour.example')
    await admin.getByLabel('Password', { exact: true }).fill('correct horse battery')
    await admin.getByRole('button', { name: 'Create clinic', exact: true }).click()
    await admin.waitForURL('**/messages')
    await check(admin)

    await admin.getByRole('link', { name: 'People', exact: true }).click()
    await admin.getByLabel('Name', { exact: true }).fill('Pat Patient')
    await admin.getByLabel('Email', { exact: true }).fill('pat@example.com')
    await admin.getByLabel('Role', { exact: true }).selectOption({ label: 'Patient' })
    await admin.getByRole('button', { name: 'Add person', exact: true }).click()
    await admin.getByText('Pat Patient was added and sent an invitation.').waitFor()
    expect(await admin.getByRole('cell', { name: 'pat@example.com' }).count()).toBe(1)
    await check(admin)
    await admin.getByRole('link', { name: 'Settings', exact: true }).click()
    expect(await admin.getByLabel('Charge fees through this app').isDisabled()).toBe(true)
    await check(admin)

    const link = (await runCli(stage.dataDir, 'sign-in-link', 'pat@example.com')).lines.at(-1)!
    const patient = await (await stage.browser.newContext({ bypassCSP: true })).newPage()
    await patient.goto(link.replace('http://localhost:3000', stage.url))
    await check(patient)
    await patient.getByRole('button', { name: 'Sign in', exact: true }).click()
    await patient.waitForURL('**/messages')
    expect(await patient.getByRole('link', { name: 'Messages', exact: true }).isVisible()).toBe(true)
    expect(await patient.getByRole('link', { name: 'People', exact: true }).count()).toBe(0)
    expect(await patient.getByRole('link', { name: 'Settings', exact: true }).count()).toBe(0)
    await check(patient)

    await patient.getByRole('button', { name: 'Sign out', exact: true }).click()
    await patient.waitForURL('**/sign-in')
    await check(patient)
    expect(problems).toEqual([])
  })

  test('pages run under the strict CSP without console errors', async () => {
    const page = await stage.browser.newPage()
    const errors: string[] = []
    page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()) })
    await page.goto(`${stage.url}/sign-in`)
    await page.waitForLoadState('networkidle')
    expect(errors).toEqual([])
  })
})
