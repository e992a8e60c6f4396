// The minimal raw Bun.serve SSE fan-out the app is compared with: no auth, no database, no rendering.
process.on('SIGUSR2', () => Bun.gc(true)) // the bench collects garbage before reading memory
// GET /sse?c=N subscribes to conversation N; POST /post?c=N with a text body sends it to every subscriber.
const encoder = new TextEncoder()
const rooms = new Map<string, Set<ReadableStreamDefaultController<Uint8Array>>>()
let nextId = 1

const server = Bun.serve({
  port: Number(process.env.PORT ?? 0),
  idleTimeout: 60,
  async fetch(request) {
    const url = new URL(request.url)
    const room = url.searchParams.get('c') ?? ''
    if (url.pathname === '/sse') {
      let me: ReadableStreamDefaultController<Uint8Array>
      const stream = new ReadableStream<Uint8Array>({
        start(controller) {
          me = controller
          if (!rooms.has(room)) rooms.set(room, new Set())
          rooms.get(room)!.add(controller)
          controller.enqueue(encoder.encode('retry: 1000\n\n'))
        },
        cancel() { rooms.get(room)?.delete(me) },
      })
      return new Response(stream, { headers: { 'Content-Type': 'text/event-stream' } })
    }
    if (url.pathname === '/post') {
      const text = await request.text()
      const frame = encoder.encode(`id: ${nextId++}\ndata: ${text}\n\n`)
      for (const controller of rooms.get(room) ?? []) controller.enqueue(frame)
      return new Response('ok')
    }
    if (url.pathname === '/healthz') return new Response('ok')
    return new Response('not found', { status: 404 })
  },
})
console.log(`listening ${server.port}`)
