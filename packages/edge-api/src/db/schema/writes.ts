import { sql } from "drizzle-orm";
import { index, integer, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";

/**
 * The write-back ledger: one row per write the kit makes into Ashby, for every kind (feedback, custom field,
 * tag, note). Ashby has no idempotency keys and Queues deliver at least once, so this row is what makes a write
 * happen exactly once: it is created once per idempotency key, claimed with a lease before Ashby is called, and
 * a claim that finds an earlier attempt checks Ashby before posting again.
 */
export const writes = sqliteTable(
  "writes",
  {
    id: text("id").primaryKey(),
    workspaceId: text("workspace_id").notNull(),
    connectionId: text("connection_id").notNull(),
    kind: text("kind", { enum: ["feedback", "custom_field", "tag", "note"] }).notNull(),
    status: text("status", {
      enum: ["queued", "held", "sending", "succeeded", "failed", "cancelled"],
    }).notNull(),
    /** The Ashby object written to, as JSON (feedback: applicationId, interviewEventId, userId, formDefinitionId). */
    target: text("target", { mode: "json" }).$type<Record<string, unknown>>().notNull(),
    /**
     * At most one live write per target key (feedback: `<interviewEventId>:<interviewer userId>`): a second click
     * with a fresh idempotency key finds the first write instead of creating another. Null for kinds that may
     * legitimately write the same target again.
     */
    targetKey: text("target_key"),
    /** Our object the write comes from (feedback: the meeting id) and the person who asked for it. */
    sourceId: text("source_id"),
    actorEmail: text("actor_email"),
    idempotencyKey: text("idempotency_key").notNull(),
    /** SHA-256 of the canonical request body: the same key with another body is a 409. */
    requestHash: text("request_hash").notNull(),
    /** What the consumer sends, fixed when the user clicked (feedback: the applicationFeedback.submit body + display data). */
    payload: text("payload", { mode: "json" }).$type<Record<string, unknown>>().notNull(),
    /** Ashby's id of what was written (feedback: the submitted form instance id). */
    remoteId: text("remote_id"),
    ashbyRequestId: text("ashby_request_id"),
    /** JSON: what Ashby answered that the UI shows (e.g. submittedAt, adopted: true). */
    result: text("result", { mode: "json" }).$type<Record<string, unknown>>(),
    errorCode: text("error_code"),
    errorMessage: text("error_message"),
    errorRetryable: integer("error_retryable", { mode: "boolean" }),
    attempts: integer("attempts").notNull().default(0),
    /** While `sending`: until when the claiming consumer owns the row (ms). A later claim waits for it to lapse. */
    leaseUntil: integer("lease_until"),
    nextAttemptAt: integer("next_attempt_at"),
    /** When the written object was last seen in Ashby, and when it was found gone (deleted in Ashby's UI). */
    verifiedAt: integer("verified_at"),
    goneAt: integer("gone_at"),
    createdAt: integer("created_at").notNull(),
    updatedAt: integer("updated_at").notNull(),
    completedAt: integer("completed_at"),
  },
  (t) => [
    uniqueIndex("writes_idempotency_idx").on(t.workspaceId, t.idempotencyKey),
    uniqueIndex("writes_live_target_idx")
      .on(t.connectionId, t.kind, t.targetKey)
      .where(
        sql`${t.targetKey} IS NOT NULL AND ${t.status} NOT IN ('failed', 'cancelled') AND ${t.goneAt} IS NULL`,
      ),
    index("writes_source_idx").on(t.workspaceId, t.kind, t.sourceId),
    index("writes_due_idx").on(t.status, t.nextAttemptAt),
  ],
);

export type WriteRow = typeof writes.$inferSelect;
