import { describe, expect, test } from 'bun:test'
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { aServerAndBrowser, browserAvailable, seriousAccessibilityProblems } from '../support/browser'
import { aHostAndTwoPatients, createConversationInBrowser } from '../support/clinic-in-browser'
import { tempDir } from '../support/world'

const run = browserAvailable()

describe.skipIf(!run)('the help article, step 8: sending a file to chosen people', () => {
  const stage = aServerAndBrowser()

  test('the host attaches a file for Pat One only; it appears live for her, never for Pat Two', async () => {
    const { host, pat1, pat2 } = await aHostAndTwoPatients(stage)
    await createConversationInBrowser(host, 'Files group', ['pat1@mail.example', 'pat2@mail.example'])
    for (const patient of [pat1, pat2]) {
      await patient.getByRole('link', { name: 'Files group', exact: true }).click()
      await patient.waitForURL('**/conversations/*')
    }

    const path = join(tempDir(), 'exercise-plan.txt')
    writeFileSync(path, 'Ten minutes a day.')
    await host.getByRole('button', { name: 'Attach', exact: true }).click()
    await host.getByLabel('File', { exact: true }).setInputFiles(path)
    expect(await host.getByLabel('Pat One', { exact: true }).isChecked()).toBe(true)
    await host.getByLabel('Pat Two', { exact: true }).uncheck()
    expect(await seriousAccessibilityProblems(host)).toEqual([])
    await host.getByRole('button', { name: 'Send file', exact: true }).click()
    await host.getByRole('region', { name: 'Attachments', exact: true }).getByText('Sent to Pat One.').waitFor()

    const pat1Panel = pat1.getByRole('region', { name: 'Attachments', exact: true })
    await pat1Panel.getByRole('link', { name: 'exercise-plan.txt' }).waitFor()
    await pat1.getByRole('log').getByRole('link', { name: 'exercise-plan.txt' }).waitFor() // in the chat too, live
    const downloading = pat1.waitForEvent('download')
    await pat1Panel.getByRole('link', { name: 'exercise-plan.txt' }).click()
    expect((await downloading).suggestedFilename()).toBe('exercise-plan.txt')

    await pat1.getByLabel('Message', { exact: true }).fill('Got it, thanks')
    await pat1.getByLabel('Message', { exact: true }).press('Enter')
    await pat2.getByRole('log').getByText('Got it, thanks').waitFor() // pat2's stream is live and has had its chance
    expect(await pat2.content()).not.toContain('exercise-plan')
    await pat2.reload()
    expect(await pat2.content()).not.toContain('exercise-plan')
    await pat1.reload()
    expect(await pat1.getByRole('log').getByRole('link', { name: 'exercise-plan.txt' }).count()).toBe(1)

    await host.reload()
    expect(await host.getByRole('region', { name: 'Attachments', exact: true }).innerText()).toContain('Downloaded by Pat One')
  })
})
