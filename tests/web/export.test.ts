import { describe, expect, test } from 'bun:test'
import Papa from 'papaparse'
import { aGroup, post } from '../support/group'

async function exported(response: Response) {
  const bytes = new Uint8Array(await response.arrayBuffer())
  const text = new TextDecoder('utf-8', { ignoreBOM: true }).decode(bytes)
  return { bom: text.startsWith('\uFEFF'), rows: Papa.parse<string[]>(text.replace(/^\uFEFF/, ''), { skipEmptyLines: true }).data }
}

describe('Export to .csv', () => {
  test('the host gets one row per message, file and form, in order, in UTF-8 with a BOM, formulas neutralised', async () => {
    const g = await aGroup(2)
    const id = await g.open()
    await post(g.host, id, 'Zoë — café 日本')
    await post(g.patients[0]!, id, '=HYPERLINK("http://evil.example","click")')
    await post(g.patients[1]!, id, '+1 and -2 and @me')
    const pat1 = Number((await g.database.client.execute("SELECT id FROM people WHERE email = 'patient1@mail.example'")).rows[0]!.id)
    const form = new FormData()
    form.append('recipients', String(pat1))
    form.append('file', new Blob(['x']), 'scan.pdf')
    await g.host.send(`/conversations/${id}/files?_csrf=${encodeURIComponent(g.host.csrf)}`, { method: 'POST', body: form, headers: { origin: g.host.origin } })
    const page = await (await g.host.get(`/conversations/${id}`)).text()
    expect(page).toContain('aria-label="More actions"')
    expect(page).toContain('>Export to .csv</a>')
    const response = await g.host.get(`/conversations/${id}/export.csv`)
    expect(response.status).toBe(200)
    expect(response.headers.get('content-type')).toBe('text/csv; charset=utf-8')
    expect(response.headers.get('content-disposition')).toMatch(/^attachment; filename="tuesday-group-\d{4}-\d{2}-\d{2}\.csv"$/)
    const { bom, rows } = await exported(response)
    expect(bom).toBe(true)
    expect(rows[0]).toEqual(['time', 'sender', 'sender role', 'kind', 'content'])
    expect(rows.slice(1).map((r) => r.slice(1))).toEqual([
      ['Hana Host', 'host', 'message', 'Zoë — café 日本'],
      ['Patient 1', 'participant', 'message', '\'=HYPERLINK("http://evil.example","click")'],
      ['Patient 2', 'participant', 'message', '\'+1 and -2 and @me'],
      ['Hana Host', 'host', 'file', 'scan.pdf (to: the host, Patient 1)'],
    ])
    expect(rows[1]![0]).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\+0[12]:00$/) // Europe/Paris
  })

  test('formulas are neutralised in multi-line cells and after leading spaces too', async () => {
    const g = await aGroup(1)
    const id = await g.open()
    for (const text of ['=HYPERLINK("http://evil.example","click")\nsee above', '  =1+1', '-2\n=cmd']) await post(g.host, id, text)
    const { rows } = await exported(await g.host.get(`/conversations/${id}/export.csv`))
    expect(rows.slice(1).map((r) => r[4])).toEqual(['\'=HYPERLINK("http://evil.example","click")\nsee above', '\'=1+1', '\'-2\n=cmd'])
  })

  test('participants get 403, non-members 404, and no page says Export to them', async () => {
    const g = await aGroup(2)
    const id = await g.open([g.emails[0]!])
    expect((await g.patients[0]!.get(`/conversations/${id}/export.csv`)).status).toBe(403)
    expect(await (await g.patients[0]!.get(`/conversations/${id}`)).text()).not.toContain('Export to .csv')
    expect((await g.patients[1]!.get(`/conversations/${id}/export.csv`)).status).toBe(404)
    expect((await g.admin.get(`/conversations/${id}/export.csv`)).status).toBe(404)
  })

  test('10,000 messages come out complete and in order', async () => {
    const g = await aGroup(1)
    const id = await g.open()
    const host = Number((await g.database.client.execute("SELECT id FROM people WHERE email = 'hana@clinic.example'")).rows[0]!.id)
    await g.database.client.execute({ sql: `WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 10000)
      INSERT INTO events (conversation_id, kind, sender_id, body, created_at) SELECT ?, 'message', ?, 'message ' || i, ? + i FROM n`, args: [id, host, Date.now()] })
    const { rows } = await exported(await g.host.get(`/conversations/${id}/export.csv`))
    expect(rows).toHaveLength(10_001)
    expect(rows.slice(1).map((r) => r[4])).toEqual(Array.from({ length: 10_000 }, (_, i) => `message ${i + 1}`))
  })
})
