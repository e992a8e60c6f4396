import { zValidator } from '@hono/zod-validator'
import { Hono } from 'hono'
import { z } from 'zod'
import { asMember } from '../../domain/conversations'
import { resumePoint } from '../../domain/messages'
import type { SseConnection } from '../../live/sse'
import { LiveStream, type StreamView } from '../../live/stream'
import type { AppEnv, Live } from '../env'

const query = z.object({ c: z.string().max(64).optional(), after: z.coerce.number().int().min(0).optional() })

/**
 * One stream per open page (src/live/stream.tsx). Resumes after Last-Event-ID, or ?after= on the first connect,
 * from the database, so nothing is missed.
 */
export const liveRoutes = new Hono<AppEnv>().get('/live', zValidator('query', query), async (c) => {
  const { db, live, clinic } = c.var
  const { c: conversationId, after } = c.req.valid('query')
  const member = conversationId ? await asMember(db, c.get('actor')!, conversationId) : undefined
  const conversation = member?.membership.conversation
  const lastEventId = Number(c.req.header('last-event-id')) || undefined
  const resumeFrom = conversation ? await resumePoint(db, conversation.id, { lastEventId, after }) : 0
  const view: StreamView = {
    viewer: member ?? c.get('actor')!, conversation, resumeFrom, timeZone: clinic!.timeZone, csrf: c.get('csrfToken'), session: c.get('sessionHash')!,
  }
  return live.hub.respond(view.session, streamOf(live, view))
})

/**
 * Built outside the handler: a closure made inside an async function keeps all of its locals alive, and the handler's
 * include the request's whole context (about 7 KiB per open page, measured with a heap snapshot).
 */
const streamOf = (live: Live, view: StreamView) => (connection: SseConnection) => new LiveStream(live, view, connection).start(view.conversation)
