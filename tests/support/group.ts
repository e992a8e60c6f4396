import { aSignedInAdmin } from './signed-in'
import type { Visitor } from './visitor'
import type { Config } from '../../src/config'

/** A clinic with a signed-in clinician host and signed-in patients, ready to open conversations over HTTP. */
export async function aGroup(patients = 2, overrides: Partial<Config> = {}) {
  const world = await aSignedInAdmin(overrides)
  const host = await world.aSignedInPerson('Hana Host', 'hana@clinic.example', 'clinician', 'host password 123')
  const members: Visitor[] = []
  for (let i = 1; i <= patients; i++) members.push(await world.aSignedInPerson(`Patient ${i}`, `patient${i}@mail.example`, 'patient'))
  const emails = Array.from({ length: patients }, (_, i) => `patient${i + 1}@mail.example`)

  /** The host creates a conversation through the form; returns its id. */
  async function open(participantEmails = emails, extra: Record<string, string> = {}) {
    const body = new URLSearchParams({ _csrf: host.csrf, subject: 'Tuesday group', dateTime: '', ...extra })
    for (const email of participantEmails) body.append('participants', email)
    const response = await host.send('/conversations', {
      method: 'POST', body, headers: { origin: host.origin, 'content-type': 'application/x-www-form-urlencoded' },
    })
    if (response.status !== 303) throw new Error(`creating answered ${response.status}: ${await response.text()}`)
    return response.headers.get('location')!.split('/').at(-1)!
  }
  return { ...world, host, patients: members, emails, open }
}

/** Posts a message the way the page does (htmx, with the CSRF header). */
export async function post(visitor: Visitor, conversationId: string, body: string, clientId: string = crypto.randomUUID()) {
  return visitor.send(`/conversations/${conversationId}/messages`, {
    method: 'POST', body: new URLSearchParams({ body, clientId }),
    headers: { origin: visitor.origin, 'content-type': 'application/x-www-form-urlencoded', 'x-csrf-token': visitor.csrf, 'hx-request': 'true' },
  })
}
