import { cpSync, existsSync, mkdirSync, renameSync } from 'node:fs'
import { join, resolve } from 'node:path'
import type { Database } from './client'

/** The database file behind a `file:` URL; nothing for a libSQL server. */
export const databaseFile = (databaseUrl: string) => (databaseUrl.startsWith('file:') ? resolve(databaseUrl.slice('file:'.length)) : undefined)

/** What a copy holds, so an operator (and cron's mail) can tell an empty backup from a real one. */
async function contents(database: Pick<Database, 'client'>) {
  const count = async (table: string) => Number((await database.client.execute(`SELECT count(*) AS n FROM ${table}`)).rows[0]!.n)
  return { people: await count('people'), conversations: await count('conversations'), events: await count('events') }
}
const describe = (held: Awaited<ReturnType<typeof contents>>) =>
  `${held.people} people, ${held.conversations} conversations, ${held.events} conversation events`

/** A consistent copy (VACUUM INTO, safe while the server writes) plus the files, into an empty folder. */
export async function backUp(database: Database, dataDir: string, targetDir: string) {
  const target = resolve(targetDir)
  mkdirSync(target, { recursive: true })
  const copy = join(target, 'huddle.db')
  if (existsSync(copy)) throw new Error(`${copy} already exists; choose an empty folder.`)
  await database.client.execute({ sql: 'VACUUM INTO ?', args: [copy] })
  const files = join(dataDir, 'files')
  if (existsSync(files)) cpSync(files, join(target, 'files'), { recursive: true })
  const source = databaseFile(database.url) ?? database.url
  return `Backed up ${source} (${describe(await contents(database))})${existsSync(files) ? ` and ${files}` : ''} to ${target}`
}

/**
 * Puts a backup in place of the data folder's database while no server runs. The database it replaces is kept
 * beside it, with its -wal and -shm, which must never stay next to another database (SQLite would apply them to it).
 */
export function restore(backupDir: string, dataDir: string) {
  const source = join(resolve(backupDir), 'huddle.db')
  if (!existsSync(source)) throw new Error(`No huddle.db in ${resolve(backupDir)}: name the folder a backup was written to.`)
  mkdirSync(dataDir, { recursive: true })
  const target = join(dataDir, 'huddle.db')
  const keptAs = `${target}.before-restore-${new Date().toISOString().replace(/[:.]/g, '-')}`
  const moved: string[] = []
  for (const suffix of ['', '-wal', '-shm']) {
    if (existsSync(target + suffix)) {
      renameSync(target + suffix, keptAs + suffix)
      moved.push(keptAs + suffix)
    }
  }
  cpSync(source, target)
  const files = join(resolve(backupDir), 'files')
  if (existsSync(files)) cpSync(files, join(dataDir, 'files'), { recursive: true })
  return `Restored ${source} into ${target}${moved.length ? `; the database it replaced is kept as ${keptAs}` : ''}. Start the server.`
}

