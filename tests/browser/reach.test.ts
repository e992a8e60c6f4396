import { afterAll, describe, expect, test } from 'bun:test'
import { aServerAndBrowser, browserAvailable, seriousAccessibilityProblems } from '../support/browser'
import { setUpClinicInBrowser } from '../support/clinic-in-browser'
import { anSmtpServer } from '../support/smtp'

const run = browserAvailable()
const smtp = run ? await anSmtpServer() : undefined
afterAll(() => smtp?.close())

describe.skipIf(!run)('reaching people: a clinician invites a new patient from the create form', () => {
  const stage = aServerAndBrowser(() => ({ SMTP_URL: smtp!.url }))

  test('the patient signs in with the emailed invitation, sees the conversation, and the host\'s list shows the reply live', async () => {
    const clinic = await setUpClinicInBrowser(stage.browser, stage.url, stage.dataDir)
    await clinic.addPerson('Hana Host', 'hana@clinic.example', 'Clinician')
    const host = await clinic.signIn('hana@clinic.example')

    await host.getByRole('link', { name: 'Create new Conversation', exact: true }).click()
    await host.getByLabel('Subject', { exact: true }).fill('Welcome group')
    await host.getByLabel('Participant 1', { exact: true }).fill('nia@mail.example')
    await host.getByLabel('Participant 1', { exact: true }).press('Tab')
    await host.getByLabel('Name 1', { exact: true }).fill('Nia New') // not in the directory: the form asks her name
    expect(await seriousAccessibilityProblems(host)).toEqual([])
    await host.getByRole('button', { name: 'Create New Conversation', exact: true }).click()
    await host.waitForURL('**/conversations/*')
    await host.getByRole('link', { name: 'Messages', exact: true }).click()

    const invitation = await (async () => {
      for (let i = 0; i < 250; i++) {
        const mail = smtp!.received.find((m) => m.to[0] === 'nia@mail.example' && m.subject.startsWith("You're invited"))
        const link = mail?.text.match(/https?:\/\/\S+\/sign-in\/link\/\S+/)?.[0]
        if (link) return link
        await Bun.sleep(20)
      }
      throw new Error('no invitation arrived')
    })()
    const nia = await (await stage.browser.newContext({ bypassCSP: true, viewport: { width: 390, height: 760 } })).newPage()
    await nia.goto(invitation)
    await nia.getByRole('button', { name: 'Sign in', exact: true }).click()
    await nia.waitForURL('**/messages')
    await nia.getByRole('link', { name: 'Welcome group', exact: true }).click()
    await nia.getByLabel('Message', { exact: true }).fill('Hello, I am here')
    await nia.getByLabel('Message', { exact: true }).press('Enter')

    await host.locator('.conversation-list .unread', { hasText: '1 unread' }).waitFor({ timeout: 5000 })
    await host.waitForFunction(() => document.title.startsWith('(1) '), undefined, { timeout: 5000 })
    await host.getByRole('link', { name: 'Welcome group', exact: true }).click()
    await host.getByRole('log').locator('.message .body', { hasText: 'Hello, I am here' }).waitFor()
    // a reply that arrives live on the host's open, focused page is read there and then
    const markedRead = host.waitForResponse((r) => r.url().endsWith('/read') && r.status() === 204)
    await nia.getByLabel('Message', { exact: true }).fill('One more thing')
    await nia.getByLabel('Message', { exact: true }).press('Enter')
    await host.getByRole('log').locator('.message .body', { hasText: 'One more thing' }).waitFor()
    await markedRead
    await host.getByRole('link', { name: 'Messages', exact: true }).click()
    await host.locator('.conversation-list a', { hasText: 'Welcome group' }).waitFor()
    expect(await host.locator('.conversation-list .unread').count()).toBe(0) // read when it was shown on a focused page
    expect(await host.title()).not.toMatch(/^\(/)
    const kinds = smtp!.received.filter((m) => m.to[0] === 'nia@mail.example').map((m) => m.subject).sort()
    expect(kinds).toEqual(['You have a new conversation at Harbour Clinic', "You're invited to Harbour Clinic"])
  }, 90_000)
})
