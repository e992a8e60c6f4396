import type { Db } from '../db/client'
import { endExpiredSessions, type SessionPolicy } from '../domain/sessions'
import { describeError, type Log } from '../log'

/**
 * Ends sessions that went idle or too old and closes their open streams: an open page alone does not keep
 * a session alive, so an unattended screen stops receiving health information when its session ends.
 */
export function startSessionSweep(db: Db, policy: SessionPolicy, log: Log) {
  const sweep = async () => {
    try {
      await endExpiredSessions(db, policy) // which announces each ended session
    } catch (error) {
      log.error('session sweep failed', { error: describeError(error) })
    }
  }
  const timer = setInterval(sweep, Math.min(15_000, Math.max(200, policy.idleMs / 4)))
  timer.unref?.()
  return { stop: () => clearInterval(timer) }
}
