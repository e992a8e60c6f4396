import { describe, expect, test } from 'bun:test'
import { aGroup } from '../support/group'
import { aSignedInAdmin } from '../support/signed-in'
import { Visitor } from '../support/visitor'
import { queuedMail } from '../support/world'

const createForm = (rows: [email: string, name: string][]) => {
  const body: Record<string, string> = { subject: 'Tuesday group', dateTime: '' }
  const form = new URLSearchParams(body)
  for (const [email, name] of rows) { form.append('participants', email); form.append('names', name) }
  return form
}
const postForm = (visitor: Visitor, form: URLSearchParams) => {
  form.set('_csrf', visitor.csrf)
  return visitor.send('/conversations', { method: 'POST', body: form, headers: { origin: visitor.origin, 'content-type': 'application/x-www-form-urlencoded' } })
}

describe('Notifications page', () => {
  test('everyone has it in the navigation, with Email me about new messages on by default', async () => {
    const g = await aGroup(1)
    const page = await (await g.patients[0]!.get('/notifications')).text()
    expect(await (await g.patients[0]!.get('/messages')).text()).toContain('>Notifications</a>')
    expect(page).toMatch(/<input id="emailNotifications" name="emailNotifications" type="checkbox" checked=""/)
    expect(page).toContain('>Email me about new messages</label>')
  })

  test('turned off, no "added" email is queued for that person; invitations and sign-in links still are', async () => {
    const g = await aGroup(2)
    expect((await g.patients[0]!.post('/notifications', { name: 'Patient 1' })).status).toBe(303) // unchecked box: off
    await g.open()
    const added = (await queuedMail(g.database.client)).filter((m) => m.kind === 'added').map((m) => m.to)
    expect(added).toEqual(['patient2@mail.example'])
    await new Visitor(g.app).post('/sign-in/link', { email: 'patient1@mail.example' })
    expect((await queuedMail(g.database.client)).some((m) => m.kind === 'sign_in_link' && m.to === 'patient1@mail.example')).toBe(true)
  })

  test('a new password needs the current one; a name can change; bad input is refused beside its field with 422', async () => {
    const g = await aGroup(1)
    const refused = await g.host.post('/notifications', { name: 'Hana H', emailNotifications: 'on', newPassword: 'a brand new password', currentPassword: 'wrong' })
    expect(refused.status).toBe(422)
    expect(await refused.text()).toContain('<span id="currentPassword-error" class="error">That is not your current password.</span>')
    const saved = await g.host.post('/notifications', { name: 'Hana H', emailNotifications: 'on', newPassword: 'a brand new password', currentPassword: 'host password 123' })
    expect(saved.status).toBe(303)
    expect((await new Visitor(g.app).signIn('hana@clinic.example', 'a brand new password')).status).toBe(303)
    expect((await g.host.post('/notifications', { name: '', emailNotifications: 'on' })).status).toBe(422)
  })
})

describe('invitations last', () => {
  test('an invitation works after a day; expired, its page offers Email me a new link, which mails the same person anew', async () => {
    const { app, admin, mailbox, mail, database } = await aSignedInAdmin()
    await admin.post('/people', { name: 'Pat Patient', email: 'pat@x.example', role: 'patient' })
    const link = await mailbox.linkFor('pat@x.example')
    const { rows } = await database.client.execute("SELECT expires_at - created_at AS life FROM sign_in_links WHERE purpose = 'invitation'")
    expect(Number(rows[0]!.life)).toBeGreaterThan(6.9 * 86_400_000)
    await database.client.execute({ sql: 'UPDATE sign_in_links SET expires_at = ?', args: [Date.now() - 1] })
    const visitor = new Visitor(app)
    const expired = await visitor.get(link)
    expect(expired.status).toBe(422)
    expect(await expired.text()).toContain('>Email me a new link</button>')
    const before = mailbox.sent.length
    const renewed = await visitor.post(`${link}/renew`)
    expect(await renewed.text()).toContain('a new link is on its way')
    const fresh = await mailbox.linkFor('pat@x.example')
    await mail.idle()
    expect(mailbox.sent.length).toBe(before + 1)
    expect(fresh).not.toBe(link)
    expect((await visitor.post(fresh)).status).toBe(303)
    expect((await new Visitor(app).post(`${link}/renew`)).status).toBe(200) // the same answer, and nothing more sent
    await mail.idle()
    expect(mailbox.sent.length).toBe(before + 1)
  })

  test('a self-requested sign-in link still lasts 15 minutes', async () => {
    const { app, admin, database } = await aSignedInAdmin()
    await admin.post('/people', { name: 'Pat Patient', email: 'pat@x.example', role: 'patient' })
    await new Visitor(app).post('/sign-in/link', { email: 'pat@x.example' })
    const { rows } = await database.client.execute("SELECT expires_at - created_at AS life FROM sign_in_links WHERE purpose = 'link'")
    expect(Number(rows[0]!.life)).toBeLessThanOrEqual(15 * 60_000 + 1000)
  })
})

describe('clinicians invite from the create form', () => {
  test('an email not in the directory asks for Name n beside it, keeping what was typed, and creates nothing', async () => {
    const g = await aGroup(1)
    const refused = await postForm(g.host, createForm([[g.emails[0]!, ''], ['new@mail.example', '']]))
    expect(refused.status).toBe(422)
    const page = await refused.text()
    expect(page).toContain('<label for="name-2">Name 2</label>')
    expect(page).toContain('<span id="name-2-error" class="error">Enter their name to invite them.</span>')
    expect(page).toContain('value="new@mail.example"')
    expect((await g.database.client.execute('SELECT count(*) AS n FROM conversations')).rows[0]!.n).toBe(0)
    expect((await g.database.client.execute("SELECT count(*) AS n FROM people WHERE email = 'new@mail.example'")).rows[0]!.n).toBe(0)
  })

  test('with a name, a clinician creates the patient, the conversation, the invitation and the "added" email at once', async () => {
    const g = await aGroup(1)
    const created = await postForm(g.host, createForm([[g.emails[0]!, ''], ['New@Mail.example', 'Nia New']]))
    expect(created.status).toBe(303)
    const link = await g.mailbox.linkFor('new@mail.example')
    const nia = new Visitor(g.app)
    expect((await nia.post(link)).status).toBe(303)
    expect(await (await nia.get(created.headers.get('location')!)).text()).toContain('Tuesday group')
    expect(await (await g.admin.get('/people')).text()).toContain('Nia New')
  })

  test('patients cannot invite; People stays admin-only for clinicians', async () => {
    const g = await aGroup(1)
    expect((await postForm(g.patients[0]!, createForm([['new@mail.example', 'Nia New']]))).status).toBe(403)
    expect((await g.host.get('/people')).status).toBe(403)
  })
})
