import { describe, expect, test } from 'bun:test'
import { createConversation, listConversations, listMembers, openAsMember } from '../../src/domain/conversations'
import { Forbidden, Invalid, NotFound } from '../../src/domain/errors'
import { addPerson } from '../../src/domain/people'
import { aChargingClinic, aClinicWithPeople, aConversation } from '../support/conversations'
import { mailContext, queuedMail } from '../support/world'

const refusal = (promise: Promise<unknown>) => promise.then(() => { throw new Error('expected a refusal') }, (e) => e)

describe('creating a conversation', () => {
  test('a clinician creates one with participants; it is Active for the host and each participant', async () => {
    const world = await aClinicWithPeople(2)
    const { id } = await aConversation(world, world.host, world.patients)
    for (const member of [world.host, ...world.patients]) {
      const { active } = await listConversations(world.db, member)
      expect(active.map((c) => c.subject)).toEqual(['Tuesday group'])
    }
    expect((await listMembers(world.db, world.host, id)).map((m) => m.name)).toEqual(['Hana Host', 'Patient 1', 'Patient 2'])
  })

  test('a scheduled one is Upcoming until its time', async () => {
    const world = await aClinicWithPeople(1)
    const tomorrow = new Date(Date.now() + 86_400_000).toISOString().slice(0, 16)
    await aConversation(world, world.host, world.patients, { dateTime: tomorrow })
    const sections = await listConversations(world.db, world.patients[0]!)
    expect(sections.upcoming).toHaveLength(1)
    expect(sections.active).toHaveLength(0)
    expect((await listConversations(world.db, world.patients[0]!, Date.now() + 2 * 86_400_000)).active).toHaveLength(1)
  })

  test('patients cannot create conversations', async () => {
    const world = await aClinicWithPeople(2)
    expect(await refusal(aConversation(world, world.patients[0]!, [world.patients[1]!]))).toBeInstanceOf(Forbidden)
  })

  test('25 participants are allowed, 26 are refused', async () => {
    const world = await aClinicWithPeople(26)
    await aConversation(world, world.host, world.patients.slice(0, 25))
    const error = await refusal(aConversation(world, world.host, world.patients))
    expect(error.fields.participants).toMatch(/at most 25/)
  })

  test.each([
    ['no one', () => [] as string[], 'participants', /at least one/],
    ['the same person twice', (e: string[]) => [e[0]!, e[0]!.toUpperCase()], 'participant-2', /already in the conversation/],
    ['the host', () => ['hana@clinic.example'], 'participant-1', /You are the host/],
    ['an unknown email without a name', () => ['nobody@mail.example'], 'name-1', /Enter their name to invite them/],
    ['a name that is not an email and not in the directory', () => ['Somebody'], 'participant-1', /email of someone new/],
    ['an empty row', (e: string[]) => [e[0]!, ''], 'participant-2', /Choose a person/],
  ])('%s is refused beside the row, and nothing is saved', async (_, participants, field, message) => {
    const world = await aClinicWithPeople(2)
    const error = await refusal(createConversation(world.db, world.host,
      { subject: 'S', participants: participants(world.patients.map((p) => p.email)) }, world.clinic))
    expect(error).toBeInstanceOf(Invalid)
    expect(error.fields[field]).toMatch(message)
    expect((await world.client.execute('SELECT count(*) AS n FROM conversations')).rows[0]!.n).toBe(0)
  })

  test('a new email with a name invites a new patient in the same transaction, with an invitation and an "added" email', async () => {
    const world = await aClinicWithPeople(1)
    const { id, memberIds } = await createConversation(world.db, world.host,
      { subject: 'S', participants: [world.patients[0]!.email, 'New@Mail.example'], names: ['', 'Nia New'] }, world.clinic, Date.now(), mailContext)
    const { rows } = await world.client.execute("SELECT id, name, role FROM people WHERE email = 'new@mail.example'")
    expect(rows.map((r) => [r.name, r.role])).toEqual([['Nia New', 'patient']])
    expect(memberIds).toEqual([world.host.id, world.patients[0]!.id, Number(rows[0]!.id)])
    const mail = (await queuedMail(world.client)).filter((m) => m.to === 'new@mail.example').map((m) => m.kind)
    expect(mail.sort()).toEqual(['added', 'invitation'])
    const positions = await world.client.execute({ sql: 'SELECT person_id FROM members WHERE conversation_id = ? ORDER BY position', args: [id] })
    expect(positions.rows.map((r) => Number(r.person_id))).toEqual(memberIds)
  })

  test('a disabled person cannot be added', async () => {
    const world = await aClinicWithPeople(1)
    await world.client.execute("UPDATE people SET disabled_at = 1 WHERE email = 'patient1@mail.example'")
    const error = await refusal(aConversation(world, world.host, world.patients))
    expect(error.fields['participant-1']).toMatch(/No one active/)
  })

  test.each([
    ['yesterday', new Date(Date.now() - 86_400_000).toISOString().slice(0, 16), /passed/],
    ['ten years ahead', `${new Date().getFullYear() + 10}-01-01T10:00`, /within the next year/],
    ['not a date', 'next tuesday', /Enter a date/],
  ])('a date %s is refused', async (_, dateTime, message) => {
    const world = await aClinicWithPeople(1)
    const error = await refusal(aConversation(world, world.host, world.patients, { dateTime }))
    expect(error.fields.dateTime).toMatch(message)
  })

  test('times are read in the clinic time zone and stored as UTC', async () => {
    const world = await aClinicWithPeople(1) // Europe/Paris: UTC+1 in winter
    const year = new Date().getFullYear() + 1
    const { id } = await aConversation(world, world.host, world.patients, { dateTime: `${year}-01-15T09:30` })
    const { conversation } = await openAsMember(world.db, world.host, id)
    expect(new Date(conversation.opensAt).toISOString()).toBe(`${year}-01-15T08:30:00.000Z`)
  })
})

describe('fees', () => {
  const chargingClinic = (currency = 'EUR') => aChargingClinic(2, currency)

  test('are stored as integers in the minor unit, and only the host sees them', async () => {
    const world = await chargingClinic()
    const { id } = await aConversation(world, world.host, world.patients, { fees: ['40', '12.50'] })
    const members = await listMembers(world.db, world.host, id)
    expect(members.map((m) => m.feeMinor)).toEqual([0, 4000, 1250])
    const seenByPatient = await listMembers(world.db, world.patients[0]!, id)
    expect(seenByPatient.every((m) => m.feeMinor === undefined && m.email === undefined)).toBe(true)
  })

  test('a currency without a minor unit takes whole numbers', async () => {
    const world = await chargingClinic('JPY')
    const { id } = await aConversation(world, world.host, world.patients, { fees: ['5000', '0'] })
    expect((await listMembers(world.db, world.host, id)).map((m) => m.feeMinor)).toEqual([0, 5000, 0])
    const error = await refusal(aConversation(world, world.host, world.patients, { fees: ['50.5', '0'] }))
    expect(error.fields['fee-1']).toMatch(/no decimals/)
  })

  test.each([['-1', /negative/], ['abc', /as a number/], ['1.234', /at most 2 decimals/], ['', /Enter a fee/]])
  ('fee %j is refused beside it', async (fee, message) => {
    const world = await chargingClinic()
    const error = await refusal(aConversation(world, world.host, world.patients, { fees: ['10', fee] }))
    expect(error.fields['fee-2']).toMatch(message)
  })

  test('a fee sent when the clinic does not charge is refused', async () => {
    const world = await aClinicWithPeople(1)
    const error = await refusal(aConversation(world, world.host, world.patients, { fees: ['10'] }))
    expect(error.fields.participants).toMatch(/does not charge/)
  })
})

describe('membership and immutability', () => {
  test('non-members, admins included, are told the conversation does not exist', async () => {
    const world = await aClinicWithPeople(2)
    const { id } = await aConversation(world, world.host, [world.patients[0]!])
    expect(await refusal(openAsMember(world.db, world.patients[1]!, id))).toBeInstanceOf(NotFound)
    expect(await refusal(openAsMember(world.db, world.admin, id))).toBeInstanceOf(NotFound)
    expect(await refusal(openAsMember(world.db, world.host, crypto.randomUUID()))).toBeInstanceOf(NotFound)
  })

  test('the database refuses to add, change or remove participants once created', async () => {
    const world = await aClinicWithPeople(2)
    const { id } = await aConversation(world, world.host, [world.patients[0]!])
    const sql = (s: string) => world.client.execute({ sql: s, args: [id] })
    await expect(sql(`INSERT INTO members (conversation_id, person_id, role, position) VALUES (?, ${world.patients[1]!.id}, 'participant', 9)`)).rejects.toThrow(/cannot change/)
    await expect(sql('UPDATE members SET fee_minor = 100 WHERE conversation_id = ?')).rejects.toThrow(/cannot change/)
    await expect(sql('DELETE FROM members WHERE conversation_id = ?')).rejects.toThrow(/cannot change/)
    await expect(sql("UPDATE conversations SET host_id = 1 WHERE id = ?")).rejects.toThrow(/cannot change/)
    await expect(sql('DELETE FROM conversations WHERE id = ?')).rejects.toThrow(/never deleted/)
  })
})

test('suggestions come from the directory by name or email, never the host or disabled people', async () => {
  const world = await aClinicWithPeople(2)
  const { suggestParticipants } = await import('../../src/domain/people')
  await addPerson(world.db, world.admin, { name: 'Patient Gone', email: 'gone@mail.example', role: 'patient' },
    mailContext)
  await world.client.execute("UPDATE people SET disabled_at = 1 WHERE email = 'gone@mail.example'")
  expect((await suggestParticipants(world.db, world.host, 'patient')).map((p) => p.name)).toEqual(['Patient 1', 'Patient 2'])
  expect((await suggestParticipants(world.db, world.host, 'hana')).length).toBe(0)
  expect(await refusal(suggestParticipants(world.db, world.patients[0]!, 'patient'))).toBeInstanceOf(Forbidden)
})
