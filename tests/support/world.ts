import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { readConfig, type Config } from '../../src/config'
import { openDatabase } from '../../src/db/client'
import type { Actor } from '../../src/domain/actor'
import { setUpClinic } from '../../src/domain/clinic'
import type { Mail, Mailer } from '../../src/domain/mail'
import { createLog } from '../../src/log'
import { createApp } from '../../src/web/app'

export const tempDir = (prefix = 'huddle-test-') => mkdtempSync(join(tmpdir(), prefix))

export function testConfig(overrides: Partial<Config> = {}): Config {
  const dataDir = tempDir()
  return { ...readConfig({ DATA_DIR: dataDir, LOG_LEVEL: 'silent' }), ...overrides }
}

/** A mailer that keeps what it was asked to send. */
export function aMailbox(): Mailer & { sent: Mail[]; linkFor(email: string): string } {
  const sent: Mail[] = []
  return {
    viaSmtp: true,
    sent,
    async send(mail) { sent.push(mail) },
    linkFor(email) {
      const mail = sent.findLast((m) => m.to === email)
      const link = mail?.text.match(/https?:\/\/\S+\/sign-in\/link\/\S+/)?.[0]
      if (!link) throw new Error(`no sign-in link mailed to ${email}`)
      return new URL(link).pathname
    },
  }
}

export const firstRunInput = {
  clinicName: 'Harbour Clinic', timeZone: 'Europe/Paris', currency: 'EUR',
  yourName: 'Ada Admin', email: 'ada@harbour.example', password: 'correct horse battery',
}

/** An opened, migrated database (in a temp file) with nothing in it. */
export async function aDatabase() {
  return openDatabase(`file:${join(tempDir(), 'huddle.db')}`)
}

/** A database with a set-up clinic and its first admin. */
export async function aClinic() {
  const database = await aDatabase()
  const admin = await setUpClinic(database.db, firstRunInput, '127.0.0.1')
  const adminActor: Actor = { id: admin.id, name: admin.name, email: admin.email, role: admin.role }
  return { ...database, admin: adminActor }
}

/** The whole web app over a fresh database, with a capturing mailbox. */
export async function anApp(overrides: Partial<Config> = {}) {
  const config = testConfig(overrides)
  const mailbox = aMailbox()
  const built = await createApp(config, { mailer: mailbox, log: createLog('silent') })
  return { ...built, config, mailbox }
}
