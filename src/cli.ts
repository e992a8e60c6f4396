import { existsSync } from 'node:fs'
import { eq } from 'drizzle-orm'
import { printableUrl, readConfig } from './config'
import { backUp, databaseFile, restore } from './db/backups'
import { openDatabase } from './db/client'
import { people } from './db/schema'
import { otherServerProcesses } from './db/server-processes'
import { recordAudit } from './domain/audit'
import { findClinic, publicOriginOf, setPublicOrigin } from './domain/clinic'
import { parseFields, email as emailField, personName } from './domain/fields'
import { findPersonByEmail } from './domain/people'
import { createSignInLink, signInLinkUrl } from './domain/sign-in-links'

const usage = `Usage:
  npm run cli -- create-admin EMAIL NAME   create an admin (or make an existing person one) and print a sign-in link
  npm run cli -- sign-in-link EMAIL        print a one-time sign-in link for a person (last line)
  npm run cli -- backup DIR                copy the database (consistent, while running) and the files into DIR
  npm run cli -- restore DIR               put a backup from DIR in place (the server must be stopped)
  npm run cli -- public-url URL            set the address people use (links in mail, the CSRF origin) when PUBLIC_URL is not set
Run it with the server's own DATA_DIR (or DATABASE_URL) and PUBLIC_URL.`

const config = readConfig()
const [command, ...args] = process.argv.slice(2)

/** Opens the server's existing database; never makes a new, empty one (a cron job missing DATA_DIR would back that up forever). */
async function openExisting() {
  const file = databaseFile(config.databaseUrl)
  if (file && !existsSync(file)) {
    throw new Error(`No database at ${file}. Set DATA_DIR (or DATABASE_URL) to the server's, or start the server once to create it.`)
  }
  return openDatabase(config.databaseUrl)
}

async function withDatabase(work: (database: Awaited<ReturnType<typeof openDatabase>>) => Promise<string[]>) {
  const database = await openExisting()
  try {
    for (const line of await work(database)) console.log(line)
  } finally {
    database.client.close()
  }
}

/** The same origin the server puts in its own mail. */
async function linkBase(db: Awaited<ReturnType<typeof openDatabase>>['db']) {
  const clinic = await findClinic(db)
  const fallback = `http://localhost:${config.port}`
  return clinic ? publicOriginOf(clinic, config.publicUrl, fallback) : config.publicUrl ?? fallback
}

const commands: Record<string, { args: (n: number) => boolean; run: () => Promise<void> }> = {
  'create-admin': { args: (n) => n >= 2, run: () => withDatabase(async ({ db }) => {
    const address = parseFields(emailField, args[0])
    const name = parseFields(personName, args.slice(1).join(' '))
    const existing = await findPersonByEmail(db, address)
    const admin = existing
      ? (await db.update(people).set({ role: 'admin', disabledAt: null }).where(eq(people.id, existing.id)).returning())[0]!
      : (await db.insert(people).values({ name, email: address, role: 'admin' }).returning())[0]!
    await recordAudit(db, { action: existing ? 'person_made_admin' : 'person_added', subject: String(admin.id), address: 'cli' })
    return [
      ...(await findClinic(db) ? [] : ['Note: the clinic is not set up yet; open the app to run first run.']),
      `Admin ${admin.name} <${admin.email}> is ready. Choose a password with this one-time link (15 minutes):`,
      signInLinkUrl(await linkBase(db), await createSignInLink(db, admin.id)),
    ]
  }) },
  'sign-in-link': { args: (n) => n === 1, run: () => withDatabase(async ({ db }) => {
    const person = await findPersonByEmail(db, args[0]!)
    if (!person || person.disabledAt) throw new Error(`No active person with the email ${args[0]}.`)
    await recordAudit(db, { actorId: person.id, action: 'sign_in_link_printed', address: 'cli' })
    return [signInLinkUrl(await linkBase(db), await createSignInLink(db, person.id))]
  }) },
  'public-url': { args: (n) => n === 1, run: () => withDatabase(async ({ db }) => {
    const origin = await setPublicOrigin(db, args[0]!)
    await recordAudit(db, { action: 'public_origin_changed', subject: origin, address: 'cli' })
    const note = config.publicUrl ? ` (PUBLIC_URL=${config.publicUrl} still wins while it is set)` : ''
    return [`Links in mail and the CSRF check now use ${origin}${note}. Restart the server.`]
  }) },
  backup: { args: (n) => n === 1, run: () => withDatabase(async (database) => [await backUp(database, config.dataDir, args[0]!)]) },
  restore: { args: (n) => n === 1, run: async () => {
    const file = databaseFile(config.databaseUrl)
    if (!file) throw new Error(`Restore works on a database file; DATABASE_URL=${printableUrl(config.databaseUrl)} is a server: use its own tools.`)
    if (existsSync(file)) {
      await withDatabase(async ({ db }) => {
        const [running] = await otherServerProcesses(db)
        if (running) throw new Error(`A server (pid ${running.pid} on ${running.host}) is using ${config.dataDir}. Stop it first, then restore.`)
        return []
      })
    }
    console.log(restore(args[0]!, config.dataDir))
  } },
}

const chosen = command ? commands[command] : undefined
if (!chosen || !chosen.args(args.length)) {
  console.error(usage)
  process.exitCode = 2
} else {
  await chosen.run().catch((error) => {
    console.error(error instanceof Error ? error.message : error)
    process.exitCode = 1
  })
}
