import { describeError, type Log } from '../log'

const longestTimeout = 2 ** 31 - 1

/**
 * A background worker over rows that fall due: woken after a write, by its own timer when the next row is due,
 * and on start for whatever a previous process left. One run at a time; a wake during a run runs it again.
 */
export abstract class WorkLoop {
  private timer: ReturnType<typeof setTimeout> | undefined
  private running: Promise<void> | undefined
  private again = false
  private stopped = false

  constructor(protected log: Log, private name: string) {}

  /** Works one batch of what is due; false when nothing was. */
  protected abstract workBatch(): Promise<boolean>
  protected abstract nextDueAt(): Promise<number | undefined>
  /** A worker that cannot work (no Stripe key, say) is never woken. */
  protected canWork() { return true }

  wake() {
    if (this.stopped || !this.canWork()) return
    if (this.running) {
      this.again = true
      return
    }
    this.running = this.run().finally(() => { this.running = undefined })
  }

  /** Resolves once nothing is being worked on (for tests and shutdown). */
  async idle() {
    while (this.running) await this.running
  }

  async stop() {
    this.stopped = true
    if (this.timer) clearTimeout(this.timer)
    await this.idle()
  }

  private async run() {
    try {
      do {
        this.again = false
        while (!this.stopped && await this.workBatch());
        if (this.stopped) return
      } while (this.again)
      await this.scheduleNext()
    } catch (error) {
      this.log.error(`${this.name} stopped on an error`, { error: describeError(error) })
    }
  }

  private async scheduleNext() {
    if (this.timer) clearTimeout(this.timer)
    const at = await this.nextDueAt()
    if (at === undefined || this.stopped) return
    this.timer = setTimeout(() => this.wake(), Math.min(Math.max(at - Date.now(), 0) + 5, longestTimeout))
    this.timer.unref?.()
  }
}
