import { and, asc, eq, exists, inArray, or, sql } from 'drizzle-orm'
import type { Db } from '../db/client'
import { insertEvent } from '../db/event-log'
import { prepared } from '../db/prepared'
import type { StoredObject } from '../db/file-store'
import { fileDownloads, fileRecipients, files, members, people } from '../db/schema'
import type { Actor, Viewer } from './actor'
import { recordAudit } from './audit'
import { announce } from './announce'
import { isHost, openAsMember, openForWriting } from './conversations'
import { Invalid, NotFound, Refused } from './errors'

export type FileView = {
  id: string; conversationId: string; name: string; size: number; uploaderId: number; uploaderName: string; createdAt: number
  /** Only for the host: who it went to, and who downloaded it when. */
  recipients?: string[]; downloads?: { name: string; at: number }[]
}

/** A file's own name, kept as data: no path separators, no control characters, nothing that reorders how it reads. */
export function fileNameProblem(name: string): string | undefined {
  if (!name.trim()) return 'The file needs a name.'
  if (name.length > 255) return 'The file name is too long (255 characters at most).'
  if (/[\/\\]/.test(name)) return 'The file name cannot contain / or \\.'
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f]/.test(name)) return 'The file name cannot contain control characters.'
  // bidirectional overrides make "invoice\u202Efdp.exe" read as "invoiceexe.pdf"
  if (/[\u202a-\u202e\u2066-\u2069]/.test(name)) return 'The file name cannot contain characters that change the direction of text.'
  if (name === '.' || name === '..') return 'Choose a file with a real name.'
}

/** Before storing anything: may this member send a file here now? */
export async function checkCanShare(db: Db, actor: Actor, conversationId: string) {
  const { conversation, viewerRole } = await openAsMember(db, actor, conversationId)
  await openForWriting(db, conversationId, {
    archived: 'This conversation is archived; nothing more can be sent.',
    upcoming: 'This conversation has not opened yet; files can be sent once it opens.',
  })
  return { conversation, viewerRole }
}

/**
 * Shares a stored file with chosen participants. The host and the uploader always see it; a host
 * must choose at least one participant; a participant's file always reaches the host.
 */
export async function shareFile(db: Db, actor: Actor, conversationId: string, input: { name: string; recipients: number[]; stored: StoredObject }, address: string | null) {
  const membership = await checkCanShare(db, actor, conversationId)
  const nameProblem = fileNameProblem(input.name)
  if (nameProblem) throw new Invalid({ file: nameProblem })
  const participantIds = new Set((await db.select({ id: members.personId }).from(members)
    .where(and(eq(members.conversationId, conversationId), eq(members.role, 'participant')))).map((r) => r.id))
  const recipients = [...new Set(input.recipients)].filter((id) => id !== actor.id)
  if (recipients.some((id) => !participantIds.has(id))) throw new Invalid({ recipients: 'Choose recipients from this conversation’s participants.' })
  if (isHost(membership) && recipients.length === 0) throw new Invalid({ recipients: 'Choose at least one participant to send the file to.' })

  const id = crypto.randomUUID()
  const now = Date.now()
  const shared = await db.transaction(async (tx) => {
    await tx.insert(files).values({ id, conversationId, uploaderId: actor.id, name: input.name, size: input.stored.size,
      sha256: input.stored.sha256, storageKey: input.stored.key, createdAt: now })
    if (recipients.length) await tx.insert(fileRecipients).values(recipients.map((personId) => ({ fileId: id, personId })))
    // the event seals the recipient list (a trigger refuses later rows)
    const event = await insertEvent(tx, { conversationId, kind: 'file', senderId: actor.id, fileId: id, createdAt: now })
    await recordAudit(tx, { actorId: actor.id, action: 'file_shared', subject: id, address })
    return { fileId: id, eventId: event.id }
  })
  announce(db, { kind: 'event', conversationId, eventId: shared.eventId })
  return shared
}

/** The files of a conversation this member may see; the host also gets recipients and downloads. */
export async function listFiles(db: Db, actor: Viewer, conversationId: string, only?: string[]): Promise<FileView[]> {
  const membership = await openAsMember(db, actor, conversationId)
  const where = [eq(files.conversationId, conversationId)]
  if (only) where.push(inArray(files.id, only))
  const rows = await db.select({ file: files, uploaderName: people.name }).from(files)
    .innerJoin(people, eq(people.id, files.uploaderId)).where(and(...where)).orderBy(asc(files.createdAt))
  if (rows.length === 0) return []
  const ids = rows.map((r) => r.file.id)
  const recipientRows = await db.select({ fileId: fileRecipients.fileId, personId: people.id, name: people.name }).from(fileRecipients)
    .innerJoin(people, eq(people.id, fileRecipients.personId)).where(inArray(fileRecipients.fileId, ids))
  const host = isHost(membership)
  const visible = rows.filter(({ file }) => host || file.uploaderId === actor.id
    || recipientRows.some((r) => r.fileId === file.id && r.personId === actor.id))
  const downloads = host ? await db.select({ fileId: fileDownloads.fileId, name: people.name, at: fileDownloads.at }).from(fileDownloads)
    .innerJoin(people, eq(people.id, fileDownloads.personId)).where(inArray(fileDownloads.fileId, ids)).orderBy(asc(fileDownloads.at)) : []
  return visible.map(({ file, uploaderName }) => ({
    id: file.id, conversationId, name: file.name, size: file.size, uploaderId: file.uploaderId, uploaderName, createdAt: file.createdAt,
    ...(host ? {
      recipients: recipientRows.filter((r) => r.fileId === file.id).map((r) => r.name),
      downloads: downloads.filter((d) => d.fileId === file.id).map(({ name, at }) => ({ name, at })),
    } : {}),
  }))
}

/**
 * A file for download, if this person may see it; anyone else gets NotFound, the same as for a file
 * that does not exist. Each download is recorded and audited.
 */
export async function openFileForDownload(db: Db, actor: Actor, fileId: string, address: string | null) {
  const file = await downloadableQuery(db).get({ fileId, personId: actor.id })
  if (!file) throw new NotFound('file')
  await db.transaction(async (tx) => {
    await tx.insert(fileDownloads).values({ fileId, personId: actor.id, at: Date.now() })
    await recordAudit(tx, { actorId: actor.id, action: 'file_downloaded', subject: fileId, address })
  })
  return file
}

/** One query scoped through the person's membership: the host, the uploader and the recipients see a file. */
const downloadableQuery = prepared((db) => {
  const personId = sql.placeholder('personId')
  return db.select({ name: files.name, size: files.size, storageKey: files.storageKey }).from(files)
    .innerJoin(members, and(eq(members.conversationId, files.conversationId), eq(members.personId, personId)))
    .where(and(eq(files.id, sql.placeholder('fileId')), or(eq(members.role, 'host'), eq(files.uploaderId, personId),
      exists(db.select({ one: sql`1` }).from(fileRecipients).where(and(eq(fileRecipients.fileId, files.id), eq(fileRecipients.personId, personId)))))))
    .prepare()
})
