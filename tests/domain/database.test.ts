import { Database as Connection } from 'bun:sqlite'
import { describe, expect, test } from 'bun:test'
import { aClinic, aDatabase } from '../support/world'

// every trigger the migrations promise; a drizzle-kit table rebuild would silently drop them
const expectedTriggers = [
  'audit_log_no_delete', 'audit_log_no_update', 'people_no_delete',
  'members_sealed_on_insert', 'members_no_update', 'members_no_delete', 'events_no_update', 'events_no_delete',
  'conversations_no_delete', 'conversations_fixed_fields',
  'files_no_update', 'files_no_delete', 'file_recipients_sealed_on_insert', 'file_recipients_no_update', 'file_recipients_no_delete',
  'file_downloads_no_update', 'file_downloads_no_delete',
  'form_assignments_no_update', 'form_assignments_no_delete', 'form_submissions_no_update', 'form_submissions_no_delete',
  'events_none_when_archived', 'conversations_stay_archived',
  'charges_no_delete', 'charges_fixed_fields', 'charges_succeeded_is_final', 'charges_moves', 'charges_written_on_complete',
  'stripe_events_no_update', 'stripe_events_no_delete',
]

describe('the database after every migration', () => {
  test('has every immutability trigger', async () => {
    const { client } = await aDatabase()
    const { rows } = await client.execute("SELECT name FROM sqlite_master WHERE type = 'trigger' ORDER BY name")
    expect(rows.map((r) => r.name)).toEqual(expect.arrayContaining(expectedTriggers))
  })

  test('migrating an already-migrated database changes nothing', async () => {
    const { client } = await aDatabase()
    const path = (await client.execute('PRAGMA database_list')).rows[0]!.file as string
    const { openDatabase } = await import('../../src/db/client')
    const again = await openDatabase(`file:${path}`)
    const { rows } = await again.client.execute("SELECT count(*) AS n FROM sqlite_master WHERE type = 'trigger'")
    expect(Number(rows[0]!.n)).toBeGreaterThanOrEqual(expectedTriggers.length)
  })

  test('refuses to rewrite or delete the audit log', async () => {
    const { client } = await aClinic()
    await expect(client.execute("UPDATE audit_log SET action = 'nothing'")).rejects.toThrow(/append-only/)
    await expect(client.execute('DELETE FROM audit_log')).rejects.toThrow(/append-only/)
    const { rows } = await client.execute("SELECT action FROM audit_log WHERE action = 'clinic_set_up'")
    expect(rows.length).toBe(1)
  })

  test('refuses to delete a person', async () => {
    const { client, admin } = await aClinic()
    await expect(client.execute({ sql: 'DELETE FROM people WHERE id = ?', args: [admin.id] })).rejects.toThrow(/never deleted/)
  })

  test('keeps emails unique whatever their case', async () => {
    const { client } = await aClinic()
    await expect(client.execute("INSERT INTO people (name, email, role) VALUES ('Copy', 'ADA@Harbour.example', 'patient')"))
      .rejects.toThrow(/UNIQUE/)
  })

  test('gives the reading and the writing connection foreign keys, full sync and WAL; the reading one a busy timeout', async () => {
    const { db, client } = await aDatabase()
    const pragma = async (via: string, name: string) => Object.values((await client.execute(via.replace('%s', name))).rows[0]!)[0]
    // a SELECT outside a transaction reads on the writing connection, one during a transaction on the reading one
    const settingsOf = async (via: string) => [Number(await pragma(via, 'foreign_keys')), Number(await pragma(via, 'synchronous')), await pragma(via, 'journal_mode')]
    expect(await settingsOf('PRAGMA %s')).toEqual([1, 2, 'wal'])
    expect(await settingsOf('SELECT * FROM pragma_%s()')).toEqual([1, 2, 'wal'])
    const duringTransaction = await db.transaction(async () => [await settingsOf('SELECT * FROM pragma_%s()'),
      Number(await pragma('SELECT * FROM pragma_%s()', 'busy_timeout'))])
    expect(duringTransaction).toEqual([[1, 2, 'wal'], expect.any(Number)])
    expect(duringTransaction[1]).toBeGreaterThanOrEqual(1000)
  })

  test('a read outside the transaction in progress does not see its rows until it commits', async () => {
    const { db } = await aClinic()
    const { auditLog } = await import('../../src/db/schema')
    const { eq } = await import('drizzle-orm')
    const seen = () => db.select().from(auditLog).where(eq(auditLog.action, 'not yet committed')).then((rows) => rows.length)
    let seenDuring = -1
    await db.transaction(async (tx) => {
      await tx.insert(auditLog).values({ action: 'not yet committed' })
      seenDuring = await seen()
    })
    expect(seenDuring).toBe(0)
    expect(await seen()).toBe(1)
  })

  test('writes wait for another process\'s write lock on the event loop, not inside SQLite, then commit', async () => {
    const { db, client } = await aClinic()
    const { auditLog } = await import('../../src/db/schema')
    const file = (await client.execute('PRAGMA database_list')).rows[0]!.file as string
    const otherProcess = new Connection(file) // holds the write lock as another server process would
    otherProcess.exec('BEGIN IMMEDIATE')
    let ticks = 0
    const ticker = setInterval(() => ticks++, 10)
    const writes = Promise.all([
      db.insert(auditLog).values({ action: 'single while locked' }).then(() => 'done'),
      db.transaction(async (tx) => { await tx.insert(auditLog).values({ action: 'transaction while locked' }) }).then(() => 'done'),
    ])
    await Bun.sleep(300)
    const ticksWhileLocked = ticks
    otherProcess.exec('COMMIT')
    otherProcess.close()
    expect(await writes).toEqual(['done', 'done'])
    clearInterval(ticker)
    // SQLite's own busy handler would have held this thread (and the other connection's COMMIT with it)
    expect(ticksWhileLocked).toBeGreaterThanOrEqual(10)
    const { rows } = await client.execute("SELECT count(*) AS n FROM audit_log WHERE action LIKE '% while locked'")
    expect(Number(rows[0]!.n)).toBe(2)
  })

  test('concurrent transactions, batches and single writes all commit, none waits into SQLITE_BUSY', async () => {
    const { db, client } = await aClinic()
    const { auditLog } = await import('../../src/db/schema')
    const started = Date.now()
    await Promise.all(Array.from({ length: 30 }, (_, i) => {
      if (i % 3 === 0) return db.transaction(async (tx) => {
        await tx.insert(auditLog).values({ action: `tx-${i}` })
        await Bun.sleep(5) // an await inside a transaction, as real ones have
        await tx.insert(auditLog).values({ action: `tx-${i}-b` })
      })
      if (i % 3 === 1) return db.batch([db.insert(auditLog).values({ action: `batch-${i}` })])
      return db.insert(auditLog).values({ action: `single-${i}` })
    }))
    const { rows } = await client.execute("SELECT count(*) AS n FROM audit_log WHERE action LIKE 'tx-%' OR action LIKE 'batch-%' OR action LIKE 'single-%'")
    expect(rows[0]!.n).toBe(40)
    expect(Date.now() - started).toBeLessThan(4000) // far inside the 5 s busy timeout a deadlock would hit
  })
})
