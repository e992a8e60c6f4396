import { expect, test } from 'bun:test'
import { createConversation } from '../../src/domain/conversations'
import { utcToZonedInput } from '../../src/domain/time'
import { conversationTopic, MemoryBus, personTopic, type LiveEvent } from '../../src/live/bus'
import { startOpeningsClock } from '../../src/live/openings'
import { aClinicWithPeople } from '../support/conversations'

/**
 * A clinic whose clock runs ahead, so that a conversation scheduled for the next whole minute (at least two minutes
 * away) opens `inMs` from now in real time; `schedule` creates it.
 */
async function aClinicAboutToOpen(inMs: number) {
  const world = await aClinicWithPeople(1)
  const opensAt = Math.ceil((Date.now() + 120_000) / 60_000) * 60_000
  const skew = opensAt - inMs - Date.now()
  const now = () => Date.now() + skew
  const schedule = () => createConversation(world.db, world.host,
    { subject: 'Later', dateTime: utcToZonedInput(opensAt, world.clinic.timeZone), participants: [world.patients[0]!.email] }, world.clinic, now())
  return { world, now, schedule }
}

test('when a scheduled conversation\'s time comes, its open pages and its members\' lists are told, and its mail is queued', async () => {
  const { world, now, schedule } = await aClinicAboutToOpen(1000)
  const { id } = await schedule()
  const bus = new MemoryBus()
  const heard: [string, LiveEvent][] = []
  for (const topic of [conversationTopic(id), personTopic(world.host.id), personTopic(world.patients[0]!.id)]) {
    bus.subscribe(topic, (event) => heard.push([topic, event]))
  }
  const opened: string[] = []
  const clock = startOpeningsClock(world.db, bus, now, async (conversationId) => { opened.push(conversationId) })
  await Bun.sleep(300)
  expect(heard).toEqual([])
  expect(opened).toEqual([])
  await Bun.sleep(1200)
  clock.stop()
  expect(heard).toEqual([
    [conversationTopic(id), { kind: 'opened', conversationId: id }],
    [personTopic(world.host.id), { kind: 'list' }],
    [personTopic(world.patients[0]!.id), { kind: 'list' }],
  ])
  expect(opened).toEqual([id])
})

test('with two processes\' clocks on one database, a scheduled opening is told once, by whichever fires first', async () => {
  const { world, now, schedule } = await aClinicAboutToOpen(500)
  const { id } = await schedule()
  // each clock has its own bus, as two processes do; both buses' pages would hear an opening told on either
  const told: string[] = []
  const clocks = ['a', 'b'].map((name) => {
    const bus = new MemoryBus()
    bus.subscribe(conversationTopic(id), (event) => told.push(`${name}:${event.kind}`))
    return startOpeningsClock(world.db, bus, now, async () => { told.push(`${name}:mail`) })
  })
  await Bun.sleep(1200)
  clocks.forEach((clock) => clock.stop())
  expect(told).toHaveLength(2)
  expect(told[0]!.endsWith(':opened')).toBe(true)
  expect(told[1]).toBe(`${told[0]!.split(':')[0]}:mail`)
})

test('an opening scheduled through another process is still told by this one\'s clock, which looks again on its own', async () => {
  const { world, now, schedule } = await aClinicAboutToOpen(1000)
  const bus = new MemoryBus()
  const told: string[] = []
  bus.subscribe(personTopic(world.patients[0]!.id), (event) => told.push(event.kind))
  // this clock starts with nothing scheduled; the conversation is then scheduled elsewhere (nothing reschedules it here)
  const clock = startOpeningsClock(world.db, bus, now, async () => {}, 200)
  await Bun.sleep(50)
  await schedule()
  await Bun.sleep(1600)
  clock.stop()
  expect(told).toEqual(['list'])
})
