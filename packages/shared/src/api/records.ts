import { z } from "zod";
import { pageQueryFields } from "./page-query";

/** Entities the read API serves, by path segment. */
export const RECORD_COLLECTIONS = {
  candidates: "candidates",
  applications: "applications",
  jobs: "jobs",
  users: "users",
  "interview-events": "interview_events",
} as const;

const IdListSchema = z
  .string()
  .max(4000)
  .regex(/^[A-Za-z0-9_:.-]+(,[A-Za-z0-9_:.-]+)*$/, "comma-separated ids")
  .refine((value) => value.split(",").length <= 100, "at most 100 ids")
  .transform((value) => value.split(","));

export const ListRecordsQuerySchema = z.object({
  /** Only records whose copy changed (created, updated or deleted) at or after this instant. */
  updatedSince: z.iso.datetime({ offset: true }).optional(),
  /** Comma-separated Ashby ids (at most 100). */
  ids: IdListSchema.optional(),
  /** Include records Ashby no longer has (soft-deleted by a reconciliation pass); default false. */
  includeDeleted: z.enum(["true", "false"]).optional(),
  ...pageQueryFields({ maxLimit: 200, maxCursorLength: 300 }),
});
export type ListRecordsQuery = z.infer<typeof ListRecordsQuerySchema>;

/**
 * One synced record: Ashby's payload as last received (`data`, Ashby's field names), plus when our copy last
 * changed. Ordered by `updatedAt` then id, so polling with `updatedSince` + `cursor` never misses a change.
 */
export const SyncedRecordSchema = z
  .object({
    id: z.string(),
    updatedAt: z.iso.datetime(),
    deletedAt: z.iso.datetime().nullable(),
    sourceUpdatedAt: z.string().nullable(),
    data: z.record(z.string(), z.unknown()),
  })
  .meta({ id: "SyncedRecord" });
export type SyncedRecord = z.infer<typeof SyncedRecordSchema>;

export const SyncedRecordListSchema = z
  .object({ data: z.array(SyncedRecordSchema), nextCursor: z.string().nullable() })
  .meta({ id: "SyncedRecordList" });
export type SyncedRecordList = z.infer<typeof SyncedRecordListSchema>;

export const CandidateDetailSchema = z
  .object({
    candidate: SyncedRecordSchema,
    applications: z.array(SyncedRecordSchema),
    /** Stage visits of those applications (Ashby's applicationHistory; `data.applicationId` names the application). */
    stageHistory: z.array(SyncedRecordSchema),
    notes: z.array(SyncedRecordSchema),
    attachments: z
      .array(SyncedRecordSchema)
      .describe(
        "File handles (name, handle, isResume); GET /v1/attachments/{id}/url gives a link to the file.",
      ),
    tags: z.array(z.unknown()),
    customFields: z.array(z.unknown()),
  })
  .meta({ id: "CandidateDetail" });
export type CandidateDetail = z.infer<typeof CandidateDetailSchema>;

export const RecordIdParamSchema = z.object({
  id: z
    .string()
    .min(1)
    .max(200)
    .regex(/^[A-Za-z0-9_:.-]+$/),
});

/**
 * A link to an attachment's file, asked of Ashby (file.info) when a user wants the file: Ashby hands out
 * pre-signed, short-lived URLs, so a link is never synced or stored, and the browser never needs the Ashby key.
 */
export const AttachmentUrlSchema = z
  .object({
    attachmentId: z.string(),
    candidateId: z.string().nullable(),
    /** The file's name as Ashby gives it, e.g. `resume.pdf`. */
    name: z.string().nullable(),
    isResume: z.boolean(),
    // A browser opens it, so only a web link will do (never `javascript:` or `data:`).
    url: z
      .url({ protocol: /^https?$/ })
      .describe("Pre-signed and short-lived: open or download it now, ask again next time."),
    fetchedAt: z.iso.datetime(),
  })
  .meta({ id: "AttachmentUrl" });
export type AttachmentUrl = z.infer<typeof AttachmentUrlSchema>;
