import { z } from "zod";
import { ErrorCodeSchema } from "../errors";
import { RecommendationOptionSchema, SubmittedBySchema } from "./feedback";
import { SyncEntityNameSchema, SyncModeSchema, SyncTriggerSchema } from "./sync-runs";
import type { HostEventTypeSchema } from "./webhooks";
import { WriteKindSchema } from "./writes";

/**
 * What each host webhook carries in `data`, one schema per event type. The edge API emits through these types and
 * a host backend parses a delivery with `HostEventSchema` (after verifying its Standard Webhooks signature).
 * Every event names the workspace (the host's own id for it) so a host can route it without another call.
 */

const syncEventBase = {
  workspaceId: z.string(),
  connectionId: z.string(),
  runId: z.string(),
};

export const SyncCompletedDataSchema = z
  .object({
    ...syncEventBase,
    trigger: SyncTriggerSchema.nullable(),
    mode: SyncModeSchema.nullable(),
    startedAt: z.iso.datetime().nullable(),
    finishedAt: z.iso.datetime().nullable(),
    entities: z.array(
      z.object({
        entity: SyncEntityNameSchema,
        recordsSeen: z.number().int().nonnegative(),
        recordsWritten: z.number().int().nonnegative(),
        recordsDeleted: z.number().int().nonnegative(),
      }),
    ),
  })
  .meta({ id: "SyncCompletedData" });

export const RecordsChangedDataSchema = z
  .object({
    ...syncEventBase,
    changes: z
      .partialRecord(
        SyncEntityNameSchema,
        z.object({
          upserted: z.array(z.string()),
          deleted: z.array(z.string()),
          truncated: z
            .boolean()
            .describe(
              "More records changed than the run kept ids for: read them with the entity's list endpoint and " +
                "updatedSince instead of relying on the ids.",
            ),
          total: z.number().int().nonnegative().describe("Records of this entity the run wrote."),
        }),
      )
      .describe(
        "Ids per entity. A large change is split over several records.changed events of the same run (at most " +
          "1,000 ids each), so an entity may appear in more than one of them.",
      ),
  })
  .meta({ id: "RecordsChangedData" });

export const SyncFailedDataSchema = z
  .object({
    ...syncEventBase,
    status: z.enum(["failed", "cancelled"]),
    error: z.object({ code: ErrorCodeSchema, message: z.string() }),
  })
  .meta({ id: "SyncFailedData" });

export const ConnectionNeedsReauthDataSchema = z
  .object({
    workspaceId: z.string(),
    connectionId: z.string(),
    code: ErrorCodeSchema,
    message: z.string(),
  })
  .meta({ id: "ConnectionNeedsReauthData" });

const feedbackEventBase = {
  workspaceId: z.string(),
  meetingId: z.string(),
  writeId: z.string(),
  interviewEventId: z.string(),
};

export const FeedbackSubmittedDataSchema = z
  .object({
    ...feedbackEventBase,
    ashbyFeedbackId: z.string(),
    applicationId: z.string(),
    submittedAt: z.iso.datetime(),
    submittedBy: SubmittedBySchema,
    overallRecommendation: RecommendationOptionSchema,
  })
  .meta({ id: "FeedbackSubmittedData" });

export const FeedbackFailedDataSchema = z
  .object({
    ...feedbackEventBase,
    code: ErrorCodeSchema,
    message: z.string(),
    retryable: z.boolean(),
  })
  .meta({ id: "FeedbackFailedData" });

export const FeedbackDeletedInAshbyDataSchema = z
  .object({
    ...feedbackEventBase,
    ashbyFeedbackId: z.string(),
    applicationId: z.string(),
    detectedAt: z.iso.datetime(),
  })
  .meta({ id: "FeedbackDeletedInAshbyData" });

export const WriteFailedDataSchema = z
  .object({
    workspaceId: z.string(),
    writeId: z.string(),
    kind: WriteKindSchema,
    pushId: z.string().nullable(),
    target: z.record(z.string(), z.unknown()),
    candidateId: z.string().optional(),
    code: ErrorCodeSchema,
    message: z.string(),
    retryable: z.boolean(),
    ashbyRequestId: z.string().nullable(),
  })
  .meta({ id: "WriteFailedData" });

/** `data` of each event type; adding a type to HOST_EVENT_TYPES without a schema here fails to compile. */
export const HOST_EVENT_DATA_SCHEMAS = {
  "sync.completed": SyncCompletedDataSchema,
  "sync.failed": SyncFailedDataSchema,
  "records.changed": RecordsChangedDataSchema,
  "connection.needs_reauth": ConnectionNeedsReauthDataSchema,
  "feedback.submitted": FeedbackSubmittedDataSchema,
  "feedback.failed": FeedbackFailedDataSchema,
  "feedback.deleted_in_ashby": FeedbackDeletedInAshbyDataSchema,
  "write.failed": WriteFailedDataSchema,
} as const satisfies Record<z.infer<typeof HostEventTypeSchema>, z.ZodType>;

export type HostEventDataMap = {
  [T in keyof typeof HOST_EVENT_DATA_SCHEMAS]: z.infer<(typeof HOST_EVENT_DATA_SCHEMAS)[T]>;
};
export type HostEventData<T extends keyof HostEventDataMap> = HostEventDataMap[T];

/** The body of a delivery of one event type (Standard Webhooks style: type, timestamp, data). */
export const hostEventBodySchema = <T extends keyof typeof HOST_EVENT_DATA_SCHEMAS>(type: T) =>
  z.object({ type: z.literal(type), timestamp: z.iso.datetime(), data: HOST_EVENT_DATA_SCHEMAS[type] });

/** The body of every host webhook delivery, whatever its type. */
export const HostEventSchema = z
  .discriminatedUnion("type", [
    hostEventBodySchema("sync.completed"),
    hostEventBodySchema("sync.failed"),
    hostEventBodySchema("records.changed"),
    hostEventBodySchema("connection.needs_reauth"),
    hostEventBodySchema("feedback.submitted"),
    hostEventBodySchema("feedback.failed"),
    hostEventBodySchema("feedback.deleted_in_ashby"),
    hostEventBodySchema("write.failed"),
  ])
  .meta({ id: "HostEvent" });
export type HostEvent = z.infer<typeof HostEventSchema>;
