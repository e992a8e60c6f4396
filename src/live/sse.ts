const encoder = new TextEncoder()
const heartbeat = encoder.encode(': \n\n')

/** One SSE frame; multi-line data goes on several `data:` lines, which the client joins with newlines. */
export function sseFrame(data: string, id?: number): Uint8Array {
  const lines = data.split('\n').map((line) => `data: ${line}`).join('\n')
  return encoder.encode(`${id !== undefined ? `id: ${id}\n` : ''}${lines}\n\n`)
}

export type SseConnection = { send(frame: Uint8Array): void; close(): void; closed: boolean; personId: number; openedAt: number }

/**
 * Holds every open stream so that one timer sends all heartbeats (Bun closes connections idle for
 * its idleTimeout; proxies do too), rather than a timer per connection.
 */
export class SseHub {
  private open = new Set<SseConnection>()
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

  /** Ends every open stream of a person at once (disabled, signed out everywhere). */
  closeFor(personId: number) {
    for (const connection of this.open) if (connection.personId === personId) connection.close()
  }

  get size() { return this.open.size }

  /** A streaming response; `start` gets the connection and returns what to do when it closes. */
  respond(personId: number, start: (connection: SseConnection) => (() => void) | Promise<() => void>, headers: Record<string, string> = {}): Response {
    let stop: (() => void) | undefined
    let connection: SseConnection
    const stream = new ReadableStream<Uint8Array>({
      start: async (controller) => {
        const finish = () => {
          if (connection.closed) return
          connection.closed = true
          this.open.delete(connection)
          stop?.()
        }
        connection = {
          closed: false,
          personId,
          openedAt: Date.now(),
          send(frame) {
            if (connection.closed) return
            try { controller.enqueue(frame) } catch { finish() }
          },
          close() {
            finish()
            try { controller.close() } catch { /* already closed by the client */ }
          },
        }
        this.open.add(connection)
        controller.enqueue(encoder.encode('retry: 1000\n\n'))
        stop = await start(connection)
        if (connection.closed) stop()
      },
      cancel: () => {
        if (connection.closed) return
        connection.closed = true
        this.open.delete(connection)
        stop?.()
      },
    })
    return new Response(stream, {
      headers: { 'Content-Type': 'text/event-stream; charset=utf-8', 'Cache-Control': 'no-store', 'X-Accel-Buffering': 'no', ...headers },
    })
  }

  close() { clearInterval(this.timer) }
}
