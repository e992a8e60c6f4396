// The message-list partials of 50 on an idle server (no open streams), with and without gzip, beside `/healthz`.
// Run: bun tests/bench/partial.ts [seconds=5]   (64 requests in flight; prints Markdown)
import { seeded, serve } from './support/served'

const seconds = Number(process.argv[2] ?? 5)
const { dataDir, conversations, cookies, csrf } = seeded('partial', 1, 25)
const { url, server } = await serve(dataDir)

// 110 messages of 100 characters from the members in turn, so the page and the one before it hold 50 each
const path = `/conversations/${conversations[0]}/messages`
for (let i = 0; i < 110; i++) {
  await fetch(`${url}${path}`, { method: 'POST', body: new URLSearchParams({ body: `message ${i} `.padEnd(100, 'x') }),
    headers: { cookie: cookies[i % 25], origin: url, 'x-csrf-token': csrf, 'hx-request': 'true', 'content-type': 'application/x-www-form-urlencoded' } })
}

async function perSecond(target: string, headers: Record<string, string>) {
  let done = 0
  const until = performance.now() + seconds * 1000
  await Promise.all(Array.from({ length: 64 }, async () => {
    while (performance.now() < until) {
      const response = await fetch(`${url}${target}`, { headers })
      await response.arrayBuffer()
      if (response.ok) done++
    }
  }))
  return Math.round(done / seconds)
}

const page = `${path}?before=999999999`
// the path the page's "Earlier messages" loader asks for when the reader scrolls up
const html = await fetch(`${url}/conversations/${conversations[0]}`, { headers: { cookie: cookies[1] } }).then((r) => r.text())
const earlier = html.match(/hx-get="([^"]*messages\?before=\d+)"/)![1]!
const rows = [
  ['earlier-messages partial of 50 (as scrolling up asks), gzip', await perSecond(earlier, { cookie: cookies[1], 'hx-request': 'true', 'accept-encoding': 'gzip' })],
  ['message-list partial of 50, gzip (as browsers ask)', await perSecond(page, { cookie: cookies[1], 'hx-request': 'true', 'accept-encoding': 'gzip' })],
  ['message-list partial of 50, uncompressed', await perSecond(page, { cookie: cookies[1], 'hx-request': 'true', 'accept-encoding': 'identity' })],
  ['/healthz (no session, no database read)', await perSecond('/healthz', {})],
]
server.kill()
console.log('| request | req/s |\n| --- | --- |')
for (const [name, n] of rows) console.log(`| ${name} | ${n} |`)
process.exit(0)
