import { and, eq, gt, isNull, lte, or, sql } from 'drizzle-orm'
import type { Db } from '../db/client'
import { conversations, people, readMarks } from '../db/schema'
import { queueNotifications } from './notifications'
import type { MailContext } from './sign-in-links'

type Pair = { conversationId: string; personId: number }

/** Open pages say until when they are known to be open; a closed page says now. No reminder while someone looks. */
export async function markPagesOpen(db: Db, pairs: Pair[], until: number) {
  for (let start = 0; start < pairs.length; start += pagesPerWrite) {
    // SQLite runs on the event loop's thread: 10,000 open pages in one go would hold every request for a while
    if (start > 0) await new Promise((next) => setImmediate(next))
    // the pages as one JSON value: one short statement however many there are (drizzle building a 250-row insert
    // took longer than SQLite running it: 5% of the server's thread with 10,000 pages open)
    const pages = JSON.stringify(pairs.slice(start, start + pagesPerWrite).map((p) => [p.conversationId, p.personId]))
    await db.run(sql`INSERT INTO read_marks (conversation_id, person_id, last_read_event_id, page_open_until)
      SELECT value ->> 0, value ->> 1, 0, ${until} FROM json_each(${pages}) WHERE true
      ON CONFLICT (conversation_id, person_id) DO UPDATE SET page_open_until = excluded.page_open_until`)
  }
}
const pagesPerWrite = 250

/**
 * Members with messages from others unread for at least `thresholdMs` in a conversation that is open and not
 * archived, with no page of it open since the first of them arrived, no reminder yet for what they have not read,
 * email notifications on, and no reminder to them within `thresholdMs`.
 */
async function dueReminders(db: Db, now: number, thresholdMs: number) {
  const due: (Pair & { firstAt: number; newest: number })[] = []
  // a page of conversations at a time, letting requests in between: SQLite runs on the event loop's thread
  for (let after = '', page; (page = await conversationsToCheck(db, now, after)).length; after = page.at(-1)!) {
    due.push(...await dueIn(db, page, now, thresholdMs))
    await new Promise((next) => setImmediate(next))
  }
  return due
}

const conversationsPerCheck = 25
async function conversationsToCheck(db: Db, now: number, after: string) {
  const rows = await db.select({ id: conversations.id }).from(conversations)
    .where(and(isNull(conversations.archivedAt), lte(conversations.opensAt, now), gt(conversations.id, after)))
    .orderBy(conversations.id).limit(conversationsPerCheck)
  return rows.map((r) => r.id)
}

async function dueIn(db: Db, conversationIds: string[], now: number, thresholdMs: number) {
  const unread = (what: string) => sql.raw(`(SELECT ${what} FROM events e WHERE e.conversation_id = m.conversation_id AND e.kind = 'message'
    AND e.sender_id != m.person_id AND e.id > coalesce(r.last_read_event_id, 0))`)
  return db.all<Pair & { firstAt: number; newest: number }>(sql`
    SELECT person_id AS personId, conversation_id AS conversationId, first_at AS firstAt, newest FROM (
      SELECT m.person_id, m.conversation_id, r.page_open_until, r.reminded_up_to, r.last_read_event_id,
        ${unread('min(e.created_at)')} AS first_at, ${unread('max(e.id)')} AS newest
      FROM members m
      JOIN conversations c ON c.id = m.conversation_id AND c.archived_at IS NULL AND c.opens_at <= ${now}
        AND m.conversation_id IN ${conversationIds}
      JOIN people p ON p.id = m.person_id AND p.disabled_at IS NULL AND p.email_notifications = 1
        AND (p.last_reminded_at IS NULL OR p.last_reminded_at <= ${now - thresholdMs})
      LEFT JOIN read_marks r ON r.conversation_id = m.conversation_id AND r.person_id = m.person_id)
    WHERE first_at <= ${now - thresholdMs} AND coalesce(page_open_until, 0) < first_at
      AND (reminded_up_to IS NULL OR reminded_up_to <= coalesce(last_read_event_id, 0))`)
}

/**
 * Queues the unread reminders due at `now`: one email per person, whatever the number of conversations it covers,
 * and marks what each covered, so the next comes only after they read it and something new waits. Two processes
 * sweeping at once: the conditional update of `last_reminded_at` lets one through. Returns how many were queued.
 */
export async function queueUnreadReminders(db: Db, now: number, thresholdMs: number, mail: MailContext) {
  const due = await dueReminders(db, now, thresholdMs)
  const byPerson = Map.groupBy(due, (row) => row.personId)
  let queued = 0
  for (const [personId, conversations] of byPerson) {
    await db.transaction(async (tx) => {
      const [won] = await tx.update(people).set({ lastRemindedAt: now })
        .where(and(eq(people.id, personId), or(isNull(people.lastRemindedAt), lte(people.lastRemindedAt, now - thresholdMs))))
        .returning({ id: people.id })
      if (!won) return
      for (const c of conversations) {
        await tx.insert(readMarks).values({ conversationId: c.conversationId, personId, lastReadEventId: 0, remindedUpTo: c.newest })
          .onConflictDoUpdate({ target: [readMarks.conversationId, readMarks.personId], set: { remindedUpTo: sql`${c.newest}` } })
      }
      queued += await queueNotifications(tx, [personId], 'unread', `unread:${personId}:${now}`, mail)
    })
  }
  if (queued) mail.mailQueued?.()
  return queued
}
