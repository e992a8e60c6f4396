import type { Db } from '../db/client'
import { markPagesOpen } from '../domain/reminders'

const key = (conversationId: string, personId: number) => `${conversationId}:${personId}`

/**
 * Which members have a page of a conversation open in this process, written every few seconds as "open until a bit
 * from now" (and "closed now" once the last page goes), so unread reminders skip people who are looking. Written in
 * batches: a thousand pages opening cost one transaction.
 */
export class PagePresence {
  private open = new Map<string, { conversationId: string; personId: number; pages: number }>()
  private closed = new Map<string, { conversationId: string; personId: number }>()
  private timer: ReturnType<typeof setInterval>

  constructor(private db: Db, private everyMs = 5000) {
    this.timer = setInterval(() => void this.flush(), everyMs)
    this.timer.unref?.()
  }

  opened(conversationId: string, personId: number) {
    const entry = this.open.get(key(conversationId, personId))
    if (entry) entry.pages++
    else this.open.set(key(conversationId, personId), { conversationId, personId, pages: 1 })
    this.closed.delete(key(conversationId, personId))
  }

  closedPage(conversationId: string, personId: number) {
    const entry = this.open.get(key(conversationId, personId))
    if (!entry || --entry.pages > 0) return
    this.open.delete(key(conversationId, personId))
    this.closed.set(key(conversationId, personId), { conversationId, personId })
  }

  async flush(now = Date.now()) {
    const closed = [...this.closed.values()]
    this.closed.clear()
    await markPagesOpen(this.db, [...this.open.values()].map(({ conversationId, personId }) => ({ conversationId, personId })), now + 4 * this.everyMs)
      .catch(() => {})
    await markPagesOpen(this.db, closed, now).catch(() => {})
  }

  stop() { clearInterval(this.timer) }
}
