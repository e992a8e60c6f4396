import { and, eq, gt, inArray, isNull } from 'drizzle-orm'
import type { Db } from '../db/client'
import { conversations, members, people } from '../db/schema'
import { queueMail, type MailKind } from './mail'
import type { MailContext } from './sign-in-links'

type Writer = Pick<Db, 'insert' | 'select'>
export type NotificationKind = Extract<MailKind, 'added' | 'opened' | 'unread' | 'card_request'>

/**
 * What each notification says: that something happened at the clinic, and where to sign in. Never a subject,
 * message, file or form name, fee, or anyone's name or email: mail crosses servers the clinic does not control.
 */
const wording: Record<NotificationKind, (clinic: string) => { subject: string; sentence: string }> = {
  added: (clinic) => ({ subject: `You have a new conversation at ${clinic}`, sentence: `You were added to a conversation at ${clinic}.` }),
  opened: (clinic) => ({ subject: `A conversation at ${clinic} has opened`, sentence: `A conversation you are in at ${clinic} is open now.` }),
  unread: (clinic) => ({ subject: `You have unread messages at ${clinic}`, sentence: `You have unread messages at ${clinic}.` }),
  card_request: (clinic) => ({ subject: `${clinic} asks you to add a card`,
    sentence: `${clinic} asks you to add a card for its fees. After signing in, open Payment method and choose Add a card.` }),
}

export function notificationText(kind: NotificationKind, context: MailContext) {
  const { subject, sentence } = wording[kind](context.clinicName)
  const text = `Hello,\n\n${sentence}\n\nSign in to see it:\n\n${context.baseUrl}/sign-in\n\n` +
    `You can turn these emails off on the Notifications page after signing in.\n`
  return { subject, text }
}

/**
 * Queues one kind of notification for these people, in the caller's transaction, skipping anyone disabled or who
 * turned notifications off; `cause` makes each person's mail for it happen once, whoever queues it twice.
 */
export async function queueNotifications(tx: Writer, personIds: number[], kind: NotificationKind, cause: string, context: MailContext) {
  if (personIds.length === 0) return 0
  const recipients = await tx.select({ email: people.email }).from(people)
    .where(and(inArray(people.id, personIds), eq(people.emailNotifications, true), isNull(people.disabledAt)))
  const { subject, text } = notificationText(kind, context)
  for (const { email } of recipients) await queueMail(tx, { kind, to: email, subject, text, cause })
  return recipients.length
}

/**
 * A scheduled conversation opened: its participants are told, once each, whichever process's clock saw it first.
 * One that was open from the start (its opening is its creation) was already announced as "added".
 */
export async function queueOpenedNotifications(db: Db, conversationId: string, mail: MailContext) {
  const participants = await db.select({ id: members.personId }).from(members)
    .innerJoin(conversations, eq(conversations.id, members.conversationId))
    .where(and(eq(members.conversationId, conversationId), eq(members.role, 'participant'), gt(conversations.opensAt, conversations.createdAt)))
  await db.transaction((tx) => queueNotifications(tx, participants.map((p) => p.id), 'opened', `opened:${conversationId}`, mail))
  mail.mailQueued?.()
}
