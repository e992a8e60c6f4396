// A patient's first load of a conversation: bytes on the wire (compressed) and time until they can type,
// on an emulated 400 kbit/s, 400 ms link in Chromium.  Run: bun tests/bench/first-load.ts
import { launchBrowser } from '../support/browser'
import { aGroup, post } from '../support/group'

const group = await aGroup(3)
const server = Bun.serve({ port: 0, fetch: group.app.fetch, idleTimeout: 60 })
const id = await group.open()
for (let i = 0; i < 60; i++) await post(group.host, id, `Message ${i}: `.padEnd(100, 'x'))
const base = `http://localhost:${server.port}`

// bytes as a browser would fetch them, gzip accepted
const cookie = [...group.patients[0]!.cookies].map(([k, v]) => `${k}=${v}`).join('; ')
const page = await fetch(`${base}/conversations/${id}`, { headers: { cookie, 'accept-encoding': 'gzip, br' } })
const html = await page.text()
const assetPaths = [...html.matchAll(/(?:href|src)="(\/static\/[^"]+)"/g)].map((m) => m[1]!)
let total = 0
const rows: string[] = []
for (const path of [`/conversations/${id}`, ...assetPaths]) {
  const response = await fetch(`${base}${path}`, { headers: { cookie, 'accept-encoding': 'gzip' }, decompress: false } as RequestInit)
  const bytes = (await response.arrayBuffer()).byteLength
  total += bytes
  rows.push(`| ${path.replace(id, ':id').replace(/\?v=\w+/, '')} | ${response.headers.get('content-encoding') ?? 'none'} | ${bytes} |`)
}

const browser = await launchBrowser()
const context = await browser.newContext()
await context.addCookies([...group.patients[0]!.cookies].map(([name, value]) => ({ name, value, url: base })))
const tab = await context.newPage()
const cdp = await context.newCDPSession(tab)
await cdp.send('Network.enable')
await cdp.send('Network.emulateNetworkConditions', { offline: false, latency: 400, downloadThroughput: 400_000 / 8, uploadThroughput: 400_000 / 8 })
const started = performance.now()
await tab.goto(`${base}/conversations/${id}`, { waitUntil: 'commit' })
await tab.getByLabel('Message', { exact: true }).waitFor({ state: 'visible' })
const visible = performance.now() - started
await tab.waitForFunction(() => (window as any).htmx !== undefined && document.querySelector('#log')?.hasAttribute('data-htmx-powered'))
const usable = performance.now() - started
await browser.close()
server.stop(true)

console.log(`| resource | encoding | bytes |\n| --- | --- | --- |\n${rows.join('\n')}\n| **total** | | **${total}** (${(total / 1024).toFixed(1)} KiB) |`)
console.log(`\nOn 400 kbit/s with 400 ms latency: message box visible after ${(visible / 1000).toFixed(2)} s, scripts running (live, Enter sends) after ${(usable / 1000).toFixed(2)} s.`)
process.exit(0)
