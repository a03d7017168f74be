CREATE TABLE `synced_records` (
	`connection_id` text NOT NULL,
	`entity` text NOT NULL,
	`ashby_id` text NOT NULL,
	`parent_id` text,
	`data` text NOT NULL,
	`content_hash` text NOT NULL,
	`source_updated_at` text,
	`changed_at` integer NOT NULL,
	`deleted_at` integer,
	`run_id` text,
	PRIMARY KEY(`connection_id`, `entity`, `ashby_id`)
);
--> statement-breakpoint
CREATE INDEX `synced_records_changed_idx` ON `synced_records` (`connection_id`,`entity`,`changed_at`,`ashby_id`);--> statement-breakpoint
CREATE INDEX `synced_records_parent_idx` ON `synced_records` (`connection_id`,`entity`,`parent_id`) WHERE "synced_records"."parent_id" IS NOT NULL;--> statement-breakpoint
CREATE TABLE `ashby_call_budgets` (
	`connection_id` text PRIMARY KEY NOT NULL,
	`tokens` real NOT NULL,
	`updated_at` integer NOT NULL,
	`blocked_until` integer DEFAULT 0 NOT NULL
);
--> statement-breakpoint
CREATE TABLE `sync_checkpoints` (
	`connection_id` text NOT NULL,
	`entity` text NOT NULL,
	`sync_token` text,
	`cursor` text,
	`pass_run_id` text,
	`pass_mode` text,
	`next_seq` integer DEFAULT 0 NOT NULL,
	`last_full_pass_at` integer,
	`updated_at` integer NOT NULL,
	PRIMARY KEY(`connection_id`, `entity`)
);
--> statement-breakpoint
CREATE TABLE `sync_run_entities` (
	`run_id` text NOT NULL,
	`entity` text NOT NULL,
	`mode` text NOT NULL,
	`status` text NOT NULL,
	`pages_done` integer DEFAULT 0 NOT NULL,
	`records_seen` integer DEFAULT 0 NOT NULL,
	`records_written` integer DEFAULT 0 NOT NULL,
	`records_deleted` integer DEFAULT 0 NOT NULL,
	`total_known` integer,
	`ashby_calls` integer DEFAULT 0 NOT NULL,
	`changed_ids` text DEFAULT '[]' NOT NULL,
	PRIMARY KEY(`run_id`, `entity`)
);
--> statement-breakpoint
CREATE TABLE `sync_runs` (
	`id` text PRIMARY KEY NOT NULL,
	`connection_id` text NOT NULL,
	`trigger` text NOT NULL,
	`mode` text NOT NULL,
	`status` text NOT NULL,
	`created_at` integer NOT NULL,
	`started_at` integer,
	`finished_at` integer,
	`heartbeat_at` integer NOT NULL,
	`error_code` text,
	`error_message` text
);
--> statement-breakpoint
CREATE UNIQUE INDEX `sync_runs_one_in_flight` ON `sync_runs` (`connection_id`) WHERE "sync_runs"."status" IN ('queued', 'running');--> statement-breakpoint
CREATE INDEX `sync_runs_connection_idx` ON `sync_runs` (`connection_id`,`created_at`);--> statement-breakpoint
CREATE TABLE `sync_seen_pages` (
	`run_id` text NOT NULL,
	`entity` text NOT NULL,
	`seq` integer NOT NULL,
	`ids` text NOT NULL,
	PRIMARY KEY(`run_id`, `entity`, `seq`)
);
--> statement-breakpoint
CREATE TABLE `sync_tasks` (
	`id` text PRIMARY KEY NOT NULL,
	`run_id` text NOT NULL,
	`connection_id` text NOT NULL,
	`entity` text NOT NULL,
	`kind` text NOT NULL,
	`seq` integer NOT NULL,
	`payload` text,
	`status` text NOT NULL,
	`attempts` integer DEFAULT 0 NOT NULL,
	`last_error_code` text,
	`last_error_message` text,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX `sync_tasks_run_status_idx` ON `sync_tasks` (`run_id`,`status`);