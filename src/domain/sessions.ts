import { eq } from 'drizzle-orm'
import type { Db } from '../db/client'
import { people, sessions } from '../db/schema'
import type { Actor } from './actor'
import { hashToken, randomToken } from './tokens'

export type SessionPolicy = { idleMs: number; maxMs: number }

/** Starts a session and returns its id; only the id's hash is stored. */
export async function startSession(db: Db, personId: number): Promise<string> {
  const id = randomToken()
  const now = Date.now()
  await db.insert(sessions).values({ idHash: hashToken(id), personId, createdAt: now, lastSeenAt: now })
  return id
}

/** The person behind a session id, or nothing when it is unknown, idle too long, too old, or the person is disabled. */
export async function resumeSession(db: Db, id: string, policy: SessionPolicy, now = Date.now()): Promise<Actor | undefined> {
  const idHash = hashToken(id)
  const [row] = await db.select({ session: sessions, person: people }).from(sessions)
    .innerJoin(people, eq(people.id, sessions.personId)).where(eq(sessions.idHash, idHash))
  if (!row) return undefined
  const expired = now - row.session.lastSeenAt > policy.idleMs || now - row.session.createdAt > policy.maxMs
  if (expired || row.person.disabledAt) {
    await db.delete(sessions).where(eq(sessions.idHash, idHash))
    return undefined
  }
  // one write a minute at most keeps the idle clock right without a write per request
  if (now - row.session.lastSeenAt > 60_000) {
    await db.update(sessions).set({ lastSeenAt: now }).where(eq(sessions.idHash, idHash))
  }
  const { id: personId, name, email, role } = row.person
  return { id: personId, name, email, role }
}

export async function endSession(db: Db, id: string) {
  await db.delete(sessions).where(eq(sessions.idHash, hashToken(id)))
}

export async function endEverySessionOf(db: Pick<Db, 'delete'>, personId: number) {
  await db.delete(sessions).where(eq(sessions.personId, personId))
}
