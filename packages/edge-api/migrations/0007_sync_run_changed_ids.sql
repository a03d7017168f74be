CREATE TABLE `sync_run_changed_ids` (
	`run_id` text NOT NULL,
	`entity` text NOT NULL,
	`ashby_id` text NOT NULL,
	PRIMARY KEY(`run_id`, `entity`, `ashby_id`)
);
--> statement-breakpoint
-- Runs in flight keep the ids they have written so far; ended runs have already sent their records.changed.
INSERT OR IGNORE INTO `sync_run_changed_ids` (`run_id`, `entity`, `ashby_id`)
  SELECT e.`run_id`, e.`entity`, j.value FROM `sync_run_entities` e, json_each(e.`changed_ids`) j
  WHERE e.`run_id` IN (SELECT `id` FROM `sync_runs` WHERE `status` IN ('queued', 'running'));--> statement-breakpoint
ALTER TABLE `sync_run_entities` DROP COLUMN `changed_ids`;