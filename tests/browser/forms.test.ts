import { describe, expect, test } from 'bun:test'
import { aServerAndBrowser, browserAvailable, seriousAccessibilityProblems } from '../support/browser'
import { aHostAndTwoPatients, createConversationInBrowser } from '../support/clinic-in-browser'

const run = browserAvailable()

describe.skipIf(!run)('the help article, step 9: a form for one participant', () => {
  const stage = aServerAndBrowser()

  test('the host builds a form, assigns it to Pat One, she fills it in place, the host reads the answers; Pat Two sees nothing', async () => {
    const { host, pat1, pat2 } = await aHostAndTwoPatients(stage)

    await host.getByRole('link', { name: 'Forms', exact: true }).click()
    expect(await host.getByRole('link', { name: 'Edit Consent to a group session', exact: true }).count()).toBe(1)
    await host.getByRole('link', { name: 'New form', exact: true }).click()
    await host.getByLabel('Form name', { exact: true }).fill('Weekly check-in')
    await host.getByLabel('Question 1 text', { exact: true }).fill('How was your week?')
    await host.getByLabel('Question 1 kind', { exact: true }).selectOption({ label: 'Single choice' })
    await host.getByLabel('Question 1 options', { exact: true }).fill('Good\nOkay\nHard')
    await host.getByLabel('Question 1 required', { exact: true }).check()
    await host.getByLabel('Question 2 text', { exact: true }).fill('Anything to add?')
    await host.getByLabel('Question 2 kind', { exact: true }).selectOption({ label: 'Long text' })
    expect(await seriousAccessibilityProblems(host)).toEqual([])
    await host.getByRole('button', { name: 'Save form', exact: true }).click()
    await host.getByText('Form saved.').waitFor()

    await host.getByRole('link', { name: 'Messages', exact: true }).click()
    await createConversationInBrowser(host, 'Forms group', ['pat1@mail.example', 'pat2@mail.example'])
    for (const patient of [pat1, pat2]) {
      await patient.getByRole('link', { name: 'Forms group', exact: true }).click()
      await patient.waitForURL('**/conversations/*')
    }
    await host.getByRole('button', { name: 'Assign a form', exact: true }).click()
    await host.getByLabel('Form', { exact: true }).selectOption({ label: 'Weekly check-in' })
    await host.getByLabel('Select Participant', { exact: true }).selectOption({ label: 'Pat One' })
    await host.getByRole('button', { name: 'Assign', exact: true }).click()
    await host.getByText('For Pat One · Assigned, not yet submitted').waitFor()

    const panel = pat1.getByRole('region', { name: 'Attachments', exact: true })
    await panel.getByRole('heading', { name: 'Weekly check-in' }).waitFor() // arrived live
    await pat1.getByRole('log').getByText('Hana Host assigned the form Weekly check-in to you').waitFor() // in the chat too
    expect(await pat1.getByRole('log').getByRole('link', { name: 'Fill it in', exact: true }).count()).toBe(1)
    await panel.getByRole('button', { name: 'Submit form', exact: true }).click()
    await pat1.getByText('This question needs an answer.').waitFor() // required, refused beside it
    await panel.getByLabel('Hard', { exact: true }).check()
    await panel.getByLabel('Anything to add? (optional)', { exact: true }).fill('Slept badly.')
    await panel.getByRole('button', { name: 'Submit form', exact: true }).click()
    await panel.getByText('Slept badly.').waitFor()
    expect(await panel.getByRole('button', { name: 'Submit form', exact: true }).count()).toBe(0)

    const hostPanel = host.getByRole('region', { name: 'Attachments', exact: true })
    await hostPanel.getByText('Slept badly.').waitFor() // the host's page updates live
    expect(await hostPanel.innerText()).toContain('Hard')
    expect(await pat2.content()).not.toContain('Weekly check-in')
    await pat2.reload()
    expect(await pat2.content()).not.toContain('Weekly check-in')
    expect(await seriousAccessibilityProblems(pat1)).toEqual([])
  })
})
