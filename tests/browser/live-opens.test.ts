import { describe, expect, test } from 'bun:test'
import type { Browser, Page } from 'playwright'
import { aServerAndBrowser, browserAvailable } from '../support/browser'
import { aHostAndTwoPatients, createConversationInBrowser } from '../support/clinic-in-browser'

const run = browserAvailable()

/** Loads `url` cold in a new context of the signed-in person where one script arrives 500 ms late; resolves once its live stream opened. */
async function coldLoadWithOneScriptLate(browser: Browser, signedIn: Page, url: string, lateScript: string) {
  const context = await browser.newContext({ bypassCSP: true, storageState: await signedIn.context().storageState() })
  await context.route((u) => u.pathname === lateScript, async (route) => {
    await Bun.sleep(500)
    await route.continue()
  })
  const page = await context.newPage()
  const streamOpened = page.waitForResponse((r) => new URL(r.url()).pathname === '/live' && r.status() === 200, { timeout: 10_000 })
  await page.goto(url)
  await streamOpened
  return page
}

const scriptsOf = (page: Page) => page.locator('script[src]').evaluateAll((scripts) => scripts.map((s) => new URL((s as HTMLScriptElement).src).pathname))

describe.skipIf(!run)('every page goes live whatever order or speed its scripts arrive in', () => {
  const stage = aServerAndBrowser()

  test('with each script in turn 500 ms late, 30 cold loads each: the conversation streams and gets the next message, the list streams', async () => {
    const { host, pat1 } = await aHostAndTwoPatients(stage)
    await createConversationInBrowser(host, 'Slow links group', ['pat1@mail.example'])
    const conversation = host.url()
    const scripts = await scriptsOf(host)
    expect(scripts.length).toBeGreaterThan(0)
    for (const script of scripts) {
      let live = 0
      for (let i = 0; i < 30; i++) {
        const page = await coldLoadWithOneScriptLate(stage.browser, pat1, conversation, script)
        const text = `live with ${script} late, load ${i}`
        await host.getByLabel('Message', { exact: true }).fill(text)
        await host.getByLabel('Message', { exact: true }).press('Enter')
        await page.getByRole('log').locator('.message .body', { hasText: text }).waitFor({ timeout: 5000 })
        live++
        await page.context().close()
      }
      console.log(`${script} 500 ms late: ${live} of 30 cold loads went live`)
      for (let i = 0; i < 3; i++) await (await coldLoadWithOneScriptLate(stage.browser, pat1, `${stage.url}/messages`, script)).context().close()
    }
  }, 240_000)
})
