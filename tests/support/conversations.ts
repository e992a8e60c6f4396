import { eq } from 'drizzle-orm'
import { charges, paymentMethods } from '../../src/db/schema'
import type { Actor } from '../../src/domain/actor'
import { getClinic, updateSettings, type Clinic } from '../../src/domain/clinic'
import { completeConversation } from '../../src/domain/complete'
import { createConversation, type NewConversationForm } from '../../src/domain/conversations'
import { addPerson } from '../../src/domain/people'
import { aClinic, mailContext } from './world'

const effects = mailContext

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

/** A clinic that charges through the app (in `currency`), with helpers to put cards on file and complete. */
export async function aChargingClinic(patients = 3, currency = 'EUR') {
  const world = await aClinicWithPeople(patients)
  const clinic = await updateSettings(world.db, world.admin, { name: 'Harbour Clinic', timeZone: 'Europe/Paris', currency, chargesEnabled: 'on' },
    { paymentsConfigured: true, address: null })
  const { db } = world
  return {
    ...world, clinic,
    /** A card on file as Stripe's hosted page would leave it (ids only): made-up ids, or a card the fake Stripe saved. */
    giveCard: (person: Actor, card = { customerId: `cus_${person.id}`, paymentMethodId: `pm_${person.id}` }) => db.insert(paymentMethods).values({
      personId: person.id, stripeCustomerId: card.customerId, stripePaymentMethodId: card.paymentMethodId,
      brand: 'visa', last4: '4242', expMonth: 12, expYear: 2030, updatedAt: Date.now() }),
    paidConversation: (fees: string[], participants = world.patients) => aConversation({ db, clinic }, world.host, participants, { fees }),
    complete: (id: string, anyway = false, actor = world.host) => completeConversation(db, actor, id, { clinic, canCharge: true, anyway, address: null }),
    chargesOf: (id: string) => db.select().from(charges).where(eq(charges.conversationId, id)).orderBy(charges.id),
  }
}
