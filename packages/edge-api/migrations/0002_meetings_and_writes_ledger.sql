CREATE TABLE `meetings` (
	`workspace_id` text NOT NULL,
	`meeting_id` text NOT NULL,
	`title` text,
	`start_time` text NOT NULL,
	`end_time` text NOT NULL,
	`start_ms` integer NOT NULL,
	`end_ms` integer NOT NULL,
	`recorder_email` text NOT NULL,
	`attendee_emails` text NOT NULL,
	`recording_url` text,
	`summary` text NOT NULL,
	`match_status` text NOT NULL,
	`match_source` text NOT NULL,
	`matched_event_id` text,
	`match_reason_code` text NOT NULL,
	`match_reason` text NOT NULL,
	`match_alternatives` text NOT NULL,
	`matched_at` integer NOT NULL,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	PRIMARY KEY(`workspace_id`, `meeting_id`)
);
--> statement-breakpoint
CREATE INDEX `meetings_event_idx` ON `meetings` (`workspace_id`,`matched_event_id`);--> statement-breakpoint
CREATE TABLE `writes` (
	`id` text PRIMARY KEY NOT NULL,
	`workspace_id` text NOT NULL,
	`connection_id` text NOT NULL,
	`kind` text NOT NULL,
	`status` text NOT NULL,
	`target` text NOT NULL,
	`target_key` text,
	`source_id` text,
	`actor_email` text,
	`idempotency_key` text NOT NULL,
	`request_hash` text NOT NULL,
	`payload` text NOT NULL,
	`remote_id` text,
	`ashby_request_id` text,
	`result` text,
	`error_code` text,
	`error_message` text,
	`error_retryable` integer,
	`attempts` integer DEFAULT 0 NOT NULL,
	`lease_until` integer,
	`next_attempt_at` integer,
	`verified_at` integer,
	`gone_at` integer,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	`completed_at` integer
);
--> statement-breakpoint
CREATE UNIQUE INDEX `writes_idempotency_idx` ON `writes` (`workspace_id`,`idempotency_key`);--> statement-breakpoint
CREATE UNIQUE INDEX `writes_live_target_idx` ON `writes` (`connection_id`,`kind`,`target_key`) WHERE "writes"."target_key" IS NOT NULL AND "writes"."status" NOT IN ('failed', 'cancelled') AND "writes"."gone_at" IS NULL;--> statement-breakpoint
CREATE INDEX `writes_source_idx` ON `writes` (`workspace_id`,`kind`,`source_id`);--> statement-breakpoint
CREATE INDEX `writes_due_idx` ON `writes` (`status`,`next_attempt_at`);