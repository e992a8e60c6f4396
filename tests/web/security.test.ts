import { describe, expect, test } from 'bun:test'
import { aSignedInAdmin } from '../support/signed-in'
import { Visitor } from '../support/visitor'
import { anApp, firstRunInput } from '../support/world'

describe('CSRF', () => {
  test('a POST from another origin is refused and changes nothing', async () => {
    const { admin, database } = await aSignedInAdmin()
    const response = await admin.post('/people', { name: 'Eve', email: 'eve@x.example', role: 'admin' }, { origin: 'https://evil.example' })
    expect(response.status).toBe(403)
    expect((await database.client.execute("SELECT count(*) AS n FROM people WHERE email = 'eve@x.example'")).rows[0]!.n).toBe(0)
  })

  test('a POST without the token is refused, htmx ones included', async () => {
    const { admin } = await aSignedInAdmin()
    const form = { name: 'Eve', email: 'eve@x.example', role: 'admin', _csrf: '' }
    expect((await admin.post('/people', form)).status).toBe(403)
    expect((await admin.post('/people', form, { 'hx-request': 'true' })).status).toBe(403)
    const wrongHeader = await admin.send('/people', {
      method: 'POST', body: JSON.stringify({}), headers: { origin: admin.origin, 'content-type': 'application/json', 'x-csrf-token': 'forged' },
    })
    expect(wrongHeader.status).toBe(403)
  })

  test('the token in the X-CSRF-Token header, as htmx sends it, is accepted', async () => {
    const { admin } = await aSignedInAdmin()
    const body = new URLSearchParams({ name: 'Pat', email: 'pat@x.example', role: 'patient' })
    const response = await admin.send('/people', {
      method: 'POST', body, headers: { origin: admin.origin, 'content-type': 'application/x-www-form-urlencoded', 'x-csrf-token': admin.csrf },
    })
    expect(response.status).toBe(303)
  })
})

describe('access', () => {
  test('a patient gets 403 on People and Settings, and cannot change them', async () => {
    const { aSignedInPerson, database } = await aSignedInAdmin()
    const patient = await aSignedInPerson('Pat', 'pat@x.example', 'patient')
    expect((await patient.get('/messages')).status).toBe(200)
    expect((await patient.get('/people')).status).toBe(403)
    expect((await patient.get('/settings')).status).toBe(403)
    expect((await patient.get('/outbox')).status).toBe(403)
    expect((await patient.post('/people', { name: 'X', email: 'x@x.example', role: 'admin' })).status).toBe(403)
    expect((await patient.post('/settings', { name: 'Mine', timeZone: 'UTC', currency: 'USD' })).status).toBe(403)
    expect((await database.client.execute('SELECT name FROM clinic')).rows[0]!.name).toBe('Harbour Clinic')
  })

  test('a patient sees Messages in the navigation but not People or Settings', async () => {
    const { aSignedInPerson } = await aSignedInAdmin()
    const page = await (await (await aSignedInPerson('Pat', 'pat@x.example', 'patient')).get('/messages')).text()
    expect(page).toContain('>Messages</a>')
    expect(page).not.toContain('>People</a>')
    expect(page).not.toContain('>Settings</a>')
  })

  test('signed-out visitors are sent to sign in', async () => {
    const { app } = await aSignedInAdmin()
    for (const path of ['/messages', '/people', '/settings']) {
      expect((await new Visitor(app).get(path)).headers.get('location')).toBe('/sign-in')
    }
  })
})

describe('headers', () => {
  test('pages carry a strict Content-Security-Policy and the usual protections', async () => {
    const { app } = await anApp()
    const response = await new Visitor(app).get('/setup')
    const csp = response.headers.get('content-security-policy') ?? ''
    expect(csp).toContain("default-src 'self'")
    expect(csp).toContain("script-src 'self'")
    expect(csp).toContain("frame-ancestors 'none'")
    expect(csp).not.toContain('unsafe-inline')
    expect(response.headers.get('x-content-type-options')).toBe('nosniff')
    expect(response.headers.get('x-frame-options')).toBe('SAMEORIGIN')
    expect(response.headers.get('referrer-policy')).toBe('same-origin')
  })

  test("an open page's event stream carries a resource's protections, made with it, and is never compressed", async () => {
    const { admin } = await aSignedInAdmin()
    const response = await admin.send('/live', { headers: { 'accept-encoding': 'gzip' } })
    await response.body!.cancel()
    expect(response.headers.get('content-type')).toBe('text/event-stream; charset=utf-8')
    expect(response.headers.get('x-content-type-options')).toBe('nosniff')
    expect(response.headers.get('cross-origin-resource-policy')).toBe('same-origin')
    expect(response.headers.get('cache-control')).toBe('no-store')
    expect(response.headers.get('content-encoding')).toBeNull()
    // a document's headers added afterwards would be kept in a copy for as long as the page is open (src/web/request.ts)
    expect(response.headers.get('content-security-policy')).toBeNull()
  })

  test('the session cookie is HttpOnly and SameSite=Lax, and Secure behind https', async () => {
    for (const [publicUrl, secure] of [[undefined, false], ['https://clinic.example', true]] as const) {
      const { app } = await anApp({ publicUrl })
      const origin = publicUrl ?? 'http://localhost'
      const visitor = new Visitor(app, origin)
      await visitor.get('/setup')
      const response = await visitor.post('/setup', firstRunInput)
      const cookie = response.headers.getSetCookie().find((c) => c.includes('huddle_session='))!
      expect(cookie).toContain('HttpOnly')
      expect(cookie).toContain('SameSite=Lax')
      expect(cookie.includes('Secure')).toBe(secure)
      if (secure) expect(cookie.startsWith('__Host-')).toBe(true)
    }
  })

  test('htmx and the stylesheet are served by the app and cacheable', async () => {
    const { app } = await anApp()
    const page = await (await new Visitor(app).get('/setup')).text()
    for (const src of page.match(/\/static\/[\w.]+\?v=\w+/g)!) {
      const asset = await app.request(src)
      expect(asset.status).toBe(200)
      expect(asset.headers.get('cache-control')).toContain('immutable')
    }
    expect(page).not.toMatch(/https?:\/\/(?!localhost)[^"]*\.(js|css)/)
  })

  test('the health check answers 200 once the database is ready', async () => {
    const { app } = await anApp()
    expect((await app.request('/healthz')).status).toBe(200)
  })
})

describe('text browsers', () => {
  test('a form posted with its token but no Origin or Referer (lynx, w3m) is accepted; a foreign Referer is refused', async () => {
    const { admin, database } = await aSignedInAdmin()
    const body = (email: string) => new URLSearchParams({ _csrf: admin.csrf, name: 'Pat', email, role: 'patient' })
    const plain = await admin.send('/people', { method: 'POST', body: body('pat@x.example'), headers: { 'content-type': 'application/x-www-form-urlencoded' } })
    expect(plain.status).toBe(303)
    const foreign = await admin.send('/people', { method: 'POST', body: body('eve@x.example'),
      headers: { 'content-type': 'application/x-www-form-urlencoded', referer: 'https://evil.example/form' } })
    expect(foreign.status).toBe(403)
    expect(await foreign.text()).toContain('<h1>This form has expired</h1>')
    const untokened = await admin.send('/people', { method: 'POST', body: new URLSearchParams({ name: 'Eve', email: 'eve@x.example', role: 'admin' }),
      headers: { 'content-type': 'application/x-www-form-urlencoded' } })
    expect(untokened.status).toBe(403)
    expect((await database.client.execute("SELECT count(*) AS n FROM people WHERE email = 'eve@x.example'")).rows[0]!.n).toBe(0)
  })
})
