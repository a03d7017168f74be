import { z } from "zod";
import { pageQueryFields } from "./page-query";
import { OutputKeySchema, TagTitleSchema } from "./push-settings";
import { WriteKindSchema, WriteStatusSchema } from "./writes";

/**
 * `POST /v1/pushes`: the host's AI outputs for a batch of candidates or applications. Each item becomes one
 * ledger entry per target write (a custom field, a tag, a note), written to Ashby by the `writeback` queue.
 */

/** Items per request. Each item costs up to a handful of Ashby calls, so a larger batch only queues longer. */
export const MAX_PUSH_ITEMS = 100;
export const MAX_PUSH_NOTE_LENGTH = 50_000;
export const MAX_PUSH_TEXT_LENGTH = 20_000;

const AshbyIdSchema = z
  .string()
  .min(1)
  .max(100)
  .regex(/^[A-Za-z0-9_-]+$/, "An Ashby id: letters, digits, - and _.");

/** A score, a label, a flag, a date (as an ISO string) or a list of labels (multi-select). */
export const PushOutputValueSchema = z
  .union([
    z.string().max(MAX_PUSH_TEXT_LENGTH),
    z.number().refine(Number.isFinite, "Must be a finite number."),
    z.boolean(),
    z.array(z.string().min(1).max(500)).max(100),
  ])
  .meta({ id: "PushOutputValue" });
export type PushOutputValue = z.infer<typeof PushOutputValueSchema>;

export const PushItemSchema = z
  .strictObject({
    candidateId: AshbyIdSchema.optional(),
    applicationId: AshbyIdSchema.optional().describe(
      "Needed for application custom fields. Candidate-level writes (tags, notes, candidate fields) then use the " +
        "application's candidate from synced data, unless candidateId is given too.",
    ),
    outputs: z
      .record(OutputKeySchema, PushOutputValueSchema)
      .refine((outputs) => Object.keys(outputs).length <= 50, "At most 50 outputs per item.")
      .default({}),
    note: z.string().trim().min(1).max(MAX_PUSH_NOTE_LENGTH).optional(),
    tags: z
      .array(TagTitleSchema)
      .max(20)
      .optional()
      .describe("Extra tags for this candidate, added once each."),
  })
  .refine((item) => item.candidateId !== undefined || item.applicationId !== undefined, {
    message: "Give candidateId or applicationId.",
  })
  .meta({ id: "PushItem" });
export type PushItem = z.infer<typeof PushItemSchema>;

export const CreatePushRequestSchema = z
  .strictObject({ items: z.array(PushItemSchema).min(1).max(MAX_PUSH_ITEMS) })
  .meta({ id: "CreatePushRequest" });
export type CreatePushRequest = z.infer<typeof CreatePushRequestSchema>;

/** Why part of an item was not turned into a write (it is reported, never silently dropped). */
export const PUSH_SKIP_REASONS = [
  "unmapped_output",
  "no_application",
  "tags_disabled",
  "notes_disabled",
] as const;
export const PushSkipReasonSchema = z.enum(PUSH_SKIP_REASONS).meta({ id: "PushSkipReason" });
export type PushSkipReason = z.infer<typeof PushSkipReasonSchema>;

export const PushItemSkipSchema = z.object({
  reason: PushSkipReasonSchema,
  outputKey: OutputKeySchema.optional(),
  message: z.string(),
});
export type PushItemSkip = z.infer<typeof PushItemSkipSchema>;

/** One refused output of one item, in `details.items` of an `invalid_request` answer. */
export const PushItemErrorSchema = z.object({
  index: z.number().int(),
  path: z.string(),
  message: z.string(),
});
export type PushItemError = z.infer<typeof PushItemErrorSchema>;

/**
 * One row of the write-back ledger as hosts see it (`GET /v1/writes`): what the kit sent to Ashby, when, with
 * what result and Ashby's request id. Every kind is listed, feedback included. (The ledger's own vocabulary,
 * kinds and statuses, is in writes.ts.)
 */
export const WriteSchema = z
  .object({
    id: z.string(),
    kind: WriteKindSchema,
    status: WriteStatusSchema,
    /** The Ashby object written to: ids (candidateId, applicationId, …) plus, for push writes, the field or tag. */
    target: z.record(z.string(), z.unknown()),
    /** The push (`psh_…`) or meeting the write came from. */
    sourceId: z.string().nullable(),
    actorEmail: z.string().nullable(),
    /** What was (or will be) written: the field value, the tag title, the note's first characters. */
    summary: z.string().nullable(),
    attempts: z.number().int(),
    ashbyRequestId: z.string().nullable(),
    result: z.record(z.string(), z.unknown()).nullable(),
    error: z.object({ code: z.string(), message: z.string(), retryable: z.boolean() }).nullable(),
    createdAt: z.iso.datetime(),
    updatedAt: z.iso.datetime(),
    completedAt: z.iso.datetime().nullable(),
  })
  .meta({ id: "Write" });
export type Write = z.infer<typeof WriteSchema>;

export const ListWritesQuerySchema = z.object({
  status: WriteStatusSchema.optional(),
  kind: WriteKindSchema.optional(),
  target: z
    .string()
    .min(1)
    .max(300)
    .optional()
    .describe("An Ashby id (candidate, application, interview event, field) or a push target key."),
  pushId: z.string().min(1).max(100).optional(),
  ...pageQueryFields({ maxLimit: 200 }),
});
export type ListWritesQuery = z.infer<typeof ListWritesQuerySchema>;

/** Newest first; `nextCursor` is null on the last page. */
export const WriteListSchema = z
  .object({ writes: z.array(WriteSchema), nextCursor: z.string().nullable() })
  .meta({ id: "WriteList" });
export type WriteList = z.infer<typeof WriteListSchema>;

export const PushItemResultSchema = z.object({
  index: z.number().int(),
  candidateId: z.string(),
  applicationId: z.string().nullable(),
  /** Ledger ids of the writes this item created (one per target whose content changed). */
  writeIds: z.array(z.string()),
  /** Targets whose content is already in Ashby (or already on its way): no write, no Ashby call. */
  unchanged: z.array(z.object({ kind: WriteKindSchema, target: z.string() })),
  skipped: z.array(PushItemSkipSchema),
});
export type PushItemResult = z.infer<typeof PushItemResultSchema>;

export const CreatePushResponseSchema = z
  .object({
    pushId: z.string(),
    /** `queued`: writes are on the writeback queue. `held`: the connection is paused; they go once it resumes. */
    status: z.enum(["queued", "held"]),
    writes: z.array(WriteSchema),
    items: z.array(PushItemResultSchema),
  })
  .meta({ id: "CreatePushResponse" });
export type CreatePushResponse = z.infer<typeof CreatePushResponseSchema>;
