ALTER TABLE `outbox` ADD `cause` text;--> statement-breakpoint
CREATE UNIQUE INDEX `outbox_once_per_cause` ON `outbox` (`kind`,`to_address`,`cause`);--> statement-breakpoint
ALTER TABLE `people` ADD `email_notifications` integer DEFAULT true NOT NULL;--> statement-breakpoint
ALTER TABLE `people` ADD `last_reminded_at` integer;--> statement-breakpoint
ALTER TABLE `read_marks` ADD `page_open_until` integer;--> statement-breakpoint
ALTER TABLE `read_marks` ADD `reminded_up_to` integer;--> statement-breakpoint
ALTER TABLE `sign_in_links` ADD `purpose` text DEFAULT 'link' NOT NULL;