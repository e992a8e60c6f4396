// Issue 14 groundwork: one primary-key lookup of a person (8 columns) through each candidate driver, side by side on
// the same migrated file, and 50 inserts in one transaction with synchronous = FULL.
// Run: bun tests/bench/drivers.ts [lookups=20000]   (prints Markdown for BENCHMARKS.md)
import { Database as BunSqlite } from 'bun:sqlite'
import { eq, sql } from 'drizzle-orm'
import { drizzle as drizzleBun } from 'drizzle-orm/bun-sqlite'
import { join } from 'node:path'
import { createClient } from '@libsql/client'
import { drizzle as drizzleLibsql } from 'drizzle-orm/libsql'
import { openDatabase } from '../../src/db/client'
import * as schema from '../../src/db/schema'
import { tempDir } from '../support/world'

const lookups = Number(process.argv[2] ?? 20_000)
const file = join(tempDir(), 'huddle.db')
const { db: huddle, client: huddleClient } = await openDatabase(`file:${file}`)
await huddleClient.execute(`WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 1000)
  INSERT INTO people (name, email, role) SELECT 'Person ' || i, 'p' || i || '@bench.example', 'patient' FROM n`)
const libsqlClient = createClient({ url: `file:${file}` })
const libsqlDrizzle = drizzleLibsql(libsqlClient, { schema })
const bun = new BunSqlite(file)
bun.exec('PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL; PRAGMA foreign_keys = ON; PRAGMA busy_timeout = 5000')
const bunDrizzle = drizzleBun(bun, { schema })

const id = (i: number) => (i % 1000) + 1
async function time(name: string, run: (i: number) => unknown) {
  for (let i = 0; i < 500; i++) await run(i) // warm up
  const start = performance.now()
  for (let i = 0; i < lookups; i++) await run(i)
  return [name, ((performance.now() - start) * 1000) / lookups] as const
}

const huddlePrepared = huddle.select().from(schema.people).where(eq(schema.people.id, sql.placeholder('id'))).prepare()
const prepared = bunDrizzle.select().from(schema.people).where(eq(schema.people.id, sql.placeholder('id'))).prepare()
const cached = bun.query('SELECT * FROM people WHERE id = ?')
const rows = [
  await time('drizzle query built per call over @libsql/client (before issue 14)', (i) => libsqlDrizzle.select().from(schema.people).where(eq(schema.people.id, id(i)))),
  await time('@libsql/client execute', (i) => libsqlClient.execute({ sql: 'SELECT * FROM people WHERE id = ?', args: [id(i)] })),
  await time('drizzle query built per call over bun:sqlite', (i) => bunDrizzle.select().from(schema.people).where(eq(schema.people.id, id(i))).all()),
  await time('drizzle prepared query over bun:sqlite', (i) => prepared.all({ id: id(i) })),
  await time('bun:sqlite cached statement', (i) => cached.all(id(i))),
  await time("Huddle's file database (bun:sqlite behind drizzle's async interface), built per call", (i) => huddle.select().from(schema.people).where(eq(schema.people.id, id(i)))),
  await time("Huddle's file database, prepared query", (i) => huddlePrepared.all({ id: id(i) })),
]

const inserts = async (name: string, run: () => unknown) => {
  const start = performance.now()
  for (let round = 0; round < 50; round++) await run()
  return [name, ((performance.now() - start) * 1000) / 50] as const
}
const audit = (n: number) => ({ action: 'bench', subject: String(n), address: null })
const tx = [
  await inserts('50 inserts in one transaction, @libsql/client (through drizzle)', () => libsqlDrizzle.transaction(async (t) => {
    for (let n = 0; n < 50; n++) await t.insert(schema.auditLog).values(audit(n))
  })),
  await inserts("50 inserts in one transaction, Huddle's file database", () => huddle.transaction(async (t) => {
    for (let n = 0; n < 50; n++) await t.insert(schema.auditLog).values(audit(n))
  })),
  await inserts('50 inserts in one transaction, bun:sqlite (through drizzle)', () => bunDrizzle.transaction((t) => {
    for (let n = 0; n < 50; n++) t.insert(schema.auditLog).values(audit(n)).run()
  })),
]
bun.close()
libsqlClient.close()
huddleClient.close()
console.log(`${lookups} lookups by primary key, one file, WAL, synchronous = FULL; Bun ${Bun.version}.\n`)
console.log('| path | µs per query |\n| --- | --- |')
for (const [name, us] of rows) console.log(`| ${name} | ${us.toFixed(1)} |`)
console.log('\n| write | µs per transaction |\n| --- | --- |')
for (const [name, us] of tx) console.log(`| ${name} | ${us.toFixed(0)} |`)
