// The time of POST /sign-in/link for known and unknown emails while the SMTP server delays each reply:
// the answer must not say which emails are patients'. Real server process, real SMTP server (smtp-server).
// Run: bun tests/bench/sign-in-link.ts [requests=20] [smtpDelayMs=50]   (prints Markdown for BENCHMARKS.md)
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { anSmtpServer } from '../support/smtp'

const root = join(import.meta.dir, '../..')
const requests = Number(process.argv[2] ?? 20)
const delayMs = Number(process.argv[3] ?? 50)
const smtp = await anSmtpServer({ delayMs })
const dataDir = mkdtempSync(join(tmpdir(), 'huddle-link-bench-'))
const port = 10000 + Math.floor(Math.random() * 10000)
// each request comes from its own forwarded address and email, so the per-address and per-email limits stay out of it
const server = Bun.spawn([process.execPath, 'src/server.ts'], {
  cwd: root, env: { ...process.env, DATA_DIR: dataDir, PORT: String(port), LOG_LEVEL: 'error', SMTP_URL: smtp.url, TRUST_PROXY: '1' }, stderr: 'inherit',
})
const url = `http://127.0.0.1:${port}`
while (!(await fetch(`${url}/healthz`).then((r) => r.ok, () => false))) await Bun.sleep(25)

const cookieOf = (response: Response, name: string) => response.headers.getSetCookie().join(';').match(new RegExp(`${name}=([^;]+)`))?.[1]
const csrf = cookieOf(await fetch(`${url}/setup`), 'huddle_csrf')!
const form = (fields: Record<string, string>) => new URLSearchParams({ _csrf: csrf, ...fields })
const headers = (cookie: string, address: string) => ({ cookie, origin: url, 'content-type': 'application/x-www-form-urlencoded', 'x-forwarded-for': address })
const setup = await fetch(`${url}/setup`, { method: 'POST', redirect: 'manual', headers: headers(`huddle_csrf=${csrf}`, '10.0.0.1'),
  body: form({ clinicName: 'Bench Clinic', timeZone: 'UTC', currency: 'EUR', yourName: 'Ada', email: 'ada@x.example', password: 'correct horse battery' }) })
const session = cookieOf(setup, 'huddle_session')!
const adminCookie = `huddle_csrf=${csrf}; huddle_session=${session}`
for (let i = 0; i < requests; i++) {
  await fetch(`${url}/people`, { method: 'POST', redirect: 'manual', headers: headers(adminCookie, '10.0.0.1'),
    body: form({ name: `Patient ${i}`, email: `known${i}@x.example`, role: 'patient' }) })
}
await smtp.waitFor(requests, 60_000) // invitations out of the way

async function timeRequest(email: string, address: string) {
  const start = performance.now()
  const response = await fetch(`${url}/sign-in/link`, { method: 'POST', headers: headers(`huddle_csrf=${csrf}`, address), body: form({ email }) })
  await response.text()
  if (response.status !== 200) throw new Error(`answered ${response.status}`)
  return performance.now() - start
}
const known: number[] = []
const unknown: number[] = []
for (let i = 0; i < requests; i++) { // interleaved, so drift on the machine falls on both alike
  known.push(await timeRequest(`known${i}@x.example`, `10.1.0.${i}`))
  unknown.push(await timeRequest(`stranger${i}@x.example`, `10.2.0.${i}`))
}
await smtp.waitFor(requests * 2, 60_000)
server.kill()
await smtp.close()
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!
const max = (xs: number[]) => Math.max(...xs)
console.log(`SMTP server delays each reply by ${delayMs} ms (a whole mail takes ≥ ${delayMs * 4} ms); ${requests} requests each.\n`)
console.log('| email | median | slowest |\n| --- | --- | --- |')
console.log(`| known (a link is queued) | ${median(known).toFixed(2)} ms | ${max(known).toFixed(2)} ms |`)
console.log(`| unknown | ${median(unknown).toFixed(2)} ms | ${max(unknown).toFixed(2)} ms |`)
