-- The audit log is append-only: who did what, when and from where must never be rewritten.
CREATE TRIGGER `audit_log_no_update` BEFORE UPDATE ON `audit_log`
BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;
--> statement-breakpoint
CREATE TRIGGER `audit_log_no_delete` BEFORE DELETE ON `audit_log`
BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;
--> statement-breakpoint
-- People are disabled, never deleted: conversations, messages and the audit log point at them.
CREATE TRIGGER `people_no_delete` BEFORE DELETE ON `people`
BEGIN SELECT RAISE(ABORT, 'people are disabled, never deleted'); END;
