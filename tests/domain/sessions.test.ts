import { describe, expect, test } from 'bun:test'
import { endExpiredSessions, resumeSession, startSession } from '../../src/domain/sessions'
import { hashToken } from '../../src/domain/tokens'
import { aClinic } from '../support/world'

const policy = { idleMs: 30 * 60_000, maxMs: 12 * 3_600_000 }

describe('sessions', () => {
  test('a session id is random, long, and stored only as its hash', async () => {
    const { db, admin, client } = await aClinic()
    const id = await startSession(db, admin.id)
    expect(Buffer.from(id, 'base64url').length).toBeGreaterThanOrEqual(16)
    const { rows } = await client.execute('SELECT id_hash FROM sessions')
    expect(rows.map((r) => r.id_hash)).toEqual([hashToken(id)])
  })

  test('a session idle for longer than the idle timeout is over', async () => {
    const { db, admin } = await aClinic()
    const id = await startSession(db, admin.id)
    expect(await resumeSession(db, id, policy, Date.now() + 29 * 60_000)).toBeDefined()
    expect(await resumeSession(db, id, policy, Date.now() + 29 * 60_000 + 31 * 60_000)).toBeUndefined()
  })

  test('a session in use ends at its absolute lifetime', async () => {
    const { db, admin } = await aClinic()
    const id = await startSession(db, admin.id)
    let at = Date.now()
    for (let step = 0; step < 40; step++) {
      at += 25 * 60_000 // keeps clicking, never idle long enough
      const actor = await resumeSession(db, id, policy, at)
      if (at - Date.now() > policy.maxMs) return expect(actor).toBeUndefined()
      expect(actor).toBeDefined()
    }
    throw new Error('the loop should pass the absolute lifetime')
  })

  test("requests that do not touch (an open page's event stream) do not keep a session alive", async () => {
    const { db, admin } = await aClinic()
    const id = await startSession(db, admin.id)
    const start = Date.now()
    for (const minutes of [10, 20, 29]) expect(await resumeSession(db, id, policy, start + minutes * 60_000, false)).toBeDefined()
    expect(await resumeSession(db, id, policy, start + 31 * 60_000, false)).toBeUndefined()
  })

  test('expired sessions are ended and named, so their streams can close; live ones stay', async () => {
    const { db, admin } = await aClinic()
    const idle = await startSession(db, admin.id)
    await resumeSession(db, await startSession(db, admin.id), policy, Date.now() + 20 * 60_000) // seen 20 minutes on
    const ended = await endExpiredSessions(db, policy, Date.now() + 31 * 60_000)
    expect(ended).toEqual([{ idHash: hashToken(idle), personId: admin.id }])
  })
})
