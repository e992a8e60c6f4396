import { describe, expect, test } from 'bun:test'
import { aGroup } from '../support/group'

async function anAssignedForm() {
  const g = await aGroup(2)
  const id = await g.open()
  const templates = (await g.database.client.execute("SELECT id FROM form_templates WHERE name = 'Session feedback'")).rows
  const pat1 = Number((await g.database.client.execute("SELECT id FROM people WHERE email = 'patient1@mail.example'")).rows[0]!.id)
  const assigned = await g.host.post(`/conversations/${id}/forms`, { templateId: String(templates[0]!.id), assigneeId: String(pat1) })
  expect(assigned.status).toBe(303)
  const formId = (await g.database.client.execute('SELECT id FROM form_assignments')).rows[0]!.id as string
  return { ...g, id, formId, pat1 }
}

describe('assigned forms over HTTP', () => {
  test('the assignee submits once; a replay is refused with 422 and changes nothing', async () => {
    const g = await anAssignedForm()
    const answers = { f1: '4', f4: 'yes', f2: 'The breathing exercise' }
    expect((await g.patients[0]!.post(`/assigned-forms/${g.formId}`, answers)).status).toBe(303)
    const replay = await g.patients[0]!.post(`/assigned-forms/${g.formId}`, { ...answers, f1: '1' })
    expect(replay.status).toBe(422)
    expect(await replay.text()).toContain('already been submitted')
    const stored = (await g.database.client.execute('SELECT answers FROM form_submissions')).rows.map((r) => JSON.parse(r.answers as string))
    expect(stored).toEqual([{ f1: '4', f2: 'The breathing exercise', f4: 'yes' }])
  })

  test('someone other than the assignee gets 404 and never sees the form', async () => {
    const g = await anAssignedForm()
    expect((await g.patients[1]!.post(`/assigned-forms/${g.formId}`, { f1: '4', f4: 'yes' })).status).toBe(404)
    expect(await (await g.patients[1]!.get(`/conversations/${g.id}`)).text()).not.toContain('Session feedback')
    expect(await (await g.patients[0]!.get(`/conversations/${g.id}`)).text()).toContain('Session feedback')
  })

  test('a missing required answer is refused beside the question', async () => {
    const g = await anAssignedForm()
    const response = await g.patients[0]!.post(`/assigned-forms/${g.formId}`, { f1: '3' })
    expect(response.status).toBe(422)
    expect(await response.text()).toMatch(/id="[^"]+-f4-error" class="error">This question needs an answer/)
  })

  test('a form assigned to a non-participant is refused; patients cannot open the library', async () => {
    const g = await anAssignedForm()
    const admin = Number((await g.database.client.execute("SELECT id FROM people WHERE role = 'admin'")).rows[0]!.id)
    const refused = await g.host.post(`/conversations/${g.id}/forms`, { templateId: '1', assigneeId: String(admin) })
    expect(refused.status).toBe(422)
    expect(await refused.text()).toContain('participants')
    expect((await g.patients[0]!.get('/forms')).status).toBe(403)
    expect((await g.patients[0]!.post(`/conversations/${g.id}/forms`, { templateId: '1', assigneeId: String(g.pat1) })).status).toBe(403)
  })
})
