-- Charges are money records: never deleted, their who/what/how-much never rewritten, a succeeded one
-- never touched again, and their status moves only along the edges of src/domain/charge-states.ts.
CREATE TRIGGER `charges_no_delete` BEFORE DELETE ON `charges`
BEGIN SELECT RAISE(ABORT, 'charges are never deleted'); END;
--> statement-breakpoint
CREATE TRIGGER `charges_fixed_fields` BEFORE UPDATE OF `id`, `conversation_id`, `person_id`, `amount_minor`, `currency`, `created_at` ON `charges`
BEGIN SELECT RAISE(ABORT, 'a charge''s person, amount and currency cannot change'); END;
--> statement-breakpoint
CREATE TRIGGER `charges_succeeded_is_final` BEFORE UPDATE ON `charges`
WHEN OLD.`status` = 'succeeded'
BEGIN SELECT RAISE(ABORT, 'a charge that succeeded never changes'); END;
--> statement-breakpoint
CREATE TRIGGER `charges_moves` BEFORE UPDATE OF `status` ON `charges`
WHEN OLD.`status` || '>' || NEW.`status` NOT IN (
  'pending>pending', 'pending>succeeded', 'pending>declined', 'pending>failed', 'pending>not_charged',
  'failed>succeeded', 'failed>pending', 'declined>pending', 'not_charged>pending')
BEGIN SELECT RAISE(ABORT, 'a charge cannot move to that status'); END;
--> statement-breakpoint
-- Only Complete writes charges: in the transaction that archives, as pending or not charged.
CREATE TRIGGER `charges_written_on_complete` BEFORE INSERT ON `charges`
WHEN NEW.`status` NOT IN ('pending', 'not_charged')
  OR (SELECT `archived_at` FROM `conversations` WHERE `id` = NEW.`conversation_id`) IS NULL
BEGIN SELECT RAISE(ABORT, 'charges are written by Complete, as pending or not charged'); END;
--> statement-breakpoint
CREATE TRIGGER `stripe_events_no_update` BEFORE UPDATE ON `stripe_events`
BEGIN SELECT RAISE(ABORT, 'stripe events are append-only'); END;
--> statement-breakpoint
CREATE TRIGGER `stripe_events_no_delete` BEFORE DELETE ON `stripe_events`
BEGIN SELECT RAISE(ABORT, 'stripe events are append-only'); END;
--> statement-breakpoint
-- A conversation's fees keep the currency they were entered in.
DROP TRIGGER `conversations_fixed_fields`;
--> statement-breakpoint
CREATE TRIGGER `conversations_fixed_fields` BEFORE UPDATE OF `id`, `host_id`, `subject`, `opens_at`, `currency`, `created_at` ON `conversations`
BEGIN SELECT RAISE(ABORT, 'a conversation''s host, subject, time and currency cannot change'); END;
