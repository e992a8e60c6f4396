import { describe, expect, test } from 'bun:test'
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { aServerAndBrowser, browserAvailable } from '../support/browser'
import { setUpClinicInBrowser } from '../support/clinic-in-browser'
import { tempDir } from '../support/world'

const run = browserAvailable()

describe.skipIf(!run)('every step with JavaScript off: plain links and form posts', () => {
  const stage = aServerAndBrowser()

  test('a clinician and two patients create, talk, share a file and a form, export and complete', async () => {
    const clinic = await setUpClinicInBrowser(stage.browser, stage.url, stage.dataDir)
    await clinic.addPerson('Hana Host', 'hana@clinic.example', 'Clinician')
    await clinic.addPerson('Pat One', 'pat1@mail.example', 'Patient')
    await clinic.addPerson('Pat Two', 'pat2@mail.example', 'Patient')
    const [host, pat1, pat2] = await Promise.all(['hana@clinic.example', 'pat1@mail.example', 'pat2@mail.example']
      .map((email) => clinic.signIn(email, undefined, false)))

    // create: Add Participant posts the form and returns it with one more row, values kept
    await host!.getByRole('link', { name: 'Create new Conversation', exact: true }).click()
    await host!.getByLabel('Subject', { exact: true }).fill('Plain group')
    await host!.getByLabel('Participant 1', { exact: true }).fill('pat1@mail.example')
    await host!.getByRole('button', { name: 'Add Participant', exact: true }).click()
    expect(await host!.getByLabel('Subject', { exact: true }).inputValue()).toBe('Plain group')
    expect(await host!.getByLabel('Participant 1', { exact: true }).inputValue()).toBe('pat1@mail.example')
    await host!.getByLabel('Participant 2', { exact: true }).fill('pat2@mail.example')
    await host!.getByRole('button', { name: 'Create New Conversation', exact: true }).click()
    await host!.waitForURL('**/conversations/*')
    const conversation = host!.url()
    expect(await host!.content()).toContain('New messages appear here live when JavaScript is on.') // in <noscript>, which text queries skip

    // Send posts the form; the page that comes back shows the message
    await host!.getByLabel('Message', { exact: true }).fill('Welcome, both of you')
    await host!.getByRole('button', { name: 'Send', exact: true }).click()
    await host!.getByRole('log').getByText('Welcome, both of you').waitFor()
    await pat1!.goto(conversation)
    await pat1!.getByRole('log').getByText('Welcome, both of you').waitFor()
    await pat1!.getByLabel('Message', { exact: true }).fill('Hello from Pat One')
    await pat1!.getByRole('button', { name: 'Send', exact: true }).click()
    await pat1!.getByRole('log').getByText('Hello from Pat One').waitFor()

    // Attach → File → recipients → Send file
    const file = join(tempDir(), 'plain-plan.txt')
    writeFileSync(file, 'A plan.')
    await host!.getByRole('button', { name: 'Attach', exact: true }).click()
    await host!.getByLabel('File', { exact: true }).setInputFiles(file)
    await host!.getByLabel('Pat Two', { exact: true }).uncheck()
    await host!.getByRole('button', { name: 'Send file', exact: true }).click()
    await host!.getByRole('region', { name: 'Attachments', exact: true }).getByText('Sent to Pat One.').waitFor()

    // Assign a form; Pat One fills it in
    await host!.getByRole('button', { name: 'Assign a form', exact: true }).click()
    await host!.getByLabel('Form', { exact: true }).selectOption({ label: 'Session feedback' })
    await host!.getByLabel('Select Participant', { exact: true }).selectOption({ label: 'Pat One' })
    await host!.getByRole('button', { name: 'Assign', exact: true }).click()
    await host!.getByText('For Pat One · Assigned, not yet submitted').waitFor()
    await pat1!.goto(conversation)
    const panel = pat1!.getByRole('region', { name: 'Attachments', exact: true })
    await panel.getByRole('link', { name: 'plain-plan.txt' }).waitFor()
    for (const radio of await panel.locator('input[type="radio"]').all()) if (!(await radio.isChecked())) await radio.check().catch(() => {})
    await panel.getByRole('button', { name: 'Submit form', exact: true }).click()
    await pat1!.waitForURL('**/conversations/*')
    await pat2!.goto(conversation)
    expect(await pat2!.content()).not.toContain('plain-plan')

    // More actions → Export to .csv; Complete with its question as a page
    await host!.goto(conversation)
    await host!.getByText(/For Pat One · Submitted/).waitFor()
    await host!.getByRole('button', { name: 'More actions', exact: true }).click()
    const exportLink = host!.getByRole('link', { name: 'Export to .csv', exact: true })
    expect(await exportLink.isVisible()).toBe(true)
    const exported = await host!.request.get(`${stage.url}${await exportLink.getAttribute('href')}`)
    expect(exported.status()).toBe(200)
    expect(await exported.text()).toContain('Hello from Pat One')
    await host!.getByRole('button', { name: 'Complete', exact: true }).first().click()
    await host!.getByRole('dialog', { name: 'Archive this conversation for everyone?' }).getByRole('button', { name: 'Complete', exact: true }).click()
    await host!.getByRole('link', { name: 'Start a new conversation with these people', exact: true }).waitFor()
    await pat1!.goto(conversation)
    await pat1!.getByText('This conversation is archived').waitFor()
  }, 120_000)
})
