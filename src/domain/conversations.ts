import { and, desc, eq, inArray, sql } from 'drizzle-orm'
import { z } from 'zod'
import type { Db } from '../db/client'
import { prepared } from '../db/prepared'
import { conversations, events, members, openingsAnnounced, people, readMarks } from '../db/schema'
import { announce } from './announce'
import { requireStaff, type Actor, type Viewer } from './actor'
import type { Clinic } from './clinic'
import { Forbidden, Invalid, NotFound, Refused } from './errors'
import { email, parseFields, personName, storedText } from './fields'
import { queueNotifications } from './notifications'
import { queueInvitation, type MailContext } from './sign-in-links'
import { recordAudit } from './audit'
import { Recent, rememberAtMost } from './recent'
import { parseFee } from './money'
import { zonedToUtc } from './time'

export const maxParticipants = 25

/** Only clinicians and admins start conversations. */
export const requireHostRole = (actor: Actor) => requireStaff(actor, 'Only clinicians and admins can start conversations.')
const maxDaysAhead = 366

export type Conversation = typeof conversations.$inferSelect

/** The currency a conversation's fees are in: the one it was created with (older ones: the clinic's). */
export const feeCurrency = (conversation: Pick<Conversation, 'currency'>, clinic: Pick<Clinic, 'currency'>) => conversation.currency ?? clinic.currency
export type ConversationState = 'upcoming' | 'active' | 'archived'
export type MemberView = { personId: number; name: string; role: 'host' | 'participant'; email?: string; feeMinor?: number }

export const stateOf = (c: Pick<Conversation, 'opensAt' | 'archivedAt'>, now = Date.now()): ConversationState =>
  c.archivedAt ? 'archived' : c.opensAt > now ? 'upcoming' : 'active'

export const newConversationForm = z.object({
  subject: storedText().trim().min(1, 'Enter a subject.').max(200, 'Keep the subject under 200 characters.'),
  dateTime: z.string().trim().max(40).default(''),
  participants: z.array(z.string().max(320)).default([]),
  fees: z.array(z.string().max(40)).optional(),
  /** Row by row: a new person's name when their email is not in the directory (blank otherwise). */
  names: z.array(z.string().max(400)).default([]),
})
export type NewConversationForm = z.input<typeof newConversationForm>

/** A participant row whose email is not in the directory: with a name, a new patient to invite; without, a question. */
function newPerson(entry: string, name: string): { person: { name: string; email: string } } | { problems: Record<string, string> } {
  const checkedEmail = email.safeParse(entry)
  if (!checkedEmail.success) return { problems: { participant: 'Choose someone from the directory, or enter the email of someone new.' } }
  if (!name.trim()) return { problems: { participant: 'No one in the directory has this email.', name: 'Enter their name to invite them.' } }
  const checkedName = personName.safeParse(name)
  if (!checkedName.success) return { problems: { name: checkedName.error.issues[0]!.message } }
  return { person: { name: checkedName.data, email: checkedEmail.data } }
}

const prefixed = (problems: Record<string, string>, n: number) =>
  Object.fromEntries(Object.entries(problems).map(([field, message]) => [`${field}-${n}`, message]))

/**
 * A clinician or admin opens a conversation with 1 to 25 people from the directory; its list never changes after.
 * With `mail`, each participant is emailed that they were added, queued with the conversation.
 */
export async function createConversation(db: Db, actor: Actor, input: unknown, clinic: Clinic, now = Date.now(), mail?: MailContext) {
  requireHostRole(actor)
  const form = parseFields(newConversationForm, input)
  const errors: Record<string, string> = {}

  let opensAt = now
  if (form.dateTime) {
    const when = zonedToUtc(form.dateTime, clinic.timeZone)
    if (when === undefined) errors.dateTime = 'Enter a date and time, or leave it blank to start now.'
    else if (when < now - 60_000) errors.dateTime = 'That time has passed. Choose a later one, or leave it blank to start now.'
    else if (when > now + maxDaysAhead * 86_400_000) errors.dateTime = 'Choose a time within the next year.'
    else opensAt = Math.max(when, now)
  }

  const entries = form.participants.map((p) => p.trim().toLowerCase())
  if (entries.length === 0) errors.participants = 'Add at least one participant.'
  if (entries.length > maxParticipants) errors.participants = `A conversation can have at most ${maxParticipants} participants.`
  if (form.fees && !clinic.chargesEnabled) errors.participants = 'This clinic does not charge fees through the app, so fees cannot be set.'
  if (!form.fees && clinic.chargesEnabled && entries.length) errors.participants = 'Enter a fee for every participant (0 for free).'
  if (form.fees && form.fees.length !== entries.length) errors.participants = 'Enter one fee per participant.'

  const found = entries.length && entries.length <= maxParticipants
    ? await db.select().from(people).where(inArray(sql`lower(${people.email})`, entries)) : []
  const byEmail = new Map(found.map((p) => [p.email.toLowerCase(), p]))
  // in row order: people from the directory by id, people new to it by name and email
  const chosen: { personId?: number; newcomer?: { name: string; email: string }; feeMinor: number }[] = []
  entries.slice(0, maxParticipants).forEach((entry, i) => {
    const n = i + 1
    const person = byEmail.get(entry)
    const newcomer = !person && entry ? newPerson(entry, form.names[i] ?? '') : undefined
    if (!entry) errors[`participant-${n}`] = 'Choose a person, or remove this row.'
    else if (person?.disabledAt) errors[`participant-${n}`] = 'No one active in the directory has this email.'
    else if (newcomer && 'problems' in newcomer) Object.assign(errors, prefixed(newcomer.problems, n))
    else if (person?.id === actor.id) errors[`participant-${n}`] = 'You are the host; choose someone else.'
    else if (person && chosen.some((c) => c.personId === person.id)) errors[`participant-${n}`] = 'This person is already in the conversation.'
    else if (newcomer && chosen.some((c) => c.newcomer?.email === entry)) errors[`participant-${n}`] = 'This person is already in the conversation.'
    let feeMinor = 0
    if (form.fees && clinic.chargesEnabled) {
      const fee = parseFee(form.fees[i] ?? '', clinic.currency)
      if ('problem' in fee) errors[`fee-${n}`] = fee.problem
      else feeMinor = fee.minor
    }
    if (errors[`participant-${n}`] || errors[`name-${n}`]) return
    if (person) chosen.push({ personId: person.id, feeMinor })
    else if (newcomer && 'person' in newcomer) chosen.push({ newcomer: newcomer.person, feeMinor })
  })
  if (Object.keys(errors).length) throw new Invalid(errors)

  const id = crypto.randomUUID()
  await db.transaction(async (tx) => {
    await tx.insert(conversations).values({ id, hostId: actor.id, subject: form.subject, opensAt, currency: clinic.currency, createdAt: now })
    // people new to the directory join it as patients, with their invitation, in this same transaction
    for (const row of chosen) {
      if (!row.newcomer) continue
      const [added] = await tx.insert(people).values({ ...row.newcomer, role: 'patient' }).returning()
      await recordAudit(tx, { actorId: actor.id, action: 'person_added', subject: String(added!.id), address: null })
      if (mail) await queueInvitation(tx, added!, mail)
      row.personId = added!.id
    }
    await tx.insert(members).values([
      { conversationId: id, personId: actor.id, role: 'host', position: 0, feeMinor: 0 },
      ...chosen.map((c, i) => ({ conversationId: id, personId: c.personId!, role: 'participant' as const, position: i + 1, feeMinor: c.feeMinor })),
    ])
    // the first event seals the participant list (a trigger refuses later member rows)
    await tx.insert(events).values({ conversationId: id, kind: 'created', senderId: actor.id, createdAt: now })
    if (mail) await queueNotifications(tx, chosen.map((c) => c.personId!), 'added', `added:${id}`, mail)
  })
  mail?.mailQueued?.()
  const memberIds = [actor.id, ...chosen.map((c) => c.personId!)]
  announce(db, { kind: 'lists', personIds: memberIds })
  if (opensAt > now) announce(db, { kind: 'scheduled' })
  return { id, memberIds }
}

/**
 * "I forgot someone": the subject and participants' emails of a conversation this actor hosted,
 * to prefill a new one. Only its host may ask; anyone else learns nothing.
 */
export async function samePeopleAs(db: Db, actor: Actor, conversationId: string) {
  requireHostRole(actor)
  const membership = await openAsMember(db, actor, conversationId)
  requireHost(membership, 'Only the host can start again with the same people.')
  const { conversation } = membership
  const participants = (await listMembers(db, actor, conversationId)).filter((m) => m.role === 'participant')
  return { subject: conversation.subject, emails: participants.map((m) => m.email!) }
}

export type Membership = { conversation: Conversation; viewerRole: MemberView['role'] }
/** An actor whose membership of one conversation was looked up once for the request (see `asMember`). */
export type Member = Actor & { membership: Membership }

const membershipQuery = prepared((db) => db.select({ conversation: conversations, role: members.role }).from(members)
  .innerJoin(conversations, eq(conversations.id, members.conversationId))
  .where(and(eq(members.conversationId, sql.placeholder('conversationId')), eq(members.personId, sql.placeholder('personId'))))
  .prepare())

/**
 * The conversation, if the actor is one of its members; anyone else, admins included, gets NotFound. A `Member`
 * (the request's actor once `asMember` looked it up) answers for its own conversation without a query.
 */
export async function openAsMember(db: Db, actor: Viewer, conversationId: string): Promise<Membership> {
  const known = (actor as Partial<Member>).membership
  if (known?.conversation.id === conversationId) return known
  const key = `${conversationId} ${actor.id}`
  const recent = recentMemberships.get(key)
  if (recent) return recent
  const row = await membershipQuery(db).get({ conversationId, personId: actor.id })
  if (!row) throw new NotFound('conversation')
  const membership = { conversation: row.conversation, viewerRole: row.role }
  recentMemberships.remember(key, membership)
  return membership
}

/**
 * Memberships looked up in the last second. Who is in a conversation never changes (the database refuses it); of the
 * conversation only its archiving does, which `forgetMemberships` makes known here at once, and another process's
 * within the second (meanwhile the database refuses what an archive forbids).
 */
const recentMemberships = new Recent<Membership>(1000, 10_000)
export const forgetMemberships = (conversationId: string) => recentMemberships.forget((_, m) => m.conversation.id === conversationId)

/** The actor with its membership of one conversation, looked up once for a request (NotFound for anyone else). */
export async function asMember(db: Db, actor: Actor, conversationId: string): Promise<Member> {
  const { membership: _, ...plain } = actor as Partial<Member> & Actor
  return { ...plain, membership: await openAsMember(db, plain, conversationId) }
}

export const isHost = (membership: Membership) => membership.viewerRole === 'host'

/** The one host check: what only the conversation's host may do. */
export function requireHost(membership: Membership, message: string) {
  if (!isHost(membership)) throw new Forbidden(message)
}

type OpenRefusals = { archived: string; upcoming: string }

/** The one check before something is added to a conversation: it must be open; each kind of addition says its own refusal. */
export function requireOpen(conversation: Pick<Conversation, 'opensAt' | 'archivedAt'>, refusals: OpenRefusals, now = Date.now()) {
  const state = stateOf(conversation, now)
  if (state === 'archived') throw new Refused(refusals.archived)
  if (state === 'upcoming') throw new Refused(refusals.upcoming)
}

/** The same check on the conversation as it is now: a membership may be a second behind another process's Complete. */
export async function openForWriting(db: Db, conversationId: string, refusals: OpenRefusals) {
  requireOpen(await conversationNow(db, conversationId), refusals)
}

/** The conversation as it is now, never from a membership looked up earlier: after a write, or in a long-lived stream. */
export async function conversationNow(db: Db, conversationId: string): Promise<Conversation> {
  const [row] = await db.select().from(conversations).where(eq(conversations.id, conversationId))
  if (!row) throw new NotFound('conversation')
  return row
}

/** Who is in it, as this viewer may see them: the host sees emails and fees, participants see names. */
export async function listMembers(db: Db, actor: Actor, conversationId: string): Promise<MemberView[]> {
  const host = isHost(await openAsMember(db, actor, conversationId))
  const rows = await db.select({ personId: people.id, name: people.name, email: people.email, role: members.role, feeMinor: members.feeMinor })
    .from(members).innerJoin(people, eq(people.id, members.personId))
    .where(eq(members.conversationId, conversationId)).orderBy(members.position)
  return rows.map((r) => host ? r : { personId: r.personId, name: r.name, role: r.role })
}

export type ConversationListItem = Pick<Conversation, 'id' | 'subject' | 'opensAt' | 'archivedAt'> & { unread: number; state: ConversationState }

type Placeholder = ReturnType<typeof sql.placeholder>

/** The one definition of unread: messages from others after the member's read mark (over `members` and `read_marks`). */
const unreadOfMember = (personId: Placeholder) => sql<number>`(SELECT count(*) FROM ${events}
  WHERE ${events.conversationId} = ${members.conversationId} AND ${events.kind} = 'message' AND ${events.senderId} != ${personId}
  AND ${events.id} > coalesce(${readMarks.lastReadEventId}, 0))`
const readMarkOfMember = (personId: Placeholder) => and(eq(readMarks.conversationId, members.conversationId), eq(readMarks.personId, personId))

const conversationsOf = prepared((db) => {
  const personId = sql.placeholder('personId')
  return db.select({ id: conversations.id, subject: conversations.subject, opensAt: conversations.opensAt,
    archivedAt: conversations.archivedAt, unread: unreadOfMember(personId) }).from(members)
    .innerJoin(conversations, eq(conversations.id, members.conversationId))
    .leftJoin(readMarks, readMarkOfMember(personId))
    .where(eq(members.personId, personId)).orderBy(desc(conversations.opensAt)).limit(500).prepare()
})

/** How many messages from others the person has not read in one conversation (0 for a non-member). */
export async function unreadCount(db: Db, personId: number, conversationId: string): Promise<number> {
  const row = await unreadQuery(db).get({ personId, conversationId })
  return Number(row?.unread ?? 0)
}

const unreadQuery = prepared((db) => {
  const personId = sql.placeholder('personId')
  return db.select({ unread: unreadOfMember(personId) }).from(members).leftJoin(readMarks, readMarkOfMember(personId))
    .where(and(eq(members.personId, personId), eq(members.conversationId, sql.placeholder('conversationId')))).prepare()
})

/** The actor's conversations by section, newest first, with unread counts. */
export async function listConversations(db: Db, actor: Viewer, now = Date.now()) {
  const rows = await conversationsOf(db).all({ personId: actor.id })
  const sections: Record<ConversationState, ConversationListItem[]> = { upcoming: [], active: [], archived: [] }
  for (const row of rows) {
    const state = stateOf(row, now)
    sections[state].push({ ...row, unread: Number(row.unread), state })
  }
  sections.archived.sort((a, b) => b.archivedAt! - a.archivedAt!)
  return sections
}

/** Remembers how far the member has read, for unread counts; never past the conversation's newest event. */
export async function markRead(db: Db, actor: Actor, conversationId: string, eventId: number) {
  await openAsMember(db, actor, conversationId)
  // clamped in the same statement, so a page load costs no extra round trip
  const newest = sql<number>`coalesce((SELECT max(${events.id}) FROM ${events} WHERE ${events.conversationId} = ${conversationId}), 0)`
  await db.insert(readMarks).values({ conversationId, personId: actor.id, lastReadEventId: sql`min(${eventId}, ${newest})` })
    .onConflictDoUpdate({ target: [readMarks.conversationId, readMarks.personId],
      set: { lastReadEventId: sql`max(${readMarks.lastReadEventId}, excluded.last_read_event_id)` } })
  announce(db, { kind: 'lists', personIds: [actor.id] })
}

/** The next time a scheduled conversation opens, for the live switch to Active. */
export async function nextOpening(db: Db, after: number): Promise<number | undefined> {
  const [row] = await db.select({ opensAt: conversations.opensAt }).from(conversations)
    .where(sql`${conversations.opensAt} > ${after} AND ${conversations.archivedAt} IS NULL`).orderBy(conversations.opensAt).limit(1)
  return row?.opensAt
}

export async function conversationsOpeningBetween(db: Db, from: number, to: number) {
  return db.select({ id: conversations.id }).from(conversations)
    .where(sql`${conversations.opensAt} > ${from} AND ${conversations.opensAt} <= ${to}`)
}

/**
 * Claims the telling of a scheduled conversation's opening: true for exactly one caller, whichever process's clock
 * fires first (the database keeps one row per conversation).
 */
export async function claimOpeningAnnouncement(db: Db, conversationId: string, now = Date.now()): Promise<boolean> {
  const claimed = await db.insert(openingsAnnounced).values({ conversationId, announcedAt: now }).onConflictDoNothing()
    .returning({ conversationId: openingsAnnounced.conversationId })
  return claimed.length === 1
}

/**
 * Everyone in a conversation, for telling their open pages about it (ids only). Members never change once the
 * conversation exists (the database refuses it), so each conversation's list is read once per process.
 */
export async function conversationMemberIds(db: Db, conversationId: string): Promise<number[]> {
  const known = memberIdsByConversation.get(conversationId)
  if (known) return known
  const ids = (await memberIdsQuery(db).all({ conversationId })).map((r) => r.personId)
  if (ids.length) {
    rememberAtMost(memberIdsByConversation, conversationId, ids, 10_000)
  }
  return ids
}
const memberIdsByConversation = new Map<string, number[]>()
const memberIdsQuery = prepared((db) => db.select({ personId: members.personId }).from(members)
  .where(eq(members.conversationId, sql.placeholder('conversationId'))).orderBy(members.position).prepare())
