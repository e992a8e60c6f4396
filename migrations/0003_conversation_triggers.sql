-- The participant list never changes once created: a conversation's 'created' event, written in the
-- same transaction as its members, seals the list against later inserts.
CREATE TRIGGER `members_sealed_on_insert` BEFORE INSERT ON `members`
WHEN EXISTS (SELECT 1 FROM `events` WHERE `conversation_id` = NEW.`conversation_id`)
BEGIN SELECT RAISE(ABORT, 'the participant list of a conversation cannot change'); END;
--> statement-breakpoint
CREATE TRIGGER `members_no_update` BEFORE UPDATE ON `members`
BEGIN SELECT RAISE(ABORT, 'the participant list of a conversation cannot change'); END;
--> statement-breakpoint
CREATE TRIGGER `members_no_delete` BEFORE DELETE ON `members`
BEGIN SELECT RAISE(ABORT, 'the participant list of a conversation cannot change'); END;
--> statement-breakpoint
-- Messages are a clinical record: never edited, never deleted.
CREATE TRIGGER `events_no_update` BEFORE UPDATE ON `events`
BEGIN SELECT RAISE(ABORT, 'conversation events are append-only'); END;
--> statement-breakpoint
CREATE TRIGGER `events_no_delete` BEFORE DELETE ON `events`
BEGIN SELECT RAISE(ABORT, 'conversation events are append-only'); END;
--> statement-breakpoint
CREATE TRIGGER `conversations_no_delete` BEFORE DELETE ON `conversations`
BEGIN SELECT RAISE(ABORT, 'conversations are archived, never deleted'); END;
--> statement-breakpoint
CREATE TRIGGER `conversations_fixed_fields` BEFORE UPDATE OF `id`, `host_id`, `subject`, `opens_at`, `created_at` ON `conversations`
BEGIN SELECT RAISE(ABORT, 'a conversation''s host, subject and time cannot change'); END;
