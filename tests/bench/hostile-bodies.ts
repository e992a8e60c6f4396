// Server memory while hostile clients push large bodies at it without a session: three 100 MB url-encoded POSTs
// to the upload route at once, each sent whole as fast as the socket takes it, then the same at /sign-in.
// Run: bun tests/bench/hostile-bodies.ts [megabytes=100] [clients=3]   (prints Markdown for BENCHMARKS.md)
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

const root = join(import.meta.dir, '../..')
const megabytes = Number(process.argv[2] ?? 100)
const clients = Number(process.argv[3] ?? 3)
const dataDir = mkdtempSync(join(tmpdir(), 'huddle-hostile-bench-'))
const port = 10000 + Math.floor(Math.random() * 10000)
const server = Bun.spawn([process.execPath, 'tests/bench/support/app-server.ts'], {
  cwd: root, env: { ...process.env, DATA_DIR: dataDir, PORT: String(port), LOG_LEVEL: 'error' }, stderr: 'inherit',
})
while (!(await fetch(`http://127.0.0.1:${port}/healthz`).then((r) => r.ok, () => false))) await Bun.sleep(25)

const rss = async () => Number((await Bun.file(`/proc/${server.pid}/status`).text()).match(/VmRSS:\s+(\d+)/)![1]) / 1024
let peak = 0
const sampler = setInterval(async () => { peak = Math.max(peak, await rss()) }, 10)
await Bun.sleep(300)
const before = await rss()

/** Writes the whole body whatever the server says, as an attacker would; resolves with the status and bytes written. */
function push(path: string): Promise<{ status: string; written: number }> {
  return new Promise(async (resolve) => {
    const total = megabytes * 1024 * 1024
    const chunk = new Uint8Array(256 * 1024).fill(97)
    let written = 0
    let status = 'none'
    const finish = () => resolve({ status, written })
    const socket = await Bun.connect({
      hostname: '127.0.0.1', port,
      socket: {
        data(_s, data) { status = new TextDecoder().decode(data).slice(9, 12) || status },
        drain(s) { write(s) },
        close: finish, error: finish,
      },
    })
    const write = (s: typeof socket) => {
      while (written < total) {
        const n = s.write(chunk)
        written += n
        if (n < chunk.length) return
      }
      s.end()
    }
    socket.write(`POST ${path} HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: ${total}\r\n\r\n`)
    write(socket)
    setTimeout(() => { socket.end(); finish() }, 20_000)
  })
}

const rows: string[] = []
for (const path of ['/conversations/x/files', '/sign-in']) {
  peak = await rss()
  const start = performance.now()
  const results = await Promise.all(Array.from({ length: clients }, () => push(path)))
  const seconds = (performance.now() - start) / 1000
  await Bun.sleep(200)
  const written = results.reduce((sum, r) => sum + r.written, 0) / 1024 / 1024
  rows.push(`| \`POST ${path}\`, ${clients} × ${megabytes} MB url-encoded, no session | ${results.map((r) => r.status).join(', ')} | ${written.toFixed(0)} MiB | ${(peak - before).toFixed(1)} MiB | ${seconds.toFixed(2)} s |`)
}
clearInterval(sampler)
server.kill()
console.log(`Server RSS before: ${before.toFixed(1)} MiB\n`)
console.log('| request | statuses | bytes the clients got to write | peak RSS growth | time |\n| --- | --- | --- | --- | --- |')
console.log(rows.join('\n'))
