import { and, eq } from 'drizzle-orm'
import type { Db } from './client'
import { events } from './schema'

export type NewEvent = typeof events.$inferInsert
export type StoredEvent = typeof events.$inferSelect
/** `repeated` when a retried send matched an event already stored. */
export type AppendedEvent = StoredEvent & { repeated: boolean }
type Pending = { event: NewEvent; resolve: (e: AppendedEvent) => void; reject: (error: unknown) => void }

/**
 * Group commit: events appended during one turn of the event loop are written in one transaction,
 * so a burst of posts costs one durable commit (synchronous=FULL) instead of one each.
 */
class GroupCommit {
  private pending: Pending[] = []
  private scheduled = false
  constructor(private db: Db) {}

  append(event: NewEvent): Promise<AppendedEvent> {
    return new Promise((resolve, reject) => {
      this.pending.push({ event, resolve, reject })
      if (!this.scheduled) {
        this.scheduled = true
        setImmediate(() => this.flush())
      }
    })
  }

  private async flush() {
    const batch = this.pending
    this.pending = []
    this.scheduled = false
    try {
      const [first, ...rest] = batch.map((p) => this.db.insert(events).values(p.event).onConflictDoNothing().returning())
      const results = await this.db.batch([first!, ...rest])
      for (const [i, p] of batch.entries()) {
        const row = results[i]![0]
        if (row) p.resolve({ ...row, repeated: false })
        else this.existing(p.event).then(p.resolve, p.reject)
      }
    } catch {
      // one refused row (a trigger, a foreign key) must not fail its neighbours: retry them one by one
      for (const p of batch) {
        this.db.insert(events).values(p.event).onConflictDoNothing().returning()
          .then(async ([row]) => p.resolve(row ? { ...row, repeated: false } : await this.existing(p.event)), p.reject)
      }
    }
  }

  /** The event a retried send already made (same conversation, sender and client id). */
  private async existing(event: NewEvent): Promise<AppendedEvent> {
    const [row] = await this.db.select().from(events).where(and(
      eq(events.conversationId, event.conversationId), eq(events.senderId, event.senderId), eq(events.clientId, event.clientId!),
    ))
    if (!row) throw new Error('event vanished after a conflict')
    return { ...row, repeated: true }
  }
}

/** An event written inside a transaction with the rows it is about (a file, a form, the archive). */
export async function insertEvent(tx: Pick<Db, 'insert'>, event: NewEvent): Promise<StoredEvent> {
  const [stored] = await tx.insert(events).values(event).returning()
  return stored!
}

const writers = new WeakMap<Db, GroupCommit>()

/** Appends an event through the database's single group-committing writer; a repeated client id returns the first event. */
export function appendEvent(db: Db, event: NewEvent): Promise<AppendedEvent> {
  let writer = writers.get(db)
  if (!writer) writers.set(db, (writer = new GroupCommit(db)))
  return writer.append(event)
}
