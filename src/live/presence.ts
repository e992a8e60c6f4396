import type { Db } from '../db/client'
import { markPagesOpen } from '../domain/reminders'

const key = (conversationId: string, personId: number) => `${conversationId}:${personId}`

/**
 * Which members have a page of a conversation open in this process, written as "open until a minute from now" and
 * again when half of that has passed (and "closed now" once the last page goes), so unread reminders skip people
 * who are looking. Written in batches every few seconds: a thousand pages opening cost one transaction, and 10,000
 * pages that stay open cost 10,000 rows every half minute, not every few seconds. (Another process's "closed now"
 * for a person whose page is still open here is written over within that half minute, far inside the reminder's wait.)
 */
export class PagePresence {
  private open = new Map<string, { conversationId: string; personId: number; pages: number; writtenUntil: number }>()
  private closed = new Map<string, { conversationId: string; personId: number }>()
  private timer: ReturnType<typeof setInterval>

  constructor(private db: Db, private everyMs = 5000, private holdMs = 60_000) {
    this.timer = setInterval(() => void this.flush(), everyMs)
    this.timer.unref?.()
  }

  opened(conversationId: string, personId: number) {
    const entry = this.open.get(key(conversationId, personId))
    if (entry) entry.pages++
    else this.open.set(key(conversationId, personId), { conversationId, personId, pages: 1, writtenUntil: 0 })
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
    const until = now + this.holdMs
    const due = [...this.open.values()].filter((entry) => entry.writtenUntil - now <= this.holdMs / 2)
    await markPagesOpen(this.db, due.map(({ conversationId, personId }) => ({ conversationId, personId })), until)
      .then(() => { for (const entry of due) entry.writtenUntil = until }, () => {})
    await markPagesOpen(this.db, closed, now).catch(() => {})
  }

  stop() { clearInterval(this.timer) }
}
