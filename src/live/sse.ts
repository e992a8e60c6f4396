const encoder = new TextEncoder()
const heartbeat = encoder.encode(': \n\n')

/** One SSE frame; multi-line data goes on several `data:` lines, which the client joins with newlines. */
export function sseFrame(data: string, id?: number): Uint8Array {
  const lines = data.split('\n').map((line) => `data: ${line}`).join('\n')
  return encoder.encode(`${id !== undefined ? `id: ${id}\n` : ''}${lines}\n\n`)
}

export type SseConnection = { send(frame: Uint8Array): void; closed: boolean }

/**
 * Holds every open stream so that one timer sends all heartbeats (Bun closes connections idle for
 * its idleTimeout; proxies do too), rather than a timer per connection.
 */
export class SseHub {
  private open = new Set<SseConnection>()
  private timer: ReturnType<typeof setInterval>

  constructor(heartbeatMs = 15_000) {
    this.timer = setInterval(() => { for (const connection of this.open) connection.send(heartbeat) }, heartbeatMs)
    this.timer.unref?.()
  }

  get size() { return this.open.size }

  /** A streaming response; `start` gets the connection and returns what to do when it closes. */
  respond(start: (connection: SseConnection) => (() => void) | Promise<() => void>, headers: Record<string, string> = {}): Response {
    let stop: (() => void) | undefined
    let connection: SseConnection
    const stream = new ReadableStream<Uint8Array>({
      start: async (controller) => {
        connection = {
          closed: false,
          send(frame) {
            if (connection.closed) return
            try { controller.enqueue(frame) } catch { connection.closed = true }
          },
        }
        this.open.add(connection)
        controller.enqueue(encoder.encode('retry: 1000\n\n'))
        stop = await start(connection)
        if (connection.closed) stop()
      },
      cancel: () => {
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
