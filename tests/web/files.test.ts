import { describe, expect, test } from 'bun:test'
import { join } from 'node:path'
import { aGroup } from '../support/group'
import type { Visitor } from '../support/visitor'

function upload(visitor: Visitor, conversationId: string, file: { name: string; content: BodyInit | Blob; type?: string }, recipients: number[]) {
  const form = new FormData()
  for (const id of recipients) form.append('recipients', String(id))
  form.append('file', file.content instanceof Blob ? file.content : new Blob([file.content as any], { type: file.type ?? 'text/plain' }), file.name)
  return visitor.send(`/conversations/${conversationId}/files?_csrf=${encodeURIComponent(visitor.csrf)}`, {
    method: 'POST', body: form, headers: { origin: visitor.origin },
  })
}

async function aFileGroup(overrides = {}) {
  const group = await aGroup(2, overrides)
  const id = await group.open()
  const ids = async () => Object.fromEntries((await group.database.client.execute('SELECT email, id FROM people')).rows.map((r) => [r.email, Number(r.id)]))
  const people = await ids()
  const leftOnDisk = () => [...new Bun.Glob('**/*').scanSync({ cwd: join(group.config.dataDir, 'files') })]
  return { ...group, id, pat1: people['patient1@mail.example']!, pat2: people['patient2@mail.example']!, leftOnDisk }
}

describe('sending a file', () => {
  test('an unchosen participant never sees the file listed and gets 404 for its URL, like a file that does not exist', async () => {
    const g = await aFileGroup()
    const sent = await upload(g.host, g.id, { name: 'plan-for-pat-one.txt', content: 'only for pat one' }, [g.pat1])
    expect(sent.status).toBe(303)
    const fileId = (await g.database.client.execute('SELECT id FROM files')).rows[0]!.id as string
    const [chosen, unchosen] = g.patients as [Visitor, Visitor]
    expect(await (await chosen.get(`/conversations/${g.id}`)).text()).toContain('plan-for-pat-one.txt')
    expect(await (await unchosen.get(`/conversations/${g.id}`)).text()).not.toContain('plan-for-pat-one')
    const denied = await unchosen.get(`/files/${fileId}`)
    const missing = await unchosen.get(`/files/${crypto.randomUUID()}`)
    expect(denied.status).toBe(404)
    expect(await denied.text()).toBe(await missing.text())
    expect((await g.admin.get(`/files/${fileId}`)).status).toBe(404)
    const download = await chosen.get(`/files/${fileId}`)
    expect(download.status).toBe(200)
    expect(await download.text()).toBe('only for pat one')
  })

  test('an uploaded HTML file is served as a download, never as a page', async () => {
    const g = await aFileGroup()
    await upload(g.host, g.id, { name: 'x.html', content: '<script>alert(1)</script>', type: 'text/html' }, [g.pat1])
    const fileId = (await g.database.client.execute('SELECT id FROM files')).rows[0]!.id
    const response = await g.patients[0]!.get(`/files/${fileId}`)
    expect(response.headers.get('content-type')).toBe('application/octet-stream')
    expect(response.headers.get('content-disposition')).toStartWith('attachment;')
    expect(response.headers.get('x-content-type-options')).toBe('nosniff')
    expect(response.headers.get('content-security-policy')).toContain("script-src 'self'")
  })

  test('the host sees who downloaded a file', async () => {
    const g = await aFileGroup()
    await upload(g.host, g.id, { name: 'a.txt', content: 'a' }, [g.pat1, g.pat2])
    const fileId = (await g.database.client.execute('SELECT id FROM files')).rows[0]!.id
    await g.patients[1]!.get(`/files/${fileId}`)
    const page = await (await g.host.get(`/conversations/${g.id}`)).text()
    expect(page).toContain('Sent to Patient 1, Patient 2.')
    expect(page).toContain('Downloaded by Patient 2 (')
  })

  test('a participant sends a file to the host only', async () => {
    const g = await aFileGroup()
    expect((await upload(g.patients[0]!, g.id, { name: 'my-diary.txt', content: 'dear diary' }, [])).status).toBe(303)
    expect(await (await g.host.get(`/conversations/${g.id}`)).text()).toContain('my-diary.txt')
    expect(await (await g.patients[1]!.get(`/conversations/${g.id}`)).text()).not.toContain('my-diary.txt')
  })
})

describe('refused uploads leave nothing behind', () => {
  test.each([
    ['an empty file', { name: 'empty.txt', content: '' }, 'pat1', 422, 'That file is empty.'],
    ['no recipient', { name: 'a.txt', content: 'a' }, 'none', 422, 'Choose at least one participant'],
    ['a recipient who is not a participant', { name: 'a.txt', content: 'a' }, 'outsider', 422, 'participants'],
    ['a name with a path', { name: '../../etc/passwd', content: 'a' }, 'pat1', 422, 'cannot contain /'],
    ['a file over the limit', { name: 'big.bin', content: 'x'.repeat(3000) }, 'pat1', 413, 'larger than'],
  ] as const)('%s', async (_, file, who, status, message) => {
    const g = await aFileGroup({ maxUploadMb: 2000 / 1024 / 1024 })
    const recipients = who === 'pat1' ? [g.pat1] : who === 'outsider' ? [1] : []
    const response = await upload(g.host, g.id, file, recipients)
    expect(response.status).toBe(status)
    expect(await response.text()).toContain(message)
    expect((await g.database.client.execute('SELECT count(*) AS n FROM files')).rows[0]!.n).toBe(0)
    expect(g.leftOnDisk().filter((p) => !p.startsWith('incoming'))).toEqual([])
    expect(g.leftOnDisk()).toEqual([])
  })

  test('an interrupted upload is refused and leaves no partial file', async () => {
    const g = await aFileGroup()
    const boundary = 'huddle-test-boundary'
    const head = `--${boundary}\r\nContent-Disposition: form-data; name="recipients"\r\n\r\n${g.pat1}\r\n--${boundary}\r\n` +
      `Content-Disposition: form-data; name="file"; filename="cut.txt"\r\nContent-Type: text/plain\r\n\r\n`
    const body = new ReadableStream({
      start(controller) {
        controller.enqueue(new TextEncoder().encode(head + 'x'.repeat(5000)))
        controller.close() // the closing boundary never comes
      },
    })
    const response = await g.host.send(`/conversations/${g.id}/files?_csrf=${encodeURIComponent(g.host.csrf)}`, {
      method: 'POST', body, headers: { origin: g.host.origin, 'content-type': `multipart/form-data; boundary=${boundary}` },
    })
    expect(response.status).toBe(422)
    expect((await g.database.client.execute('SELECT count(*) AS n FROM files')).rows[0]!.n).toBe(0)
    expect(g.leftOnDisk()).toEqual([])
  })

  test('a non-member\'s upload is not found and nothing is stored', async () => {
    const g = await aFileGroup()
    const response = await upload(g.admin, g.id, { name: 'a.txt', content: 'a' }, [g.pat1])
    expect(response.status).toBe(404)
    expect(g.leftOnDisk()).toEqual([])
  })

  test('an upload without the CSRF token is refused', async () => {
    const g = await aFileGroup()
    const form = new FormData()
    form.append('file', new Blob(['a']), 'a.txt')
    const response = await g.host.send(`/conversations/${g.id}/files`, { method: 'POST', body: form, headers: { origin: g.host.origin } })
    expect(response.status).toBe(403)
  })
})
