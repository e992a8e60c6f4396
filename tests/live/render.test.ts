import { describe, expect, test } from 'bun:test'
import type { Db } from '../../src/db/client'
import type { EventView } from '../../src/domain/messages'
import { LiveRenderer } from '../../src/live/render'

const message: EventView = { id: 7, conversationId: 'c', kind: 'message', senderId: 1, senderName: 'Dr Ada Lovelace', body: 'See you at 9',
  createdAt: Date.UTC(2026, 10, 29, 14, 5) }

describe('the live renderer', () => {
  test('renders a message as its sender sees it and as everyone else does, each in the time zone asked for', () => {
    // messages are rendered from the event alone: no database read
    const renderer = new LiveRenderer(undefined as unknown as Db)
    const others = renderer.render(message, false, 'Europe/London')
    const mine = renderer.render(message, true, 'Europe/London')
    expect(others).toContain('<span class="sender">Dr Ada Lovelace</span>')
    expect(mine).toContain('<span class="sender">You</span>')
    expect(mine).toContain('class="message mine"')
    expect(others).toContain('14:05')
    // asked again: the same entry; in another zone (the clinic's setting changed): the time as it is there
    expect(renderer.render(message, false, 'Europe/London')).toBe(others)
    expect(renderer.render(message, false, 'America/New_York')).toContain('09:05')
    expect(renderer.render(message, true, 'America/New_York')).toContain('<span class="sender">You</span>')
    expect(renderer.render({ ...message, id: 8, body: 'Another' }, false, 'America/New_York')).toContain('Another')
  })

  test('gives a page its frame for a message at once, not as a promise (25 pages take each post)', () => {
    const renderer = new LiveRenderer(undefined as unknown as Db)
    const frame = renderer.frameFor(message, { id: 2, role: 'patient' }, 'Europe/London', 'csrf-token')
    expect(frame).toBe(renderer.render(message, false, 'Europe/London'))
    expect(renderer.frameFor(message, { id: 1, role: 'clinician' }, 'Europe/London', 'csrf-token')).toContain('>You</span>')
  })
})
