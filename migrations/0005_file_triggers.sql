-- No file can be deleted or changed, by anyone, through any route.
CREATE TRIGGER `files_no_update` BEFORE UPDATE ON `files`
BEGIN SELECT RAISE(ABORT, 'files cannot be changed or deleted'); END;
--> statement-breakpoint
CREATE TRIGGER `files_no_delete` BEFORE DELETE ON `files`
BEGIN SELECT RAISE(ABORT, 'files cannot be changed or deleted'); END;
--> statement-breakpoint
-- A file's recipients are fixed once its event is written (in the same transaction).
CREATE TRIGGER `file_recipients_sealed_on_insert` BEFORE INSERT ON `file_recipients`
WHEN EXISTS (SELECT 1 FROM `events` WHERE `file_id` = NEW.`file_id`)
BEGIN SELECT RAISE(ABORT, 'the recipients of a file cannot change'); END;
--> statement-breakpoint
CREATE TRIGGER `file_recipients_no_update` BEFORE UPDATE ON `file_recipients`
BEGIN SELECT RAISE(ABORT, 'the recipients of a file cannot change'); END;
--> statement-breakpoint
CREATE TRIGGER `file_recipients_no_delete` BEFORE DELETE ON `file_recipients`
BEGIN SELECT RAISE(ABORT, 'the recipients of a file cannot change'); END;
--> statement-breakpoint
CREATE TRIGGER `file_downloads_no_update` BEFORE UPDATE ON `file_downloads`
BEGIN SELECT RAISE(ABORT, 'file_downloads is append-only'); END;
--> statement-breakpoint
CREATE TRIGGER `file_downloads_no_delete` BEFORE DELETE ON `file_downloads`
BEGIN SELECT RAISE(ABORT, 'file_downloads is append-only'); END;
--> statement-breakpoint
CREATE INDEX `events_file` ON `events` (`file_id`);
