import { describe, expect, test } from 'bun:test'
import { listConversations, markRead } from '../../src/domain/conversations'
import { NotFound, Refused } from '../../src/domain/errors'
import { eventsOf, listEvents, postMessage } from '../../src/domain/messages'
import { appendEvent } from '../../src/db/event-log'
import { aClinicWithPeople, aConversation } from '../support/conversations'

const refusal = (promise: Promise<unknown>) => promise.then(() => { throw new Error('expected a refusal') }, (e) => e)

describe('messages', () => {
  test('members post and read messages in order; the log starts with who created it', async () => {
    const world = await aClinicWithPeople(2)
    const { id } = await aConversation(world, world.host, world.patients)
    await postMessage(world.db, world.host, id, { body: 'Welcome, everyone.' })
    await postMessage(world.db, world.patients[0]!, id, { body: 'Hello!\nGlad to be here.' })
    const log = await listEvents(world.db, world.patients[1]!, id)
    expect(log.map((e) => [e.kind, e.senderName, e.body])).toEqual([
      ['created', 'Hana Host', null], ['message', 'Hana Host', 'Welcome, everyone.'], ['message', 'Patient 1', 'Hello!\nGlad to be here.'],
    ])
  })

  test('posts made in the same moment are all kept, each once, in one order', async () => {
    const world = await aClinicWithPeople(3)
    const { id } = await aConversation(world, world.host, world.patients)
    const senders = [world.host, ...world.patients]
    await Promise.all(Array.from({ length: 100 }, (_, i) => postMessage(world.db, senders[i % 4]!, id, { body: `m${i}` })))
    const bodies = (await eventsOf(world.db, id, { after: 0, limit: 1000 })).filter((e) => e.kind === 'message').map((e) => e.body)
    expect(bodies.toSorted()).toEqual(Array.from({ length: 100 }, (_, i) => `m${i}`).toSorted())
  })

  test('a page read again is one index read while nothing newer exists; a newer event is in the next read; an older page stays without a read', async () => {
    const world = await aClinicWithPeople(1)
    const { id } = await aConversation(world, world.host, world.patients)
    const sent: { id: number }[] = []
    for (let i = 0; i < 60; i++) sent.push(await postMessage(world.db, world.host, id, { body: `m${i}` }))
    const eventReads = async (read: () => Promise<unknown>) => {
      const seen: string[] = []
      const stop = world.observe!((sql) => { if (/from "events"/.test(sql)) seen.push(sql) })
      await read()
      stop()
      return seen
    }
    const pageReads = async (read: () => Promise<unknown>) => (await eventReads(read)).filter((sql) => /join "people"/.test(sql)).length
    const newest = await listEvents(world.db, world.host, id)
    expect(await pageReads(() => listEvents(world.db, world.patients[0]!, id))).toBe(0)
    const older = await listEvents(world.db, world.host, id, { before: sent[20]!.id })
    await postMessage(world.db, world.patients[0]!, id, { body: 'newer' })
    let again: Awaited<ReturnType<typeof listEvents>> = []
    expect(await pageReads(async () => { again = await listEvents(world.db, world.host, id) })).toBe(1)
    expect(again.at(-1)!.body).toBe('newer')
    expect(again.slice(0, -1).map((e) => e.id)).toEqual(newest.slice(1).map((e) => e.id))
    // everything before an id that exists is there for good, whatever is added after it
    expect(await eventReads(async () => expect(await listEvents(world.db, world.host, id, { before: sent[20]!.id })).toEqual(older))).toEqual([])
  })

  test('a retried send with the same client id makes one message', async () => {
    const world = await aClinicWithPeople(1)
    const { id } = await aConversation(world, world.host, world.patients)
    const clientId = crypto.randomUUID()
    const [a, b] = await Promise.all([1, 2].map(() => postMessage(world.db, world.patients[0]!, id, { body: 'once', clientId })))
    const c = await postMessage(world.db, world.patients[0]!, id, { body: 'once', clientId })
    expect(new Set([a!.id, b!.id, c.id]).size).toBe(1)
    expect((await listEvents(world.db, world.host, id)).filter((e) => e.body === 'once')).toHaveLength(1)
  })

  test('one moment\'s appends are one write: each gets its own event in the order given, a repeat the first, a refused one fails alone', async () => {
    const world = await aClinicWithPeople(2)
    const { id } = await aConversation(world, world.host, world.patients)
    const { id: closed } = await aConversation(world, world.host, world.patients)
    await world.client.execute({ sql: 'UPDATE conversations SET archived_at = ? WHERE id = ?', args: [Date.now(), closed] })
    const early = crypto.randomUUID()
    await appendEvent(world.db, { conversationId: id, kind: 'message', senderId: world.host.id, body: 'sent before', clientId: early, createdAt: 1 })
    const twice = crypto.randomUUID()
    const message = (body: string, clientId: string | null, senderId = world.patients[0]!.id, conversationId = id) =>
      appendEvent(world.db, { conversationId, kind: 'message', senderId, body, clientId, createdAt: 2 })
    const together = await Promise.all([
      message('a', null), message('b', crypto.randomUUID()), message('c', twice), message('c again', twice), message('d', null),
      message('repeat of before', early, world.host.id), message('e', null),
    ])
    expect(together.map((e) => [e.body, e.repeated])).toEqual([
      ['a', false], ['b', false], ['c', false], ['c', true], ['d', false], ['sent before', true], ['e', false],
    ])
    const fresh = together.filter((e) => !e.repeated).map((e) => e.id)
    expect(fresh).toEqual(fresh.toSorted((x, y) => x - y))
    const [refused, kept] = await Promise.allSettled([message('too late', null, world.host.id, closed), message('f', null)])
    expect(refused.status).toBe('rejected')
    expect(kept.status === 'fulfilled' && kept.value.body).toBe('f')
    const stored = (await eventsOf(world.db, id, { after: 0, limit: 100 })).filter((e) => e.kind === 'message').map((e) => e.body)
    expect(stored).toEqual(['sent before', 'a', 'b', 'c', 'd', 'e', 'f'])
  })

  test.each([['', /Write a message/], ['   ', /Write a message/], ['x'.repeat(5001), /under 5,000/]])('a message of %j is refused', async (body, message) => {
    const world = await aClinicWithPeople(1)
    const { id } = await aConversation(world, world.host, world.patients)
    expect((await refusal(postMessage(world.db, world.host, id, { body }))).fields.body).toMatch(message)
    expect(await listEvents(world.db, world.host, id)).toHaveLength(1)
  })

  test('5,000 characters is fine', async () => {
    const world = await aClinicWithPeople(1)
    const { id } = await aConversation(world, world.host, world.patients)
    expect((await postMessage(world.db, world.host, id, { body: 'x'.repeat(5000) })).body).toHaveLength(5000)
  })

  test('a non-member cannot post or read; a forged id is not found', async () => {
    const world = await aClinicWithPeople(2)
    const { id } = await aConversation(world, world.host, [world.patients[0]!])
    expect(await refusal(postMessage(world.db, world.patients[1]!, id, { body: 'hi' }))).toBeInstanceOf(NotFound)
    expect(await refusal(listEvents(world.db, world.patients[1]!, id))).toBeInstanceOf(NotFound)
    expect(await refusal(postMessage(world.db, world.host, 'forged-id', { body: 'hi' }))).toBeInstanceOf(NotFound)
  })

  test('nobody posts before a scheduled start', async () => {
    const world = await aClinicWithPeople(1)
    const tomorrow = new Date(Date.now() + 86_400_000).toISOString().slice(0, 16)
    const { id } = await aConversation(world, world.host, world.patients, { dateTime: tomorrow })
    expect(await refusal(postMessage(world.db, world.host, id, { body: 'early' }))).toBeInstanceOf(Refused)
  })

  test('the database refuses to edit or delete a message', async () => {
    const world = await aClinicWithPeople(1)
    const { id } = await aConversation(world, world.host, world.patients)
    const message = await postMessage(world.db, world.host, id, { body: 'record' })
    await expect(world.client.execute({ sql: "UPDATE events SET body = 'changed' WHERE id = ?", args: [message.id] })).rejects.toThrow(/append-only/)
    await expect(world.client.execute({ sql: 'DELETE FROM events WHERE id = ?', args: [message.id] })).rejects.toThrow(/append-only/)
  })

  test('older messages come in pages of 50 going back', async () => {
    const world = await aClinicWithPeople(1)
    const { id } = await aConversation(world, world.host, world.patients)
    for (let i = 0; i < 120; i++) await postMessage(world.db, world.host, id, { body: `m${i}` })
    const newest = await listEvents(world.db, world.host, id)
    expect(newest.map((e) => e.body).at(-1)).toBe('m119')
    expect(newest).toHaveLength(50)
    const older = await listEvents(world.db, world.host, id, { before: newest[0]!.id })
    expect(older.map((e) => e.body)).toEqual(Array.from({ length: 50 }, (_, i) => `m${i + 20}`))
  })

  test('unread counts others\' messages since the member last read', async () => {
    const world = await aClinicWithPeople(1)
    const { id } = await aConversation(world, world.host, world.patients)
    const first = await postMessage(world.db, world.host, id, { body: 'one' })
    await postMessage(world.db, world.host, id, { body: 'two' })
    await postMessage(world.db, world.patients[0]!, id, { body: 'mine' })
    expect((await listConversations(world.db, world.patients[0]!)).active[0]!.unread).toBe(2)
    await markRead(world.db, world.patients[0]!, id, first.id)
    expect((await listConversations(world.db, world.patients[0]!)).active[0]!.unread).toBe(1)
  })
})

test('an archived conversation takes no new messages: the domain refuses, and so does the database', async () => {
  const world = await aClinicWithPeople(1)
  const { id } = await aConversation(world, world.host, world.patients)
  await world.client.execute({ sql: 'UPDATE conversations SET archived_at = ? WHERE id = ?', args: [Date.now(), id] })
  expect(await refusal(postMessage(world.db, world.host, id, { body: 'late' }))).toBeInstanceOf(Refused)
  await expect(world.client.execute({ sql: "INSERT INTO events (conversation_id, kind, sender_id, body, created_at) VALUES (?, 'message', ?, 'sneaky', 0)",
    args: [id, world.host.id] })).rejects.toThrow(/archived/)
  expect((await listEvents(world.db, world.host, id)).map((e) => e.body)).toEqual([null])
})

test('archived a moment ago through another process (this one\'s membership is a second old): refused, not an error', async () => {
  const world = await aClinicWithPeople(1)
  const { id } = await aConversation(world, world.host, world.patients)
  await postMessage(world.db, world.host, id, { body: 'while open' })
  await world.client.execute({ sql: 'UPDATE conversations SET archived_at = ? WHERE id = ?', args: [Date.now(), id] })
  expect((await refusal(postMessage(world.db, world.host, id, { body: 'late' }))).message).toMatch(/archived/)
  expect((await listEvents(world.db, world.host, id)).map((e) => e.body)).toEqual([null, 'while open'])
})
