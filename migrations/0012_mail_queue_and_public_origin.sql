ALTER TABLE `clinic` ADD `public_origin` text;--> statement-breakpoint
ALTER TABLE `outbox` ADD `kind` text DEFAULT 'other' NOT NULL;--> statement-breakpoint
ALTER TABLE `outbox` ADD `private` integer DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE `outbox` ADD `status` text DEFAULT 'queued' NOT NULL;--> statement-breakpoint
ALTER TABLE `outbox` ADD `attempts` integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE `outbox` ADD `next_attempt_at` integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE `outbox` ADD `leased_until` integer;--> statement-breakpoint
ALTER TABLE `outbox` ADD `last_error` text;--> statement-breakpoint
ALTER TABLE `outbox` ADD `sent_at` integer;--> statement-breakpoint
CREATE INDEX `outbox_due` ON `outbox` (`status`,`next_attempt_at`);--> statement-breakpoint
-- mail from before the queue was only ever kept for the Outbox: never send it now
UPDATE `outbox` SET `status` = 'kept';--> statement-breakpoint
-- sign-in links people asked for themselves must not stay readable by admins
UPDATE `outbox` SET `private` = 1, `kind` = 'sign_in_link', `body` = '(a one-time sign-in link, shown only to the person who asked for it)'
WHERE `subject` LIKE 'Your sign-in link for %';--> statement-breakpoint
-- links issued before someone was disabled stay dead after they are enabled again
UPDATE `sign_in_links` SET `used_at` = (unixepoch('subsec') * 1000)
WHERE `used_at` IS NULL AND `person_id` IN (SELECT `id` FROM `people` WHERE `disabled_at` IS NOT NULL);
