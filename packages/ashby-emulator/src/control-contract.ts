import { z } from "zod";
import { PermissionSchema } from "./permissions.ts";

/**
 * The control API (`/_emulator/*`): how tests shape the emulator between Ashby calls.
 * Every body is a zod schema here; the server validates with them and the typed client
 * (control-client.ts) infers its types from them, so the two cannot drift.
 */

export const OrgOptionsSchema = z.object({
  seed: z.number().int().optional(),
  candidates: z.number().int().min(0).max(1_000_000).optional(),
  /** Shown in apiKey.info-adjacent places and used for user e-mails (`first.last@<domain>`). */
  name: z.string().min(1).optional(),
  domain: z.string().min(1).optional(),
});
export type OrgOptions = z.infer<typeof OrgOptionsSchema>;

export const CreatedOrgSchema = z.object({ orgId: z.string(), apiKey: z.string() });
export type CreatedOrg = z.infer<typeof CreatedOrgSchema>;

export const CreateApiKeyRequestSchema = z.object({
  /** Defaults to every permission. */
  permissions: z.array(PermissionSchema).optional(),
  title: z.string().min(1).optional(),
});
export type CreateApiKeyRequest = z.infer<typeof CreateApiKeyRequestSchema>;

export const ApiKeySummarySchema = z.object({
  apiKey: z.string(),
  orgId: z.string(),
  title: z.string(),
  permissions: z.array(PermissionSchema),
  revoked: z.boolean(),
  createdAt: z.string(),
});
export type ApiKeySummary = z.infer<typeof ApiKeySummarySchema>;

export const RevokeApiKeyRequestSchema = z.object({ apiKey: z.string().min(1) });

/** Faults apply to every request of one API key, or of every key of one org. */
export const FaultScopeSchema = z.union([
  z.object({ apiKey: z.string().min(1) }).strict(),
  z.object({ orgId: z.string().min(1) }).strict(),
]);
export type FaultScope = z.infer<typeof FaultScopeSchema>;

export const FailNextSchema = z.object({
  /** Ashby method, e.g. `candidate.list`; `*` matches every method. */
  method: z.string().min(1),
  /** How many of the next matching calls fail. */
  count: z.number().int().min(1),
  /** Ashby error code, e.g. `sync_token_expired`, `rate_limit_exceeded`, `internal_server_error`. */
  code: z.string().min(1),
  /** HTTP status; defaults to 429 for rate-limit codes, 500 for `internal_server_error`, else 200 (`success:false`). */
  httpStatus: z.number().int().min(200).max(599).optional(),
  message: z.string().optional(),
  retryAfterSeconds: z.number().int().min(0).optional(),
});
export type FailNext = z.infer<typeof FailNextSchema>;

export const FaultsSchema = z.object({
  /** More than `requestsPerSecond` requests in any rolling second → 429 `rate_limit_exceeded`. */
  rateLimit: z
    .object({
      requestsPerSecond: z.number().int().min(0),
      /** When set, the 429 carries `Retry-After: <seconds>`; Ashby does not document the header, so it is opt-in. */
      retryAfterSeconds: z.number().int().min(0).optional(),
    })
    .optional(),
  /** Added to the time every answer takes (counted from the request's arrival). */
  latencyMs: z.number().int().min(0).optional(),
  /** Fraction (0–1) of requests answered with a 5xx; drawn from a PRNG seeded with `seed` (default 1). */
  serverErrors: z
    .object({
      rate: z.number().min(0).max(1),
      status: z.number().int().min(500).max(599).optional(),
      seed: z.number().int().optional(),
    })
    .optional(),
  /** Never answer until the caller aborts (`afterMs` absent), or answer normally after `afterMs`. */
  hang: z.object({ afterMs: z.number().int().min(0).optional() }).optional(),
  failNext: z.array(FailNextSchema).optional(),
});
export type Faults = z.infer<typeof FaultsSchema>;

export const SetFaultsRequestSchema = z.object({ scope: FaultScopeSchema, faults: FaultsSchema });
export type SetFaultsRequest = z.infer<typeof SetFaultsRequestSchema>;

export const ClearFaultsRequestSchema = z.object({ scope: FaultScopeSchema.optional() });

const ContactInputSchema = z.object({
  name: z.string().min(1).optional(),
  email: z.string().min(3).optional(),
  phoneNumber: z.string().min(1).optional(),
  position: z.string().optional(),
  company: z.string().optional(),
});

/** Changes a test makes "in Ashby's UI" between two syncs. Each bumps the org's change sequence. */
export const MutationSchema = z.discriminatedUnion("type", [
  z.object({
    type: z.literal("candidate.create"),
    ...ContactInputSchema.shape,
    jobId: z.string().optional(),
  }),
  z.object({ type: z.literal("candidate.update"), candidateId: z.string(), ...ContactInputSchema.shape }),
  z.object({ type: z.literal("candidate.delete"), candidateId: z.string() }),
  z.object({
    type: z.literal("application.changeStage"),
    applicationId: z.string(),
    interviewStageId: z.string(),
    archiveReasonId: z.string().optional(),
  }),
  z.object({ type: z.literal("application.delete"), applicationId: z.string() }),
  z.object({
    type: z.literal("job.setStatus"),
    jobId: z.string(),
    status: z.enum(["Draft", "Open", "Closed", "Archived"]),
  }),
  z.object({ type: z.literal("job.archive"), jobId: z.string() }),
  z.object({ type: z.literal("job.delete"), jobId: z.string() }),
  z.object({
    type: z.literal("note.add"),
    candidateId: z.string(),
    content: z.string().min(1),
    userId: z.string().optional(),
  }),
  z.object({ type: z.literal("user.deactivate"), userId: z.string() }),
  z.object({
    type: z.literal("interviewEvent.reschedule"),
    interviewEventId: z.string(),
    startTime: z.string(),
    endTime: z.string(),
  }),
]);
export type Mutation = z.infer<typeof MutationSchema>;

export const MutationResultSchema = z.object({ changeSeq: z.number().int(), record: z.unknown().optional() });
export type MutationResult = z.infer<typeof MutationResultSchema>;

/**
 * Many mutations in one control call, applied in order. A benchmark changes thousands of records between two runs,
 * and one HTTP exchange per change is thousands of fetches' garbage in the caller's isolate, collected later in the
 * middle of the run it measures.
 */
export const MutationBatchSchema = z.object({ mutations: z.array(MutationSchema).min(1).max(10_000) });
export type MutationBatch = z.infer<typeof MutationBatchSchema>;
export const MutationBatchResultSchema = z.object({
  changeSeq: z.number().int(),
  results: z.array(MutationResultSchema),
});
export type MutationBatchResult = z.infer<typeof MutationBatchResultSchema>;

export const WRITE_KINDS = [
  "note",
  "tagAdded",
  "tagRemoved",
  "tagCreated",
  "customFieldValue",
  "feedback",
  "webhookCreated",
  "webhookDeleted",
] as const;
export const WriteKindSchema = z.enum(WRITE_KINDS);
export type WriteKind = z.infer<typeof WriteKindSchema>;

/** One thing an API client wrote into the org, as the emulator recorded it. */
export const WriteRecordSchema = z.object({
  kind: WriteKindSchema,
  method: z.string(),
  apiKey: z.string(),
  at: z.string(),
  requestId: z.string(),
  body: z.unknown(),
  result: z.unknown(),
});
export type WriteRecord = z.infer<typeof WriteRecordSchema>;

export const RequestCountsSchema = z.object({
  total: z.number().int(),
  byMethod: z.record(z.string(), z.number().int()),
  byApiKey: z.record(z.string(), z.number().int()),
  /** `<apiKey> <method>` → count. */
  byApiKeyAndMethod: z.record(z.string(), z.number().int()),
});
export type RequestCounts = z.infer<typeof RequestCountsSchema>;

export const OrgSummarySchema = z.object({
  orgId: z.string(),
  name: z.string(),
  domain: z.string(),
  seed: z.number().int(),
  changeSeq: z.number().int(),
  counts: z.record(z.string(), z.number().int()),
});
export type OrgSummary = z.infer<typeof OrgSummarySchema>;

export const ControlErrorSchema = z.object({ error: z.object({ code: z.string(), message: z.string() }) });
