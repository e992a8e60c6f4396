import type { Db } from '../db/client'
import type { Viewer } from '../domain/actor'
import { listConversations, unreadCount } from '../domain/conversations'

type Read<T> = { startedAt: number; result: Promise<T> }

/** Reads shared by every stream that asks for the same thing at once: a read started after `notBefore` serves them all. */
class SharedReads<K, T> {
  private recent = new Map<K, Read<T>>()

  get(key: K, notBefore: number, start: () => Promise<T>) {
    const known = this.recent.get(key)
    if (known && known.startedAt >= notBefore) return known.result
    const read: Read<T> = { startedAt: performance.now(), result: start() }
    this.recent.set(key, read)
    const forget = () => { if (this.recent.get(key) === read) this.recent.delete(key) }
    read.result.then(() => setTimeout(forget, 1000).unref?.(), forget)
    return read.result
  }
}

/** People's conversation lists and unread counts for their open streams: one read per person (and conversation) at once. */
export class ConversationLists {
  private lists = new SharedReads<number, Awaited<ReturnType<typeof listConversations>>>()
  private unread = new SharedReads<string, number>()
  constructor(private db: Db) {}

  /** The list read no earlier than `notBefore` (a `performance.now()` at the change that asked for it). */
  sectionsFor(person: Viewer, notBefore: number) {
    return this.lists.get(person.id, notBefore, () => listConversations(this.db, person))
  }

  /** One conversation's unread count for the person, read no earlier than `notBefore`. */
  unreadFor(personId: number, conversationId: string, notBefore: number) {
    return this.unread.get(`${personId} ${conversationId}`, notBefore, () => unreadCount(this.db, personId, conversationId))
  }
}
