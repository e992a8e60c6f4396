import { eq } from 'drizzle-orm'
import type { Db } from '../db/client'
import { insertEvent } from '../db/event-log'
import { conversations } from '../db/schema'
import type { Actor } from './actor'
import { recordAudit } from './audit'
import { announce } from './announce'
import { payers, writeCharges } from './charges'
import type { Clinic } from './clinic'
import { conversationMemberIds, conversationNow, feeCurrency, forgetMemberships, openAsMember, requireHost } from './conversations'
import { Refused } from './errors'
import { queueNotifications } from './notifications'
import type { MailContext } from './sign-in-links'

export type CompleteOptions = {
  clinic: Clinic
  /** Whether this server can charge now (the clinic charges and Stripe is configured). */
  canCharge: boolean
  /** The host saw the question (who has no card on file, or "archive for everyone?") and chose to complete. */
  anyway: boolean
  address: string | null
}

/** A participant with a fee and no card on file, as the host's Complete warning names them. */
export type WithoutCard = { personId: number; name: string }

export type CompleteResult =
  | { kind: 'confirm'; withoutCard: WithoutCard[] }
  /** No one has a fee: Complete cannot be undone, so the host is asked once. */
  | { kind: 'confirm-archive' }
  | { kind: 'completed'; eventId: number; chargeIds: number[] }

const payersWithoutCard = async (db: Db, conversationId: string): Promise<WithoutCard[]> =>
  (await payers(db, conversationId)).filter((p) => !p.hasCard).map(({ personId, name }) => ({ personId, name }))

/**
 * From the Complete warning, the host asks one participant with a fee and no card to add one: an email that says
 * only that the clinic asks for a card. Once per participant and conversation. Returns who was asked and who still lacks a card.
 */
export async function askToAddCard(db: Db, actor: Actor, conversationId: string, personId: number, mail: MailContext) {
  const membership = await openAsMember(db, actor, conversationId)
  requireHost(membership, 'Only the host can ask participants to add a card.')
  const { conversation } = membership
  if (conversation.archivedAt) throw new Refused('This conversation is already complete.')
  const withoutCard = await payersWithoutCard(db, conversationId)
  const asked = withoutCard.find((p) => p.personId === personId)
  if (!asked) throw new Refused('That participant already has a card on file, or has no fee here.')
  await db.transaction((tx) => queueNotifications(tx, [personId], 'card_request', `card:${conversationId}:${personId}`, mail))
  mail.mailQueued?.()
  return { asked, withoutCard }
}

const alreadyComplete = 'This conversation is already complete; nothing was charged again.'

/**
 * The host's Complete: archives the conversation for everyone and, when the clinic charges, writes one
 * charge per participant with a fee, in the same transaction (the charge worker takes it from there).
 * If someone with a fee has no card on file, or no one has a fee at all, the host is first asked, unless they chose to go on.
 */
export async function completeConversation(db: Db, actor: Actor, conversationId: string, options: CompleteOptions): Promise<CompleteResult> {
  const membership = await openAsMember(db, actor, conversationId)
  requireHost(membership, 'Only the host can complete this conversation.')
  const { conversation } = membership
  if (conversation.archivedAt) throw new Refused(alreadyComplete)
  const charging = options.clinic.chargesEnabled
  if (charging && !options.canCharge) {
    throw new Refused('This clinic charges fees through the app, but payments are not set up on this server (STRIPE_SECRET_KEY). Ask your administrator.')
  }
  if (!options.anyway) {
    const due = charging ? await payers(db, conversationId) : []
    if (due.length === 0) return { kind: 'confirm-archive' }
    const withoutCard = due.filter((p) => !p.hasCard).map(({ personId, name }) => ({ personId, name }))
    if (withoutCard.length) return { kind: 'confirm', withoutCard }
  }
  const now = Date.now()
  const done = await db.transaction(async (tx) => {
    // the closing event first: a trigger refuses any event after the archive
    const event = await insertEvent(tx, { conversationId, kind: 'archived', senderId: actor.id, createdAt: now })
    const archived = await tx.update(conversations).set({ archivedAt: now }).where(eq(conversations.id, conversationId)).returning()
    if (archived.length !== 1) throw new Refused(alreadyComplete)
    const written = charging ? await writeCharges(tx, conversationId, feeCurrency(conversation, options.clinic), now) : []
    await recordAudit(tx, { actorId: actor.id, action: 'conversation_completed', subject: conversationId, address: options.address })
    return { eventId: event.id, chargeIds: written.map((c) => c.id) }
  }).catch(async (error) => {
    // a second Complete racing the first: the trigger or the stay-archived rule stops it
    if ((await conversationNow(db, conversationId)).archivedAt) {
      forgetMemberships(conversationId)
      throw new Refused(alreadyComplete)
    }
    throw error
  })
  forgetMemberships(conversationId)
  announce(db, { kind: 'event', conversationId, eventId: done.eventId })
  // it moves to Archived in every member's list
  announce(db, { kind: 'lists', personIds: await conversationMemberIds(db, conversationId) })
  if (done.chargeIds.length) announce(db, { kind: 'charges', conversationId, due: true })
  return { kind: 'completed', ...done }
}
