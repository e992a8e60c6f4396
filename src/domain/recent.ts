/** Keeps `value` under `key`, letting the oldest entry go once the map holds more than `most`. */
export function rememberAtMost<K, V>(map: Map<K, V>, key: K, value: V, most: number) {
  map.set(key, value)
  if (map.size > most) map.delete(map.keys().next().value!)
}

/**
 * Rows looked up in the last `keepMs`, so a burst of requests (a page and its partials, a run of posts) reads the
 * database once. A change made by this process forgets what it changed at once; another process's change is seen
 * once the entry is older than `keepMs` and read again.
 */
export class Recent<Row> {
  private entries = new Map<string, { row: Row; at: number }>()
  constructor(private keepMs: number, private most: number) {
    // a burst (10,000 pages opening) is let go once it is stale, even if nothing is looked up after it
    setInterval(() => this.letGo(Date.now()), 2 * keepMs).unref?.()
  }

  get(key: string, now = Date.now()) {
    const entry = this.entries.get(key)
    return entry && now - entry.at < this.keepMs && now >= entry.at ? entry.row : undefined
  }

  remember(key: string, row: Row, now = Date.now()) {
    if (this.entries.get(key)?.row === row) return
    // newest last, so the oldest go first: what is past its time is let go rather than kept until the map is full
    this.entries.delete(key)
    this.letGo(now)
    this.entries.set(key, { row, at: now })
  }

  private letGo(now: number) {
    for (const [oldest, { at }] of this.entries) {
      if (now - at < this.keepMs && now >= at && this.entries.size < this.most) break
      this.entries.delete(oldest)
    }
  }

  forget(matches: (key: string, row: Row) => boolean) {
    for (const [key, { row }] of this.entries) if (matches(key, row)) this.entries.delete(key)
  }
}
