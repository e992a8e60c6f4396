import { createClient } from '@libsql/client'
import { drizzle } from 'drizzle-orm/libsql'
import { migrate } from 'drizzle-orm/libsql/migrator'
import type { SqliteRemoteDatabase } from 'drizzle-orm/sqlite-proxy'
import { mkdirSync } from 'node:fs'
import { dirname } from 'node:path'
import { migrationsFolder, openFileDatabase } from './file-database'
import { oneWriter } from './one-writer'
import * as schema from './schema'

/** The domain's view of the database: drizzle's async SQLite interface, whichever driver runs underneath. */
export type Db = SqliteRemoteDatabase<typeof schema>
/** Plain SQL for operators' tools (health, backup, tests): rows as objects. */
export type SqlClient = {
  execute(statement: string | { sql: string; args?: unknown[] }): Promise<{ rows: Record<string, unknown>[] }>
  close(): void
}
export type Database = {
  db: Db; client: SqlClient; url: string
  /** Calls `listener` with each statement's SQL until the returned function is called (file databases). */
  observe?(listener: (sql: string) => void): () => void
}

/** Moves the WAL into the database file and empties it, so a stopped server leaves one self-contained file. */
export async function checkpoint(database: Database) {
  if (database.url.startsWith('file:')) await database.client.execute('PRAGMA wal_checkpoint(TRUNCATE)')
}

/**
 * Opens the database and applies every pending migration. A file (`file:PATH`) runs on bun:sqlite, the fastest
 * driver measured here (tests/bench/drivers.ts); a libSQL server URL (`libsql://`, `http(s)://`) on @libsql/client.
 * Both give foreign_keys=ON, synchronous=FULL (file) and a 5 s busy timeout.
 */
export async function openDatabase(url: string): Promise<Database> {
  if (url.startsWith('file:')) {
    if (!url.includes(':memory:')) mkdirSync(dirname(url.slice('file:'.length)), { recursive: true })
    return openFileDatabase(url)
  }
  const client = oneWriter(createClient({ url, timeout: 5000 }))
  const db = drizzle(client, { schema })
  await migrate(db, { migrationsFolder })
  return { db: db as unknown as Db, client: client as unknown as SqlClient, url }
}
