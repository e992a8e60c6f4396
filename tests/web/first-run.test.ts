import { describe, expect, test } from 'bun:test'
import { anApp, firstRunInput } from '../support/world'
import { Visitor } from '../support/visitor'

describe('first run', () => {
  test('a new install sends everyone to the first-run page with its fields', async () => {
    const { app } = await anApp()
    const visitor = new Visitor(app)
    const home = await visitor.get('/')
    expect(home.status).toBe(303)
    expect(home.headers.get('location')).toBe('/setup')
    const page = await (await visitor.get('/setup')).text()
    for (const label of ['Clinic name', 'Time zone', 'Currency', 'Your name', 'Email', 'Password']) expect(page).toContain(`>${label}</label>`)
    expect(page).toContain('>Create clinic</button>')
  })

  test('creates the clinic and its admin, signs them in, and is gone for good', async () => {
    const { app } = await anApp()
    const visitor = new Visitor(app)
    const created = await visitor.post('/setup', firstRunInput)
    expect(created.status).toBe(303)
    expect(created.headers.get('location')).toBe('/messages')
    expect(await (await visitor.get('/messages')).text()).toContain('Ada Admin')
    const again = await new Visitor(app).get('/setup')
    expect(again.status).toBe(303)
    expect(again.headers.get('location')).toBe('/sign-in')
  })

  test('a replayed first-run form is refused and creates no second admin', async () => {
    const { app, database } = await anApp()
    await new Visitor(app).post('/setup', firstRunInput)
    const replay = await new Visitor(app).post('/setup', { ...firstRunInput, email: 'mallory@x.example', clinicName: 'Other' })
    expect(replay.status).toBe(422)
    expect(await replay.text()).toContain('already set up')
    const { rows } = await database.client.execute('SELECT email FROM people')
    expect(rows.map((r) => r.email)).toEqual([firstRunInput.email])
    expect((await database.client.execute('SELECT name FROM clinic')).rows[0]!.name).toBe('Harbour Clinic')
  })

  test.each([
    ['email', '', 'Enter an email address'],
    ['email', 'not-an-email', 'valid email'],
    ['password', 'short pass', 'at least 12'],
    ['timeZone', 'Mars/Olympus_Mons', 'time zone from the list'],
    ['currency', 'XYZ', 'currency from the list'],
    ['yourName', 'x'.repeat(500), 'under 120'],
    ['clinicName', '', 'Enter the clinic name'],
  ])('%s = %j is refused beside its field with 422, saving nothing', async (field, value, message) => {
    const { app, database } = await anApp()
    const response = await new Visitor(app).post('/setup', { ...firstRunInput, [field]: value })
    expect(response.status).toBe(422)
    const page = await response.text()
    expect(page).toMatch(new RegExp(`id="${field}"[^>]*aria-invalid="true"[^>]*aria-describedby="[^"]*${field}-error`))
    expect(page).toMatch(new RegExp(`<span id="${field}-error" class="error">[^<]*${message}`))
    expect((await database.client.execute('SELECT count(*) AS n FROM clinic')).rows[0]!.n).toBe(0)
    expect((await database.client.execute('SELECT count(*) AS n FROM people')).rows[0]!.n).toBe(0)
  })
})
