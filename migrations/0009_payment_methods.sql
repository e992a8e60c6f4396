CREATE TABLE `payment_methods` (
	`person_id` integer PRIMARY KEY NOT NULL,
	`stripe_customer_id` text NOT NULL,
	`stripe_payment_method_id` text,
	`brand` text,
	`last4` text,
	`exp_month` integer,
	`exp_year` integer,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`person_id`) REFERENCES `people`(`id`) ON UPDATE no action ON DELETE no action
);
