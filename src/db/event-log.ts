import { and, eq, sql } from 'drizzle-orm'
import type { Db } from './client'
import { events } from './schema'

export type NewEvent = typeof events.$inferInsert
export type StoredEvent = typeof events.$inferSelect
/** `repeated` when a retried send matched an event already stored. */
export type AppendedEvent = StoredEvent & { repeated: boolean }
type Pending = { event: NewEvent; resolve: (e: AppendedEvent) => void; reject: (error: unknown) => void }

/**
 * Group commit: events appended during one turn of the event loop are written by one statement, so a burst of
 * posts costs one durable commit (synchronous=FULL) instead of one each, and one statement for drizzle to build.
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
    // at most a prepared size: a backlog (the server behind at 1,000 posts/s) is written in batches of 64, rather
    // than one larger insert drizzle would build then and there, which made the backlog longer
    const batch = this.pending.splice(0, mostPerBatch)
    this.scheduled = this.pending.length > 0
    if (this.scheduled) setImmediate(() => this.flush())
    try {
      const rows = await insertRows(this.db, batch.map((p) => p.event))
      this.settle(batch, rows)
    } catch {
      // one refused row (a trigger, a foreign key) must not fail its neighbours: retry them one by one
      for (const p of batch) {
        this.db.insert(events).values(p.event).onConflictDoNothing().returning()
          .then(async ([row]) => p.resolve(row ? { ...row, repeated: false } : await this.existing(p.event)), p.reject)
      }
    }
  }

  /**
   * Which stored row is whose: by client id where there is one; the rest were inserted in the order they were
   * given, so their ids rise in that order (RETURNING itself promises no order). A client id seen twice in one
   * batch, or already stored, resolves to the first event, marked repeated.
   */
  private settle(batch: Pending[], rows: StoredEvent[]) {
    const byClientId = new Map<string, StoredEvent>()
    const withoutClientId: StoredEvent[] = []
    for (const row of rows.toSorted((a, b) => a.id - b.id)) {
      if (row.clientId === null) withoutClientId.push(row)
      else byClientId.set(clientKey(row), row)
    }
    const claimed = new Set<StoredEvent>()
    for (const p of batch) {
      const row = p.event.clientId == null ? withoutClientId.shift() : byClientId.get(clientKey(p.event))
      if (row && !claimed.has(row)) {
        claimed.add(row)
        p.resolve({ ...row, repeated: false })
      } else this.existing(p.event).then(p.resolve, p.reject)
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

const insertedColumns = ['conversationId', 'kind', 'senderId', 'body', 'clientId', 'fileId', 'formId', 'createdAt'] as const
type PreparedInsert = ReturnType<ReturnType<typeof buildInsert>['prepare']>
const preparedInserts = new WeakMap<Db, Map<number, PreparedInsert>>()
const mostPerBatch = 64 // 8 values each: far inside SQLite's 32,766 per statement

/** The insert of `size` events with a placeholder per value (`body3`: the fourth event's body). */
function buildInsert(db: Db, size: number) {
  const rows = Array.from({ length: size }, (_, i) => {
    const at = (column: typeof insertedColumns[number]) => sql.placeholder(`${column}${i}`)
    return { conversationId: at('conversationId'), kind: at('kind'), senderId: at('senderId'), body: at('body'), clientId: at('clientId'),
      fileId: at('fileId'), formId: at('formId'), createdAt: at('createdAt') }
  })
  return db.insert(events).values(rows).onConflictDoNothing().returning()
}

/**
 * One statement for a moment's events. drizzle building a multi-row insert took longer than SQLite running it, and
 * a batch holds at most 64 events, so each size is built and prepared once.
 */
function insertRows(db: Db, batch: NewEvent[]): Promise<StoredEvent[]> {
  let bySize = preparedInserts.get(db)
  if (!bySize) preparedInserts.set(db, (bySize = new Map()))
  let insert = bySize.get(batch.length)
  if (!insert) bySize.set(batch.length, (insert = buildInsert(db, batch.length).prepare()))
  const values: Record<string, unknown> = {}
  batch.forEach((event, i) => { for (const column of insertedColumns) values[`${column}${i}`] = event[column] ?? null })
  return insert.all(values)
}

const clientKey = (e: Pick<NewEvent, 'conversationId' | 'senderId' | 'clientId'>) => `${e.conversationId} ${e.senderId} ${e.clientId}`

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
