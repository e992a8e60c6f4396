import { eq, lte, or, sql } from 'drizzle-orm'
import type { Db } from '../db/client'
import { prepared } from '../db/prepared'
import { people, sessions } from '../db/schema'
import { announce } from './announce'
import type { Actor } from './actor'
import { Recent } from './recent'
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
  const row = recentSessions.get(idHash, now) ?? await sessionQuery(db).get({ idHash })
  if (!row) return undefined
  const expired = now - row.lastSeenAt > policy.idleMs || now - row.createdAt > policy.maxMs
  if (expired || row.person.disabledAt) {
    recentSessions.forget((key) => key === idHash)
    await db.delete(sessions).where(eq(sessions.idHash, idHash))
    return undefined
  }
  // one write every few seconds at most keeps the idle clock right without a write per request
  if (touch && now - row.lastSeenAt > Math.min(60_000, policy.idleMs / 10)) {
    await db.update(sessions).set({ lastSeenAt: now }).where(eq(sessions.idHash, idHash))
    row.lastSeenAt = now
  }
  recentSessions.remember(idHash, row, now)
  const { id: personId, name, email, role } = row.person
  return { id: personId, name, email, role, sessionHash: idHash }
}

/**
 * Whether a session still exists and its person may still sign in: for an open stream that may have missed the news
 * of its sign-out (another process ended it while the live bus was down).
 */
export async function sessionIsOpen(db: Db, idHash: string): Promise<boolean> {
  const row = await sessionQuery(db).get({ idHash })
  return !!row && !row.person.disabledAt
}

const sessionQuery = prepared((db) => db.select({ createdAt: sessions.createdAt, lastSeenAt: sessions.lastSeenAt,
  person: { id: people.id, name: people.name, email: people.email, role: people.role, disabledAt: people.disabledAt } })
  .from(sessions).innerJoin(people, eq(people.id, sessions.personId)).where(eq(sessions.idHash, sql.placeholder('idHash'))).prepare())
type SessionRow = NonNullable<Awaited<ReturnType<ReturnType<typeof sessionQuery>['get']>>>

/**
 * Sessions looked up in the last second: ending a session or disabling a person here forgets it at once; another
 * process's sign-out or disable is seen within the second.
 */
const recentSessions = new Recent<SessionRow>(1000, 10_000)

export async function endSession(db: Db, id: string): Promise<EndedSession | undefined> {
  const idHash = hashToken(id)
  recentSessions.forget((key) => key === idHash)
  const [ended] = await db.delete(sessions).where(eq(sessions.idHash, idHash))
    .returning({ idHash: sessions.idHash, personId: sessions.personId })
  if (ended) announce(db, { kind: 'signed-out', personId: ended.personId, session: ended.idHash })
  return ended
}

/** Ends sessions idle or older than the policy allows, and says which, so their open streams can close. */
export async function endExpiredSessions(db: Db, policy: SessionPolicy, now = Date.now()): Promise<EndedSession[]> {
  const ended = await db.delete(sessions)
    .where(or(lte(sessions.lastSeenAt, now - policy.idleMs), lte(sessions.createdAt, now - policy.maxMs)))
    .returning({ idHash: sessions.idHash, personId: sessions.personId })
  // most sweeps end nothing: then the 10,000 sessions of the last second are not gone through
  const endedHashes = new Set(ended.map((e) => e.idHash))
  if (endedHashes.size) recentSessions.forget((key) => endedHashes.has(key))
  for (const { personId, idHash } of ended) announce(db, { kind: 'signed-out', personId, session: idHash })
  return ended
}

export async function endEverySessionOf(db: Pick<Db, 'delete'>, personId: number) {
  recentSessions.forget((_, row) => row.person.id === personId)
  await db.delete(sessions).where(eq(sessions.personId, personId))
}
