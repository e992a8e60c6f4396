import type { Db } from '../db/client'
import { claimDueMail, markMailFailedAttempt, markMailKept, markMailSent, nextMailDueAt, type MailTransport, type OutboxMail } from '../domain/mail'
import type { Log } from '../log'
import { WorkLoop } from './work-loop'

/**
 * nodemailer over SMTP_URL, loaded only when used (it is a third of the app's start-up time). Its time-outs
 * end a try well inside the worker's lease, so no other process takes the same mail while it is still being sent.
 */
export function smtpTransport(smtpUrl: string, from: string): MailTransport {
  const transport = import('nodemailer').then(({ default: nodemailer }) =>
    nodemailer.createTransport({ url: smtpUrl, connectionTimeout: 10_000, greetingTimeout: 10_000, socketTimeout: 30_000 }))
  return { async send(mail) { await (await transport).sendMail({ from, ...mail }) } }
}

/**
 * Sends what is queued in the outbox: woken after a request queues mail, by its own timer when a retry is
 * due, and on start for whatever an earlier process left. With no transport, mail is kept for the Outbox.
 */
export class MailWorker extends WorkLoop {
  constructor(private db: Db, private transport: MailTransport | undefined, log: Log, private leaseMs = 60_000) {
    super(log, 'mail worker')
  }

  start() { this.wake() }

  /** Whether mail leaves at all (an SMTP server is configured) or is kept for the Outbox. */
  get delivers() { return !!this.transport }

  protected async workBatch() {
    const batch = await claimDueMail(this.db, Date.now(), this.leaseMs, 10)
    await Promise.all(batch.map((mail) => this.deliver(mail)))
    return batch.length > 0
  }

  protected nextDueAt() { return nextMailDueAt(this.db) }

  private async deliver(mail: OutboxMail) {
    if (!this.transport) {
      await markMailKept(this.db, mail)
      this.log.info('mail kept in the outbox (no SMTP_URL)', { mail: mail.id, kind: mail.kind })
      return
    }
    try {
      await this.transport.send({ to: mail.to, subject: mail.subject, text: mail.body })
      await markMailSent(this.db, mail)
      this.log.info('mail sent', { mail: mail.id, kind: mail.kind })
    } catch (error) {
      await markMailFailedAttempt(this.db, mail, error instanceof Error ? error.message : String(error))
      // the error may quote the address: the log gets its code only
      const code = (error as { responseCode?: number; code?: string }).responseCode ?? (error as { code?: string }).code ?? 'error'
      this.log.warn('mail not sent; will retry', { mail: mail.id, kind: mail.kind, attempt: mail.attempts + 1, code })
    }
  }
}
