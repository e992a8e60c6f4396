import { describe, expect, test } from 'bun:test'
import { aGroup, post } from '../support/group'
import { forgetClinic } from '../../src/domain/clinic'

describe('Complete', () => {
  test('Complete asks once, since it cannot be undone, and changes nothing until the host confirms', async () => {
    const g = await aGroup(1)
    const id = await g.open()
    const asked = await g.host.post(`/conversations/${id}/complete`)
    expect(asked.status).toBe(200)
    const dialog = (await asked.text()).match(/<dialog[\s\S]*<\/dialog>/)![0]
    expect(dialog).toContain('Archive this conversation for everyone?')
    expect(dialog).toContain('>Go back</button>')
    expect(dialog).toMatch(/name="anyway" value="1"\/><button type="submit" class="primary">Complete<\/button>/)
    expect((await g.database.client.execute('SELECT archived_at FROM conversations')).rows[0]!.archived_at).toBeNull()
  })

  test('the host completes: Archived for everyone, read-only, and a second Complete says so and changes nothing', async () => {
    const g = await aGroup(2)
    const id = await g.open()
    await post(g.patients[0]!, id, 'before the end')
    expect(await (await g.host.get(`/conversations/${id}`)).text()).toContain('>Complete</button>')
    expect((await g.host.post(`/conversations/${id}/complete`, { anyway: '1' })).status).toBe(303)
    for (const member of [g.host, ...g.patients]) {
      const list = await (await member.get('/messages')).text()
      expect(list).toMatch(new RegExp(`id="list-archived">Archived</h2><ul><li><a href="/conversations/${id}">Tuesday group</a>`))
    }
    const patientPage = await (await g.patients[0]!.get(`/conversations/${id}`)).text()
    expect(patientPage).toContain('before the end')
    expect(patientPage).toContain('This conversation is archived')
    expect(patientPage).not.toContain('>Send</button>')
    expect((await post(g.patients[0]!, id, 'too late')).status).toBe(422)
    const again = await g.host.post(`/conversations/${id}/complete`, { anyway: '1' })
    expect(again.status).toBe(422)
    expect(await again.text()).toContain('already complete')
    expect((await g.database.client.execute("SELECT count(*) AS n FROM events WHERE kind = 'archived'")).rows[0]!.n).toBe(1)
  })

  test('a participant gets 403; someone outside gets 404', async () => {
    const g = await aGroup(2)
    const id = await g.open([g.emails[0]!])
    expect((await g.patients[0]!.post(`/conversations/${id}/complete`)).status).toBe(403)
    expect((await g.patients[1]!.post(`/conversations/${id}/complete`)).status).toBe(404)
    expect((await g.database.client.execute('SELECT archived_at FROM conversations')).rows[0]!.archived_at).toBeNull()
  })

  test('an archived conversation offers the host a new one with the same people, prefilled', async () => {
    const g = await aGroup(2)
    const id = await g.open()
    await g.host.post(`/conversations/${id}/complete`, { anyway: '1' })
    const page = await (await g.host.get(`/conversations/${id}`)).text()
    expect(page).toContain(`href="/conversations/new?from=${id}">Start a new conversation with these people</a>`)
    const form = await (await g.host.get(`/conversations/new?from=${id}`)).text()
    expect(form).toContain('value="Tuesday group"')
    expect(form).toContain('value="patient1@mail.example"')
    expect(form).toContain('value="patient2@mail.example"')
    expect((await g.patients[0]!.get(`/conversations/new?from=${id}`)).status).toBe(403)
  })

  test('a clinic that charges, on a server whose Stripe key is gone, is told so and nothing is archived', async () => {
    const g = await aGroup(1)
    await g.database.client.execute('UPDATE clinic SET charges_enabled = 1') // switched on while a key was set
    forgetClinic(g.database.db)
    const body = new URLSearchParams({ _csrf: g.host.csrf, subject: 'Paid group' })
    body.append('participants', g.emails[0]!)
    body.append('fees', '40')
    const created = await g.host.send('/conversations', { method: 'POST', body, headers: { origin: g.host.origin, 'content-type': 'application/x-www-form-urlencoded' } })
    const id = created.headers.get('location')!.split('/').at(-1)!
    const refused = await g.host.post(`/conversations/${id}/complete`)
    expect(refused.status).toBe(422)
    expect(await refused.text()).toContain('payments are not set up on this server')
    expect((await g.database.client.execute('SELECT archived_at FROM conversations')).rows[0]!.archived_at).toBeNull()
  })
})
