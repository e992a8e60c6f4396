CREATE TABLE `conversations` (
	`id` text PRIMARY KEY NOT NULL,
	`host_id` integer NOT NULL,
	`subject` text NOT NULL,
	`opens_at` integer NOT NULL,
	`archived_at` integer,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`host_id`) REFERENCES `people`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `conversations_opens_at` ON `conversations` (`opens_at`);--> statement-breakpoint
CREATE TABLE `events` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`conversation_id` text NOT NULL,
	`kind` text NOT NULL,
	`sender_id` integer NOT NULL,
	`body` text,
	`client_id` text,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`conversation_id`) REFERENCES `conversations`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`sender_id`) REFERENCES `people`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `events_conversation` ON `events` (`conversation_id`,`id`);--> statement-breakpoint
CREATE UNIQUE INDEX `events_client_id` ON `events` (`conversation_id`,`sender_id`,`client_id`);--> statement-breakpoint
CREATE TABLE `members` (
	`conversation_id` text NOT NULL,
	`person_id` integer NOT NULL,
	`role` text NOT NULL,
	`position` integer NOT NULL,
	`fee_minor` integer DEFAULT 0 NOT NULL,
	PRIMARY KEY(`conversation_id`, `person_id`),
	FOREIGN KEY (`conversation_id`) REFERENCES `conversations`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`person_id`) REFERENCES `people`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "members_role" CHECK("members"."role" in ('host', 'participant')),
	CONSTRAINT "members_fee" CHECK("members"."fee_minor" >= 0)
);
--> statement-breakpoint
CREATE INDEX `members_person` ON `members` (`person_id`);--> statement-breakpoint
CREATE TABLE `read_marks` (
	`conversation_id` text NOT NULL,
	`person_id` integer NOT NULL,
	`last_read_event_id` integer NOT NULL,
	PRIMARY KEY(`conversation_id`, `person_id`),
	FOREIGN KEY (`conversation_id`) REFERENCES `conversations`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`person_id`) REFERENCES `people`(`id`) ON UPDATE no action ON DELETE no action
);
