import type { Db } from '../db/client'
import { eventsOf, type EventView } from '../domain/messages'

const keep = 50
const page = 500

/**
 * The newest events of one conversation, read once per process however many of its streams are open. A wake-up
 * (from the bus, or none at all) only says "look": the tail reads `id > newest it holds` from the database, and
 * ids follow commit order, so nothing can be skipped. A stream further behind than the tail reaches reads its
 * own way forward from the database.
 */
export class ConversationTail {
  /** Every event with an id above `from` is in `events`, once the first reader set it. */
  private from: number | undefined
  private events: EventView[] = []
  private reading: Promise<void> | undefined
  private next: Promise<void> | undefined
  streams = 0

  constructor(private db: Db, private conversationId: string) {}

  /**
   * What came after `after`, newest read first; undefined when `after` is older than the tail reaches. `upTo`: the
   * event whose news woke the asker; once the tail holds it, no read is needed for this asker.
   */
  async after(after: number, upTo?: number): Promise<EventView[] | undefined> {
    this.from ??= after
    if (after < this.from) return undefined
    await this.catchUp(upTo)
    if (after < this.from) return undefined
    const first = this.events.findIndex((event) => event.id > after)
    return first < 0 ? [] : this.events.slice(first)
  }

  private newest() { return this.events.at(-1)?.id ?? this.from! }

  /**
   * One read at a time. Asked during a read, one more read follows it (what woke the asker may have come after that
   * read began), unless the asker names the event that woke it and the read under way brought it: the 25 pages of a
   * conversation, woken by one post, share one read.
   */
  private async catchUp(upTo?: number): Promise<void> {
    if (upTo !== undefined && this.newest() >= upTo) return
    if (!this.reading) {
      this.reading = this.read().finally(() => { this.reading = undefined })
      return this.reading
    }
    if (upTo !== undefined) {
      await this.reading.catch(() => {})
      // not brought by the read under way (it began before that event's commit): one more read, as for anyone
      return this.newest() >= upTo ? undefined : this.catchUp()
    }
    this.next ??= this.reading.catch(() => {}).then(() => {
      this.next = undefined
      return this.catchUp()
    })
    return this.next
  }

  private async read() {
    for (;;) {
      const fresh = await eventsOf(this.db, this.conversationId, { after: this.newest(), limit: page })
      this.events.push(...fresh)
      if (fresh.length < page) break
    }
    if (this.events.length > keep) {
      const dropped = this.events.length - keep
      this.from = this.events[dropped - 1]!.id
      this.events = this.events.slice(dropped)
    }
  }
}

/** The tails of the conversations with open streams in this process. */
export class ConversationTails {
  private tails = new Map<string, ConversationTail>()
  constructor(private db: Db) {}

  open(conversationId: string) {
    let tail = this.tails.get(conversationId)
    if (!tail) this.tails.set(conversationId, (tail = new ConversationTail(this.db, conversationId)))
    tail.streams++
    return tail
  }

  close(conversationId: string) {
    const tail = this.tails.get(conversationId)
    if (tail && --tail.streams === 0) this.tails.delete(conversationId)
  }
}
