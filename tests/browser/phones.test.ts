import { describe, expect, test } from 'bun:test'
import type { Page } from 'playwright'
import { aServerAndBrowser, browserAvailable, seriousAccessibilityProblems } from '../support/browser'
import { aHostAndTwoPatients, createConversationInBrowser } from '../support/clinic-in-browser'

const run = browserAvailable()

/** Every page at 360 and 320 px: nothing scrolls sideways, and axe finds nothing serious at 360. */
async function checkNarrow(page: Page, paths: string[], base: string, checked: string[]) {
  for (const width of [360, 320]) {
    await page.setViewportSize({ width, height: 740 })
    for (const path of paths) {
      await page.goto(`${base}${path}`)
      const [scrollWidth, innerWidth] = await page.evaluate(() => [document.documentElement.scrollWidth, window.innerWidth])
      expect(`${path} at ${width}: ${scrollWidth}`).toBe(`${path} at ${width}: ${innerWidth}`)
      if (width === 360) expect(await seriousAccessibilityProblems(page)).toEqual([])
      checked.push(`${path}@${width}`)
    }
  }
}

describe.skipIf(!run)('phones at 360 px', () => {
  const stage = aServerAndBrowser()

  test('no page scrolls sideways; a conversation shows its log and Send in the first screen, and its panels one tap away', async () => {
    const { clinic, host, pat1 } = await aHostAndTwoPatients(stage)
    await createConversationInBrowser(host, 'Phone group', ['pat1@mail.example', 'pat2@mail.example'])
    const conversation = new URL(host.url()).pathname
    for (let i = 0; i < 30; i++) {
      const sent = host.waitForResponse((r) => r.url().endsWith('/messages') && r.request().method() === 'POST')
      await host.getByLabel('Message', { exact: true }).fill(`a message long enough to wrap on a small phone screen, number ${i}`)
      await host.getByLabel('Message', { exact: true }).press('Enter')
      await sent
    }
    const checked: string[] = []
    await checkNarrow(clinic.admin, ['/messages', '/people', '/settings', '/outbox', '/notifications', '/forms'], stage.url, checked)
    await checkNarrow(host, ['/messages', conversation, '/conversations/new', '/forms/new', '/notifications'], stage.url, checked)
    await checkNarrow(pat1, ['/messages', conversation, '/notifications', '/payment-method'], stage.url, checked)
    console.log(`pages checked at 360 and 320 px: ${checked.length}`)

    for (const page of [host, pat1]) {
      await page.setViewportSize({ width: 360, height: 740 })
      await page.goto(`${stage.url}${conversation}`)
      const send = await page.getByRole('button', { name: 'Send', exact: true }).boundingBox()
      expect(send!.y + send!.height).toBeLessThanOrEqual(740)
      expect(await page.getByRole('log').locator('.message').last().isVisible()).toBe(true)
      await page.getByRole('link', { name: 'Participants', exact: true }).click()
      expect(await page.getByRole('region', { name: 'Participants', exact: true }).isVisible()).toBe(true)
      await page.getByRole('link', { name: 'Attachments', exact: true }).click()
      expect(await page.getByRole('region', { name: 'Attachments', exact: true }).isVisible()).toBe(true)
    }
  }, 120_000)
})
