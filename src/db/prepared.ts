import type { Db } from './client'

/**
 * A query built and prepared once per database (on first use), then run with placeholders: drizzle's query
 * building costs more than SQLite's lookup itself (tests/bench/drivers.ts). For reads outside transactions.
 */
export function prepared<Query>(build: (db: Db) => Query): (db: Db) => Query {
  const byDatabase = new WeakMap<Db, Query>()
  return (db) => {
    let query = byDatabase.get(db)
    if (!query) byDatabase.set(db, (query = build(db)))
    return query
  }
}
