import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { readConfig, type Config } from '../../src/config'
import { openDatabase } from '../../src/db/client'
import type { Actor } from '../../src/domain/actor'
import { setUpClinic } from '../../src/domain/clinic'
import type { Mail, MailTransport } from '../../src/domain/mail'
import { createLog } from '../../src/log'
import { createApp } from '../../src/web/app'
import { smtpServers } from './smtp'

export const tempDir = (prefix = 'huddle-test-') => mkdtempSync(join(tmpdir(), prefix))

export function testConfig(overrides: Partial<Config> = {}): Config {
  const dataDir = tempDir()
  return { ...readConfig({ DATA_DIR: dataDir, LOG_LEVEL: 'silent' }), ...overrides }
}

/**
 * A mail transport that keeps what the mail worker sends; given a real SMTP server's received list instead,
 * it reads what arrived there (the app then sends through nodemailer for real).
 */
export function aMailbox(received?: { to: string[]; subject: string; text: string }[]): MailTransport & { sent: Mail[]; linkFor(email: string): Promise<string> } {
  const kept: Mail[] = []
  const sent = () => (received ? received.map((m) => ({ to: m.to[0]!, subject: m.subject, text: m.text })) : kept)
  return {
    get sent() { return sent() },
    async send(mail) { kept.push(mail) },
    /** The path of the newest sign-in link mailed to `email`, waiting for the worker to send it. */
    async linkFor(email) {
      for (const deadline = Date.now() + 3000; Date.now() < deadline; await Bun.sleep(5)) {
        const link = sent().filter((m) => m.to === email).map((m) => m.text.match(/https?:\/\/\S+\/sign-in\/link\/\S+/)?.[0]).findLast(Boolean)
        if (link) return new URL(link).pathname
      }
      throw new Error(`no sign-in link mailed to ${email}`)
    },
  }
}

/** What domain functions that queue mail need to know. */
export const mailContext = { baseUrl: 'http://clinic.test', clinicName: 'Harbour Clinic', address: null }

/** The mail queue as the worker will find it, oldest first. */
export async function queuedMail(client: { execute(sql: string): Promise<{ rows: any[] }> }) {
  const { rows } = await client.execute('SELECT to_address AS "to", subject, body, kind, private, status FROM outbox ORDER BY id')
  return rows as unknown as { to: string; subject: string; body: string; kind: string; private: number; status: string }[]
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
  const smtp = config.smtpUrl ? smtpServers.get(config.smtpUrl) : undefined
  const mailbox = aMailbox(smtp?.received)
  const built = await createApp(config, { mailTransport: smtp ? undefined : mailbox, log: createLog('silent') })
  return { ...built, config, mailbox }
}
