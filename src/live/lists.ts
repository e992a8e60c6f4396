import type { Db } from '../db/client'
import type { Actor } from '../domain/actor'
import { listConversations } from '../domain/conversations'

type Read = { startedAt: number; sections: ReturnType<typeof listConversations> }

/** People's conversation lists for their open streams: one read serves every stream of a person that asks at once. */
export class ConversationLists {
  private recent = new Map<number, Read>()
  constructor(private db: Db) {}

  /** The list read no earlier than `notBefore` (a `performance.now()` at the change that asked for it). */
  sectionsFor(person: Actor, notBefore: number) {
    const known = this.recent.get(person.id)
    if (known && known.startedAt >= notBefore) return known.sections
    const read: Read = { startedAt: performance.now(), sections: listConversations(this.db, person) }
    this.recent.set(person.id, read)
    const forget = () => { if (this.recent.get(person.id) === read) this.recent.delete(person.id) }
    read.sections.then(() => setTimeout(forget, 1000).unref?.(), forget)
    return read.sections
  }
}
