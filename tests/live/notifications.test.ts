import { afterEach, describe, expect, test } from 'bun:test'
import { queueOpenedNotifications } from '../../src/domain/notifications'
import { aChargingGroup } from '../support/charging'
import { post } from '../support/group'
import { anSmtpServer } from '../support/smtp'

const cleanup: (() => unknown)[] = []
afterEach(async () => { for (const step of cleanup.splice(0).reverse()) await step() })

// words that must never leave in mail: a subject, message text, a file name, a fee, another person's name and email
const secrets = ['Zebrafish', 'Xylophone', 'quasar-scan', '37.45', 'Patient 2', 'patient2@mail.example', 'Hana', 'hana@clinic.example', 'Nia']

describe('mail says something happened, never what', () => {
  test('every kind (invitation, added, opened, unread, card request, sign-in link) reaches a real SMTP server and tells nothing', async () => {
    const smtp = await anSmtpServer()
    cleanup.push(() => smtp.close())
    const g = await aChargingGroup(2, { smtpUrl: smtp.url, unreadReminderMs: 1500 })
    cleanup.push(() => g.stop())
    const pat1 = g.emails[0]!
    const kinds = () => smtp.received.filter((m) => m.to[0] === pat1).map((m) => m.subject)

    // added, and a new patient invited from the create form (invitation + added)
    const body = new URLSearchParams({ _csrf: g.host.csrf, subject: 'Zebrafish therapy', dateTime: '' })
    for (const [email, fee, name] of [[pat1, '37.45', ''], [g.emails[1]!, '0', ''], ['nia@mail.example', '0', 'Nia Newcomer']]) {
      body.append('participants', email!); body.append('fees', fee!); body.append('names', name!)
    }
    const created = await g.host.send('/conversations', { method: 'POST', body, headers: { origin: g.host.origin, 'content-type': 'application/x-www-form-urlencoded' } })
    expect(created.status).toBe(303)
    const id = created.headers.get('location')!.split('/').at(-1)!
    await smtp.waitFor(smtp.received.length + 4)

    // unread: a message with a secret, a file with a secret name; nobody looks for 1.5 s
    await post(g.host, id, 'Xylophone anxiety plan')
    const form = new FormData()
    form.append('file', new Blob(['x']), 'quasar-scan.pdf')
    await g.host.send(`/conversations/${id}/files?_csrf=${encodeURIComponent(g.host.csrf)}`, { method: 'POST', body: form, headers: { origin: g.host.origin } })
    for (let i = 0; i < 300 && !kinds().some((s) => s.startsWith('You have unread')); i++) await Bun.sleep(20)

    // opened: a scheduled conversation whose time comes
    const later = new URLSearchParams({ _csrf: g.host.csrf, subject: 'Zebrafish later', dateTime: new Date(Date.now() + 30 * 86_400_000).toISOString().slice(0, 16) })
    later.append('participants', pat1); later.append('fees', '0')
    const scheduled = (await g.host.send('/conversations', { method: 'POST', body: later, headers: { origin: g.host.origin, 'content-type': 'application/x-www-form-urlencoded' } }))
      .headers.get('location')!.split('/').at(-1)!
    // what the openings clock does when its time comes (tests/live/openings.test.ts); twice, as two processes might
    const context = { baseUrl: 'http://localhost', clinicName: 'Harbour Clinic', mailQueued: () => g.mail.wake() }
    await queueOpenedNotifications(g.database.db, scheduled, context)
    await queueOpenedNotifications(g.database.db, scheduled, context)

    // card request, from the Complete warning
    const person = Number((await g.database.client.execute({ sql: 'SELECT id FROM people WHERE email = ?', args: [pat1] })).rows[0]!.id)
    expect((await g.host.post(`/conversations/${id}/complete`)).status).toBe(200)
    const asked = await g.host.post(`/conversations/${id}/card-requests`, { person: String(person) })
    expect(await asked.text()).toContain('has been emailed a request to add a card')

    // a sign-in link
    await g.patients[0]!.post('/sign-in/link', { email: pat1 })
    for (let i = 0; i < 300 && kinds().length < 7; i++) await Bun.sleep(20)

    expect(kinds().sort()).toEqual([
      'A conversation at Harbour Clinic has opened', 'Harbour Clinic asks you to add a card', "You're invited to Harbour Clinic",
      'You have a new conversation at Harbour Clinic', 'You have a new conversation at Harbour Clinic', // the open one, the scheduled one
      'You have unread messages at Harbour Clinic', 'Your sign-in link for Harbour Clinic',
    ].sort())
    expect(smtp.received.filter((m) => m.to[0] === 'nia@mail.example').map((m) => m.subject).sort())
      .toEqual(['You have a new conversation at Harbour Clinic', 'You have unread messages at Harbour Clinic', "You're invited to Harbour Clinic"])
    for (const mail of smtp.received) {
      for (const secret of secrets) expect(`${mail.subject}\n${mail.text}`).not.toContain(secret)
      expect(mail.text).toContain('Harbour Clinic')
    }
    console.log(`emails that arrived, by kind: ${JSON.stringify(Object.fromEntries(Object.entries(Object.groupBy(smtp.received, (m) => m.subject)).map(([k, v]) => [k, v!.length])))}`)
  }, 30_000)
})
