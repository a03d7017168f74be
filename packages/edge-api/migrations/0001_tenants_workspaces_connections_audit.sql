CREATE TABLE `audit_events` (
	`id` text PRIMARY KEY NOT NULL,
	`tenant_id` text NOT NULL,
	`workspace_id` text NOT NULL,
	`connection_id` text,
	`type` text NOT NULL,
	`actor_type` text NOT NULL,
	`actor_email` text,
	`actor_role` text,
	`details` text NOT NULL,
	`occurred_at` integer NOT NULL,
	FOREIGN KEY (`workspace_id`) REFERENCES `workspaces`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `audit_events_workspace_idx` ON `audit_events` (`workspace_id`,`id`);--> statement-breakpoint
CREATE TABLE `connections` (
	`id` text PRIMARY KEY NOT NULL,
	`tenant_id` text NOT NULL,
	`workspace_id` text NOT NULL,
	`status` text NOT NULL,
	`sync_interval` text NOT NULL,
	`api_key_ciphertext` text,
	`api_key_encryption_key_id` text,
	`api_key_title` text,
	`granted_scopes` text NOT NULL,
	`missing_permissions` text NOT NULL,
	`permissions_verified` integer DEFAULT true NOT NULL,
	`admin_email` text,
	`connected_by_type` text,
	`connected_by_email` text,
	`connected_at` integer,
	`paused_at` integer,
	`disconnected_at` integer,
	`needs_reauth_at` integer,
	`needs_reauth_code` text,
	`needs_reauth_message` text,
	`last_sync_at` integer,
	`next_sync_at` integer,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`workspace_id`) REFERENCES `workspaces`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `connections_workspace_id_unique` ON `connections` (`workspace_id`);--> statement-breakpoint
CREATE INDEX `connections_tenant_idx` ON `connections` (`tenant_id`);--> statement-breakpoint
CREATE INDEX `connections_due_idx` ON `connections` (`status`,`next_sync_at`);--> statement-breakpoint
CREATE TABLE `tenant_origins` (
	`tenant_id` text NOT NULL,
	`origin` text NOT NULL,
	`created_at` integer DEFAULT (unixepoch() * 1000) NOT NULL,
	PRIMARY KEY(`tenant_id`, `origin`),
	FOREIGN KEY (`tenant_id`) REFERENCES `tenants`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `tenant_origins_origin_idx` ON `tenant_origins` (`origin`);--> statement-breakpoint
CREATE TABLE `tenant_secret_keys` (
	`id` text PRIMARY KEY NOT NULL,
	`tenant_id` text NOT NULL,
	`key_hash` text NOT NULL,
	`prefix` text NOT NULL,
	`created_at` integer NOT NULL,
	`revoked_at` integer,
	FOREIGN KEY (`tenant_id`) REFERENCES `tenants`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `tenant_secret_keys_key_hash_unique` ON `tenant_secret_keys` (`key_hash`);--> statement-breakpoint
CREATE INDEX `tenant_secret_keys_tenant_idx` ON `tenant_secret_keys` (`tenant_id`);--> statement-breakpoint
CREATE TABLE `tenants` (
	`id` text PRIMARY KEY NOT NULL,
	`name` text NOT NULL,
	`created_at` integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE `workspaces` (
	`id` text PRIMARY KEY NOT NULL,
	`tenant_id` text NOT NULL,
	`external_id` text NOT NULL,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`tenant_id`) REFERENCES `tenants`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `workspaces_tenant_external_idx` ON `workspaces` (`tenant_id`,`external_id`);