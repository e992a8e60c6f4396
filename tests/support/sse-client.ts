import type { Visitor } from './visitor'

export type Frame = { id?: string; data: string }

/** A real SSE client over HTTP: collects frames, can drop the connection, and resumes with Last-Event-ID. */
export class SseClient {
  frames: Frame[] = []
  lastEventId = ''
  private abort = new AbortController()
  private waiters: (() => void)[] = []
  status = 0
  ended = false

  constructor(private baseUrl: string, private path: string, private visitor: Visitor) {}

  async connect() {
    this.abort = new AbortController()
    const cookie = [...this.visitor.cookies].map(([k, v]) => `${k}=${v}`).join('; ')
    const headers: Record<string, string> = { cookie, accept: 'text/event-stream' }
    if (this.lastEventId) headers['last-event-id'] = this.lastEventId
    const response = await fetch(`${this.baseUrl}${this.path}`, { headers, signal: this.abort.signal, redirect: 'manual' })
    this.status = response.status
    if (!response.ok) return
    void this.read(response.body!.getReader())
  }

  private async read(reader: ReadableStreamDefaultReader<Uint8Array>) {
    const decoder = new TextDecoder()
    let buffer = ''
    try {
      for (;;) {
        const { done, value } = await reader.read()
        if (done) {
          this.ended = true
          this.waiters.splice(0).forEach((wake) => wake())
          return
        }
        buffer += decoder.decode(value, { stream: true })
        let end
        while ((end = buffer.indexOf('\n\n')) >= 0) {
          const block = buffer.slice(0, end)
          buffer = buffer.slice(end + 2)
          const frame: Frame = { data: '' }
          const data: string[] = []
          for (const line of block.split('\n')) {
            if (line.startsWith('id: ')) frame.id = line.slice(4)
            else if (line.startsWith('data: ')) data.push(line.slice(6))
          }
          if (!data.length) continue
          frame.data = data.join('\n')
          if (frame.id) this.lastEventId = frame.id
          this.frames.push(frame)
          this.waiters.splice(0).forEach((wake) => wake())
        }
      }
    } catch {
      // aborted by drop()
    }
  }

  drop() { this.abort.abort() }

  /** Messages (frames with an event id) whose text contains `text`. */
  messages(text = '') { return this.frames.filter((f) => f.id && f.data.includes(text)) }

  async waitFor(predicate: () => boolean, ms = 5000) {
    const until = Date.now() + ms
    while (!predicate()) {
      if (Date.now() > until) throw new Error(`timed out; frames: ${JSON.stringify(this.frames.map((f) => f.data.slice(0, 80)))}`)
      await new Promise<void>((wake) => { this.waiters.push(wake); setTimeout(wake, 50) })
    }
  }
}
