import { describe, expect, test } from 'bun:test'
import { aSignedInAdmin } from '../support/signed-in'
import { Visitor } from '../support/visitor'
import { firstRunInput } from '../support/world'

describe('signing in and out', () => {
  test('the admin signs in with the page fields, sees the navigation, and signs out', async () => {
    const { app } = await aSignedInAdmin()
    const visitor = new Visitor(app)
    const page = await (await visitor.get('/sign-in')).text()
    expect(page).toContain('>Email</label>')
    expect(page).toContain('>Password</label>')
    const signedIn = await visitor.signIn(firstRunInput.email, firstRunInput.password)
    expect(signedIn.headers.get('location')).toBe('/messages')
    const messages = await (await visitor.get('/messages')).text()
    for (const link of ['Messages', 'People', 'Settings']) expect(messages).toMatch(new RegExp(`<a href="/${link.toLowerCase()}"[^>]*>${link}</a>`))
    expect(messages).toContain('Ada Admin')
    expect(messages).toContain('>Sign out</button>')
    await visitor.post('/sign-out')
    expect((await visitor.get('/messages')).headers.get('location')).toBe('/sign-in')
  })

  test('a wrong password is refused with 422 beside the password field', async () => {
    const { app } = await aSignedInAdmin()
    const response = await new Visitor(app).signIn(firstRunInput.email, 'not the password')
    expect(response.status).toBe(422)
    expect(await response.text()).toContain('<span id="password-error" class="error">That email and password do not match')
  })

  test('too many failures answer 429 with a clear message', async () => {
    const { app } = await aSignedInAdmin()
    const visitor = new Visitor(app)
    for (let i = 0; i < 5; i++) await visitor.signIn(firstRunInput.email, `wrong ${i}`)
    const limited = await visitor.signIn(firstRunInput.email, firstRunInput.password)
    expect(limited.status).toBe(429)
    expect(await limited.text()).toContain('Too many sign-in attempts. Try again in 15 minutes')
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(14 * 60)
  })

  test('a disabled person cannot sign in, and their open session ends', async () => {
    const { app, admin, aSignedInPerson, database } = await aSignedInAdmin()
    const cleo = await aSignedInPerson('Cleo', 'cleo@x.example', 'clinician', 'a long enough password')
    const { rows } = await database.client.execute("SELECT id FROM people WHERE email = 'cleo@x.example'")
    await admin.post(`/people/${rows[0]!.id}/disable`)
    expect((await cleo.get('/messages')).headers.get('location')).toBe('/sign-in')
    const again = await new Visitor(app).signIn('cleo@x.example', 'a long enough password')
    expect(again.status).toBe(422)
    expect(await again.text()).toContain('disabled')
  })

  test('a session idle past the timeout sends the person back to sign in', async () => {
    const { admin, database } = await aSignedInAdmin()
    expect((await admin.get('/messages')).status).toBe(200)
    await database.client.execute({ sql: 'UPDATE sessions SET last_seen_at = ?', args: [Date.now() - 31 * 60_000] })
    await Bun.sleep(1100) // sessions are remembered for a second; a real idle half hour is far past that
    const expired = await admin.get('/messages')
    expect(expired.status).toBe(303)
    expect(expired.headers.get('location')).toBe('/sign-in')
  })
})

describe('one-time sign-in links', () => {
  test('opening a link shows a Sign in button and does not use it; the POST does, once', async () => {
    const { app, admin, mailbox } = await aSignedInAdmin()
    await admin.post('/people', { name: 'Pat Patient', email: 'pat@x.example', role: 'patient' })
    const link = await mailbox.linkFor('pat@x.example')
    const visitor = new Visitor(app)
    for (let i = 0; i < 2; i++) {
      const page = await visitor.get(link) // a mail scanner, then the patient
      expect(page.status).toBe(200)
      expect(await page.text()).toContain('>Sign in</button>')
    }
    expect((await visitor.post(link)).headers.get('location')).toBe('/messages')
    const reused = await new Visitor(app).post(link)
    expect(reused.status).toBe(422)
    expect(await reused.text()).toContain('has been used or has expired')
  })

  test('an expired link is refused on its page and on its button', async () => {
    const { app, admin, mailbox, database } = await aSignedInAdmin()
    await admin.post('/people', { name: 'Pat Patient', email: 'pat@x.example', role: 'patient' })
    await database.client.execute({ sql: 'UPDATE sign_in_links SET expires_at = ?', args: [Date.now() - 1] })
    const visitor = new Visitor(app)
    expect((await visitor.get(await mailbox.linkFor('pat@x.example'))).status).toBe(422)
    expect((await visitor.post(await mailbox.linkFor('pat@x.example'))).status).toBe(422)
  })

  test('asking for a link by email gives the same answer for strangers', async () => {
    const { app, admin, mailbox, mail } = await aSignedInAdmin()
    await admin.post('/people', { name: 'Pat Patient', email: 'pat@x.example', role: 'patient' })
    await mail.idle()
    const before = mailbox.sent.length
    const known = await new Visitor(app).post('/sign-in/link', { email: 'pat@x.example' })
    const stranger = await new Visitor(app).post('/sign-in/link', { email: 'who@x.example' })
    expect(known.status).toBe(200)
    expect(stranger.status).toBe(200)
    const sentence = 'If that address belongs to someone at this clinic'
    expect(await known.text()).toContain(sentence)
    expect(await stranger.text()).toContain(sentence)
    await mail.idle()
    expect(mailbox.sent.slice(before).map((m) => m.to)).toEqual(['pat@x.example'])
  })
})
