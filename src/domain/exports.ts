import { and, asc, eq, gt, inArray, notInArray, sql } from 'drizzle-orm'
import type { Db } from '../db/client'
import { prepared } from '../db/prepared'
import { events, fileRecipients, files, formAssignments, members, people } from '../db/schema'
import type { Actor } from './actor'
import { recordAudit } from './audit'
import { openAsMember, requireHost } from './conversations'
import { isoWithOffset } from './time'

export const exportColumns = ['time', 'sender', 'sender role', 'kind', 'content']
const pageSize = 500

/**
 * Spreadsheets run a cell that starts with = + - @ tab or CR as a formula, after leading spaces too and
 * whatever follows on later lines (papaparse's own check misses multi-line cells): such cells get a leading '.
 */
export const neutraliseFormula = (cell: string) => (/^\s*[=+\-@\t\r]/.test(cell) ? `'${cell}` : cell)

/**
 * CSV lines with CRLF, quoting exactly as papaparse's unparse does (a cell with a quote, comma, line break or
 * byte-order mark, or a space at either end, is quoted; quotes are doubled). Written out because it measured
 * faster than papaparse on a million rows (tests/bench/export.ts), and a test holds it to papaparse's output.
 */
export function csvLines(rows: string[][]): string {
  let out = ''
  for (const row of rows) {
    for (let i = 0; i < row.length; i++) out += (i ? ',' : '') + csvCell(row[i]!)
    out += '\r\n'
  }
  return out
}
const needsQuotes = /[",\r\n\uFEFF]|^ | $/
const csvCell = (cell: string) => (needsQuotes.test(cell) ? `"${cell.replaceAll('"', '""')}"` : cell)

const kindLabels = { message: 'message', file: 'file', form: 'form assigned', form_submitted: 'form submitted' } as const

/**
 * The host's export of a conversation, one row per message, file and form event, in order, read page by
 * page so memory does not grow with the conversation. Participants may not export; non-members get NotFound.
 */
export async function exportConversation(db: Db, actor: Actor, conversationId: string, timeZone: string, address: string | null) {
  const membership = await openAsMember(db, actor, conversationId)
  requireHost(membership, 'Only the host can export this conversation.')
  const { conversation } = membership
  await recordAudit(db, { actorId: actor.id, action: 'conversation_exported', subject: conversationId, address })

  async function* rows(): AsyncGenerator<string[][]> {
    const senders = new Map((await db.select({ id: members.personId, name: people.name, role: members.role }).from(members)
      .innerJoin(people, eq(people.id, members.personId)).where(eq(members.conversationId, conversationId))).map((m) => [m.id, m]))
    let after = 0
    for (;;) {
      const page = await readPage(db, conversationId, after)
      if (page.length === 0) return
      after = page.at(-1)![0]
      const fileIds = page.flatMap(([, , , kind, , fileId]) => (kind === 'file' && fileId ? [fileId] : []))
      const recipients = fileIds.length ? await db.select({ fileId: fileRecipients.fileId, name: people.name }).from(fileRecipients)
        .innerJoin(people, eq(people.id, fileRecipients.personId)).where(inArray(fileRecipients.fileId, fileIds)) : []
      yield page.map(([, createdAt, senderId, kind, text, fileId]) => {
        const content = kind === 'file'
          ? `${text} (to: ${['the host', ...recipients.filter((r) => r.fileId === fileId).map((r) => r.name)].join(', ')})`
          : text ?? ''
        const sender = senders.get(senderId)!
        return [isoWithOffset(createdAt, timeZone), neutraliseFormula(sender.name), sender.role, kindLabels[kind], neutraliseFormula(content)]
      })
    }
  }
  return { subject: conversation.subject, createdAt: conversation.createdAt, rows }
}

type PageRow = [id: number, createdAt: number, senderId: number, kind: keyof typeof kindLabels, text: string | null, fileId: string | null]

/** One page of events after `after`, as arrays from a statement prepared once per database. Names come from the
 * members, once per export, not from a join per row. */
const readPage = (db: Db, conversationId: string, after: number) =>
  exportPage(db).values({ conversationId, after }) as Promise<PageRow[]>

const exportPage = prepared((db) => {
  const text = sql<string | null>`CASE ${events.kind} WHEN 'message' THEN ${events.body}
    WHEN 'file' THEN (SELECT ${files.name} FROM ${files} WHERE ${files.id} = ${events.fileId})
    ELSE (SELECT ${formAssignments.name} FROM ${formAssignments} WHERE ${formAssignments.id} = ${events.formId}) END`
  return db.select({ id: events.id, createdAt: events.createdAt, senderId: events.senderId, kind: events.kind, text, fileId: events.fileId })
    .from(events)
    .where(and(eq(events.conversationId, sql.placeholder('conversationId')), gt(events.id, sql.placeholder('after')),
      notInArray(events.kind, ['created', 'archived'])))
    .orderBy(asc(events.id)).limit(pageSize).prepare()
})

/** "Tuesday group" on 2026-11-25 → tuesday-group-2026-11-25.csv */
export function exportFileName(subject: string, at: number, timeZone: string) {
  const slug = subject.normalize('NFKD').replace(/[\u0300-\u036f]/g, '').toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '').slice(0, 60)
  return `${slug || 'conversation'}-${isoWithOffset(at, timeZone).slice(0, 10)}.csv`
}
