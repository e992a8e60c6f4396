import { cpSync, existsSync, mkdirSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { eq } from 'drizzle-orm'
import { readConfig } from './config'
import { openDatabase } from './db/client'
import { people } from './db/schema'
import { recordAudit } from './domain/audit'
import { findClinic, publicOriginOf, setPublicOrigin } from './domain/clinic'
import { parseFields, email as emailField, personName } from './domain/fields'
import { findPersonByEmail } from './domain/people'
import { createSignInLink, signInLinkUrl } from './domain/sign-in-links'

const usage = `Usage:
  npm run cli -- create-admin EMAIL NAME   create an admin (or make an existing person one) and print a sign-in link
  npm run cli -- sign-in-link EMAIL        print a one-time sign-in link for a person (last line)
  npm run cli -- backup DIR                copy the database (consistent, while running) and the files into DIR
  npm run cli -- public-url URL            set the address people use (links in mail, the CSRF origin) when PUBLIC_URL is not set`

const config = readConfig()
const [command, ...args] = process.argv.slice(2)

async function main() {
  const { db, client } = await openDatabase(config.databaseUrl)
  const clinic = await findClinic(db)
  // the same origin the server puts in its own mail
  const baseUrl = clinic ? publicOriginOf(clinic, config.publicUrl, `http://localhost:${config.port}`) : config.publicUrl ?? `http://localhost:${config.port}`
  try {
    if (command === 'create-admin' && args.length >= 2) {
      const address = parseFields(emailField, args[0])
      const name = parseFields(personName, args.slice(1).join(' '))
      const existing = await findPersonByEmail(db, address)
      const admin = existing
        ? (await db.update(people).set({ role: 'admin', disabledAt: null }).where(eq(people.id, existing.id)).returning())[0]!
        : (await db.insert(people).values({ name, email: address, role: 'admin' }).returning())[0]!
      await recordAudit(db, { action: existing ? 'person_made_admin' : 'person_added', subject: String(admin.id), address: 'cli' })
      if (!clinic) console.log('Note: the clinic is not set up yet; open the app to run first run.')
      console.log(`Admin ${admin.name} <${admin.email}> is ready. Choose a password with this one-time link (15 minutes):`)
      console.log(signInLinkUrl(baseUrl, await createSignInLink(db, admin.id)))
    } else if (command === 'sign-in-link' && args.length === 1) {
      const person = await findPersonByEmail(db, args[0]!)
      if (!person || person.disabledAt) throw new Error(`No active person with the email ${args[0]}.`)
      await recordAudit(db, { actorId: person.id, action: 'sign_in_link_printed', address: 'cli' })
      console.log(signInLinkUrl(baseUrl, await createSignInLink(db, person.id)))
    } else if (command === 'public-url' && args.length === 1) {
      const origin = await setPublicOrigin(db, args[0]!)
      await recordAudit(db, { action: 'public_origin_changed', subject: origin, address: 'cli' })
      console.log(`Links in mail and the CSRF check now use ${origin}${config.publicUrl ? ` (PUBLIC_URL=${config.publicUrl} still wins while it is set)` : ''}. Restart the server.`)
    } else if (command === 'backup' && args.length === 1) {
      const target = resolve(args[0]!)
      mkdirSync(target, { recursive: true })
      const copy = join(target, 'huddle.db')
      if (existsSync(copy)) throw new Error(`${copy} already exists; choose an empty folder.`)
      await client.execute({ sql: 'VACUUM INTO ?', args: [copy] }) // consistent even while the server writes
      const files = join(config.dataDir, 'files')
      if (existsSync(files)) cpSync(files, join(target, 'files'), { recursive: true })
      console.log(`Backed up the database${existsSync(files) ? ' and files' : ''} to ${target}`)
    } else {
      console.error(usage)
      process.exitCode = 2
    }
  } finally {
    client.close()
  }
}

main().catch((error) => {
  console.error(error instanceof Error ? error.message : error)
  process.exitCode = 1
})
