import { Hono } from 'hono'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'

const root = join(import.meta.dir, '../..')
const read = (path: string) => readFileSync(join(root, path), 'utf8')
const withoutSourceMap = (script: string) => script.replace(/\n?\/\/# sourceMappingURL=\S+\s*$/, '')

/**
 * htmx, its SSE and upsert extensions and our script as one file: htmx starts itself with a timer once it has
 * run, and as separate deferred files that timer could fire before an extension arrived on a slow link, leaving
 * the page without live updates. Within one script nothing can run in between. One request is kinder to phones too.
 */
const script = [
  'node_modules/htmx.org/dist/htmx.min.js', 'node_modules/htmx.org/dist/ext/hx-sse.min.js',
  'node_modules/htmx.org/dist/ext/hx-upsert.min.js', 'static/app.js',
].map((path) => withoutSourceMap(read(path))).join('\n;\n')

const files: Record<string, { text: string; type: string }> = {
  'app.css': { text: read('static/app.css'), type: 'text/css; charset=utf-8' },
  'huddle.js': { text: script, type: 'text/javascript; charset=utf-8' },
}

// built once at start: a content hash in each URL lets browsers cache for a year
const assets = new Map(Object.entries(files).map(([name, file]) => {
  const body = new TextEncoder().encode(file.text)
  const version = new Bun.CryptoHasher('sha256').update(body).digest('hex').slice(0, 12)
  return [name, { type: file.type, body, version }]
}))

const url = (name: string) => `/static/${name}?v=${assets.get(name)!.version}`
export const assetUrls = { css: url('app.css'), scripts: [url('huddle.js')] }

/** CSS and htmx, served by the app itself: no CDN. */
export const staticRoutes = new Hono().get('/static/:name', (c) => {
  const asset = assets.get(c.req.param('name'))
  if (!asset) return c.notFound()
  const etag = `"${asset.version}"`
  if (c.req.header('if-none-match') === etag) return c.body(null, 304)
  return c.body(asset.body, 200, {
    'Content-Type': asset.type,
    'Cache-Control': 'public, max-age=31536000, immutable',
    ETag: etag,
  })
})
