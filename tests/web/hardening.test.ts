import { describe, expect, test } from 'bun:test'
import { describeError, type Log } from '../../src/log'
import { aGroup, post } from '../support/group'
import { aSignedInAdmin } from '../support/signed-in'
import { Visitor } from '../support/visitor'
import { anApp, firstRunInput, queuedMail, testConfig } from '../support/world'
import { createApp } from '../../src/web/app'

const forged = { host: 'evil.example', 'x-forwarded-host': 'evil.example' }

describe('the public origin is a fact of the install', () => {
  test('a sign-in link asked for with a forged Host still points at the origin first run was done on', async () => {
    const { app, admin, mailbox, mail } = await aSignedInAdmin()
    await admin.post('/people', { name: 'Pat', email: 'pat@x.example', role: 'patient' })
    const visitor = new Visitor(app)
    await visitor.get('/sign-in')
    const body = new URLSearchParams({ _csrf: visitor.csrf, email: 'pat@x.example' })
    const response = await visitor.send('http://evil.example/sign-in/link', {
      method: 'POST', body, headers: { ...forged, origin: visitor.origin, 'content-type': 'application/x-www-form-urlencoded' },
    })
    expect(response.status).toBe(200)
    expect(await response.text()).not.toContain('evil.example')
    await mail.idle()
    const link = mailbox.sent.findLast((m) => m.to === 'pat@x.example')!.text
    expect(link).toContain('http://localhost/sign-in/link/')
    expect(link).not.toContain('evil.example')
  })

  test('a POST whose Origin matches a forged Host is refused and changes nothing', async () => {
    const { admin, database } = await aSignedInAdmin()
    const body = new URLSearchParams({ _csrf: admin.csrf, name: 'Eve', email: 'eve@x.example', role: 'admin' })
    const response = await admin.send('http://evil.example/people', {
      method: 'POST', body, headers: { ...forged, origin: 'http://evil.example', 'content-type': 'application/x-www-form-urlencoded' },
    })
    expect(response.status).toBe(403)
    expect((await database.client.execute("SELECT count(*) AS n FROM people WHERE email = 'eve@x.example'")).rows[0]!.n).toBe(0)
  })

  test('PUBLIC_URL, when set, is the origin of links and of the CSRF check', async () => {
    const { app, mailbox, mail } = await anApp({ publicUrl: 'https://clinic.example' })
    const admin = new Visitor(app, 'https://clinic.example')
    expect((await admin.post('/setup', firstRunInput)).status).toBe(303)
    const refused = await admin.post('/people', { name: 'Pat', email: 'pat@x.example', role: 'patient' }, { origin: 'http://localhost' })
    expect(refused.status).toBe(403)
    expect((await admin.post('/people', { name: 'Pat', email: 'pat@x.example', role: 'patient' })).status).toBe(303)
    await mail.idle()
    expect(mailbox.sent.at(-1)!.text).toContain('https://clinic.example/sign-in/link/')
  })
})

describe('mail', () => {
  test('the Outbox shows invitations but never a working link someone asked for themselves, and the log holds no token', async () => {
    const lines: string[] = []
    const record = (message: string, fields?: Record<string, unknown>) => { lines.push(JSON.stringify({ message, ...fields })) }
    const log: Log = { debug: record, info: record, warn: record, error: record }
    const { app, database, mail } = await createApp(testConfig(), { log })
    const admin = new Visitor(app)
    await admin.post('/setup', firstRunInput)
    await admin.post('/people', { name: 'Pat', email: 'pat@x.example', role: 'patient' })
    await new Visitor(app).post('/sign-in/link', { email: 'pat@x.example' })
    await mail.idle()
    const invitation = (await queuedMail(database.client)).find((m) => m.kind === 'invitation')!.body.match(/\/sign-in\/link\/[\w-]+/)![0]
    expect((await new Visitor(app).post(invitation, {}, { origin: 'https://evil.example' })).status).toBe(403) // logged, without its token
    const outbox = await (await admin.get('/outbox')).text()
    expect(outbox.match(/\/sign-in\/link\/[\w-]{40,}/g)).toHaveLength(1) // the invitation's
    expect(outbox).toContain('Your sign-in link for Harbour Clinic')
    expect(outbox).toContain('shown only to the person who asked for it')
    const stored = await queuedMail(database.client)
    expect(stored.find((m) => m.kind === 'sign_in_link')!.body).not.toMatch(/sign-in\/link\//)
    expect(lines.join('\n')).toContain('/sign-in/link/[token]')
    expect(lines.join('\n')).not.toMatch(/sign-in\/link\/[\w-]{40,}/)
  })
})

describe('stored text', () => {
  test('line breaks in a message are stored as \\n alone, whatever the sender sent', async () => {
    const g = await aGroup(1)
    const id = await g.open()
    expect((await post(g.host, id, 'See you\r\rid: 999999999\r\rok\r\nbye')).status).toBe(200)
    const { rows } = await g.database.client.execute("SELECT body FROM events WHERE kind = 'message'")
    expect(rows[0]!.body).toBe('See you\n\nid: 999999999\n\nok\nbye')
  })
})

describe('pages with health information', () => {
  test('are never cached', async () => {
    const g = await aGroup(1)
    const id = await g.open()
    for (const path of ['/messages', `/conversations/${id}`, '/payment-method']) {
      expect((await g.patients[0]!.get(path)).headers.get('cache-control')).toBe('no-store')
    }
  })
})

describe('the CSRF token in a URL', () => {
  test('is accepted on the upload route only', async () => {
    const { admin, database } = await aSignedInAdmin()
    const form = new FormData()
    for (const [k, v] of Object.entries({ name: 'Eve', email: 'eve@x.example', role: 'admin' })) form.append(k, v)
    const response = await admin.send(`/people?_csrf=${encodeURIComponent(admin.csrf)}`, { method: 'POST', body: form, headers: { origin: admin.origin } })
    expect(response.status).toBe(403)
    expect((await database.client.execute("SELECT count(*) AS n FROM people WHERE email = 'eve@x.example'")).rows[0]!.n).toBe(0)
  })
})

describe('bodies', () => {
  test('a url-encoded body on the upload route is refused unread', async () => {
    const g = await aGroup(1)
    const id = await g.open()
    const response = await g.host.post(`/conversations/${id}/files`, { file: 'x'.repeat(1000) })
    expect(response.status).toBe(415)
  })

  test('a form body over its limit is refused with 413 from its Content-Length alone', async () => {
    const { admin } = await aSignedInAdmin()
    const response = await admin.send('/people', {
      method: 'POST', body: 'name=x', headers: { origin: admin.origin, 'content-type': 'application/x-www-form-urlencoded', 'content-length': String(100 * 1024 * 1024) },
    })
    expect(response.status).toBe(413)
  })
})

describe('logs', () => {
  test('a failed query is logged with its SQL and the database\'s reason, never its parameters (a message, a name)', async () => {
    const g = await aGroup(1)
    const id = await g.open()
    await g.database.client.execute({ sql: 'UPDATE conversations SET archived_at = ? WHERE id = ?', args: [Date.now(), id] })
    const { events } = await import('../../src/db/schema')
    const failed = await g.database.db.insert(events).values({ conversationId: id, kind: 'message', senderId: 1, body: 'my private diagnosis', createdAt: 1 })
      .then(() => undefined, (error) => error)
    expect(String(failed)).toContain('my private diagnosis') // what drizzle's own message would have put in the log
    const logged = describeError(failed)
    expect(logged).toContain('insert into "events"')
    expect(logged).toContain('this conversation is archived')
    expect(logged).not.toContain('my private diagnosis')
    expect(logged).not.toContain(id)
  })
})
