import { describe, expect, test } from 'bun:test'
import { aServerAndBrowser, browserAvailable, seriousAccessibilityProblems } from '../support/browser'
import { aHostAndTwoPatients, createConversationInBrowser } from '../support/clinic-in-browser'

const run = browserAvailable()

describe.skipIf(!run)('the help article, step 10 (a clinic that does not charge): Complete', () => {
  const stage = aServerAndBrowser()

  test('the host completes; open pages switch to Archived live; the host can start again with the same people', async () => {
    const { host, pat1, pat2 } = await aHostAndTwoPatients(stage)
    await createConversationInBrowser(host, 'Last session', ['pat1@mail.example', 'pat2@mail.example'])
    for (const patient of [pat1, pat2]) {
      await patient.getByRole('link', { name: 'Last session', exact: true }).click()
      await patient.getByLabel('Message', { exact: true }).waitFor()
    }
    await pat1.getByLabel('Message', { exact: true }).fill('a draft pat one is writing')
    await host.getByRole('button', { name: 'Complete', exact: true }).click()
    const question = host.getByRole('dialog', { name: 'Archive this conversation for everyone?' })
    await question.getByRole('button', { name: 'Complete', exact: true }).click()
    await host.getByRole('link', { name: 'Start a new conversation with these people', exact: true }).waitFor()

    for (const patient of [pat1, pat2]) {
      await patient.getByText('This conversation is archived').waitFor() // live, no reload
      expect(await patient.getByLabel('Message', { exact: true }).count()).toBe(0)
      const archived = patient.getByRole('navigation', { name: 'Conversations' }).locator('section', { has: patient.getByRole('heading', { name: 'Archived' }) })
      await archived.getByRole('link', { name: 'Last session', exact: true }).waitFor()
    }
    expect(await seriousAccessibilityProblems(host)).toEqual([])

    await host.getByRole('link', { name: 'Start a new conversation with these people', exact: true }).click()
    expect(await host.getByLabel('Subject', { exact: true }).inputValue()).toBe('Last session')
    expect(await host.getByLabel('Participant 1', { exact: true }).inputValue()).toBe('pat1@mail.example')
    expect(await host.getByLabel('Participant 2', { exact: true }).inputValue()).toBe('pat2@mail.example')
    expect(await host.getByRole('button', { name: 'Create New Conversation', exact: true }).isDisabled()).toBe(false)
  })
})
