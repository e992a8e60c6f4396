CREATE TABLE `charges` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`conversation_id` text NOT NULL,
	`person_id` integer NOT NULL,
	`amount_minor` integer NOT NULL,
	`currency` text NOT NULL,
	`status` text NOT NULL,
	`reason` text,
	`attempt` integer DEFAULT 1 NOT NULL,
	`unanswered` integer DEFAULT 0 NOT NULL,
	`next_try_at` integer,
	`stripe_payment_intent_id` text,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`conversation_id`) REFERENCES `conversations`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`person_id`) REFERENCES `people`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "charges_amount" CHECK("charges"."amount_minor" > 0),
	CONSTRAINT "charges_status" CHECK("charges"."status" in ('pending', 'succeeded', 'declined', 'failed', 'not_charged'))
);
--> statement-breakpoint
CREATE UNIQUE INDEX `charges_one_per_person` ON `charges` (`conversation_id`,`person_id`);--> statement-breakpoint
CREATE INDEX `charges_person` ON `charges` (`person_id`);--> statement-breakpoint
CREATE INDEX `charges_due` ON `charges` (`status`,`next_try_at`);--> statement-breakpoint
CREATE TABLE `stripe_events` (
	`id` text PRIMARY KEY NOT NULL,
	`type` text NOT NULL,
	`received_at` integer NOT NULL
);
--> statement-breakpoint
ALTER TABLE `conversations` ADD `currency` text;