import { describe, expect, test } from 'bun:test'
import { forgetMemberships } from '../../src/domain/conversations'
import { aGroup, post } from '../support/group'

/** The statements a request runs, as SQL text. */
async function statementsOf(database: { observe?: (listener: (sql: string) => void) => () => void }, request: () => Promise<Response>) {
  const seen: string[] = []
  const stop = database.observe!((sql) => seen.push(sql))
  try {
    const response = await request()
    await response.text()
    return { response, seen }
  } finally {
    stop()
  }
}
const isMembershipLookup = (sql: string) => /"members"\."conversation_id" = \? and "members"\."person_id" = \?/.test(sql)

describe('one membership lookup per request', () => {
  test('the host\'s conversation page, a page of earlier messages and a post each look the membership up once', async () => {
    const g = await aGroup(2)
    const id = await g.open()
    await post(g.patients[0]!, id, 'hello')
    for (const request of [
      () => g.host.get(`/conversations/${id}`),
      () => g.host.get(`/conversations/${id}/messages?before=999999`, { 'hx-request': 'true' }),
      () => post(g.host, id, 'a reply'),
    ]) {
      forgetMemberships(id) // as a second later, when the one looked up by the request before is no longer trusted
      const { response, seen } = await statementsOf(g.database, request)
      expect(response.status).toBeLessThan(400)
      expect(seen.filter(isMembershipLookup)).toHaveLength(1)
    }
  })

  test('a membership looked up in the last second is not looked up again; Complete forgets it at once', async () => {
    const g = await aGroup(1)
    const id = await g.open()
    await g.host.get(`/conversations/${id}`)
    const again = await statementsOf(g.database, () => post(g.host, id, 'quick reply'))
    expect(again.response.status).toBe(200)
    expect(again.seen.filter(isMembershipLookup)).toHaveLength(0)
    expect((await post(g.patients[0]!, id, 'before the end')).status).toBe(200)
    expect((await g.host.post(`/conversations/${id}/complete`, { anyway: '1' })).status).toBe(303)
    const late = await statementsOf(g.database, () => post(g.patients[0]!, id, 'too late'))
    expect(late.response.status).toBe(422)
    expect(late.seen.filter(isMembershipLookup)).toHaveLength(1)
  })

  test('a stranger to the conversation gets the same 404 as for one that does not exist, on every path under it', async () => {
    const g = await aGroup(2)
    const id = await g.open([g.emails[0]!])
    const outsider = g.patients[1]!
    const missing = await outsider.get(`/conversations/${crypto.randomUUID()}`)
    for (const path of [`/conversations/${id}`, `/conversations/${id}/messages?before=99`, `/conversations/${id}/export.csv`]) {
      const refused = await outsider.get(path)
      expect(refused.status).toBe(404)
      expect(await refused.text()).toBe(await missing.clone().text())
    }
    expect((await post(outsider, id, 'let me in')).status).toBe(404)
  })
})

describe('a file download', () => {
  test('is one query through the membership and the recipients, before anything of the file is read', async () => {
    const g = await aGroup(2)
    const id = await g.open()
    const form = new FormData()
    form.append('recipients', String((await g.database.client.execute("SELECT id FROM people WHERE email = 'patient1@mail.example'")).rows[0]!.id))
    form.append('file', new Blob(['for pat one']), 'note.txt')
    await g.host.send(`/conversations/${id}/files?_csrf=${encodeURIComponent(g.host.csrf)}`, { method: 'POST', body: form, headers: { origin: g.host.origin } })
    const fileId = (await g.database.client.execute('SELECT id FROM files')).rows[0]!.id as string
    const reads = (seen: string[]) => seen.filter((sql) => /^select/i.test(sql) && !/"sessions"|"clinic"/.test(sql))
    const allowed = await statementsOf(g.database, () => g.patients[0]!.get(`/files/${fileId}`))
    expect(allowed.response.status).toBe(200)
    expect(reads(allowed.seen)).toHaveLength(1)
    const refused = await statementsOf(g.database, () => g.patients[1]!.get(`/files/${fileId}`))
    expect(refused.response.status).toBe(404)
    expect(reads(refused.seen)).toHaveLength(1)
    expect(refused.seen.some((sql) => /^insert/i.test(sql))).toBe(false)
  })
})
