-- An archived conversation is read-only for everyone: every message, file, form and submission writes an
-- event, so refusing new events refuses them all.
CREATE TRIGGER `events_none_when_archived` BEFORE INSERT ON `events`
WHEN (SELECT `archived_at` FROM `conversations` WHERE `id` = NEW.`conversation_id`) IS NOT NULL
BEGIN SELECT RAISE(ABORT, 'this conversation is archived'); END;
--> statement-breakpoint
-- Once archived, always archived.
CREATE TRIGGER `conversations_stay_archived` BEFORE UPDATE OF `archived_at` ON `conversations`
WHEN OLD.`archived_at` IS NOT NULL
BEGIN SELECT RAISE(ABORT, 'an archived conversation stays archived'); END;
