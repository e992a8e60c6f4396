import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { chromium, type Browser, type Page } from 'playwright'
import { afterAll, beforeAll } from 'bun:test'
import { projectRoot, startServer } from './processes'
import { tempDir } from './world'

export const chromiumPath = process.env.CHROMIUM_PATH || '/usr/bin/chromium'

/**
 * Whether browser tests can run. Outside CI a missing Chromium skips them with one line;
 * under CI=true it is a failure, so a broken CI image cannot pass silently.
 */
export function browserAvailable(): boolean {
  if (existsSync(chromiumPath)) return true
  if (process.env.CI === 'true') throw new Error(`Chromium not found at ${chromiumPath} (CI=true): install Debian's chromium`)
  console.warn(`Skipping browser tests: no Chromium at ${chromiumPath} (set CHROMIUM_PATH or apt-get install chromium).`)
  return false
}

export async function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: chromiumPath,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync'],
  })
}

const axeSource = readFileSync(join(projectRoot, 'node_modules/axe-core/axe.min.js'), 'utf8')

/** Runs axe-core on the page and returns its serious and critical violations (the context must bypass CSP). */
export async function seriousAccessibilityProblems(page: Page) {
  await page.evaluate(axeSource)
  const violations: { id: string; impact: string; nodes: { target: string[] }[] }[] =
    await page.evaluate(async () => (await (window as any).axe.run(document)).violations)
  return violations.filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id} on ${page.url()}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)
}

/** A real server on a fresh data folder and a Chromium, for one describe block; started before its tests, stopped after. */
export function aServerAndBrowser(env: () => Record<string, string> = () => ({})) {
  const stage = { dataDir: tempDir(), url: '', browser: undefined as unknown as Browser }
  let server: Awaited<ReturnType<typeof startServer>> | undefined
  beforeAll(async () => {
    server = await startServer(stage.dataDir, env())
    stage.url = server.url
    stage.browser = await launchBrowser()
  })
  afterAll(async () => {
    await stage.browser?.close()
    server?.stop()
  })
  return stage
}
