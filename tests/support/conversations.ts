import type { Actor } from '../../src/domain/actor'
import { getClinic, type Clinic } from '../../src/domain/clinic'
import { createConversation, type NewConversationForm } from '../../src/domain/conversations'
import { addPerson } from '../../src/domain/people'
import { aClinic, aMailbox } from './world'

const effects = { mailer: aMailbox(), baseUrl: 'http://clinic.test', clinicName: 'Harbour Clinic', address: null }

/** A clinic with a clinician host and `patients` patients, as actors. */
export async function aClinicWithPeople(patients = 3) {
  const world = await aClinic()
  const add = async (name: string, email: string, role: 'patient' | 'clinician') => {
    const p = await addPerson(world.db, world.admin, { name, email, role }, effects)
    return { id: p.id, name: p.name, email: p.email, role: p.role } as Actor
  }
  const host = await add('Hana Host', 'hana@clinic.example', 'clinician')
  const people: Actor[] = []
  for (let i = 1; i <= patients; i++) people.push(await add(`Patient ${i}`, `patient${i}@mail.example`, 'patient'))
  const clinic = await getClinic(world.db)
  return { ...world, host, patients: people, clinic }
}

/** A conversation hosted by `host` with the given participants. */
export async function aConversation(world: { db: any; clinic: Clinic }, host: Actor, participants: Actor[], extra: Partial<NewConversationForm> = {}) {
  return createConversation(world.db, host, { subject: 'Tuesday group', participants: participants.map((p) => p.email), ...extra }, world.clinic)
}
