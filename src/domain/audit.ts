import { and, count, eq, gt } from 'drizzle-orm'
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

export async function countRecent(db: Db, action: string, by: { subject?: string; address?: string }, sinceMs: number) {
  const where = [eq(auditLog.action, action), gt(auditLog.at, Date.now() - sinceMs)]
  if (by.subject !== undefined) where.push(eq(auditLog.subject, by.subject))
  if (by.address !== undefined) where.push(eq(auditLog.address, by.address))
  const [row] = await db.select({ n: count() }).from(auditLog).where(and(...where))
  return row?.n ?? 0
}
