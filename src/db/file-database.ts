import { Database as Connection, type SQLQueryBindings } from 'bun:sqlite'
import { drizzle as drizzleBun } from 'drizzle-orm/bun-sqlite'
import { migrate } from 'drizzle-orm/bun-sqlite/migrator'
import { join } from 'node:path'
import { drizzle, type AsyncBatchRemoteCallback, type AsyncRemoteCallback } from 'drizzle-orm/sqlite-proxy'
import { Lock } from './lock'
import * as schema from './schema'
import type { Database, Db, SqlClient } from './client'

type Method = Parameters<AsyncRemoteCallback>[2]
const isSelect = (sql: string) => /^\s*select\b/i.test(sql)

function connect(path: string) {
  const connection = new Connection(path, { create: true })
  // busy_timeout first: another process may hold the write lock while this one sets WAL
  connection.exec('PRAGMA busy_timeout = 5000')
  connection.exec('PRAGMA journal_mode = WAL')
  connection.exec('PRAGMA synchronous = FULL')
  connection.exec('PRAGMA foreign_keys = ON')
  return connection
}

/**
 * Another process holds the write lock (WEB_CONCURRENCY, or the CLI): wait for it on the event loop, a few ms at a
 * time, rather than in SQLite's busy handler, which sleeps inside the synchronous call and stalls every request of
 * this process meanwhile. A statement refused as busy changed nothing, so trying it again is safe.
 */
async function whenWritable<T>(attempt: () => T, waitMs = 5000): Promise<T> {
  const giveUpAt = performance.now() + waitMs
  for (let pause = 1; ; pause = Math.min(pause * 2, 16)) {
    try {
      return attempt()
    } catch (error) {
      if ((error as { code?: string }).code !== 'SQLITE_BUSY' || performance.now() > giveUpAt) throw error
    }
    await Bun.sleep(pause)
  }
}

/** Where the schema's migrations are, for either driver. */
export const migrationsFolder = join(import.meta.dir, '../../migrations')

type Run = <T>(sql: string, work: (connection: Connection) => T) => Promise<T>

type RowsAs = 'arrays' | 'objects'

/** One statement: bun:sqlite caches the compiled statement by its text, so a repeated query is not re-prepared. */
function statementOn(connection: Connection, sql: string, params: unknown[], method: Method, rowsAs: RowsAs): { rows: any } {
  const statement = connection.query(sql)
  const bindings = params as SQLQueryBindings[]
  if (method === 'run') return { rows: [], ...statement.run(...bindings) }
  if (rowsAs === 'objects') return { rows: method === 'get' ? statement.get(...bindings) : statement.all(...bindings) }
  const rows = statement.values(...bindings)
  return { rows: method === 'get' ? rows[0] : rows }
}

/**
 * drizzle's async interface over `run`. Raw SQL (`db.all(sql\`…\`)`) has no columns for drizzle to map arrays onto,
 * so it gets rows as objects, as on libSQL.
 */
function drizzleOver(run: Run, batch?: AsyncBatchRemoteCallback): Db {
  const callback = (rowsAs: RowsAs): AsyncRemoteCallback => (sql, params, method) =>
    run(sql, (connection) => statementOn(connection, sql, params, method, rowsAs))
  const asArrays = callback('arrays')
  const db = (batch ? drizzle(asArrays, batch, { schema }) : drizzle(asArrays, { schema })) as unknown as Db
  const session = (db as any).session
  const prepare = session.prepareQuery.bind(session)
  const asObjects = callback('objects')
  session.prepareQuery = (...args: unknown[]) => {
    const prepared = prepare(...args)
    const [, fields, , , customMapper] = args
    if (!fields && !customMapper) prepared.client = asObjects
    return prepared
  }
  return db
}

/**
 * A SQLite file through bun:sqlite, behind drizzle's async interface so the domain runs the same code as on a
 * libSQL server. (drizzle's own bun-sqlite driver runs transactions synchronously: an async callback would be
 * committed at its first await.) Two connections: every write, batch and transaction takes this process's write
 * lock in turn on one; reads go to it too while no transaction is open there, else to the other, so that they never
 * see a transaction in progress. bun:sqlite is synchronous, so a write that waited in SQLite for an open transaction
 * of this process would block the event loop that transaction needs to finish; the lock makes it wait in JavaScript
 * instead.
 */
export function openFileDatabase(url: string): Database {
  const path = url.slice('file:'.length)
  const writer = connect(path)
  // an in-memory database exists once per connection, so it has only one
  const reader = path.includes(':memory:') ? writer : connect(path)
  migrate(drizzleBun(writer), { migrationsFolder })
  // from here on the writer waits for other processes in JavaScript (whenWritable), never inside SQLite
  writer.exec('PRAGMA busy_timeout = 0')
  const lock = new Lock()

  const transaction = <T>(work: () => T | Promise<T>) => lock.run(async () => {
    await whenWritable(() => writer.exec('BEGIN IMMEDIATE'))
    try {
      const result = await work()
      writer.exec('COMMIT')
      return result
    } catch (error) {
      if (writer.inTransaction) writer.exec('ROLLBACK')
      throw error
    }
  })
  const observers = new Set<(sql: string) => void>()
  const seen = (sql: string) => { for (const observer of observers) observer(sql) }
  const inTransaction: Run = async (sql, work) => {
    if (observers.size) seen(sql)
    return work(writer)
  }
  const topLevel: Run = (sql, work) => {
    if (observers.size) seen(sql)
    return isSelect(sql) ? Promise.resolve(read(work)) : lock.run(() => whenWritable(() => work(writer)))
  }
  /**
   * A read goes to the writer while no transaction is open on it: SQLite (WAL) drops a connection's whole page cache
   * when another connection has committed, so on the reader every read after a post re-read every page it touched;
   * the writer's cache survives its own commits. During a transaction, the reader, which never sees it.
   */
  const read = <T>(work: (connection: Connection) => T): T => {
    if (writer.inTransaction) return work(reader)
    try {
      return work(writer)
    } catch (error) {
      // a WAL read is refused only while another process recovers the log after a crash; the writer never waits inside
      // SQLite (busy_timeout 0), the reader does
      if ((error as { code?: string }).code !== 'SQLITE_BUSY') throw error
      return work(reader)
    }
  }

  const tx = drizzleOver(inTransaction)
  tx.transaction = ((work: (t: Db) => Promise<unknown>) => work(tx)) as unknown as Db['transaction']
  const db = drizzleOver(topLevel, (queries) =>
    transaction(() => queries.map((q) => statementOn(writer, q.sql, q.params, q.method, 'arrays'))))
  db.transaction = ((work: (t: Db) => Promise<unknown>) => transaction(() => work(tx))) as unknown as Db['transaction']

  const client: SqlClient = {
    execute(statement) {
      const { sql, args = [] } = typeof statement === 'string' ? { sql: statement } : statement
      const rows = (connection: Connection) => connection.query(sql).all(...(args as SQLQueryBindings[])) as Record<string, unknown>[]
      return topLevel(sql, (connection) => ({ rows: rows(connection) }))
    },
    close() {
      if (reader !== writer) reader.close()
      writer.close()
    },
  }
  const observe = (listener: (sql: string) => void) => {
    observers.add(listener)
    return () => { observers.delete(listener) }
  }
  return { db, client, url, observe }
}
