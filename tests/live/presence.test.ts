import { describe, expect, test } from 'bun:test'
import { PagePresence } from '../../src/live/presence'
import { aClinicWithPeople, aConversation } from '../support/conversations'

describe('open pages, as unread reminders see them', () => {
  test('a page open is written as open for a minute, written again only when half of it has passed, and closed at once', async () => {
    const world = await aClinicWithPeople(2)
    const { id } = await aConversation(world, world.host, world.patients)
    const presence = new PagePresence(world.db, 60_000_000) // flushed by hand here
    const openUntil = async () => {
      const { rows } = await world.client.execute({ sql: 'SELECT person_id, page_open_until FROM read_marks WHERE conversation_id = ? ORDER BY person_id', args: [id] })
      return Object.fromEntries(rows.map((r: any) => [Number(r.person_id), Number(r.page_open_until)]))
    }
    const [pat1, pat2] = world.patients.map((p) => p.id) as [number, number]
    presence.opened(id, pat1)
    presence.opened(id, pat1) // a second tab
    presence.opened(id, pat2)
    const t0 = 1_000_000_000_000
    await presence.flush(t0)
    expect(await openUntil()).toMatchObject({ [pat1]: t0 + 60_000, [pat2]: t0 + 60_000 })
    await presence.flush(t0 + 20_000) // still well inside: nothing written
    expect(await openUntil()).toMatchObject({ [pat1]: t0 + 60_000, [pat2]: t0 + 60_000 })
    presence.closedPage(id, pat1) // one of two tabs
    presence.closedPage(id, pat2)
    await presence.flush(t0 + 25_000)
    expect(await openUntil()).toMatchObject({ [pat1]: t0 + 60_000, [pat2]: t0 + 25_000 })
    await presence.flush(t0 + 31_000) // half the minute gone: the page still open is written again
    expect(await openUntil()).toMatchObject({ [pat1]: t0 + 91_000, [pat2]: t0 + 25_000 })
    presence.stop()
  })
})
