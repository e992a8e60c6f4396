import { and, desc, eq, gt, lt, sql } from 'drizzle-orm'
import { z } from 'zod'
import type { Db } from '../db/client'
import { appendEvent } from '../db/event-log'
import { prepared } from '../db/prepared'
import { events, people } from '../db/schema'
import type { Actor } from './actor'
import { announce } from './announce'
import { conversationMemberIds, openAsMember, requireOpen } from './conversations'
import { Refused } from './errors'
import { parseFields, storedText } from './fields'
import { Recent } from './recent'

export const pageSize = 50
export const maxMessageLength = 5000
const archivedRefusal = 'This conversation is archived; nothing more can be sent.'

/** What any member may see of an event: never an email. */
export type EventView = {
  id: number; conversationId: string; kind: (typeof events.$inferSelect)['kind']; senderId: number
  senderName: string; body: string | null; createdAt: number; fileId?: string | null; formId?: string | null
}

export const messageForm = z.object({
  body: storedText().trim().min(1, 'Write a message first.').max(maxMessageLength, `Keep a message under ${maxMessageLength.toLocaleString('en')} characters.`),
  clientId: z.string().uuid().optional(),
})

/**
 * A member posts to an open conversation. A retried send with the same client id returns the first
 * message, marked `repeated` so that nobody is told about it twice.
 */
export async function postMessage(db: Db, actor: Actor, conversationId: string, input: unknown, now = Date.now()): Promise<EventView & { repeated: boolean }> {
  const { conversation } = await openAsMember(db, actor, conversationId)
  const form = parseFields(messageForm, input)
  // the membership of the last second is enough here (the hot path): the database refuses a post to an archive anyway
  requireOpen(conversation, { archived: archivedRefusal, upcoming: 'This conversation has not opened yet; messages can be sent once it opens.' }, now)
  const stored = await appendEvent(db, { conversationId, kind: 'message', senderId: actor.id, body: form.body, clientId: form.clientId ?? null, createdAt: now })
    .catch((error) => {
      // completed a moment ago through another process, which this one's membership of the last second did not know
      const { message, cause } = error as Error & { cause?: Error } // drizzle wraps the driver's error
      if (/this conversation is archived/.test(`${message} ${cause?.message}`)) throw new Refused(archivedRefusal)
      throw error
    })
  const { id, body, senderId, createdAt, repeated } = stored
  // a retried send that matched the first is not news
  if (!repeated) {
    const others = (await conversationMemberIds(db, conversationId)).filter((personId) => personId !== actor.id)
    announce(db, { kind: 'event', conversationId, eventId: id, unreadFor: others })
  }
  return { id, conversationId, kind: 'message', senderId, senderName: actor.name, body, createdAt, repeated }
}

const view = { id: events.id, conversationId: events.conversationId, kind: events.kind, senderId: events.senderId,
  senderName: people.name, body: events.body, createdAt: events.createdAt, fileId: events.fileId, formId: events.formId }

/** A page of the conversation's events for a member: the newest 50, those before an id (scrolling up), or those after one (resuming). */
export async function listEvents(db: Db, actor: Actor, conversationId: string, at: { before?: number; after?: number } = {}): Promise<EventView[]> {
  await openAsMember(db, actor, conversationId)
  return eventsOf(db, conversationId, at)
}

/** For a stream whose viewer's membership was checked when it opened (membership never changes). */
export async function eventsOf(db: Db, conversationId: string, at: { before?: number; after?: number; limit?: number }): Promise<EventView[]> {
  const limit = at.limit ?? pageSize
  if (at.after !== undefined) return eventsAfter(db).all({ conversationId, after: at.after, limit })
  const before = at.before ?? Number.MAX_SAFE_INTEGER
  const key = `${conversationId} ${before} ${limit}`
  const recent = recentPages.get(key)
  // what a reader scrolling up asks for: a page ending before an event that existed when it was read never changes
  if (recent && before <= recent.newest) return recent.events.slice()
  // read before the page: an event committed in between makes the page look stale next time, never the reverse
  const newest = (await newestId(db).get({ conversationId }))?.id ?? 0
  if (recent?.newest === newest) return recent.events.slice()
  const rows = (await eventsBefore(db).all({ conversationId, before, limit })).reverse()
  recentPages.remember(key, { newest, events: rows })
  return rows.slice()
}

/**
 * Pages read in the last second, each with its conversation's newest event id at the time. Events are never changed
 * or deleted (triggers) and ids only grow, so a page is right for good once it ends before that id (no read at all),
 * or while that id is still the newest (one index-only read), rather than 50 rows and their sender names. Kept a
 * second, as memberships are, because a sender may rename themselves.
 */
const recentPages = new Recent<{ newest: number; events: EventView[] }>(1000, 500)

// the hot reads of a conversation's log, built once
const conversationIs = eq(events.conversationId, sql.placeholder('conversationId'))
const eventViews = (db: Db) => db.select(view).from(events).innerJoin(people, eq(people.id, events.senderId))
const eventsAfter = prepared((db) => eventViews(db).where(and(conversationIs, gt(events.id, sql.placeholder('after'))))
  .orderBy(events.id).limit(sql.placeholder('limit')).prepare())
const eventsBefore = prepared((db) => eventViews(db).where(and(conversationIs, lt(events.id, sql.placeholder('before'))))
  .orderBy(desc(events.id)).limit(sql.placeholder('limit')).prepare())
const newestId = prepared((db) => db.select({ id: events.id }).from(events).where(conversationIs)
  .orderBy(desc(events.id)).limit(1).prepare())
const newestIds = prepared((db) => db.select({ id: events.id }).from(events).where(conversationIs)
  .orderBy(desc(events.id)).limit(pageSize).prepare())

/**
 * Where a conversation's stream resumes: after the client's Last-Event-ID, else the page's `after`, else one page
 * back. An id beyond the conversation's newest event (forged, or from another conversation) is ignored rather
 * than trusted to skip everything that follows.
 */
export async function resumePoint(db: Db, conversationId: string, claimed: { lastEventId?: number; after?: number }): Promise<number> {
  const newest = await newestIds(db).all({ conversationId })
  const newestId = newest[0]?.id ?? 0
  for (const id of [claimed.lastEventId, claimed.after]) if (id !== undefined && id > 0 && id <= newestId) return id
  return newest.length < pageSize ? 0 : newest.at(-1)!.id - 1
}
