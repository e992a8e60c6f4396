import { Hono } from 'hono'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'

const root = join(import.meta.dir, '../..')
const files: Record<string, { path: string; type: string }> = {
  'app.css': { path: join(root, 'static/app.css'), type: 'text/css; charset=utf-8' },
  'htmx.js': { path: join(root, 'node_modules/htmx.org/dist/htmx.min.js'), type: 'text/javascript; charset=utf-8' },
  'hx-sse.js': { path: join(root, 'node_modules/htmx.org/dist/ext/hx-sse.min.js'), type: 'text/javascript; charset=utf-8' },
  'hx-upsert.js': { path: join(root, 'node_modules/htmx.org/dist/ext/hx-upsert.min.js'), type: 'text/javascript; charset=utf-8' },
  'app.js': { path: join(root, 'static/app.js'), type: 'text/javascript; charset=utf-8' },
}

// read once at start: a content hash in each URL lets browsers cache for a year
const assets = new Map(Object.entries(files).map(([name, file]) => {
  const body = new Uint8Array(readFileSync(file.path))
  const version = new Bun.CryptoHasher('sha256').update(body).digest('hex').slice(0, 12)
  return [name, { ...file, body, version }]
}))

const url = (name: string) => `/static/${name}?v=${assets.get(name)!.version}`
export const assetUrls = { css: url('app.css'), scripts: ['htmx.js', 'hx-sse.js', 'hx-upsert.js', 'app.js'].map(url) }

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
