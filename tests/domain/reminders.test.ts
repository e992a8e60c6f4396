import { describe, expect, test } from 'bun:test'
import { markRead } from '../../src/domain/conversations'
import { postMessage } from '../../src/domain/messages'
import { markPagesOpen, queueUnreadReminders } from '../../src/domain/reminders'
import { aClinicWithPeople, aConversation } from '../support/conversations'
import { mailContext, queuedMail } from '../support/world'

const minutes = (n: number) => n * 60_000
const threshold = minutes(15)

/** A host and two patients in one conversation, a message from the host at `t0`, and a reminder clock to move. */
async function aQuietConversation() {
  const world = await aClinicWithPeople(2)
  const { id } = await aConversation(world, world.host, world.patients)
  const t0 = Date.now()
  const sent = await postMessage(world.db, world.host, id, { body: 'first' }, t0)
  const remindAt = (at: number) => queueUnreadReminders(world.db, at, threshold, mailContext)
  const reminders = async () => (await queuedMail(world.client)).filter((m) => m.kind === 'unread').map((m) => m.to).sort()
  return { ...world, id, t0, sent, remindAt, reminders }
}

describe('unread reminders', () => {
  test('a sweep reaches every conversation, however many there are (it reads them a page at a time)', async () => {
    const world = await aClinicWithPeople(60)
    const ids = [] // 60 conversations, one patient each, each with a message waiting
    for (const patient of world.patients) ids.push((await aConversation(world, world.host, [patient])).id)
    const t0 = Date.now()
    for (const id of ids) await postMessage(world.db, world.host, id, { body: 'hello' }, t0)
    expect(await queueUnreadReminders(world.db, t0 + threshold, threshold, mailContext)).toBe(60)
  })

  test('nothing before the threshold; at it, one email to each member with unread messages, not to the sender', async () => {
    const w = await aQuietConversation()
    expect(await w.remindAt(w.t0 + minutes(14))).toBe(0)
    expect(await w.remindAt(w.t0 + minutes(15))).toBe(2)
    expect(await w.reminders()).toEqual(['patient1@mail.example', 'patient2@mail.example'])
  })

  test('no second reminder for the same conversation until it was read and something new is unread', async () => {
    const w = await aQuietConversation()
    await w.remindAt(w.t0 + minutes(15))
    await postMessage(w.db, w.host, w.id, { body: 'second' }, w.t0 + minutes(16))
    expect(await w.remindAt(w.t0 + minutes(60))).toBe(0)
    await markRead(w.db, w.patients[0]!, w.id, Number.MAX_SAFE_INTEGER)
    const later = await postMessage(w.db, w.host, w.id, { body: 'third' }, w.t0 + minutes(61))
    expect(await w.remindAt(w.t0 + minutes(61) + threshold)).toBe(1)
    expect(later.id).toBeGreaterThan(w.sent.id)
    expect(await w.reminders()).toEqual(['patient1@mail.example', 'patient1@mail.example', 'patient2@mail.example'])
  })

  test('the host gets them too, when participants write', async () => {
    const w = await aQuietConversation()
    await markRead(w.db, w.patients[0]!, w.id, Number.MAX_SAFE_INTEGER)
    await markRead(w.db, w.patients[1]!, w.id, Number.MAX_SAFE_INTEGER)
    await postMessage(w.db, w.patients[0]!, w.id, { body: 'a question' }, w.t0 + minutes(1))
    await w.remindAt(w.t0 + minutes(16))
    expect(await w.reminders()).toContain('hana@clinic.example')
  })

  test('at most one email per person per threshold, covering several conversations', async () => {
    const w = await aQuietConversation()
    const { id: other } = await aConversation(w, w.host, [w.patients[0]!])
    await postMessage(w.db, w.host, other, { body: 'elsewhere' }, w.t0 + minutes(1))
    await w.remindAt(w.t0 + minutes(16))
    expect((await w.reminders()).filter((to) => to === 'patient1@mail.example')).toHaveLength(1)
  })

  test('a page of it open since the message arrived means no reminder', async () => {
    const w = await aQuietConversation()
    await markPagesOpen(w.db, [{ conversationId: w.id, personId: w.patients[0]!.id }], w.t0 + minutes(1))
    await w.remindAt(w.t0 + minutes(15))
    expect(await w.reminders()).toEqual(['patient2@mail.example'])
  })

  test('never for archived conversations, nor for people who turned notifications off', async () => {
    const w = await aQuietConversation()
    await w.client.execute({ sql: 'UPDATE people SET email_notifications = 0 WHERE id = ?', args: [w.patients[1]!.id] })
    await w.client.execute({ sql: "INSERT INTO events (conversation_id, kind, sender_id, created_at) VALUES (?, 'archived', ?, ?)", args: [w.id, w.host.id, w.t0] })
    await w.client.execute({ sql: 'UPDATE conversations SET archived_at = ? WHERE id = ?', args: [w.t0, w.id] })
    expect(await w.remindAt(w.t0 + minutes(15))).toBe(0)
  })

  test('the email says only that messages wait, with the clinic and a sign-in link', async () => {
    const w = await aQuietConversation()
    await w.remindAt(w.t0 + minutes(15))
    const [mail] = (await queuedMail(w.client)).filter((m) => m.kind === 'unread')
    expect(mail!.subject).toBe('You have unread messages at Harbour Clinic')
    expect(mail!.body).toContain('http://clinic.test/sign-in')
    expect(mail!.body).not.toContain('first')
    expect(mail!.body).not.toContain('Tuesday group')
    expect(mail!.body).not.toContain('Hana')
  })
})
