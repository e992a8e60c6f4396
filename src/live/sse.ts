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
  recentFrames.set(id, { data, frame })
  if (recentFrames.size > 1000) recentFrames.delete(recentFrames.keys().next().value!)
  return frame
}
const recentFrames = new Map<number, { data: string; frame: string }>()

function frameOf(data: string, id?: number) {
  const lines = data.split(/\r\n|\r|\n/).map((line) => `data: ${line}`).join('\n')
  return `${id !== undefined ? `id: ${id}\n` : ''}${lines}\n\n`
}

export type SseConnection = { send(frame: string): void; close(): void; closed: boolean; session: string; openedAt: number }

/** Enough for every tab a person may keep open; a session asking for more loses its oldest stream. */
export const streamsPerSession = 20

/**
 * Holds every open stream so that one timer sends all heartbeats (Bun closes connections idle for
 * its idleTimeout; proxies do too), rather than a timer per connection.
 */
export class SseHub {
  private open = new Set<SseConnection>()
  private bySession = new Map<string, Set<SseConnection>>()
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

  /**
   * A streaming response; `start` gets the connection and returns what to do when it closes. Bun's direct stream
   * writes each frame to the socket's buffer as it is (a string is encoded natively, once): no queue per stream,
   * no copy, which a stream of the standard kind costs for every frame of every open page.
   */
  respond(session: string, start: (connection: SseConnection) => (() => void) | Promise<() => void>, headers: Record<string, string> = {}): Response {
    let stop: (() => void) | undefined
    let ended: (() => void) | undefined
    let endStream = () => {}
    const connection: SseConnection = {
      closed: false,
      session,
      openedAt: Date.now(),
      send: () => {},
      close: () => finish(),
    }
    const finish = () => {
      if (connection.closed) return
      connection.closed = true
      this.forget(connection)
      stop?.()
      endStream()
      ended?.()
    }
    const stream = new ReadableStream({
      type: 'direct',
      pull: async (controller: { write(chunk: string): unknown; close(): void }) => {
        if (ended) return // a reader asks again only once the stream has ended
        const done = new Promise<void>((resolve) => { ended = resolve })
        endStream = () => { try { controller.close() } catch { /* the client closed it already */ } }
        connection.send = (frame) => {
          if (connection.closed) return
          try { controller.write(frame) } catch { finish() }
        }
        this.closeOldestBeyond(session, streamsPerSession - 1)
        this.open.add(connection)
        const ofSession = this.bySession.get(session) ?? new Set()
        this.bySession.set(session, ofSession.add(connection))
        controller.write('retry: 1000\n\n')
        stop = await start(connection)
        if (connection.closed) stop()
        return done
      },
      cancel: () => finish(),
    } as unknown as UnderlyingDefaultSource<string>)
    return new Response(stream, {
      headers: { 'Content-Type': 'text/event-stream; charset=utf-8', 'Cache-Control': 'no-store', 'X-Accel-Buffering': 'no', ...headers },
    })
  }

  /** Sets are iterated in insertion order, so the first ones found are the oldest. */
  private closeOldestBeyond(session: string, keep: number) {
    const ofSession = [...this.bySession.get(session) ?? []]
    for (const connection of ofSession.slice(0, Math.max(0, ofSession.length - keep))) connection.close()
  }

  private forget(connection: SseConnection) {
    this.open.delete(connection)
    const ofSession = this.bySession.get(connection.session)
    ofSession?.delete(connection)
    if (ofSession?.size === 0) this.bySession.delete(connection.session)
  }

  /** Stops the heartbeat and ends every open stream (shutdown): each page reconnects with its Last-Event-ID. */
  close() {
    clearInterval(this.timer)
    for (const connection of [...this.open]) connection.close()
  }
}
