import type { Db } from '../db/client'
import { queueUnreadReminders } from '../domain/reminders'
import type { MailContext } from '../domain/sign-in-links'
import { describeError, type Log } from '../log'

/** Looks for due unread reminders a few times per threshold (at most every minute). */
export function startUnreadReminders(db: Db, thresholdMs: number, mailContext: () => Promise<MailContext>, log: Log) {
  const sweep = async () => {
    try {
      await queueUnreadReminders(db, Date.now(), thresholdMs, await mailContext())
    } catch (error) {
      log.error('unread reminders failed', { error: describeError(error) })
    }
  }
  const timer = setInterval(sweep, Math.min(60_000, Math.max(200, thresholdMs / 4)))
  timer.unref?.()
  return { stop: () => clearInterval(timer) }
}
