import { createClient, type Client } from '@libsql/client'
import { drizzle, type LibSQLDatabase } from 'drizzle-orm/libsql'
import { migrate } from 'drizzle-orm/libsql/migrator'
import { mkdirSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { oneWriter } from './one-writer'
import * as schema from './schema'

export type Db = LibSQLDatabase<typeof schema>
export type Database = { db: Db; client: Client; url: string }

const migrationsFolder = join(import.meta.dir, '../../migrations')

/**
 * Opens the database and applies every pending migration.
 * libSQL opens connections lazily from a pool; each gets foreign_keys=ON and
 * synchronous=FULL by default and busy_timeout from `timeout`, which a test checks.
 */
/** Moves the WAL into the database file and empties it, so a stopped server leaves one self-contained file. */
export async function checkpoint(database: Database) {
  if (database.url.startsWith('file:')) await database.client.execute('PRAGMA wal_checkpoint(TRUNCATE)')
}

export async function openDatabase(url: string): Promise<Database> {
  const isFile = url.startsWith('file:')
  if (isFile && !url.includes(':memory:')) mkdirSync(dirname(url.slice('file:'.length)), { recursive: true })
  const client = oneWriter(createClient({ url, timeout: 5000 }))
  if (isFile) {
    await client.execute('PRAGMA journal_mode = WAL')
    await client.execute('PRAGMA synchronous = FULL')
    await client.execute('PRAGMA foreign_keys = ON')
  }
  const db = drizzle(client, { schema })
  await migrate(db, { migrationsFolder })
  return { db, client, url }
}
