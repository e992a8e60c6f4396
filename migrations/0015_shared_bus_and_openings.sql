CREATE TABLE `openings_announced` (
	`conversation_id` text PRIMARY KEY NOT NULL,
	`announced_at` integer NOT NULL,
	FOREIGN KEY (`conversation_id`) REFERENCES `conversations`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
ALTER TABLE `server_processes` ADD `bus` text DEFAULT 'memory' NOT NULL;