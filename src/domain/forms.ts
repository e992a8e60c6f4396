import { and, asc, eq, inArray } from 'drizzle-orm'
import type { Db } from '../db/client'
import { insertEvent } from '../db/event-log'
import { formAssignments, formSubmissions, formTemplates, members, people } from '../db/schema'
import { requireStaff, type Actor, type Viewer } from './actor'
import { recordAudit } from './audit'
import { announce } from './announce'
import { isHost, openAsMember, openForWriting, requireHost } from './conversations'
import { Forbidden, Invalid, NotFound, Refused } from './errors'
import { checkAnswers, fieldTypes, type Answers, type FieldType, type FormField } from './form-fields'
import { normaliseLineBreaks } from './fields'

export type FormTemplate = { id: number; name: string; fields: FormField[]; builtIn: boolean }
export type AssignedFormView = {
  id: string; conversationId: string; name: string; fields: FormField[]; assigneeId: number; assigneeName: string
  createdAt: number; submittedAt?: number; answers?: Answers
}

/** Only clinicians and admins see and build the form library. */
export const requireFormAuthor = (actor: Actor) => requireStaff(actor, 'Only clinicians and admins manage forms.')

export async function listTemplates(db: Db, actor: Actor): Promise<FormTemplate[]> {
  requireFormAuthor(actor)
  const rows = await db.select().from(formTemplates).orderBy(asc(formTemplates.name))
  return rows.map((r) => ({ id: r.id, name: r.name, fields: r.fields as FormField[], builtIn: r.builtIn }))
}

export async function getTemplate(db: Db, actor: Actor, id: number): Promise<FormTemplate> {
  const found = (await listTemplates(db, actor)).find((t) => t.id === id)
  if (!found) throw new NotFound('form template')
  return found
}

export type BuilderRow = { label?: string; type?: string; required?: boolean; options?: string }

/** The builder's rows as fields: blank rows are skipped; choices need two options or more. */
export function fieldsFromBuilder(name: string, rows: BuilderRow[]): FormField[] {
  const problems: Record<string, string> = {}
  name = normaliseLineBreaks(name)
  if (!name.trim()) problems.name = 'Give the form a name.'
  else if (name.length > 200) problems.name = 'Keep the name under 200 characters.'
  const fields: FormField[] = []
  rows.forEach((row, i) => {
    const label = normaliseLineBreaks(row.label ?? '').trim()
    if (!label) return
    const type = row.type as FieldType
    if (!fieldTypes.includes(type)) { problems[`type-${i + 1}`] = 'Choose a kind of question.'; return }
    if (label.length > 500) { problems[`label-${i + 1}`] = 'Keep the question under 500 characters.'; return }
    const field: FormField = { id: `f${i + 1}`, label, type, required: !!row.required }
    if (type === 'single_choice' || type === 'multiple_choice') {
      const options = [...new Set(normaliseLineBreaks(row.options ?? '').split('\n').map((o) => o.trim()).filter(Boolean))]
      if (options.length < 2) { problems[`options-${i + 1}`] = 'Give at least two options, one per line.'; return }
      field.options = options
    }
    if (type === 'scale') field.max = 5
    fields.push(field)
  })
  if (!problems.name && fields.length === 0 && Object.keys(problems).length === 0) problems.form = 'Add at least one question.'
  if (Object.keys(problems).length) throw new Invalid(problems)
  return fields
}

/** Saves a new template, or changes one; forms already assigned keep their own copy. */
export async function saveTemplate(db: Db, actor: Actor, input: { id?: number; name: string; rows: BuilderRow[] }) {
  requireFormAuthor(actor)
  const fields = fieldsFromBuilder(input.name, input.rows)
  const values = { name: normaliseLineBreaks(input.name).trim(), fields, updatedAt: Date.now() }
  if (input.id === undefined) return (await db.insert(formTemplates).values(values).returning())[0]!.id
  await getTemplate(db, actor, input.id)
  await db.update(formTemplates).set(values).where(eq(formTemplates.id, input.id))
  return input.id
}

/** The host gives a form, as it is now, to one participant of an open conversation. */
export async function assignForm(db: Db, actor: Actor, conversationId: string, input: { templateId: number; assigneeId: number }, address: string | null) {
  const membership = await openAsMember(db, actor, conversationId)
  requireHost(membership, 'Only the host assigns forms.')
  await openForWriting(db, conversationId, {
    archived: 'This conversation is archived; nothing more can be assigned.', upcoming: 'This conversation has not opened yet.',
  })
  const template = (await listTemplates(db, actor)).find((t) => t.id === input.templateId)
  if (!template) throw new Invalid({ template: 'Choose a form from the library.' })
  const [participant] = await db.select().from(members).where(and(eq(members.conversationId, conversationId),
    eq(members.personId, input.assigneeId), eq(members.role, 'participant')))
  if (!participant) throw new Invalid({ assignee: 'Choose one of this conversation’s participants.' })
  const id = crypto.randomUUID()
  const now = Date.now()
  const assigned = await db.transaction(async (tx) => {
    await tx.insert(formAssignments).values({ id, conversationId, templateId: template.id, assigneeId: input.assigneeId,
      assignedBy: actor.id, name: template.name, fields: template.fields, createdAt: now })
    const event = await insertEvent(tx, { conversationId, kind: 'form', senderId: actor.id, formId: id, createdAt: now })
    await recordAudit(tx, { actorId: actor.id, action: 'form_assigned', subject: id, address })
    return { formId: id, eventId: event.id }
  })
  announce(db, { kind: 'event', conversationId, eventId: assigned.eventId })
  return assigned
}

/** The forms of a conversation this member may see: the host sees all, a participant only their own. */
export async function listAssignedForms(db: Db, actor: Viewer, conversationId: string, only?: string[]): Promise<AssignedFormView[]> {
  const host = isHost(await openAsMember(db, actor, conversationId))
  const where = [eq(formAssignments.conversationId, conversationId)]
  if (!host) where.push(eq(formAssignments.assigneeId, actor.id))
  if (only) where.push(inArray(formAssignments.id, only))
  const rows = await db.select({ form: formAssignments, assigneeName: people.name, submission: formSubmissions }).from(formAssignments)
    .innerJoin(people, eq(people.id, formAssignments.assigneeId))
    .leftJoin(formSubmissions, eq(formSubmissions.assignmentId, formAssignments.id))
    .where(and(...where)).orderBy(asc(formAssignments.createdAt))
  return rows.map(({ form, assigneeName, submission }) => ({
    id: form.id, conversationId, name: form.name, fields: form.fields as FormField[], assigneeId: form.assigneeId, assigneeName,
    createdAt: form.createdAt, submittedAt: submission?.submittedAt, answers: submission?.answers as Answers | undefined,
  }))
}

/** An assigned form this person may see (its assignee or the host); NotFound for anyone else. */
export async function getAssignedForm(db: Db, actor: Actor, formId: string): Promise<AssignedFormView> {
  const [row] = await db.select({ conversationId: formAssignments.conversationId }).from(formAssignments).where(eq(formAssignments.id, formId))
  const [form] = row ? await listAssignedForms(db, actor, row.conversationId, [formId]).catch(() => []) : []
  if (!form) throw new NotFound('form')
  return form
}

/** The assignee submits once; answers are checked against the assigned copy and never change after. */
export async function submitForm(db: Db, actor: Actor, formId: string, input: Record<string, unknown>, address: string | null) {
  const form = await getAssignedForm(db, actor, formId)
  const { conversationId } = form
  if (form.assigneeId !== actor.id) throw new Forbidden('Only the person it was assigned to can fill in this form.')
  await openAsMember(db, actor, conversationId)
  // a form is assigned only once a conversation is open, so "not opened yet" cannot happen here
  const closed = 'This conversation is archived; forms can no longer be submitted.'
  await openForWriting(db, conversationId, { archived: closed, upcoming: closed })
  if (form.submittedAt) throw new Refused('This form has already been submitted; answers cannot be changed.')
  const checked = checkAnswers(form.fields, input)
  if ('problems' in checked) throw new Invalid(checked.problems)
  const now = Date.now()
  try {
    const submitted = await db.transaction(async (tx) => {
      await tx.insert(formSubmissions).values({ assignmentId: formId, answers: checked.answers, submittedAt: now })
      const event = await insertEvent(tx, { conversationId, kind: 'form_submitted', senderId: actor.id, formId, createdAt: now })
      await recordAudit(tx, { actorId: actor.id, action: 'form_submitted', subject: formId, address })
      return { conversationId, eventId: event.id }
    })
    announce(db, { kind: 'event', conversationId, eventId: submitted.eventId })
    return submitted
  } catch (error) {
    // a replay racing the first submission loses to the primary key
    if ((await listAssignedForms(db, actor, conversationId, [formId]))[0]?.submittedAt) throw new Refused('This form has already been submitted; answers cannot be changed.')
    throw error
  }
}
