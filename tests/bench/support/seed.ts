// Seeds a data folder for the live bench: one clinic, 25 people, N conversations each with all 25 as members.
// Prints JSON: { conversations: [ids], cookies: [cookie header per person], csrf }.
import { join } from 'node:path'
import { openDatabase } from '../../../src/db/client'
import { getClinic, setUpClinic } from '../../../src/domain/clinic'
import { createConversation } from '../../../src/domain/conversations'
import { addPerson } from '../../../src/domain/people'
import { startSession } from '../../../src/domain/sessions'

const [dataDir, count = '400', members = '25'] = process.argv.slice(2)
const { db, client } = await openDatabase(`file:${join(dataDir!, 'huddle.db')}`)
const admin = await setUpClinic(db, { clinicName: 'Bench Clinic', timeZone: 'UTC', currency: 'EUR', yourName: 'Admin', email: 'admin@bench.example', password: 'bench password 123' }, null)
const adminActor = { id: admin.id, name: admin.name, email: admin.email, role: admin.role }
const effects = { baseUrl: 'http://bench', clinicName: 'Bench', address: null }
const people = []
for (let i = 0; i < Number(members); i++) {
  const p = await addPerson(db, adminActor, { name: `Member ${i}`, email: `m${i}@bench.example`, role: i === 0 ? 'clinician' : 'patient' }, effects)
  people.push({ id: p.id, name: p.name, email: p.email, role: p.role })
}
const clinic = await getClinic(db)
const conversations: string[] = []
for (let i = 0; i < Number(count); i++) {
  const { id } = await createConversation(db, people[0]!, { subject: `Group ${i}`, participants: people.slice(1).map((p) => p.email) }, clinic)
  conversations.push(id)
}
const csrf = 'bench-csrf-token'
const cookies = []
for (const person of people) cookies.push(`huddle_session=${await startSession(db, person.id)}; huddle_csrf=${csrf}`)
client.close()
console.log(JSON.stringify({ conversations, cookies, csrf }))
