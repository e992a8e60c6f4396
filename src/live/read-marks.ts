import type { Db } from '../db/client'
import { markManyRead } from '../domain/conversations'

/**
 * What closing pages showed live, written once a second in one transaction: 10,000 pages closing
 * together cost one commit, not 10,000.
 */
export class ReadMarkBuffer {
  private marks = new Map<string, { conversationId: string; personId: number; eventId: number }>()
  private timer: ReturnType<typeof setInterval>

  constructor(private db: Db, everyMs = 1000) {
    this.timer = setInterval(() => void this.flush(), everyMs)
    this.timer.unref?.()
  }

  note(conversationId: string, personId: number, eventId: number) {
    const key = `${conversationId}:${personId}`
    const known = this.marks.get(key)
    if (!known || known.eventId < eventId) this.marks.set(key, { conversationId, personId, eventId })
  }

  async flush() {
    if (this.marks.size === 0) return
    const marks = [...this.marks.values()]
    this.marks.clear()
    await markManyRead(this.db, marks).catch(() => {})
  }

  stop() { clearInterval(this.timer) }
}
