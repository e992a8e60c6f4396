import { and, asc, eq, gt, inArray, notInArray } from 'drizzle-orm'
import type { Db } from '../db/client'
import { events, fileRecipients, files, formAssignments, members, people } from '../db/schema'
import type { Actor } from './actor'
import { recordAudit } from './audit'
import { openAsMember } from './conversations'
import { Forbidden } from './errors'
import { isoWithOffset } from './time'

export const exportColumns = ['time', 'sender', 'sender role', 'kind', 'content']
const pageSize = 2000

const kindLabels = { message: 'message', file: 'file', form: 'form assigned', form_submitted: 'form submitted' } as const

/**
 * The host's export of a conversation, one row per message, file and form event, in order, read page by
 * page so memory does not grow with the conversation. Participants may not export; non-members get NotFound.
 */
export async function exportConversation(db: Db, actor: Actor, conversationId: string, timeZone: string, address: string | null) {
  const { conversation, viewerRole } = await openAsMember(db, actor, conversationId)
  if (viewerRole !== 'host') throw new Forbidden('Only the host can export this conversation.')
  await recordAudit(db, { actorId: actor.id, action: 'conversation_exported', subject: conversationId, address })

  async function* rows(): AsyncGenerator<string[][]> {
    let after = 0
    for (;;) {
      const page = await db.select({
        id: events.id, kind: events.kind, body: events.body, createdAt: events.createdAt, sender: people.name, role: members.role,
        fileId: events.fileId, fileName: files.name, formName: formAssignments.name,
      }).from(events)
        .innerJoin(people, eq(people.id, events.senderId))
        .innerJoin(members, and(eq(members.conversationId, events.conversationId), eq(members.personId, events.senderId)))
        .leftJoin(files, eq(files.id, events.fileId))
        .leftJoin(formAssignments, eq(formAssignments.id, events.formId))
        .where(and(eq(events.conversationId, conversationId), gt(events.id, after), notInArray(events.kind, ['created', 'archived'])))
        .orderBy(asc(events.id)).limit(pageSize)
      if (page.length === 0) return
      after = page.at(-1)!.id
      const fileIds = page.flatMap((e) => (e.fileId ? [e.fileId] : []))
      const recipients = fileIds.length ? await db.select({ fileId: fileRecipients.fileId, name: people.name }).from(fileRecipients)
        .innerJoin(people, eq(people.id, fileRecipients.personId)).where(inArray(fileRecipients.fileId, fileIds)) : []
      yield page.map((e) => {
        const content = e.kind === 'message' ? e.body ?? ''
          : e.kind === 'file' ? `${e.fileName} (to: ${['the host', ...recipients.filter((r) => r.fileId === e.fileId).map((r) => r.name)].join(', ')})`
          : e.formName ?? ''
        return [isoWithOffset(e.createdAt, timeZone), e.sender, e.role, kindLabels[e.kind as keyof typeof kindLabels], content]
      })
    }
  }
  return { subject: conversation.subject, createdAt: conversation.createdAt, rows }
}

/** "Tuesday group" on 2026-11-25 → tuesday-group-2026-11-25.csv */
export function exportFileName(subject: string, at: number, timeZone: string) {
  const slug = subject.normalize('NFKD').replace(/[\u0300-\u036f]/g, '').toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '').slice(0, 60)
  return `${slug || 'conversation'}-${isoWithOffset(at, timeZone).slice(0, 10)}.csv`
}
