import { createMiddleware } from 'hono/factory'
import type { Actor } from '../../domain/actor'
import { asMember, type Member } from '../../domain/conversations'
import type { AppEnv } from '../env'

/** A conversation's id in a path: a UUID (so /conversations/new is not one). */
export const conversationPath = '/conversations/:id{[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}}'

/**
 * Everything under a conversation's path runs as its member: the membership is looked up once here (a stranger
 * gets the same 404 as for a conversation that does not exist) and the domain reads it from the actor.
 */
export const asConversationMember = createMiddleware<AppEnv>(async (c, next) => {
  const actor: Actor & Partial<Member> = c.get('actor')!
  const id = c.req.param('id')!
  // a path matched by both patterns looks it up once
  if (actor.membership?.conversation.id !== id) c.set('actor', await asMember(c.get('db'), actor, id))
  await next()
})
