import { z } from "zod";
import { OutputKeySchema, TagTitleSchema } from "./push-settings";

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
