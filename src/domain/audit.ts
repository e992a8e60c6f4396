import { and, count, desc, eq, gt, isNull } from 'drizzle-orm'
import type { Db } from '../db/client'
import { auditLog } from '../db/schema'

export type AuditEntry = { actorId?: number | null; action: string; subject?: string | null; address?: string | null }
type Writer = Pick<Db, 'insert'>

/** Appends to the audit log; a database trigger refuses changes to what is written. */
export async function recordAudit(db: Writer, entry: AuditEntry) {
  await db.insert(auditLog).values({
    actorId: entry.actorId ?? null, action: entry.action, subject: entry.subject ?? null, address: entry.address ?? null,
  })
}

type Scope = { subject?: string; address?: string | null }

const recent = (action: string, by: Scope, sinceMs: number) => and(
  eq(auditLog.action, action), gt(auditLog.at, Date.now() - sinceMs),
  by.subject !== undefined ? eq(auditLog.subject, by.subject) : undefined,
  by.address === null ? isNull(auditLog.address) : by.address !== undefined ? eq(auditLog.address, by.address) : undefined,
)

export async function countRecent(db: Db, action: string, by: Scope, sinceMs: number) {
  const [row] = await db.select({ n: count() }).from(auditLog).where(recent(action, by, sinceMs))
  return row?.n ?? 0
}

/** When `limit` recent entries are reached, the time the oldest of them leaves the window; otherwise nothing. */
export async function limitLiftsAt(db: Db, action: string, by: Scope, windowMs: number, limit: number): Promise<number | undefined> {
  const [row] = await db.select({ at: auditLog.at }).from(auditLog).where(recent(action, by, windowMs))
    .orderBy(desc(auditLog.at)).limit(1).offset(limit - 1)
  return row ? row.at + windowMs : undefined
}
