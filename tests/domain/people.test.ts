import { describe, expect, test } from 'bun:test'
import type { Actor } from '../../src/domain/actor'
import { Forbidden, Invalid } from '../../src/domain/errors'
import { addPerson, listPeople, setDisabled } from '../../src/domain/people'
import { resumeSession, startSession } from '../../src/domain/sessions'
import { aClinic, mailContext, queuedMail } from '../support/world'

const effects = () => mailContext
const policy = { idleMs: 60_000, maxMs: 3_600_000 }

describe('people', () => {
  test('an admin adds a patient, whose invitation with a one-time link is queued with them, and nothing else', async () => {
    const { db, client, admin } = await aClinic()
    const person = await addPerson(db, admin, { name: 'Pat Patient', email: ' Pat@Example.com ', role: 'patient' }, effects())
    expect(person).toMatchObject({ name: 'Pat Patient', email: 'pat@example.com', role: 'patient' })
    const mail = await queuedMail(client)
    expect(mail).toMatchObject([{ to: 'pat@example.com', kind: 'invitation', private: 0, status: 'queued' }])
    expect(mail[0]!.body).toMatch(/http:\/\/clinic\.test\/sign-in\/link\/[\w-]{40,}/)
  })

  test('an email already in use, in any case, is refused beside the email field', async () => {
    const { db, admin } = await aClinic()
    const attempt = addPerson(db, admin, { name: 'Copy', email: 'ADA@harbour.example', role: 'patient' }, effects())
    await expect(attempt).rejects.toThrow(Invalid)
    await attempt.catch((e: Invalid) => expect(e.fields.email).toMatch(/already uses this email/))
  })

  test.each([
    [{ name: '', email: 'a@b.example', role: 'patient' }, 'name'],
    [{ name: 'x'.repeat(500), email: 'a@b.example', role: 'patient' }, 'name'],
    [{ name: 'Al', email: '', role: 'patient' }, 'email'],
    [{ name: 'Al', email: 'not-an-email', role: 'patient' }, 'email'],
    [{ name: 'Al', email: 'a@b.example', role: 'owner' }, 'role'],
  ])('bad input %j is refused on %s and saves no one', async (input, field) => {
    const { db, client, admin } = await aClinic()
    const error = await addPerson(db, admin, input, effects()).catch((e) => e)
    expect(error).toBeInstanceOf(Invalid)
    expect(Object.keys(error.fields)).toContain(field)
    expect(await listPeople(db, admin)).toHaveLength(1)
    expect(await queuedMail(client)).toHaveLength(0)
  })

  test('only admins add or list people', async () => {
    const { db, admin } = await aClinic()
    const clinician = await addPerson(db, admin, { name: 'Cleo', email: 'cleo@x.example', role: 'clinician' }, effects())
    const asClinician: Actor = { ...clinician, role: 'clinician' }
    await expect(addPerson(db, asClinician, { name: 'P', email: 'p@x.example', role: 'patient' }, effects())).rejects.toThrow(Forbidden)
    await expect(listPeople(db, asClinician)).rejects.toThrow(Forbidden)
  })

  test('the directory is searchable by name or email', async () => {
    const { db, admin } = await aClinic()
    await addPerson(db, admin, { name: 'Zoë Brown', email: 'zoe@x.example', role: 'patient' }, effects())
    await addPerson(db, admin, { name: 'Max Power', email: 'max@y.example', role: 'patient' }, effects())
    expect((await listPeople(db, admin, 'zoë')).map((p) => p.name)).toEqual(['Zoë Brown'])
    expect((await listPeople(db, admin, 'y.example')).map((p) => p.name)).toEqual(['Max Power'])
    expect(await listPeople(db, admin, '%')).toHaveLength(0) // a wildcard is a literal character
  })

  test('disabling someone ends their sessions, and an admin cannot disable themself', async () => {
    const { db, admin } = await aClinic()
    const patient = await addPerson(db, admin, { name: 'Pat', email: 'pat@x.example', role: 'patient' }, effects())
    const session = await startSession(db, patient.id)
    expect(await resumeSession(db, session, policy)).toMatchObject({ id: patient.id })
    await setDisabled(db, admin, patient.id, true, null)
    expect(await resumeSession(db, session, policy)).toBeUndefined()
    await expect(setDisabled(db, admin, admin.id, true, null)).rejects.toThrow(Forbidden)
  })
})
