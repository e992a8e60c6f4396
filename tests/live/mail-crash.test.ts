import { afterEach, expect, test } from 'bun:test'
import { aGroup } from '../support/group'
import { aFreePort, startServer } from '../support/processes'
import { anSmtpServer } from '../support/smtp'

const cleanup: (() => unknown)[] = []
afterEach(async () => { for (const step of cleanup.splice(0).reverse()) await step() })

test('mail queued by a server killed (kill -9) before it could send is sent once by the next one', async () => {
  const group = await aGroup(2)
  await group.close()
  const smtpPort = aFreePort()
  const env = { SMTP_URL: `smtp://127.0.0.1:${smtpPort}`, LOG_LEVEL: 'silent' } // nothing listens there yet
  const first = await startServer(group.config.dataDir, env)
  const body = new URLSearchParams({ _csrf: group.host.csrf, subject: 'Crash group', dateTime: '' })
  for (const email of group.emails) body.append('participants', email)
  const cookie = [...group.host.cookies].map(([k, v]) => `${k}=${v}`).join('; ')
  const created = await fetch(`${first.url}/conversations`, { method: 'POST', body, redirect: 'manual',
    headers: { cookie, origin: group.host.origin, 'content-type': 'application/x-www-form-urlencoded' } })
  expect(created.status).toBe(303)
  await Bun.sleep(200) // its first try fails: the mail server is down
  await first.kill9()

  const smtp = await anSmtpServer({ port: smtpPort })
  cleanup.push(() => smtp.close())
  const second = await startServer(group.config.dataDir, env)
  cleanup.push(() => second.stop())
  await smtp.waitFor(2, 10_000)
  await Bun.sleep(500)
  expect(smtp.received.map((m) => m.to[0]).sort()).toEqual(group.emails.slice().sort())
  expect(smtp.received.every((m) => m.subject === 'You have a new conversation at Harbour Clinic')).toBe(true)
})
