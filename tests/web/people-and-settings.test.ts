import { describe, expect, test } from 'bun:test'
import { aSignedInAdmin } from '../support/signed-in'

describe('People', () => {
  test('the admin adds a person with Name, Email and Role, sees them listed, and they get an invitation', async () => {
    const { admin, mailbox } = await aSignedInAdmin()
    const form = await (await admin.get('/people')).text()
    for (const label of ['Name', 'Email', 'Role']) expect(form).toContain(`>${label}</label>`)
    for (const option of ['Patient', 'Clinician', 'Admin']) expect(form).toContain(`>${option}</option>`)
    const added = await admin.post('/people', { name: 'Pat Patient', email: 'pat@x.example', role: 'patient' })
    const page = await (await admin.get(added.headers.get('location')!)).text()
    expect(page).toContain('Pat Patient was added and sent an invitation.')
    expect(page).toContain('<td>pat@x.example</td>')
    expect(mailbox.sent.at(-1)!.to).toBe('pat@x.example')
  })

  test('a duplicate email is refused with 422 beside the field, keeping what was typed', async () => {
    const { admin, database } = await aSignedInAdmin()
    await admin.post('/people', { name: 'Pat Patient', email: 'pat@x.example', role: 'patient' })
    const response = await admin.post('/people', { name: 'Other Pat', email: 'PAT@x.example', role: 'clinician' })
    expect(response.status).toBe(422)
    const page = await response.text()
    expect(page).toContain('<span id="email-error" class="error">Someone here already uses this email.</span>')
    expect(page).toContain('value="Other Pat"')
    expect((await database.client.execute('SELECT count(*) AS n FROM people')).rows[0]!.n).toBe(2)
  })

  test('searching narrows the list by name or email', async () => {
    const { admin } = await aSignedInAdmin()
    await admin.post('/people', { name: 'Pat Patient', email: 'pat@x.example', role: 'patient' })
    await admin.post('/people', { name: 'Cleo Clinician', email: 'cleo@y.example', role: 'clinician' })
    const page = await (await admin.get('/people?q=y.example')).text()
    expect(page).toContain('Cleo Clinician')
    expect(page).not.toContain('Pat Patient')
  })

  test('disabling marks a person Disabled and never deletes them', async () => {
    const { admin, database } = await aSignedInAdmin()
    await admin.post('/people', { name: 'Pat Patient', email: 'pat@x.example', role: 'patient' })
    const id = (await database.client.execute("SELECT id FROM people WHERE email = 'pat@x.example'")).rows[0]!.id
    await admin.post(`/people/${id}/disable`)
    const page = await (await admin.get('/people')).text()
    expect(page).toMatch(/Pat Patient<\/td><td>pat@x\.example<\/td><td>Patient<\/td><td>Disabled/)
    const { rows } = await database.client.execute("SELECT action FROM audit_log WHERE action LIKE 'person_%' ORDER BY id")
    expect(rows.map((r) => r.action)).toEqual(['person_added', 'person_disabled'])
  })
})

describe('Settings', () => {
  test('the admin changes the clinic name, time zone and currency, and the change is audited', async () => {
    const { admin, database } = await aSignedInAdmin()
    const response = await admin.post('/settings', { name: 'Lighthouse Clinic', timeZone: 'America/New_York', currency: 'usd' })
    expect(response.status).toBe(303)
    const page = await (await admin.get('/settings?saved=1')).text()
    expect(page).toContain('Settings saved.')
    expect(page).toContain('value="Lighthouse Clinic"')
    const clinic = (await database.client.execute('SELECT * FROM clinic')).rows[0]!
    expect([clinic.name, clinic.time_zone, clinic.currency]).toEqual(['Lighthouse Clinic', 'America/New_York', 'USD'])
    expect((await database.client.execute("SELECT subject FROM audit_log WHERE action = 'settings_changed'")).rows[0]!.subject)
      .toBe('name,timeZone,currency')
  })

  test('charging cannot be switched on without STRIPE_SECRET_KEY, and the page says why', async () => {
    const { admin, database } = await aSignedInAdmin()
    expect(await (await admin.get('/settings')).text()).toContain('the server has no STRIPE_SECRET_KEY')
    const response = await admin.post('/settings', { name: 'Harbour Clinic', timeZone: 'Europe/Paris', currency: 'EUR', chargesEnabled: 'on' })
    expect(response.status).toBe(422)
    expect(await response.text()).toContain('<span id="chargesEnabled-error" class="error">Charging needs STRIPE_SECRET_KEY')
    expect((await database.client.execute('SELECT charges_enabled FROM clinic')).rows[0]!.charges_enabled).toBe(0)
  })

  test('with STRIPE_SECRET_KEY set, charging can be switched on', async () => {
    const { admin, database } = await aSignedInAdmin({ stripeSecretKey: 'sk_test_x' })
    const page = await (await admin.get('/settings')).text()
    expect(page).toContain('>Charge fees through this app</label>')
    await admin.post('/settings', { name: 'Harbour Clinic', timeZone: 'Europe/Paris', currency: 'EUR', chargesEnabled: 'on' })
    expect((await database.client.execute('SELECT charges_enabled FROM clinic')).rows[0]!.charges_enabled).toBe(1)
  })

  test('an unknown time zone or currency is refused beside its field', async () => {
    const { admin } = await aSignedInAdmin()
    const response = await admin.post('/settings', { name: 'Harbour Clinic', timeZone: 'Nowhere/Land', currency: 'ZZZ' })
    expect(response.status).toBe(422)
    const page = await response.text()
    expect(page).toContain('id="timeZone-error"')
    expect(page).toContain('id="currency-error"')
  })
})
