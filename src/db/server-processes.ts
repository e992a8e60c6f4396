import { eq, lt } from 'drizzle-orm'
import { hostname } from 'node:os'
import type { Db } from './client'
import { serverProcesses } from './schema'

const heartbeatMs = 5_000
const staleAfterMs = 3 * heartbeatMs

export type OtherProcess = { host: string; pid: number; bus: string }

const alive = (pid: number) => {
  try {
    process.kill(pid, 0)
    return true
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM'
  }
}

/** A process on this host that no longer runs (killed -9), or one whose pid is ours now (a container restarted as PID 1). */
const gone = (row: { host: string; pid: number }) => row.host === hostname() && (row.pid === process.pid || !alive(row.pid))

/** The other server processes that serve this database now (a heartbeat within 15 s, and not known dead). */
export async function otherServerProcesses(db: Db): Promise<OtherProcess[]> {
  await db.delete(serverProcesses).where(lt(serverProcesses.heartbeatAt, Date.now() - staleAfterMs))
  const rows = await db.select().from(serverProcesses)
  return rows.filter((row) => !gone(row)).map(({ host, pid, bus }) => ({ host, pid, bus }))
}

/** Registers this process (and the live bus it is on) with a heartbeat every 5 s; `leave()` takes it off again at shutdown. */
export async function joinServerProcesses(db: Db, bus: string) {
  const id = crypto.randomUUID()
  const now = Date.now()
  await db.insert(serverProcesses).values({ id, host: hostname(), pid: process.pid, startedAt: now, heartbeatAt: now, bus })
  const timer = setInterval(() => {
    void db.update(serverProcesses).set({ heartbeatAt: Date.now() }).where(eq(serverProcesses.id, id)).catch(() => {})
  }, heartbeatMs)
  timer.unref?.()
  return {
    async leave() {
      clearInterval(timer)
      await db.delete(serverProcesses).where(eq(serverProcesses.id, id))
    },
  }
}
