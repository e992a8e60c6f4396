import { describe, expect, test } from 'bun:test'
import { Forbidden, Invalid, NotFound, Refused } from '../../src/domain/errors'
import { checkAnswers, type FormField } from '../../src/domain/form-fields'
import { assignForm, listAssignedForms, listTemplates, saveTemplate, submitForm } from '../../src/domain/forms'
import { aClinicWithPeople, aConversation } from '../support/conversations'

const refusal = (promise: Promise<unknown>) => promise.then(() => { throw new Error('expected a refusal') }, (e) => e)

async function aFormWorld() {
  const world = await aClinicWithPeople(2)
  const { id } = await aConversation(world, world.host, world.patients)
  const templateId = await saveTemplate(world.db, world.host, { name: 'Check-in', rows: [
    { label: 'How are you?', type: 'single_choice', required: true, options: 'Good\nOkay\nNot great' },
    { label: 'Anything else?', type: 'long_text', required: false },
  ] })
  return { ...world, id, templateId }
}

describe('form templates', () => {
  test('the library ships built-in forms, including a free standard questionnaire', async () => {
    const world = await aClinicWithPeople(0)
    const names = (await listTemplates(world.db, world.admin)).map((t) => t.name)
    expect(names).toContain('Consent to a group session')
    expect(names).toContain('Session feedback')
    expect(names.some((n) => n.startsWith('GAD-7'))).toBe(true)
  })

  test('patients cannot see or build templates', async () => {
    const world = await aClinicWithPeople(1)
    expect(await refusal(listTemplates(world.db, world.patients[0]!))).toBeInstanceOf(Forbidden)
  })

  test('a choice question needs two options; a form needs a name and a question', async () => {
    const world = await aClinicWithPeople(0)
    const error = await refusal(saveTemplate(world.db, world.admin, { name: '', rows: [{ label: 'Pick', type: 'single_choice', options: 'Only one' }] }))
    expect(error.fields.name).toMatch(/name/)
    expect(error.fields['options-1']).toMatch(/two options/)
  })
})

describe('assigning and submitting', () => {
  test('only the assignee and the host see an assigned form; the assignee submits once', async () => {
    const w = await aFormWorld()
    const [p1, p2] = w.patients as [any, any]
    const { formId } = await assignForm(w.db, w.host, w.id, { templateId: w.templateId, assigneeId: p1.id }, null)
    expect((await listAssignedForms(w.db, p1, w.id)).map((f) => f.name)).toEqual(['Check-in'])
    expect(await listAssignedForms(w.db, p2, w.id)).toEqual([])
    expect(await refusal(submitForm(w.db, p2, formId, { f1: 'Good' }, null))).toBeInstanceOf(NotFound)
    expect(await refusal(submitForm(w.db, w.host, formId, { f1: 'Good' }, null))).toBeInstanceOf(Forbidden)
    await submitForm(w.db, p1, formId, { f1: 'Okay', f2: 'Slept badly' }, null)
    const [hostView] = await listAssignedForms(w.db, w.host, w.id)
    expect(hostView!.answers).toEqual({ f1: 'Okay', f2: 'Slept badly' })
    const replay = await refusal(submitForm(w.db, p1, formId, { f1: 'Good' }, null))
    expect(replay).toBeInstanceOf(Refused)
    expect((await listAssignedForms(w.db, w.host, w.id))[0]!.answers).toEqual({ f1: 'Okay', f2: 'Slept badly' })
  })

  test('editing a template never changes a form already assigned', async () => {
    const w = await aFormWorld()
    await assignForm(w.db, w.host, w.id, { templateId: w.templateId, assigneeId: w.patients[0]!.id }, null)
    await saveTemplate(w.db, w.host, { id: w.templateId, name: 'Check-in v2', rows: [{ label: 'Changed question', type: 'text' }] })
    const [form] = await listAssignedForms(w.db, w.host, w.id)
    expect(form!.name).toBe('Check-in')
    expect(form!.fields.map((f) => f.label)).toEqual(['How are you?', 'Anything else?'])
  })

  test('a missing required answer or an option not in the form is refused, and nothing is saved', async () => {
    const w = await aFormWorld()
    const { formId } = await assignForm(w.db, w.host, w.id, { templateId: w.templateId, assigneeId: w.patients[0]!.id }, null)
    expect((await refusal(submitForm(w.db, w.patients[0]!, formId, {}, null))).fields.f1).toMatch(/needs an answer/)
    expect((await refusal(submitForm(w.db, w.patients[0]!, formId, { f1: 'Fantastic' }, null))).fields.f1).toMatch(/one of the options/)
    expect((await listAssignedForms(w.db, w.host, w.id))[0]!.submittedAt).toBeUndefined()
  })

  test('a form cannot go to a non-participant, and only the host assigns', async () => {
    const w = await aFormWorld()
    expect(await refusal(assignForm(w.db, w.host, w.id, { templateId: w.templateId, assigneeId: w.admin.id }, null))).toBeInstanceOf(Invalid)
    expect(await refusal(assignForm(w.db, w.patients[0]!, w.id, { templateId: w.templateId, assigneeId: w.patients[1]!.id }, null))).toBeInstanceOf(Forbidden)
  })

  test('the database refuses to change or delete an assignment or its answers', async () => {
    const w = await aFormWorld()
    const { formId } = await assignForm(w.db, w.host, w.id, { templateId: w.templateId, assigneeId: w.patients[0]!.id }, null)
    await submitForm(w.db, w.patients[0]!, formId, { f1: 'Good' }, null)
    const run = (sql: string) => w.client.execute({ sql, args: [formId] })
    await expect(run("UPDATE form_assignments SET name = 'x' WHERE id = ?")).rejects.toThrow(/cannot be changed/)
    await expect(run('DELETE FROM form_assignments WHERE id = ?')).rejects.toThrow(/cannot be changed/)
    await expect(run("UPDATE form_submissions SET answers = '{}' WHERE assignment_id = ?")).rejects.toThrow(/cannot be changed/)
    await expect(run('DELETE FROM form_submissions WHERE assignment_id = ?')).rejects.toThrow(/cannot be changed/)
  })
})

describe('checking answers by kind of question', () => {
  const fields: FormField[] = [
    { id: 'a', label: 'Yes?', type: 'yes_no', required: true },
    { id: 'b', label: 'When?', type: 'date', required: true },
    { id: 'c', label: 'Scale', type: 'scale', required: true, max: 5 },
    { id: 'd', label: 'Which?', type: 'multiple_choice', required: false, options: ['x', 'y'] },
  ]
  test('good answers pass, cleaned', () => {
    expect(checkAnswers(fields, { a: 'yes', b: '2026-01-31', c: '4', d: ['x', 'y', 'x'] })).toEqual({ answers: { a: 'yes', b: '2026-01-31', c: '4', d: ['x', 'y'] } })
  })
  test('bad ones are named', () => {
    const result = checkAnswers(fields, { a: 'maybe', b: '31/01/2026', c: '9', d: ['z'] })
    expect(Object.keys((result as any).problems)).toEqual(['a', 'b', 'c', 'd'])
  })
})
