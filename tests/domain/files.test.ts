import { describe, expect, test } from 'bun:test'
import { join } from 'node:path'
import { LocalFileStore, TooLarge, EmptyFile } from '../../src/db/file-store'
import { Invalid, NotFound, Refused } from '../../src/domain/errors'
import { fileNameProblem, listFiles, openFileForDownload, shareFile } from '../../src/domain/files'
import { aClinicWithPeople, aConversation } from '../support/conversations'
import { tempDir } from '../support/world'

const refusal = (promise: Promise<unknown>) => promise.then(() => { throw new Error('expected a refusal') }, (e) => e)
async function* bytes(...chunks: string[]) { for (const chunk of chunks) yield new TextEncoder().encode(chunk) }

async function aFileWorld() {
  const world = await aClinicWithPeople(3)
  const { id } = await aConversation(world, world.host, world.patients)
  const store = new LocalFileStore(join(tempDir(), 'files'))
  const stored = () => store.put(bytes('hello ', 'world'), 1000)
  return { ...world, id, store, stored }
}

describe('who sees a file', () => {
  test('the host, the uploader and the chosen see it; the unchosen do not, and get NotFound for it', async () => {
    const w = await aFileWorld()
    const [p1, p2, p3] = w.patients as [any, any, any]
    const { fileId } = await shareFile(w.db, w.host, w.id, { name: 'plan.pdf', recipients: [p1.id], stored: await w.stored() }, null)
    const seen = async (who: any) => (await listFiles(w.db, who, w.id)).map((f) => f.name)
    expect(await seen(w.host)).toEqual(['plan.pdf'])
    expect(await seen(p1)).toEqual(['plan.pdf'])
    expect(await seen(p2)).toEqual([])
    expect(await refusal(openFileForDownload(w.db, p2, fileId, null))).toBeInstanceOf(NotFound)
    expect(await refusal(openFileForDownload(w.db, w.admin, fileId, null))).toBeInstanceOf(NotFound)
    expect(await refusal(openFileForDownload(w.db, p1, crypto.randomUUID(), null))).toBeInstanceOf(NotFound)
    // a participant's file reaches the host and whom they chose
    await shareFile(w.db, p2, w.id, { name: 'mine.txt', recipients: [p3.id], stored: await w.stored() }, null)
    expect(await seen(w.host)).toEqual(['plan.pdf', 'mine.txt'])
    expect(await seen(p3)).toEqual(['mine.txt'])
    expect(await seen(p1)).toEqual(['plan.pdf'])
  })

  test('only the host learns who a file went to and who downloaded it, when', async () => {
    const w = await aFileWorld()
    const [p1] = w.patients as [any]
    const { fileId } = await shareFile(w.db, w.host, w.id, { name: 'a.txt', recipients: [p1.id], stored: await w.stored() }, null)
    await openFileForDownload(w.db, p1, fileId, '10.0.0.5')
    const [hostView] = await listFiles(w.db, w.host, w.id)
    expect(hostView!.recipients).toEqual(['Patient 1'])
    expect(hostView!.downloads!.map((d) => d.name)).toEqual(['Patient 1'])
    const [patientView] = await listFiles(w.db, p1, w.id)
    expect(patientView!.recipients).toBeUndefined()
    expect(patientView!.downloads).toBeUndefined()
    const { rows } = await w.client.execute("SELECT subject, address FROM audit_log WHERE action = 'file_downloaded'")
    expect(rows.map((r) => [r.subject, r.address])).toEqual([[fileId, '10.0.0.5']])
  })
})

describe('refusals', () => {
  test.each([
    ['no recipient chosen by the host', () => [], /at least one/],
    ['a recipient who is not a participant', (w: any) => [w.admin.id], /participants/],
  ])('%s', async (_, recipients, message) => {
    const w = await aFileWorld()
    const error = await refusal(shareFile(w.db, w.host, w.id, { name: 'a.txt', recipients: recipients(w), stored: await w.stored() }, null))
    expect(error).toBeInstanceOf(Invalid)
    expect(error.message).toMatch(message)
    expect((await w.client.execute('SELECT count(*) AS n FROM files')).rows[0]!.n).toBe(0)
  })

  test.each(['../etc/passwd', 'a\\b.txt', 'bell\u0007.txt', 'line\nbreak.txt', '', 'invoice\u202Efdp.exe', 'a\u2066b.txt', 'c\u202Ad.txt'])('the name %j is refused', (name) => {
    expect(fileNameProblem(name)).toBeString()
  })

  test('a non-member cannot share; nobody shares before the start', async () => {
    const w = await aFileWorld()
    const outsider = w.admin
    expect(await refusal(shareFile(w.db, outsider, w.id, { name: 'a.txt', recipients: [], stored: await w.stored() }, null))).toBeInstanceOf(NotFound)
    const later = new Date(Date.now() + 86_400_000).toISOString().slice(0, 16)
    const { id } = await aConversation(w, w.host, w.patients, { dateTime: later })
    expect(await refusal(shareFile(w.db, w.host, id, { name: 'a.txt', recipients: [w.patients[0]!.id], stored: await w.stored() }, null))).toBeInstanceOf(Refused)
  })

  test('the database refuses to change or delete a file or its recipients, or to add recipients later', async () => {
    const w = await aFileWorld()
    const [p1, p2] = w.patients as [any, any]
    const { fileId } = await shareFile(w.db, w.host, w.id, { name: 'a.txt', recipients: [p1.id], stored: await w.stored() }, null)
    const run = (sql: string) => w.client.execute({ sql, args: [fileId] })
    await expect(run("UPDATE files SET name = 'b.txt' WHERE id = ?")).rejects.toThrow(/cannot be changed/)
    await expect(run('DELETE FROM files WHERE id = ?')).rejects.toThrow(/cannot be changed/)
    await expect(run(`INSERT INTO file_recipients (file_id, person_id) VALUES (?, ${p2.id})`)).rejects.toThrow(/cannot change/)
    await expect(run('DELETE FROM file_recipients WHERE file_id = ?')).rejects.toThrow(/cannot change/)
  })
})

describe('the local file store', () => {
  test('keeps the bytes under a generated name with their SHA-256', async () => {
    const store = new LocalFileStore(join(tempDir(), 'files'))
    const stored = await store.put(bytes('hello ', 'world'), 100)
    expect(stored.size).toBe(11)
    expect(stored.sha256).toBe(new Bun.CryptoHasher('sha256').update('hello world').digest('hex'))
    expect(await store.read(stored.key).text()).toBe('hello world')
  })

  test('refuses past the limit while streaming, and an empty file, leaving nothing on disk', async () => {
    const folder = join(tempDir(), 'files')
    const store = new LocalFileStore(folder)
    let pulled = 0
    async function* endless() { for (;;) { pulled++; yield new Uint8Array(1024) } }
    expect(await refusal(store.put(endless(), 10 * 1024))).toBeInstanceOf(TooLarge)
    expect(pulled).toBe(11) // stopped at the first chunk past the limit
    expect(await refusal(store.put(bytes(), 10))).toBeInstanceOf(EmptyFile)
    async function* broken() { yield new Uint8Array(10); throw new Error('connection lost') }
    expect((await refusal(store.put(broken(), 100))).message).toBe('connection lost')
    const left = [...new Bun.Glob('**/*').scanSync({ cwd: folder })]
    expect(left).toEqual([])
  })
})

test('once archived, nothing can be sent or assigned, and the host still opens every file and form', async () => {
  const w = await aFileWorld()
  const [p1] = w.patients as [any]
  const { fileId } = await shareFile(w.db, w.host, w.id, { name: 'a.txt', recipients: [p1.id], stored: await w.stored() }, null)
  const { assignForm, submitForm, listAssignedForms, listTemplates } = await import('../../src/domain/forms')
  const template = (await listTemplates(w.db, w.host))[0]!
  const { formId } = await assignForm(w.db, w.host, w.id, { templateId: template.id, assigneeId: p1.id }, null)
  await w.client.execute({ sql: 'UPDATE conversations SET archived_at = ? WHERE id = ?', args: [Date.now(), w.id] })
  expect(await refusal(shareFile(w.db, w.host, w.id, { name: 'b.txt', recipients: [p1.id], stored: await w.stored() }, null))).toBeInstanceOf(Refused)
  expect(await refusal(assignForm(w.db, w.host, w.id, { templateId: template.id, assigneeId: p1.id }, null))).toBeInstanceOf(Refused)
  expect(await refusal(submitForm(w.db, p1, formId, {}, null))).toBeInstanceOf(Refused)
  expect((await openFileForDownload(w.db, w.host, fileId, null)).name).toBe('a.txt')
  expect((await listAssignedForms(w.db, w.host, w.id)).map((f) => f.id)).toEqual([formId])
})
