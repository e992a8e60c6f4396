import { rememberAtMost } from '../domain/recent'
import { Groups } from './groups'

const heartbeat = ': \n\n'

/**
 * One SSE frame; multi-line data goes on several `data:` lines, which the client joins with newlines. SSE ends a
 * line at CRLF, LF or a lone CR, so every one of them starts a new `data:` line: no text can begin a field of its own.
 */
export function sseFrame(data: string, id?: number): string {
  if (id === undefined) return frameOf(data)
  // every page shown the same entry gets the same frame, built once
  const known = recentFrames.get(id)
  if (known?.data === data) return known.frame
  const frame = frameOf(data, id)
  rememberAtMost(recentFrames, id, { data, frame }, 1000)
  return frame
}
const recentFrames = new Map<number, { data: string; frame: string }>()

function frameOf(data: string, id?: number) {
  const lines = data.split(/\r\n|\r|\n/).map((line) => `data: ${line}`).join('\n')
  return `${id !== undefined ? `id: ${id}\n` : ''}${lines}\n\n`
}

export type SseConnection = { send(frame: string): void; close(): void; closed: boolean; session: string; openedAt: number }

/** What a page's stream is, to stop it when its connection ends. */
export type Stoppable = { stop(): void }
type StartStream = (connection: SseConnection) => Stoppable | Promise<Stoppable>
type DirectController = { write(chunk: string): number | Promise<number>; close(): void }

/**
 * Frames a page has not taken yet (its socket is full: a stalled phone, or a client that never reads) are held up to
 * this much; past it the stream closes, and the page resumes from the database when it reconnects, rather than the
 * server holding a stalled page's frames without end.
 */
export const mostHeldPerStream = 256 * 1024

/**
 * One open stream, as a Bun *direct* stream's source and as the connection its page's LiveStream writes to: each
 * frame goes to the socket's buffer as it is (a string encoded natively, once), with no queue and no copy per
 * stream, which a stream of the standard kind costs for every frame of every open page. One object with its methods
 * on the prototype, rather than a closure each, because 10,000 of them are open at once.
 */
export class SseStream implements SseConnection {
  readonly type = 'direct'
  closed = false
  readonly openedAt = Date.now()
  private controller: DirectController | undefined
  private ended: (() => void) | undefined
  private started: Stoppable | undefined
  /** Characters written while the socket was full, not yet taken by the page. */
  private held = 0

  constructor(private hub: SseHub, readonly session: string, private start: StartStream | undefined) {}

  /** Pending until the stream ends; not an async function, whose suspended frame each open page would keep. */
  pull(controller: DirectController) {
    if (!this.start) return // a reader asks again only once the stream has ended
    const start = this.start
    this.start = undefined
    this.controller = controller
    const done = new Promise<void>((resolve) => { this.ended = resolve })
    this.hub.register(this)
    controller.write('retry: 1000\n\n')
    Promise.resolve().then(() => start(this)).then((started) => {
      this.started = started
      if (this.closed) started.stop()
    }, () => this.finish())
    return done
  }

  cancel() { this.finish() }

  send(frame: string) {
    if (this.closed) return
    try {
      const written = this.controller!.write(frame)
      if (typeof written === 'number') return
      this.held += frame.length
      if (this.held > mostHeldPerStream) return this.finish()
      written.then(() => { this.held -= frame.length }, () => this.finish())
    } catch {
      this.finish()
    }
  }

  close() { this.finish() }

  private finish() {
    if (this.closed) return
    this.closed = true
    this.hub.forget(this)
    this.started?.stop()
    try { this.controller?.close() } catch { /* the client closed it already */ }
    this.ended?.()
  }
}

/** Enough for every tab a person may keep open; a session asking for more loses its oldest stream. */
export const streamsPerSession = 20

/**
 * Holds every open stream so that one timer sends all heartbeats (Bun closes connections idle for
 * its idleTimeout; proxies do too), rather than a timer per connection.
 */
export class SseHub {
  private open = new Set<SseConnection>()
  private bySession = new Groups<string, SseConnection>()
  private timer: ReturnType<typeof setInterval>

  /**
   * Streams older than `maxAgeMs` are closed at a heartbeat; the page reconnects at once through the
   * session check, so a session that expired or a person who was disabled stops receiving.
   */
  constructor(heartbeatMs = 15_000, private maxAgeMs = 10 * 60_000) {
    this.timer = setInterval(() => {
      const now = Date.now()
      for (const connection of this.open) {
        if (now - connection.openedAt > this.maxAgeMs) connection.close()
        else connection.send(heartbeat)
      }
    }, heartbeatMs)
    this.timer.unref?.()
  }

  get size() { return this.open.size }

  /** A streaming response; `start` gets the connection and returns what to stop when it closes. */
  respond(session: string, start: StartStream, headers: Record<string, string> = {}): Response {
    const stream = new ReadableStream(new SseStream(this, session, start) as unknown as UnderlyingDefaultSource<string>)
    // whole here: nothing may add to them later (see isEventStreamPath); not a document, so of the security headers
    // only those for a resource: no sniffing it into something else, no reading it from another site
    return new Response(stream, {
      headers: { 'Content-Type': 'text/event-stream; charset=utf-8', 'Cache-Control': 'no-store', 'X-Accel-Buffering': 'no',
        'X-Content-Type-Options': 'nosniff', 'Cross-Origin-Resource-Policy': 'same-origin', ...headers },
    })
  }

  /** A stream that began: the session's oldest beyond its limit close. */
  register(connection: SseConnection) {
    this.closeOldestBeyond(connection.session, streamsPerSession - 1)
    this.open.add(connection)
    this.bySession.add(connection.session, connection)
  }

  /** A session's streams are kept in the order they began, so the first ones are the oldest. */
  private closeOldestBeyond(session: string, keep: number) {
    const ofSession = this.bySession.get(session)
    for (const connection of ofSession.slice(0, Math.max(0, ofSession.length - keep))) connection.close()
  }

  forget(connection: SseConnection) {
    this.open.delete(connection)
    this.bySession.delete(connection.session, connection)
  }

  /** Stops the heartbeat and ends every open stream (shutdown): each page reconnects with its Last-Event-ID. */
  close() {
    clearInterval(this.timer)
    for (const connection of [...this.open]) connection.close()
  }
}
