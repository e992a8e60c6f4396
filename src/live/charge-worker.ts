import type Stripe from 'stripe'
import type { Db } from '../db/client'
import { otherServerProcesses } from '../db/server-processes'
import { claimDue, nextDueAt, recordOutcome, resumePending, type Charge } from '../domain/charges'
import { attemptCharge } from '../domain/charging'
import { describeError, type Log } from '../log'
import { conversationTopic, type Bus } from './bus'
import { WorkLoop } from './work-loop'

export type ChargeWorkerOptions = { concurrency: number; timeoutMs: number }

/**
 * Charges a process that died left mid-attempt become due now, unless other server processes run: their leases are
 * live claims, and a dead process's leases run out on their own. Returns how many were made due.
 */
export async function resumeLeftCharges(db: Db) {
  return (await otherServerProcesses(db)).length === 0 ? resumePending(db) : 0
}

/**
 * Charges what Complete left pending: woken by Complete and by a retry, by its own timer when a
 * charge is due again, and on start for whatever a previous process left half-done. Each settled
 * charge is told to the conversation's open pages (its host sees it).
 */
export class ChargeWorker extends WorkLoop {
  constructor(private db: Db, private stripe: Stripe | undefined, private bus: Bus, log: Log, private options: ChargeWorkerOptions) {
    super(log, 'charge worker')
  }

  /** Picks up charges a process that died left pending (`resume`: unless a supervisor did), then works through what is due. */
  async start(resume = true) {
    const resumed = resume ? await resumeLeftCharges(this.db) : 0
    if (resumed) this.log.info('resuming pending charges', { count: resumed })
    if (!this.stripe && await nextDueAt(this.db) !== undefined) this.log.warn('pending charges wait for STRIPE_SECRET_KEY to be set')
    this.wake()
  }

  protected canWork() { return !!this.stripe }

  protected async workBatch() {
    // a claim holds a charge for two time-outs; a crash mid-attempt leaves it due after that
    const batch = await claimDue(this.db, Date.now(), 2 * this.options.timeoutMs + 5000, this.options.concurrency)
    await Promise.all(batch.map((charge) => this.attempt(charge)))
    return batch.length > 0
  }

  protected nextDueAt() { return nextDueAt(this.db) }

  private async attempt(charge: Charge) {
    try {
      const outcome = await attemptCharge(this.db, this.stripe!, charge, this.options.timeoutMs)
      const settled = await recordOutcome(this.db, charge, outcome)
      if (!settled) return
      this.log.info('charge attempted', { charge: settled.id, attempt: settled.attempt, status: settled.status })
      this.bus.publish(conversationTopic(settled.conversationId), { kind: 'charges', conversationId: settled.conversationId })
    } catch (error) {
      this.log.error('charge attempt failed', { charge: charge.id, error: describeError(error) })
    }
  }
}
