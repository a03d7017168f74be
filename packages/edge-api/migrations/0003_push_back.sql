CREATE TABLE `push_settings` (
	`workspace_id` text PRIMARY KEY NOT NULL,
	`settings` text NOT NULL,
	`updated_at` integer NOT NULL,
	`updated_by_type` text NOT NULL,
	`updated_by_email` text
);
--> statement-breakpoint
CREATE TABLE `push_tags` (
	`connection_id` text NOT NULL,
	`title_key` text NOT NULL,
	`tag_id` text NOT NULL,
	`title` text NOT NULL,
	`origin` text NOT NULL,
	`created_at` integer NOT NULL,
	PRIMARY KEY(`connection_id`, `title_key`)
);
--> statement-breakpoint
CREATE TABLE `push_targets` (
	`connection_id` text NOT NULL,
	`target_key` text NOT NULL,
	`desired_write_id` text,
	`desired_content_key` text,
	`written_content_key` text,
	`written_tag_id` text,
	`written_tag_title` text,
	`written_write_id` text,
	`written_at` integer,
	`updated_at` integer NOT NULL,
	PRIMARY KEY(`connection_id`, `target_key`)
);
