import { eq, lte, or } from 'drizzle-orm'
import type { Db } from '../db/client'
import { people, sessions } from '../db/schema'
import type { Actor } from './actor'
import { hashToken, randomToken } from './tokens'

export type SessionPolicy = { idleMs: number; maxMs: number }
/** A session that ended: its streams must close, on every process. */
export type EndedSession = { idHash: string; personId: number }

/** Starts a session and returns its id; only the id's hash is stored. */
export async function startSession(db: Db, personId: number): Promise<string> {
  const id = randomToken()
  const now = Date.now()
  await db.insert(sessions).values({ idHash: hashToken(id), personId, createdAt: now, lastSeenAt: now })
  return id
}

/**
 * The person behind a session id, or nothing when it is unknown, idle too long, too old, or the person is
 * disabled. `touch` is false for requests the person did not make (an open page's event stream), which
 * must not keep an unattended session alive.
 */
export async function resumeSession(db: Db, id: string, policy: SessionPolicy, now = Date.now(), touch = true): Promise<(Actor & { sessionHash: string }) | undefined> {
  const idHash = hashToken(id)
  const [row] = await db.select({ session: sessions, person: people }).from(sessions)
    .innerJoin(people, eq(people.id, sessions.personId)).where(eq(sessions.idHash, idHash))
  if (!row) return undefined
  const expired = now - row.session.lastSeenAt > policy.idleMs || now - row.session.createdAt > policy.maxMs
  if (expired || row.person.disabledAt) {
    await db.delete(sessions).where(eq(sessions.idHash, idHash))
    return undefined
  }
  // one write every few seconds at most keeps the idle clock right without a write per request
  if (touch && now - row.session.lastSeenAt > Math.min(60_000, policy.idleMs / 10)) {
    await db.update(sessions).set({ lastSeenAt: now }).where(eq(sessions.idHash, idHash))
  }
  const { id: personId, name, email, role } = row.person
  return { id: personId, name, email, role, sessionHash: idHash }
}

export async function endSession(db: Db, id: string): Promise<EndedSession | undefined> {
  const [ended] = await db.delete(sessions).where(eq(sessions.idHash, hashToken(id)))
    .returning({ idHash: sessions.idHash, personId: sessions.personId })
  return ended
}

/** Ends sessions idle or older than the policy allows, and says which, so their open streams can close. */
export async function endExpiredSessions(db: Db, policy: SessionPolicy, now = Date.now()): Promise<EndedSession[]> {
  return db.delete(sessions)
    .where(or(lte(sessions.lastSeenAt, now - policy.idleMs), lte(sessions.createdAt, now - policy.maxMs)))
    .returning({ idHash: sessions.idHash, personId: sessions.personId })
}

export async function endEverySessionOf(db: Pick<Db, 'delete'>, personId: number) {
  await db.delete(sessions).where(eq(sessions.personId, personId))
}
