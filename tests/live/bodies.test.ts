import { afterAll, beforeAll, describe, expect, test } from 'bun:test'
import { startServer } from '../support/processes'
import { answerBeforeBody } from '../support/raw-http'
import { tempDir } from '../support/world'

// a real server process: what matters is that it answers without reading (or holding) what it was promised
let server: Awaited<ReturnType<typeof startServer>>
beforeAll(async () => {
  server = await startServer(tempDir())
  const setup = await fetch(`${server.url}/setup`)
  const csrf = setup.headers.getSetCookie().join(';').match(/huddle_csrf=([^;]+)/)![1]!
  const form = new URLSearchParams({ _csrf: csrf, clinicName: 'Harbour Clinic', timeZone: 'UTC', currency: 'EUR',
    yourName: 'Ada', email: 'ada@x.example', password: 'correct horse battery' })
  const done = await fetch(`${server.url}/setup`, { method: 'POST', body: form, redirect: 'manual',
    headers: { cookie: `huddle_csrf=${csrf}`, origin: server.url, 'content-type': 'application/x-www-form-urlencoded' } })
  expect(done.status).toBe(303)
})
afterAll(() => server.stop())

const hundredMb = 100 * 1024 * 1024

describe('no unauthenticated request makes the server hold a large body', () => {
  test('a 100 MB url-encoded POST to the upload route is refused unread (415)', async () => {
    const { status } = await answerBeforeBody(server.port, `POST /conversations/x/files HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/x-www-form-urlencoded`, hundredMb)
    expect(status).toBe(415)
  })

  test('a 100 MB multipart upload with no session is refused before it streams', async () => {
    const { status } = await answerBeforeBody(server.port,
      `POST /conversations/x/files?_csrf=t HTTP/1.1\r\nHost: localhost\r\nCookie: huddle_csrf=t\r\nOrigin: http://localhost:${server.port}\r\nContent-Type: multipart/form-data; boundary=b`, 20 * 1024 * 1024)
    expect([303, 403]).toContain(status)
  })

  test('a multipart upload larger than MAX_UPLOAD_MB is refused from its Content-Length (413)', async () => {
    const { status } = await answerBeforeBody(server.port, `POST /conversations/x/files HTTP/1.1\r\nHost: localhost\r\nContent-Type: multipart/form-data; boundary=b`, hundredMb)
    expect(status).toBe(413)
  })

  test('a 100 MB form POST anywhere else is refused unread (413)', async () => {
    for (const path of ['/sign-in', '/sign-in/link', '/people', '/stripe/webhook']) {
      const { status } = await answerBeforeBody(server.port, `POST ${path} HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/x-www-form-urlencoded`, hundredMb)
      expect(status).toBe(413)
    }
  })
})
