// Seeds a data folder for the benches: one clinic and N conversations of M members. By default the same M people
// are in every conversation; with `distinct`, each conversation has M people of its own (N × M people), as when
// 10,000 open pages belong to 10,000 people rather than to 25 people with 400 pages each.
// Prints JSON: { conversations: [ids], cookies: [cookie header per member of the first conversation],
//   pageCookies: [conversation][member] (a session per page; member 0 hosts), csrf }.
import { join } from 'node:path'
import { openDatabase } from '../../../src/db/client'
import { getClinic, setUpClinic } from '../../../src/domain/clinic'
import { createConversation } from '../../../src/domain/conversations'
import { addPerson } from '../../../src/domain/people'
import { startSession } from '../../../src/domain/sessions'

const [dataDir, count = '400', members = '25', mode = 'shared'] = process.argv.slice(2)
const { db, client } = await openDatabase(`file:${join(dataDir!, 'huddle.db')}`)
const admin = await setUpClinic(db, { clinicName: 'Bench Clinic', timeZone: 'UTC', currency: 'EUR', yourName: 'Admin', email: 'admin@bench.example', password: 'bench password 123' }, null)
const adminActor = { id: admin.id, name: admin.name, email: admin.email, role: admin.role }
const effects = { baseUrl: 'http://bench', clinicName: 'Bench', address: null }
const clinic = await getClinic(db)
const csrf = 'bench-csrf-token'
const cookieOf = async (personId: number) => `huddle_session=${await startSession(db, personId)}; huddle_csrf=${csrf}`

async function addPeople(prefix: string) {
  const people = []
  for (let i = 0; i < Number(members); i++) {
    const p = await addPerson(db, adminActor, { name: `Member ${prefix}${i}`, email: `m${prefix}${i}@bench.example`, role: i === 0 ? 'clinician' : 'patient' }, effects)
    people.push({ id: p.id, name: p.name, email: p.email, role: p.role })
  }
  return people
}

const shared = await addPeople('')
const conversations: string[] = []
const pageCookies: string[][] = []
for (let i = 0; i < Number(count); i++) {
  const people = mode === 'distinct' && i > 0 ? await addPeople(`${i}-`) : shared
  const { id } = await createConversation(db, people[0]!, { subject: `Group ${i}`, participants: people.slice(1).map((p) => p.email) }, clinic)
  conversations.push(id)
  // one session per open page (a session keeps at most 20 streams)
  const row = []
  for (const person of people) row.push(await cookieOf(person.id))
  pageCookies.push(row)
}
const cookies = []
for (const person of shared) cookies.push(await cookieOf(person.id))
client.close()
console.log(JSON.stringify({ conversations, cookies, pageCookies, csrf }))
