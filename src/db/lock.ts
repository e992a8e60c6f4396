/** A first-come, first-served async lock. */
export class Lock {
  private tail: Promise<void> = Promise.resolve()
  acquire(): Promise<() => void> {
    let release!: () => void
    const held = new Promise<void>((resolve) => { release = resolve })
    const ready = this.tail.then(() => release)
    this.tail = this.tail.then(() => held)
    return ready
  }
  async run<T>(work: () => Promise<T>): Promise<T> {
    const release = await this.acquire()
    try { return await work() } finally { release() }
  }
}
