import { z } from "zod";
import { ErrorCodeSchema } from "../errors";
import { pageQueryFields } from "./page-query";

export const SYNC_RUN_STATUSES = ["queued", "running", "succeeded", "failed", "cancelled"] as const;
export const SyncRunStatusSchema = z.enum(SYNC_RUN_STATUSES).meta({ id: "SyncRunStatus" });
export type SyncRunStatus = z.infer<typeof SyncRunStatusSchema>;

export const SyncTriggerSchema = z.enum(["initial", "scheduled", "manual"]).meta({ id: "SyncTrigger" });
export type SyncTrigger = z.infer<typeof SyncTriggerSchema>;

/**
 * `incremental` uses the stored sync tokens (only what changed); `full` re-lists everything and marks records
 * absent from the complete pass as deleted (reconciliation).
 */
export const SyncModeSchema = z.enum(["incremental", "full"]).meta({ id: "SyncMode" });
export type SyncMode = z.infer<typeof SyncModeSchema>;

export const SYNC_ENTITY_NAMES = [
  "users",
  "departments",
  "locations",
  "jobs",
  "interview_stages",
  "candidates",
  "applications",
  "application_history",
  "candidate_tags",
  "custom_fields",
  "notes",
  "attachments",
  "interview_schedules",
  "interview_events",
  "feedback_forms",
] as const;
export const SyncEntityNameSchema = z.enum(SYNC_ENTITY_NAMES).meta({ id: "SyncEntityName" });
export type SyncEntityName = z.infer<typeof SyncEntityNameSchema>;
export const isSyncEntityName = (name: string): name is SyncEntityName =>
  (SYNC_ENTITY_NAMES as readonly string[]).includes(name);

export const SyncRunEntityProgressSchema = z
  .object({
    entity: SyncEntityNameSchema,
    mode: SyncModeSchema,
    status: z.enum(["pending", "running", "done"]),
    /** Pages of a list endpoint, or parents visited for per-parent entities (notes per candidate…). */
    pagesDone: z.number().int().nonnegative(),
    recordsSeen: z.number().int().nonnegative(),
    recordsWritten: z.number().int().nonnegative(),
    recordsDeleted: z.number().int().nonnegative(),
    ashbyCalls: z.number().int().nonnegative(),
    /** 0..1 where the total is known (done entities, per-parent entities); null while a list's size is unknown. */
    progress: z.number().min(0).max(1).nullable(),
  })
  .meta({ id: "SyncRunEntityProgress" });
export type SyncRunEntityProgress = z.infer<typeof SyncRunEntityProgressSchema>;

export const SyncRunSchema = z
  .object({
    id: z.string(),
    status: SyncRunStatusSchema,
    trigger: SyncTriggerSchema,
    mode: SyncModeSchema,
    createdAt: z.iso.datetime(),
    startedAt: z.iso.datetime().nullable(),
    finishedAt: z.iso.datetime().nullable(),
    entities: z.array(SyncRunEntityProgressSchema),
    error: z.object({ code: ErrorCodeSchema, message: z.string() }).nullable(),
    /** When the cron will start the next scheduled run (null when the connection is not active). */
    nextScheduledAt: z.iso.datetime().nullable(),
  })
  .meta({ id: "SyncRun" });
export type SyncRun = z.infer<typeof SyncRunSchema>;

export const StartSyncRunRequestSchema = z
  .strictObject({
    /** `full` forces a reconciliation pass (finds deletions); default `incremental`. */
    mode: SyncModeSchema.optional(),
  })
  .meta({ id: "StartSyncRunRequest" });
export type StartSyncRunRequest = z.infer<typeof StartSyncRunRequestSchema>;

/** `created: false` means a run was already in flight and this is that run. */
export const StartSyncRunResponseSchema = z
  .object({ run: SyncRunSchema, created: z.boolean() })
  .meta({ id: "StartSyncRunResponse" });
export type StartSyncRunResponse = z.infer<typeof StartSyncRunResponseSchema>;

export const ListSyncRunsQuerySchema = z.object({
  ...pageQueryFields(),
});
export type ListSyncRunsQuery = z.infer<typeof ListSyncRunsQuerySchema>;

/** Newest first. */
export const SyncRunListSchema = z
  .object({ runs: z.array(SyncRunSchema), nextCursor: z.string().nullable() })
  .meta({ id: "SyncRunList" });
export type SyncRunList = z.infer<typeof SyncRunListSchema>;

/** `GET /v1/sync-runs/latest` when the workspace has never synced. */
export const LatestSyncRunSchema = z
  .object({ run: SyncRunSchema.nullable(), nextScheduledAt: z.iso.datetime().nullable() })
  .meta({ id: "LatestSyncRun" });
export type LatestSyncRun = z.infer<typeof LatestSyncRunSchema>;

/**
 * A unit of sync work. The task row in D1 holds the state (cursor lives in the checkpoint), so a message only
 * names the task and a redelivered one is recognised. `lane: "pages"` marks the next pages of a list chain: they
 * travel on their own queue so a chain never waits behind the bulk of per-parent work (absent: the `sync` queue).
 */
export const SyncTaskMessageSchema = z.object({
  kind: z.literal("sync"),
  version: z.literal(1),
  taskId: z.string().min(1),
  runId: z.string().min(1),
  connectionId: z.string().min(1),
  lane: z.literal("pages").optional(),
});
export type SyncTaskMessage = z.infer<typeof SyncTaskMessageSchema>;
