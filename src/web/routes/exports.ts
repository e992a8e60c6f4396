import { zValidator } from '@hono/zod-validator'
import { Hono } from 'hono'
import { z } from 'zod'
import { csvLines, exportColumns, exportConversation, exportFileName } from '../../domain/exports'
import { collectWhileStreaming } from '../../streaming-memory'
import type { AppEnv } from '../env'
import { addressOf } from '../request'

const encoder = new TextEncoder()

/** More actions → Export to .csv: streamed page by page. */
export const exportRoutes = new Hono<AppEnv>().get('/conversations/:id/export.csv', zValidator('param', z.object({ id: z.string().max(64) })), async (c) => {
  const timeZone = c.get('clinic')!.timeZone
  const exported = await exportConversation(c.get('db'), c.get('actor')!, c.req.valid('param').id, timeZone, addressOf(c))
  const pages = exported.rows()
  const streamed = collectWhileStreaming(32, 'full')
  const body = new ReadableStream<Uint8Array>({
    // a byte-order mark makes Excel read UTF-8; the domain has already neutralised formulas in every cell
    start(controller) { controller.enqueue(encoder.encode(`\uFEFF${csvLines([exportColumns])}`)) },
    async pull(controller) {
      const page = await pages.next()
      if (page.done) return controller.close()
      const bytes = encoder.encode(csvLines(page.value))
      streamed(bytes.length)
      controller.enqueue(bytes)
    },
  })
  const name = exportFileName(exported.subject, Date.now(), timeZone)
  return new Response(body, { headers: {
    'Content-Type': 'text/csv; charset=utf-8',
    'Content-Disposition': `attachment; filename="${name}"`,
    'Cache-Control': 'private, no-store',
  } })
})
