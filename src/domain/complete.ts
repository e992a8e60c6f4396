import { eq } from 'drizzle-orm'
import type { Db } from '../db/client'
import { conversations, events } from '../db/schema'
import type { Actor } from './actor'
import { recordAudit } from './audit'
import type { Clinic } from './clinic'
import { conversationMemberIds, openAsMember } from './conversations'
import { Forbidden, Refused } from './errors'

/**
 * The host's Complete: archives the conversation for everyone. Its closing event is written first
 * (a trigger refuses any event after the archive), in the same transaction.
 */
export async function completeConversation(db: Db, actor: Actor, conversationId: string, clinic: Clinic, address: string | null) {
  const { conversation, viewerRole } = await openAsMember(db, actor, conversationId)
  if (viewerRole !== 'host') throw new Forbidden('Only the host can complete this conversation.')
  if (conversation.archivedAt) throw new Refused('This conversation is already complete; nothing was charged again.')
  if (clinic.chargesEnabled) {
    throw new Refused('This clinic charges fees through the app, and charging on Complete is not available in this version yet. Switch charging off in Settings to complete without charging.')
  }
  const now = Date.now()
  const eventId = await db.transaction(async (tx) => {
    const [event] = await tx.insert(events).values({ conversationId, kind: 'archived', senderId: actor.id, createdAt: now }).returning()
    const archived = await tx.update(conversations).set({ archivedAt: now }).where(eq(conversations.id, conversationId)).returning()
    if (archived.length !== 1) throw new Refused('This conversation is already complete.')
    await recordAudit(tx, { actorId: actor.id, action: 'conversation_completed', subject: conversationId, address })
    return event!.id
  }).catch(async (error) => {
    // a second Complete racing the first: the trigger or the stay-archived rule stops it
    if ((await openAsMember(db, actor, conversationId)).conversation.archivedAt) throw new Refused('This conversation is already complete; nothing was charged again.')
    throw error
  })
  return { eventId, memberIds: await conversationMemberIds(db, conversationId) }
}
