import { compress } from 'hono/compress'
import { createMiddleware } from 'hono/factory'
import type { Context } from 'hono'
import { parseAccept } from 'hono/utils/accept'

/** What the app renders whole in memory (pages, partials, fragments, its own CSS and script): never a stream. */
const rendered = /^text\/(?:html|css|javascript)(?:[;\s]|$)/i
const threshold = 1024
// measured on 14 KB: prose 55 µs and 4% larger than at the default level 6 (86 µs); level 1 was 38% larger
const level = 2

/** gzip named, or `*`, with a weight above 0 (and no `gzip;q=0` beside a `*`). */
function acceptsGzip(header: string | undefined) {
  const accepts = header ? parseAccept(header) : []
  const gzip = accepts.find((a) => a.type.toLowerCase() === 'gzip') ?? accepts.find((a) => a.type === '*')
  return !!gzip && gzip.q > 0
}

async function gzipRendered(c: Context) {
  const res = c.res
  if (res.status === 206 || !res.body || c.req.method === 'HEAD' || res.headers.has('Content-Encoding')
    || res.headers.has('Content-Disposition') || !rendered.test(res.headers.get('Content-Type') ?? '')
    || /no-transform/i.test(res.headers.get('Cache-Control') ?? '')) return
  const vary = res.headers.get('Vary')
  if (!vary) res.headers.set('Vary', 'Accept-Encoding')
  else if (!/accept-encoding/i.test(vary)) res.headers.set('Vary', `${vary}, Accept-Encoding`)
  if (!acceptsGzip(c.req.header('Accept-Encoding'))) return
  const body = new Uint8Array(await res.arrayBuffer())
  // the rendered response's own headers, changed in place: hono made them for this response alone
  const headers = res.headers
  if (body.length < threshold) {
    headers.set('Content-Length', String(body.length)) // which tells hono's compress to leave it as it is
    c.res = new Response(body, { status: res.status, headers })
    return
  }
  headers.set('Content-Encoding', 'gzip')
  headers.delete('Content-Length')
  const etag = headers.get('ETag')
  if (etag && !etag.startsWith('W/')) headers.set('ETag', `W/${etag}`)
  c.res = new Response(Bun.gzipSync(body, { level }), { status: res.status, headers })
}

/**
 * gzip for whoever asks. What the app renders whole (HTML, its CSS and script) is compressed in one native call;
 * what streams (CSV export, file downloads) goes through hono's `compress`, chunk by chunk. hono's alone pipes every
 * body through a CompressionStream, which made a 14 KB message-list partial cost ~220 µs more than sending it
 * uncompressed (tests/bench/partial.ts: 3,580 → 2,015 req/s); `Bun.gzipSync` takes 16–55 µs for it.
 */
export function compression() {
  const streamed = compress()
  return createMiddleware(async (c, next) => {
    await streamed(c, async () => {
      await next()
      await gzipRendered(c)
    })
  })
}
