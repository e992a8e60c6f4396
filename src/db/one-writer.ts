import type { Client, InStatement, Transaction, TransactionMode } from '@libsql/client'
import { Lock } from './lock'

const isRead = (stmt: InStatement) => /^\s*(select|pragma)\b/i.test(typeof stmt === 'string' ? stmt : stmt.sql)

/**
 * One writer per process. The local libSQL driver runs SQL synchronously: a write that waits for the
 * lock held by an open transaction would block the event loop that transaction needs to commit, and
 * both would fail with SQLITE_BUSY after the busy timeout. So every write, batch and transaction takes
 * this lock in turn; reads (WAL) never wait. Inside a transaction, write through `tx` only.
 */
export function oneWriter(client: Client): Client {
  const lock = new Lock()
  return new Proxy(client, {
    get(target, property, receiver) {
      if (property === 'execute') {
        return (stmt: InStatement, args?: any) => (isRead(stmt) ? target.execute(stmt as any, args) : lock.run(() => target.execute(stmt as any, args)))
      }
      if (property === 'batch') return (stmts: InStatement[], mode?: TransactionMode) => lock.run(() => target.batch(stmts, mode))
      if (property === 'executeMultiple') return (sql: string) => lock.run(() => target.executeMultiple(sql))
      if (property === 'migrate') return (stmts: InStatement[]) => lock.run(() => target.migrate(stmts))
      if (property === 'transaction') return (mode?: TransactionMode) => heldTransaction(target, lock, mode)
      const value = Reflect.get(target, property, receiver)
      return typeof value === 'function' ? value.bind(target) : value
    },
  })
}

async function heldTransaction(client: Client, lock: Lock, mode?: TransactionMode): Promise<Transaction> {
  const release = await lock.acquire()
  let released = false
  const done = () => { if (!released) { released = true; release() } }
  try {
    const tx = await client.transaction(mode)
    return new Proxy(tx, {
      get(target, property, receiver) {
        const value = Reflect.get(target, property, receiver)
        if (property === 'commit' || property === 'rollback') return async () => { try { return await value.call(target) } finally { done() } }
        if (property === 'close') return () => { try { return value.call(target) } finally { done() } }
        return typeof value === 'function' ? value.bind(target) : value
      },
    })
  } catch (error) {
    done()
    throw error
  }
}
