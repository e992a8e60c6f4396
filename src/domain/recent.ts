/**
 * Rows looked up in the last `keepMs`, so a burst of requests (a page and its partials, a run of posts) reads the
 * database once. A change made by this process forgets what it changed at once; another process's change is seen
 * once the entry is older than `keepMs` and read again.
 */
export class Recent<Row> {
  private entries = new Map<string, { row: Row; at: number }>()
  constructor(private keepMs: number, private most: number) {}

  get(key: string, now = Date.now()) {
    const entry = this.entries.get(key)
    return entry && now - entry.at < this.keepMs && now >= entry.at ? entry.row : undefined
  }

  remember(key: string, row: Row, now = Date.now()) {
    if (this.entries.get(key)?.row === row) return
    if (this.entries.size >= this.most) this.entries.delete(this.entries.keys().next().value!)
    this.entries.set(key, { row, at: now })
  }

  forget(matches: (key: string, row: Row) => boolean) {
    for (const [key, { row }] of this.entries) if (matches(key, row)) this.entries.delete(key)
  }
}
