import { describe, expect, test } from 'bun:test'
import { aGroup, post } from '../support/group'

describe('creating a conversation through the form', () => {
  test('the form has the names from the help article; Fee fields appear only when the clinic charges', async () => {
    const { host } = await aGroup(1)
    const page = await (await host.get('/conversations/new')).text()
    for (const label of ['Subject', 'Date &amp; time', 'Participant 1']) expect(page).toContain(`>${label}</label>`)
    // enabled in the HTML (it works without the script), which disables it until every field is filled
    expect(page).toMatch(/<button type="submit" class="primary">Create New Conversation<\/button>/)
    expect(page).toMatch(/<button type="submit" name="addRow" value="1" formnovalidate="" data-add-row="true">Add Participant<\/button>/)
    expect(page).not.toContain('>Fee 1</label>')
    const charging = await aGroup(1, { stripeSecretKey: 'sk_test_x' })
    await charging.admin.post('/settings', { name: 'Harbour Clinic', timeZone: 'Europe/Paris', currency: 'EUR', chargesEnabled: 'on' })
    expect(await (await charging.host.get('/conversations/new')).text()).toContain('>Fee 1</label>')
  })

  test('the new conversation opens and is listed under Active for the host and the participants', async () => {
    const { host, patients, open } = await aGroup(2)
    const id = await open()
    for (const member of [host, ...patients]) {
      const page = await (await member.get('/messages')).text()
      expect(page).toMatch(new RegExp(`id="list-active">Active</h2><ul><li><a href="/conversations/${id}">Tuesday group</a>`))
    }
  })

  test('26 participants posted directly are refused with 422 and nothing is created', async () => {
    const world = await aGroup(1)
    const emails = Array.from({ length: 26 }, (_, i) => `p${i}@mail.example`)
    for (const email of emails) await world.admin.post('/people', { name: email, email, role: 'patient' })
    const error = await world.open(emails).catch((e: Error) => e.message)
    expect(error).toContain('creating answered 422')
    expect(error).toContain('at most 25 participants')
    expect((await world.database.client.execute('SELECT count(*) AS n FROM conversations')).rows[0]!.n).toBe(0)
  })

  test('a refused form keeps its values and marks the bad row', async () => {
    const { open } = await aGroup(1)
    const error = await open(['patient1@mail.example', 'patient1@mail.example']).catch((e: Error) => e.message)
    expect(error).toContain('value="patient1@mail.example"')
    expect(error).toMatch(/id="participant-2"[^>]*aria-invalid="true"[^>]*aria-describedby="participant-2-error"/)
    expect(error).toContain('already in the conversation')
  })

  test('patients cannot open the form or create conversations', async () => {
    const { patients } = await aGroup(2)
    expect((await patients[0]!.get('/conversations/new')).status).toBe(403)
    const created = await patients[0]!.post('/conversations', { subject: 'Mine', participants: 'patient2@mail.example' })
    expect(created.status).toBe(403)
    expect((await patients[0]!.get('/directory?q=pat')).status).toBe(403)
  })

  test('suggestions list directory people by name for the host', async () => {
    const { host } = await aGroup(2)
    const options = await (await host.get('/directory?q=Patient')).text()
    expect(options).toBe('<option value="patient1@mail.example">Patient 1</option><option value="patient2@mail.example">Patient 2</option>')
  })
})

describe('access to a conversation', () => {
  test('anyone who is not a member, an admin too, gets 404 for the page, its messages, its stream and posting', async () => {
    const world = await aGroup(2)
    const id = await world.open([world.emails[0]!])
    const outsider = world.patients[1]!
    for (const visitor of [outsider, world.admin]) {
      expect((await visitor.get(`/conversations/${id}`)).status).toBe(404)
      expect((await visitor.get(`/conversations/${id}/messages?before=999`)).status).toBe(404)
      expect((await visitor.get(`/live?c=${id}`)).status).toBe(404)
      expect((await post(visitor, id, 'let me in')).status).toBe(404)
    }
    expect((await world.host.get('/conversations/not-a-real-id')).status).toBe(404)
    const page = await (await world.admin.get(`/conversations/${id}`)).text()
    expect(page).not.toContain('Tuesday group')
  })

  test('a message posted with htmx comes back as the log entry; an empty one is refused beside the box', async () => {
    const { host, open } = await aGroup(1)
    const id = await open()
    const sent = await post(host, id, 'Welcome <b>all</b>')
    expect(sent.status).toBe(200)
    expect(await sent.text()).toMatch(/^<div id="e-\d+" class="message mine">.*Welcome &lt;b&gt;all&lt;\/b&gt;<\/p><\/div>$/)
    const empty = await post(host, id, '   ')
    expect(empty.status).toBe(422)
    expect(empty.headers.get('hx-retarget')).toBe('#composer-error')
    expect(await empty.text()).toBe('Write a message first.')
    const long = await post(host, id, 'x'.repeat(5001))
    expect(long.status).toBe(422)
  })

  test('a post before a scheduled start is refused', async () => {
    const { host, open } = await aGroup(1)
    const tomorrow = new Date(Date.now() + 2 * 86_400_000).toISOString().slice(0, 16)
    const id = await open(undefined, { dateTime: tomorrow })
    const page = await (await host.get(`/conversations/${id}`)).text()
    expect(page).toContain('This conversation opens on')
    expect(page).not.toContain('>Send</button>')
    const early = await post(host, id, 'too early')
    expect(early.status).toBe(422)
    expect(await early.text()).toContain('has not opened yet')
  })
})

describe('email privacy', () => {
  test('the host sees each participant\'s email; participants see names only, in every page and partial', async () => {
    const world = await aGroup(2)
    const id = await world.open()
    await post(world.patients[0]!, id, 'hello')
    const hostPage = await (await world.host.get(`/conversations/${id}`)).text()
    for (const email of world.emails) expect(hostPage).toContain(email)
    const bodies: string[] = []
    const patient = world.patients[0]!
    for (const path of [`/conversations/${id}`, '/messages', `/conversations/${id}/messages?before=999999`, '/conversations/new', '/people']) {
      const response = await patient.get(path)
      bodies.push(await response.text(), JSON.stringify([...response.headers]))
    }
    const sent = await post(patient, id, 'another')
    bodies.push(await sent.text(), JSON.stringify([...sent.headers]), await (await post(patient, id, '')).text())
    const seen = bodies.join('\n')
    expect(seen).toContain('Patient 2')
    for (const email of ['patient2@mail.example', 'hana@clinic.example', 'ada@harbour.example']) expect(seen).not.toContain(email)
  })
})

describe('read marks', () => {
  test('a member marks read up to an event, never past the newest; a non-member gets 404', async () => {
    const g = await aGroup(2)
    const id = await g.open([g.emails[0]!])
    await post(g.host, id, 'one')
    expect((await g.patients[0]!.post(`/conversations/${id}/read`, { upTo: '999999999' })).status).toBe(204)
    const { rows } = await g.database.client.execute({ sql: 'SELECT last_read_event_id AS id FROM read_marks WHERE conversation_id = ? AND last_read_event_id > 0', args: [id] })
    const newest = (await g.database.client.execute({ sql: 'SELECT max(id) AS id FROM events WHERE conversation_id = ?', args: [id] })).rows[0]!.id
    expect(rows.map((r) => r.id)).toContain(newest)
    expect(rows.every((r) => Number(r.id) <= Number(newest))).toBe(true)
    expect((await g.patients[1]!.post(`/conversations/${id}/read`, { upTo: '1' })).status).toBe(404)
  })
})

describe('earlier messages without JavaScript', () => {
  test('the link above the newest 50 opens a page of the 50 before, with a link further back and one to the newest', async () => {
    const g = await aGroup(1)
    const id = await g.open()
    for (let i = 1; i <= 120; i++) await post(g.host, id, `message number ${i}.`)
    const page = await (await g.patients[0]!.get(`/conversations/${id}`)).text()
    const older = page.match(/<a href="(\/conversations\/[\w-]+\/messages\?before=\d+)">Earlier messages<\/a>/)![1]!
    const earlier = await (await g.patients[0]!.get(older)).text()
    expect(earlier).toContain('<h1>Tuesday group: earlier messages</h1>')
    expect(earlier).toContain('message number 70.')
    expect(earlier).toContain('message number 21.')
    expect(earlier).not.toContain('message number 20.')
    expect(earlier).toMatch(/<a href="\/conversations\/[\w-]+\/messages\?before=\d+">Earlier messages<\/a>/)
    expect(earlier).toContain(`<a href="/conversations/${id}">Back to the newest messages</a>`)
    expect((await g.patients[0]!.get(older, { 'hx-request': 'true' })).headers.get('content-type')).toContain('text/html')
  })
})

describe('the create form without JavaScript', () => {
  test('Add Participant and Remove post the form and get it back one row longer or shorter, values kept, nothing created', async () => {
    const g = await aGroup(2)
    const form = (extra: Record<string, string>) => {
      const body = new URLSearchParams({ _csrf: g.host.csrf, subject: 'Kept subject', dateTime: '', ...extra })
      for (const email of g.emails) { body.append('participants', email); body.append('names', '') }
      return g.host.send('/conversations', { method: 'POST', body, headers: { origin: g.host.origin, 'content-type': 'application/x-www-form-urlencoded' } })
    }
    const added = await (await form({ addRow: '1' })).text()
    expect(added).toContain('value="Kept subject"')
    expect(added).toContain('<label for="participant-3">Participant 3</label>')
    const removed = await (await form({ removeRow: '1' })).text()
    expect(removed).not.toContain('value="patient1@mail.example"')
    expect(removed).toContain('value="patient2@mail.example"')
    expect(removed).not.toContain('<label for="participant-2">')
    expect((await g.database.client.execute('SELECT count(*) AS n FROM conversations')).rows[0]!.n).toBe(0)
  })
})
