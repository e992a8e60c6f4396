import { zValidator } from '@hono/zod-validator'
import { Hono } from 'hono'
import { z } from 'zod'
import { listCharges } from '../../domain/charges'
import { asMember, conversationNow, listConversations, stateOf, type Conversation } from '../../domain/conversations'
import { eventsOf, resumePoint } from '../../domain/messages'
import { conversationTopic, personTopic, type LiveEvent } from '../../live/bus'
import { sseFrame } from '../../live/sse'
import { StatusLine } from '../../../views/pages/conversation'
import { ChargesPanel } from '../../../views/parts/charges'
import { Composer } from '../../../views/parts/composer'
import { ConversationList } from '../../../views/parts/conversation-list'
import type { AppEnv } from '../env'

const query = z.object({ c: z.string().max(64).optional(), after: z.coerce.number().int().min(0).optional() })
const replayPage = 500

/**
 * One stream per open page: the viewer's conversation list, and the open conversation's events.
 * Resumes after Last-Event-ID (or ?after= on the first connect) from the database, so nothing is missed.
 */
export const liveRoutes = new Hono<AppEnv>().get('/live', zValidator('query', query), async (c) => {
  const { db, live, clinic } = c.var
  const { c: conversationId, after } = c.req.valid('query')
  // the stream's viewer carries its membership: what it looks up later needs no membership query
  const member = conversationId ? await asMember(db, c.var.actor!, conversationId) : undefined
  const actor = member ?? c.var.actor!
  const conversation = member?.membership.conversation
  const lastEventId = Number(c.req.header('last-event-id')) || undefined
  const resumeFrom = conversation ? await resumePoint(db, conversation.id, { lastEventId, after }) : 0
  const timeZone = clinic!.timeZone
  const csrf = c.var.csrfToken

  const session = c.var.sessionHash!
  return live.hub.respond(session, async (connection) => {
    let replayedUpTo = resumeFrom
    let chain = Promise.resolve()
    const pending: LiveEvent[] = []
    let replaying = true

    const deliver = async (event: LiveEvent) => {
      if (event.kind === 'signed-out') {
        if (!event.session || event.session === session) connection.close()
      } else if (event.kind === 'list') {
        const sections = await listConversations(db, actor)
        connection.send(sseFrame(String(<ConversationList sections={sections} currentId={conversation?.id}
          canCreate={actor.role !== 'patient'} timeZone={timeZone} oob />)))
      } else if (conversation && event.kind === 'charges' && conversation.hostId === actor.id) {
        connection.send(sseFrame(await chargesFragment()))
      } else if (conversation && event.kind === 'opened') {
        connection.send(sseFrame(stateFragment(conversation, timeZone, csrf)))
      } else if (conversation && event.kind === 'event' && event.id > replayedUpTo) {
        const stored = await live.renderer.event(conversation.id, event.id)
        const html = stored && await live.renderer.frameFor(stored, actor, timeZone, csrf)
        if (html) connection.send(sseFrame(html, event.id))
        if (stored?.kind === 'archived') connection.send(sseFrame(stateFragment(await conversationNow(db, conversation.id), timeZone, csrf)))
      }
    }
    const chargesFragment = async () => String(<ChargesPanel conversationId={conversation!.id} charges={await listCharges(db, actor, conversation!.id)}
      csrf={csrf} timeZone={timeZone} oob />)
    const onEvent = (event: LiveEvent) => {
      if (event.kind === 'signed-out') void deliver(event) // at once, even mid-replay
      else if (replaying) pending.push(event)
      else chain = chain.then(() => deliver(event)).catch(() => {})
    }
    const unsubscribe = [live.bus.subscribe(personTopic(actor.id), onEvent)]
    if (conversation) {
      live.presence.opened(conversation.id, actor.id)
      unsubscribe.push(live.bus.subscribe(conversationTopic(conversation.id), onEvent))
      connection.send(sseFrame(stateFragment(conversation, timeZone, csrf)))
      // charges may have settled between the page's render and this stream: the host gets them as they are now
      if (conversation.archivedAt && conversation.hostId === actor.id) connection.send(sseFrame(await chargesFragment()))
      for (;;) {
        const missed = await eventsOf(db, conversation.id, { after: replayedUpTo, limit: replayPage })
        for (const event of missed) {
          const html = await live.renderer.frameFor(event, actor, timeZone, csrf)
          if (html) connection.send(sseFrame(html, event.id))
        }
        replayedUpTo = missed.at(-1)?.id ?? replayedUpTo
        if (missed.length < replayPage) break
      }
    }
    replaying = false
    for (const event of pending) onEvent(event)
    return () => {
      unsubscribe.forEach((stop) => stop())
      if (conversation) live.presence.closedPage(conversation.id, actor.id)
    }
  })
})

/**
 * The status line as it is now, and the composer of the current state in place of one of an earlier state
 * (Upcoming → Active → Archived while pages are open); a composer someone is typing in is never replaced by its like.
 */
function stateFragment(conversation: Conversation, timeZone: string, csrf: string) {
  const state = stateOf(conversation)
  const earlier = state === 'archived' ? ['active', 'upcoming'] as const : state === 'active' ? ['upcoming'] as const : []
  return String(<>
    <StatusLine state={state} conversation={conversation} timeZone={timeZone} oob />
    {earlier.length > 0 && <Composer conversationId={conversation.id} state={state} opensAt={conversation.opensAt} timeZone={timeZone} csrf={csrf} replacing={[...earlier]} />}
  </>)
}
