// Export to .csv of a conversation with N messages: rows per second and the server's extra memory.
// Run: bun tests/bench/export.ts [messages=1000000]
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createClient } from '@libsql/client'

const root = join(import.meta.dir, '../..')
const count = Number(process.argv[2] ?? 1_000_000)
const dataDir = mkdtempSync(join(tmpdir(), 'huddle-export-bench-'))
const seed = Bun.spawnSync([process.execPath, 'tests/bench/support/seed.ts', dataDir, '1', '2'], { cwd: root })
const { conversations, cookies } = JSON.parse(seed.stdout.toString())
const db = createClient({ url: `file:${join(dataDir, 'huddle.db')}` })
const host = Number((await db.execute("SELECT id FROM people WHERE email = 'm0@bench.example'")).rows[0]!.id)
await db.execute({ sql: `WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < ?)
  INSERT INTO events (conversation_id, kind, sender_id, body, created_at)
  SELECT ?, 'message', ?, 'Message number ' || i || ', a line of about sixty characters of text.', ? + i FROM n`, args: [count, conversations[0], host, Date.now()] })
db.close()

const port = 10000 + Math.floor(Math.random() * 10000)
const server = Bun.spawn([process.execPath, 'tests/bench/support/app-server.ts'], {
  cwd: root, env: { ...process.env, DATA_DIR: dataDir, PORT: String(port), LOG_LEVEL: 'error' }, stderr: 'inherit',
})
const url = `http://127.0.0.1:${port}`
while (!(await fetch(`${url}/healthz`).then((r) => r.ok, () => false))) await Bun.sleep(25)
const rss = async () => { const s = await Bun.file(`/proc/${server.pid}/status`).text(); if (process.env.SPLIT) console.error(s.match(/Rss\w+:\s+\d+/g)!.join(" ")); return Number(s.match(/VmRSS:\s+(\d+)/)![1]) / 1024 }
process.kill(server.pid, 'SIGUSR2')
await Bun.sleep(500)
const before = await rss()
let peak = before
const sampler = setInterval(async () => { peak = Math.max(peak, await rss()) }, 20)

const started = performance.now()
const response = await fetch(`${url}/conversations/${conversations[0]}/export.csv`, { headers: { cookie: cookies[0], 'accept-encoding': 'identity' } })
let bytes = 0
let lines = 0
for await (const chunk of response.body!) {
  bytes += chunk.length
  // counting with indexOf, not a byte loop in JS, so the client keeps up with the server
  for (let at = chunk.indexOf(10); at !== -1; at = chunk.indexOf(10, at + 1)) lines++
}
const seconds = (performance.now() - started) / 1000
clearInterval(sampler)
server.kill()
console.log(`| measure | value |\n| --- | --- |`)
console.log(`| rows exported | ${lines - 1} of ${count} (${(bytes / 1024 / 1024).toFixed(0)} MB of CSV) |`)
console.log(`| time | ${seconds.toFixed(2)} s |`)
console.log(`| rows per second | ${Math.round((lines - 1) / seconds)} |`)
console.log(`| server memory: before, peak growth | ${before.toFixed(1)} MiB, +${(peak - before).toFixed(1)} MiB |`)
process.exit(0)
