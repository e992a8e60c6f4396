import { describe, expect, test } from 'bun:test'
import { postMessage } from '../../src/domain/messages'
import { ConversationTail } from '../../src/live/tail'
import { aClinicWithPeople, aConversation } from '../support/conversations'

async function aTalk() {
  const world = await aClinicWithPeople(1)
  const { id } = await aConversation(world, world.host, world.patients)
  const say = (body: string) => postMessage(world.db, world.host, id, { body })
  return { ...world, id, say, tail: new ConversationTail(world.db, id) }
}
const bodies = (events: { body: string | null }[] | undefined) => events?.map((e) => e.body)
/** The tail's reads of the log from now on, until `stop`. */
function logReads(w: Awaited<ReturnType<typeof aTalk>>) {
  const reads: string[] = []
  const stop = w.observe!((sql) => { if (/from "events"/.test(sql)) reads.push(sql) })
  return { reads, stop }
}

describe('a conversation tail', () => {
  test('reads what came after what a stream delivered, each event once, in commit order', async () => {
    const w = await aTalk()
    const first = await w.say('one')
    await w.say('two')
    expect(bodies(await w.tail.after(first.id))).toEqual(['two'])
    const third = await w.say('three')
    expect(bodies(await w.tail.after(first.id))).toEqual(['two', 'three'])
    expect(await w.tail.after(third.id)).toEqual([])
  })

  test('asked while a read is under way, it reads once more after it (what woke the asker may have come later)', async () => {
    const w = await aTalk()
    const start = await w.say('start')
    await w.tail.after(start.id)
    const { reads, stop } = logReads(w)
    const asked = [w.tail.after(start.id), w.tail.after(start.id), w.tail.after(start.id)]
    await Promise.all(asked)
    stop()
    expect(reads).toHaveLength(2) // the one under way, then one for everyone who asked during it
  })

  test('askers naming the event that woke them share the read under way when it brings that event, else read once more', async () => {
    const w = await aTalk()
    const start = await w.say('start')
    await w.tail.after(start.id)
    const { reads, stop } = logReads(w)
    const posted = await w.say('posted')
    // the 25 pages of a conversation woken by one post: the first starts the read, the rest ask during it
    const woken = await Promise.all([1, 2, 3].map(() => w.tail.after(start.id, posted.id)))
    expect(woken.map(bodies)).toEqual([['posted'], ['posted'], ['posted']])
    expect(reads).toHaveLength(1)
    // woken by an event the read under way may not have seen (committed as it ran): one more read
    const later = await w.say('later')
    const [, behind] = await Promise.all([w.tail.after(posted.id), w.tail.after(posted.id, later.id + 1)])
    expect(bodies(behind)).toEqual(['later'])
    expect(reads).toHaveLength(3)
    stop()
  })

  test('a stream further behind than the tail reaches is told to read the database itself', async () => {
    const w = await aTalk()
    const early = await w.say('early')
    const later = await w.say('later')
    await w.tail.after(later.id) // the first stream sets where the tail starts
    expect(await w.tail.after(early.id)).toBeUndefined()
  })

  test('keeps the newest 50 events: a stream behind those reads the database, one within them does not', async () => {
    const w = await aTalk()
    const start = await w.say('start')
    await w.tail.after(start.id)
    const sent = []
    for (let i = 0; i < 80; i++) sent.push(await w.say(`m${i}`))
    expect(await w.tail.after(sent.at(-1)!.id)).toEqual([])
    expect(await w.tail.after(start.id)).toBeUndefined()
    expect(bodies(await w.tail.after(sent[40]!.id))).toHaveLength(39)
  })
})
