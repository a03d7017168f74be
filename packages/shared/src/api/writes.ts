import { z } from "zod";

/**
 * The write-back ledger: every write the kit makes into Ashby (feedback, custom field values, tags, notes) is
 * one row with one status vocabulary, so exactly-once, retries and the UI states work the same for all kinds.
 */

export const WRITE_KINDS = ["feedback", "custom_field", "tag", "note"] as const;
export const WriteKindSchema = z.enum(WRITE_KINDS).meta({ id: "WriteKind" });
export type WriteKind = z.infer<typeof WriteKindSchema>;

/**
 * queued: waiting for the consumer (or for its retry delay). held: waiting for the connection to be resumed or
 * re-authorised. sending: a consumer claimed it and may have called Ashby. succeeded / failed: final.
 * cancelled: final, nothing was written because writing would have been wrong (e.g. a person already did it).
 */
export const WRITE_STATUSES = ["queued", "held", "sending", "succeeded", "failed", "cancelled"] as const;
export const WriteStatusSchema = z.enum(WRITE_STATUSES).meta({ id: "WriteStatus" });
export type WriteStatus = z.infer<typeof WriteStatusSchema>;

export const TERMINAL_WRITE_STATUSES: readonly WriteStatus[] = ["succeeded", "failed", "cancelled"];

/** The message on the `writeback` queue: only the ledger id; the row holds everything else. */
export const WritebackMessageSchema = z
  .object({ kind: z.literal("writeback"), version: z.literal(1), writeId: z.string().min(1) })
  .meta({ id: "WritebackMessage" });
export type WritebackMessage = z.infer<typeof WritebackMessageSchema>;
