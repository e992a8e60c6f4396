import { desc } from 'drizzle-orm'
import type { Db } from '../db/client'
import { outbox } from '../db/schema'
import type { Log } from '../log'
import { requireAdmin, type Actor } from './actor'

/** Mail never carries health information: invitations and links only, the rest stays behind sign-in. */
export type Mail = { to: string; subject: string; text: string }
export type Mailer = { send(mail: Mail): Promise<void>; viaSmtp: boolean }

/** SMTP when configured; otherwise the mail is logged and kept for admins on the Outbox page. */
export function createMailer(db: Db, opts: { smtpUrl?: string; from: string; log: Log }): Mailer {
  if (opts.smtpUrl) {
    // loaded only when used: nodemailer is a third of the app's start-up time
    const transport = import('nodemailer').then(({ default: nodemailer }) => nodemailer.createTransport(opts.smtpUrl))
    return {
      viaSmtp: true,
      async send(mail) {
        await (await transport).sendMail({ from: opts.from, ...mail })
        opts.log.info('mail sent', { subject: mail.subject })
      },
    }
  }
  return {
    viaSmtp: false,
    async send(mail) {
      await db.insert(outbox).values({ to: mail.to, subject: mail.subject, body: mail.text })
      opts.log.info('mail kept in the outbox (no SMTP_URL)', { to: mail.to, subject: mail.subject, text: mail.text })
    },
  }
}

export async function listOutbox(db: Db, actor: Actor) {
  requireAdmin(actor)
  return db.select().from(outbox).orderBy(desc(outbox.id)).limit(200)
}
