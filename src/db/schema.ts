import { sql } from 'drizzle-orm'
import { check, index, integer, primaryKey, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core'

const now = sql`(unixepoch('subsec') * 1000)`

/** The one clinic this install serves; its row exists once first run is done. */
export const clinic = sqliteTable('clinic', {
  id: integer('id').primaryKey(),
  name: text('name').notNull(),
  timeZone: text('time_zone').notNull(),
  currency: text('currency').notNull(),
  chargesEnabled: integer('charges_enabled', { mode: 'boolean' }).notNull().default(false),
  /** Where people reach this install (links in mail, the CSRF origin): set by first run, never read from a request after. */
  publicOrigin: text('public_origin'),
  createdAt: integer('created_at').notNull().default(now),
}, (t) => [check('single_clinic', sql`${t.id} = 1`)])

export const people = sqliteTable('people', {
  id: integer('id').primaryKey({ autoIncrement: true }),
  name: text('name').notNull(),
  email: text('email').notNull(),
  role: text('role', { enum: ['patient', 'clinician', 'admin'] }).notNull(),
  passwordHash: text('password_hash'),
  disabledAt: integer('disabled_at'),
  createdAt: integer('created_at').notNull().default(now),
  /** Notifications page: "Email me about new messages" (invitations and sign-in links go regardless). */
  emailNotifications: integer('email_notifications', { mode: 'boolean' }).notNull().default(true),
  /** When the last unread reminder was queued: at most one per UNREAD_REMINDER_MINUTES. */
  lastRemindedAt: integer('last_reminded_at'),
}, (t) => [
  uniqueIndex('people_email_unique').on(sql`lower(${t.email})`),
  check('people_role', sql`${t.role} in ('patient', 'clinician', 'admin')`),
])

/** Session ids are never stored, only their SHA-256. */
export const sessions = sqliteTable('sessions', {
  idHash: text('id_hash').primaryKey(),
  personId: integer('person_id').notNull().references(() => people.id),
  createdAt: integer('created_at').notNull(),
  lastSeenAt: integer('last_seen_at').notNull(),
}, (t) => [index('sessions_person').on(t.personId)])

/** One-time sign-in links (invitations and emailed links); the token is stored hashed. */
export const signInLinks = sqliteTable('sign_in_links', {
  id: integer('id').primaryKey({ autoIncrement: true }),
  tokenHash: text('token_hash').notNull().unique(),
  personId: integer('person_id').notNull().references(() => people.id),
  expiresAt: integer('expires_at').notNull(),
  usedAt: integer('used_at'),
  /** An invitation lasts 7 days and, expired, may be renewed; a link someone asked for lasts 15 minutes. */
  purpose: text('purpose', { enum: ['invitation', 'link'] }).notNull().default('link'),
  createdAt: integer('created_at').notNull().default(now),
})

/** Append-only: triggers refuse UPDATE and DELETE. */
export const auditLog = sqliteTable('audit_log', {
  id: integer('id').primaryKey({ autoIncrement: true }),
  at: integer('at').notNull().default(now),
  actorId: integer('actor_id').references(() => people.id),
  action: text('action').notNull(),
  subject: text('subject'),
  address: text('address'),
}, (t) => [
  // sign-in limits count recent failures by email and by address
  index('audit_log_action_subject').on(t.action, t.subject, t.at),
  index('audit_log_action_address').on(t.action, t.address, t.at),
])

/**
 * The mail queue: written in the transaction of what causes the mail, sent by the mail worker.
 * `private` mail (a link someone asked for themselves) has its body blanked once it leaves, and is never shown.
 */
export const outbox = sqliteTable('outbox', {
  id: integer('id').primaryKey({ autoIncrement: true }),
  to: text('to_address').notNull(),
  subject: text('subject').notNull(),
  body: text('body').notNull(),
  createdAt: integer('created_at').notNull().default(now),
  kind: text('kind').notNull().default('other'),
  private: integer('private', { mode: 'boolean' }).notNull().default(false),
  status: text('status', { enum: ['queued', 'sent', 'failed', 'kept'] }).notNull().default('queued'),
  attempts: integer('attempts').notNull().default(0),
  nextAttemptAt: integer('next_attempt_at').notNull().default(0),
  leasedUntil: integer('leased_until'),
  lastError: text('last_error'),
  sentAt: integer('sent_at'),
  /** What caused it (`added:<conversation>`…): one mail per recipient and cause, whichever process queues it. */
  cause: text('cause'),
}, (t) => [index('outbox_due').on(t.status, t.nextAttemptAt), uniqueIndex('outbox_once_per_cause').on(t.kind, t.to, t.cause)])

export const conversations = sqliteTable('conversations', {
  id: text('id').primaryKey(),
  hostId: integer('host_id').notNull().references(() => people.id),
  subject: text('subject').notNull(),
  opensAt: integer('opens_at').notNull(),
  archivedAt: integer('archived_at'),
  /** The currency its fees were entered in (conversations from before this column: the clinic's). */
  currency: text('currency'),
  createdAt: integer('created_at').notNull(),
}, (t) => [index('conversations_opens_at').on(t.opensAt)])

/** Host and participants. Immutable once the conversation's first event exists (triggers). */
export const members = sqliteTable('members', {
  conversationId: text('conversation_id').notNull().references(() => conversations.id),
  personId: integer('person_id').notNull().references(() => people.id),
  role: text('role', { enum: ['host', 'participant'] }).notNull(),
  position: integer('position').notNull(),
  /** The fee in the currency's minor unit; 0 when free or when the clinic does not charge. */
  feeMinor: integer('fee_minor').notNull().default(0),
}, (t) => [
  primaryKey({ columns: [t.conversationId, t.personId] }),
  index('members_person').on(t.personId),
  check('members_role', sql`${t.role} in ('host', 'participant')`),
  check('members_fee', sql`${t.feeMinor} >= 0`),
])

/** One ordered, append-only log per install: every message, file, form and state change. Ids are the SSE event ids. */
export const events = sqliteTable('events', {
  id: integer('id').primaryKey({ autoIncrement: true }),
  conversationId: text('conversation_id').notNull().references(() => conversations.id),
  kind: text('kind', { enum: ['created', 'message', 'file', 'form', 'form_submitted', 'archived'] }).notNull(),
  senderId: integer('sender_id').notNull().references(() => people.id),
  body: text('body'),
  /** The sender's own id for a post, so a retried send never makes a second message. */
  clientId: text('client_id'),
  fileId: text('file_id'),
  formId: text('form_id'),
  createdAt: integer('created_at').notNull(),
}, (t) => [
  index('events_conversation').on(t.conversationId, t.id),
  uniqueIndex('events_client_id').on(t.conversationId, t.senderId, t.clientId),
])

/** How far each member has read; the only mutable per-member state. */
export const readMarks = sqliteTable('read_marks', {
  conversationId: text('conversation_id').notNull().references(() => conversations.id),
  personId: integer('person_id').notNull().references(() => people.id),
  lastReadEventId: integer('last_read_event_id').notNull(),
  /** Until when a page of the conversation was last known open for this member (no reminder while they look). */
  pageOpenUntil: integer('page_open_until'),
  /** The newest event an unread reminder covered: no second reminder until they have read past it. */
  remindedUpTo: integer('reminded_up_to'),
}, (t) => [primaryKey({ columns: [t.conversationId, t.personId] })])

/** A file shared in a conversation; stored under a generated name, the original name kept only as data. */
export const files = sqliteTable('files', {
  id: text('id').primaryKey(),
  conversationId: text('conversation_id').notNull().references(() => conversations.id),
  uploaderId: integer('uploader_id').notNull().references(() => people.id),
  name: text('name').notNull(),
  size: integer('size').notNull(),
  sha256: text('sha256').notNull(),
  storageKey: text('storage_key').notNull(),
  createdAt: integer('created_at').notNull(),
}, (t) => [index('files_conversation').on(t.conversationId)])

/** Who a file was sent to, besides the host and the uploader (who always see it). Sealed by the file's event. */
export const fileRecipients = sqliteTable('file_recipients', {
  fileId: text('file_id').notNull().references(() => files.id),
  personId: integer('person_id').notNull().references(() => people.id),
}, (t) => [primaryKey({ columns: [t.fileId, t.personId] })])

/** Every download, for the host to see who has opened a file and when. Append-only. */
export const fileDownloads = sqliteTable('file_downloads', {
  id: integer('id').primaryKey({ autoIncrement: true }),
  fileId: text('file_id').notNull().references(() => files.id),
  personId: integer('person_id').notNull().references(() => people.id),
  at: integer('at').notNull(),
}, (t) => [index('file_downloads_file').on(t.fileId)])

/** The clinic's library of form templates. Editable: assignments keep their own copy of the fields. */
export const formTemplates = sqliteTable('form_templates', {
  id: integer('id').primaryKey({ autoIncrement: true }),
  name: text('name').notNull(),
  fields: text('fields', { mode: 'json' }).notNull(),
  builtIn: integer('built_in', { mode: 'boolean' }).notNull().default(false),
  updatedAt: integer('updated_at').notNull(),
})

/** A form given to one participant, with a snapshot of its fields. Never changed or deleted. */
export const formAssignments = sqliteTable('form_assignments', {
  id: text('id').primaryKey(),
  conversationId: text('conversation_id').notNull().references(() => conversations.id),
  templateId: integer('template_id').notNull().references(() => formTemplates.id),
  assigneeId: integer('assignee_id').notNull().references(() => people.id),
  assignedBy: integer('assigned_by').notNull().references(() => people.id),
  name: text('name').notNull(),
  fields: text('fields', { mode: 'json' }).notNull(),
  createdAt: integer('created_at').notNull(),
}, (t) => [index('form_assignments_conversation').on(t.conversationId)])

/** The one submission of an assigned form (its primary key makes a second impossible). Never changed. */
export const formSubmissions = sqliteTable('form_submissions', {
  assignmentId: text('assignment_id').primaryKey().references(() => formAssignments.id),
  answers: text('answers', { mode: 'json' }).notNull(),
  submittedAt: integer('submitted_at').notNull(),
})

/** A person's card on file with Stripe: ids and display details only, never a card number. */
export const paymentMethods = sqliteTable('payment_methods', {
  personId: integer('person_id').primaryKey().references(() => people.id),
  stripeCustomerId: text('stripe_customer_id').notNull(),
  stripePaymentMethodId: text('stripe_payment_method_id'),
  brand: text('brand'),
  last4: text('last4'),
  expMonth: integer('exp_month'),
  expYear: integer('exp_year'),
  updatedAt: integer('updated_at').notNull(),
})

/**
 * One fee to charge, written with the archive on Complete. Its state moves only as charge-states.ts
 * allows (a trigger holds the same table); its id, with the attempt number, is Stripe's idempotency key.
 */
export const charges = sqliteTable('charges', {
  id: integer('id').primaryKey({ autoIncrement: true }),
  conversationId: text('conversation_id').notNull().references(() => conversations.id),
  personId: integer('person_id').notNull().references(() => people.id),
  amountMinor: integer('amount_minor').notNull(),
  currency: text('currency').notNull(),
  status: text('status', { enum: ['pending', 'succeeded', 'declined', 'failed', 'not_charged'] }).notNull(),
  reason: text('reason'),
  /** Bumped by each retry the host asks for; automatic retries after no answer keep it (and so the key). */
  attempt: integer('attempt').notNull().default(1),
  unanswered: integer('unanswered').notNull().default(0),
  nextTryAt: integer('next_try_at'),
  stripePaymentIntentId: text('stripe_payment_intent_id'),
  createdAt: integer('created_at').notNull(),
  updatedAt: integer('updated_at').notNull(),
}, (t) => [
  uniqueIndex('charges_one_per_person').on(t.conversationId, t.personId),
  index('charges_person').on(t.personId),
  index('charges_due').on(t.status, t.nextTryAt),
  check('charges_amount', sql`${t.amountMinor} > 0`),
  check('charges_status', sql`${t.status} in ('pending', 'succeeded', 'declined', 'failed', 'not_charged')`),
])

/** Stripe webhook events already applied, so a redelivered one changes nothing. */
export const stripeEvents = sqliteTable('stripe_events', {
  id: text('id').primaryKey(),
  type: text('type').notNull(),
  receivedAt: integer('received_at').notNull(),
})

/** The server processes serving this database now, each with a heartbeat: without Redis, only one may. */
export const serverProcesses = sqliteTable('server_processes', {
  id: text('id').primaryKey(),
  host: text('host').notNull(),
  pid: integer('pid').notNull(),
  startedAt: integer('started_at').notNull(),
  heartbeatAt: integer('heartbeat_at').notNull(),
  /** How its live pages hear other processes: 'memory' (they do not) or a hash of the Redis URL it shares. */
  bus: text('bus').notNull().default('memory'),
})

/** A scheduled conversation's opening, told to its pages once: the process whose insert wins tells it. */
export const openingsAnnounced = sqliteTable('openings_announced', {
  conversationId: text('conversation_id').primaryKey().references(() => conversations.id),
  announcedAt: integer('announced_at').notNull(),
})
