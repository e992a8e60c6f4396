import { eq } from 'drizzle-orm'
import type { Db } from '../db/client'
import { conversations, events } from '../db/schema'
import type { Actor } from './actor'
import { recordAudit } from './audit'
import { payers, writeCharges } from './charges'
import type { Clinic } from './clinic'
import { conversationMemberIds, feeCurrency, openAsMember } from './conversations'
import { Forbidden, Refused } from './errors'

export type CompleteOptions = {
  clinic: Clinic
  /** Whether this server can charge now (the clinic charges and Stripe is configured). */
  canCharge: boolean
  /** The host saw who has no card on file and chose to complete anyway. */
  anyway: boolean
  address: string | null
}

export type CompleteResult =
  | { kind: 'confirm'; withoutCard: { name: string }[] }
  | { kind: 'completed'; eventId: number; memberIds: number[]; chargeIds: number[] }

const alreadyComplete = 'This conversation is already complete; nothing was charged again.'

/**
 * The host's Complete: archives the conversation for everyone and, when the clinic charges, writes one
 * charge per participant with a fee, in the same transaction (the charge worker takes it from there).
 * If someone with a fee has no card on file, the host is first asked, unless they chose to go on anyway.
 */
export async function completeConversation(db: Db, actor: Actor, conversationId: string, options: CompleteOptions): Promise<CompleteResult> {
  const { conversation, viewerRole } = await openAsMember(db, actor, conversationId)
  if (viewerRole !== 'host') throw new Forbidden('Only the host can complete this conversation.')
  if (conversation.archivedAt) throw new Refused(alreadyComplete)
  const charging = options.clinic.chargesEnabled
  if (charging && !options.canCharge) {
    throw new Refused('This clinic charges fees through the app, but payments are not set up on this server (STRIPE_SECRET_KEY). Ask your administrator.')
  }
  if (charging && !options.anyway) {
    const withoutCard = (await payers(db, conversationId)).filter((p) => !p.hasCard).map((p) => ({ name: p.name }))
    if (withoutCard.length) return { kind: 'confirm', withoutCard }
  }
  const now = Date.now()
  const done = await db.transaction(async (tx) => {
    // the closing event first: a trigger refuses any event after the archive
    const [event] = await tx.insert(events).values({ conversationId, kind: 'archived', senderId: actor.id, createdAt: now }).returning()
    const archived = await tx.update(conversations).set({ archivedAt: now }).where(eq(conversations.id, conversationId)).returning()
    if (archived.length !== 1) throw new Refused(alreadyComplete)
    const written = charging ? await writeCharges(tx, conversationId, feeCurrency(conversation, options.clinic), now) : []
    await recordAudit(tx, { actorId: actor.id, action: 'conversation_completed', subject: conversationId, address: options.address })
    return { eventId: event!.id, chargeIds: written.map((c) => c.id) }
  }).catch(async (error) => {
    // a second Complete racing the first: the trigger or the stay-archived rule stops it
    if ((await openAsMember(db, actor, conversationId)).conversation.archivedAt) throw new Refused(alreadyComplete)
    throw error
  })
  return { kind: 'completed', ...done, memberIds: await conversationMemberIds(db, conversationId) }
}
