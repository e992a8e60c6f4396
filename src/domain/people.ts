import { and, asc, eq, inArray, isNull, ne, or, sql } from 'drizzle-orm'
import { z } from 'zod'
import type { Db } from '../db/client'
import { people } from '../db/schema'
import { requireAdmin, requireStaff, roles, type Actor } from './actor'
import { recordAudit } from './audit'
import { announce } from './announce'
import { Forbidden, Invalid, NotFound } from './errors'
import { email, parseFields, personName } from './fields'
import { queueInvitation, voidSignInLinksOf, type MailContext } from './sign-in-links'
import { endEverySessionOf } from './sessions'

export type Person = typeof people.$inferSelect

export const newPersonForm = z.object({
  name: personName,
  email,
  role: z.enum(roles, 'Choose Patient, Clinician or Admin.'),
})

export async function findPersonByEmail(db: Db, address: string): Promise<Person | undefined> {
  return db.query.people.findFirst({ where: eq(sql`lower(${people.email})`, address.trim().toLowerCase()) })
}

export async function getPerson(db: Db, id: number): Promise<Person> {
  const found = await db.query.people.findFirst({ where: eq(people.id, id) })
  if (!found) throw new NotFound('person')
  return found
}

type Effects = MailContext & { address: string | null }

/** An admin adds a patient, clinician or admin; each gets an invitation with a one-time sign-in link. */
export async function addPerson(db: Db, actor: Actor, input: unknown, effects: Effects): Promise<Person> {
  requireAdmin(actor)
  const form = parseFields(newPersonForm, input)
  const taken = 'Someone here already uses this email.'
  if (await findPersonByEmail(db, form.email)) throw new Invalid({ email: taken })
  let person: Person
  try {
    person = await db.transaction(async (tx) => {
      const [added] = await tx.insert(people).values(form).returning()
      await recordAudit(tx, { actorId: actor.id, action: 'person_added', subject: String(added!.id), address: effects.address })
      await queueInvitation(tx, added!, effects)
      return added!
    })
  } catch (error) {
    if (await findPersonByEmail(db, form.email)) throw new Invalid({ email: taken }) // lost a race to the unique index
    throw error
  }
  effects.mailQueued?.()
  return person
}

/** Name or email contains the search; LIKE's wildcards in it are literal. */
function matching(search: string) {
  if (!search.trim()) return undefined
  const term = `%${search.trim().replace(/[!%_]/g, (c) => `!${c}`)}%`
  return or(sql`${people.name} like ${term} escape '!'`, sql`${people.email} like ${term} escape '!'`)
}

/** People a host may add to a conversation as they type: active patients and clinicians, not the host. */
export async function suggestParticipants(db: Db, actor: Actor, search: string) {
  requireStaff(actor, 'Only clinicians and admins can start conversations.')
  if (!search.trim()) return []
  return db.select({ name: people.name, email: people.email }).from(people)
    .where(and(matching(search), isNull(people.disabledAt), ne(people.id, actor.id), inArray(people.role, ['patient', 'clinician'])))
    .orderBy(asc(people.name)).limit(10)
}

/** The directory, searchable by name or email. */
export async function listPeople(db: Db, actor: Actor, search = '') {
  requireAdmin(actor)
  return db.select().from(people).where(matching(search)).orderBy(asc(people.name)).limit(500)
}

/** People are disabled, never deleted: records point at them. Disabling ends their sessions and voids their links. */
export async function setDisabled(db: Db, actor: Actor, personId: number, disabled: boolean, address: string | null) {
  requireAdmin(actor)
  if (personId === actor.id) throw new Forbidden('You cannot disable yourself.')
  const person = await getPerson(db, personId)
  await db.transaction(async (tx) => {
    await tx.update(people).set({ disabledAt: disabled ? Date.now() : null }).where(eq(people.id, person.id))
    if (disabled) {
      await endEverySessionOf(tx, person.id)
      await voidSignInLinksOf(tx, person.id)
    }
    await recordAudit(tx, { actorId: actor.id, action: disabled ? 'person_disabled' : 'person_enabled', subject: String(person.id), address })
  })
  if (disabled) announce(db, { kind: 'signed-out', personId: person.id })
  return getPerson(db, personId)
}
