import type { ErrorCode, WriteKind } from "@ashby-kit/shared";
import { and, desc, eq, inArray, isNull, lte, or, sql } from "drizzle-orm";
import type { Db } from "../db/client";
import { type WriteRow, writes } from "../db/schema";
import { canonicalJson, contentHash } from "../sync/content-hash";

/**
 * The write-back ledger's queries, shared by every kind of write. Each state change is one conditional UPDATE,
 * so two consumers racing on the same row (a redelivery while the first is still running) cannot both win.
 */

export type NewWrite = {
  id: string;
  workspaceId: string;
  connectionId: string;
  kind: WriteKind;
  target: Record<string, unknown>;
  targetKey: string | null;
  sourceId: string | null;
  actorEmail: string | null;
  idempotencyKey: string;
  /** The caller's request as it identifies the write (route + body); hashed, never stored in clear. */
  request: unknown;
  payload: Record<string, unknown>;
};

export type CreateWriteResult =
  | { outcome: "created"; row: WriteRow }
  /** The same idempotency key with the same request: the earlier write, unchanged. */
  | { outcome: "replayed"; row: WriteRow }
  /** Another key, but a live write of the same target exists (a double click with two keys): that one. */
  | { outcome: "existing_target"; row: WriteRow }
  | { outcome: "key_conflict"; row: WriteRow };

export async function requestHash(request: unknown): Promise<string> {
  return contentHash(canonicalJson(request));
}

export async function findWriteByIdempotencyKey(
  db: Db,
  workspaceId: string,
  idempotencyKey: string,
): Promise<WriteRow | undefined> {
  const [row] = await db
    .select()
    .from(writes)
    .where(and(eq(writes.workspaceId, workspaceId), eq(writes.idempotencyKey, idempotencyKey)))
    .limit(1);
  return row;
}

export async function findLiveWriteByTarget(
  db: Db,
  connectionId: string,
  kind: WriteKind,
  targetKey: string,
): Promise<WriteRow | undefined> {
  const [row] = await db
    .select()
    .from(writes)
    .where(
      and(
        eq(writes.connectionId, connectionId),
        eq(writes.kind, kind),
        eq(writes.targetKey, targetKey),
        sql`${writes.status} NOT IN ('failed', 'cancelled')`,
        isNull(writes.goneAt),
      ),
    )
    .limit(1);
  return row;
}

/**
 * Insert once per idempotency key. The unique indexes decide races: whoever loses reads the row that won.
 */
export async function createWrite(db: Db, input: NewWrite, nowMs: number): Promise<CreateWriteResult> {
  const hash = await requestHash(input.request);
  const resolveExisting = async (): Promise<CreateWriteResult | null> => {
    const existing = await findWriteByIdempotencyKey(db, input.workspaceId, input.idempotencyKey);
    if (existing) {
      return existing.requestHash === hash
        ? { outcome: "replayed", row: existing }
        : { outcome: "key_conflict", row: existing };
    }
    if (input.targetKey !== null) {
      const live = await findLiveWriteByTarget(db, input.connectionId, input.kind, input.targetKey);
      if (live) return { outcome: "existing_target", row: live };
    }
    return null;
  };

  const before = await resolveExisting();
  if (before) return before;
  const [row] = await db
    .insert(writes)
    .values({
      id: input.id,
      workspaceId: input.workspaceId,
      connectionId: input.connectionId,
      kind: input.kind,
      status: "queued",
      target: input.target,
      targetKey: input.targetKey,
      sourceId: input.sourceId,
      actorEmail: input.actorEmail,
      idempotencyKey: input.idempotencyKey,
      requestHash: hash,
      payload: input.payload,
      attempts: 0,
      nextAttemptAt: nowMs,
      createdAt: nowMs,
      updatedAt: nowMs,
    })
    .onConflictDoNothing()
    .returning();
  if (row) return { outcome: "created", row };
  const after = await resolveExisting();
  if (after) return after;
  throw new Error("writes insert conflicted but no conflicting row was found");
}

export async function findWrite(db: Db, id: string): Promise<WriteRow | undefined> {
  const [row] = await db.select().from(writes).where(eq(writes.id, id)).limit(1);
  return row;
}

/** The newest write of a kind for one of our objects and one person (feedback: meeting + interviewer). */
export async function findLatestWriteForSource(
  db: Db,
  workspaceId: string,
  kind: WriteKind,
  sourceId: string,
  actorEmail: string,
): Promise<WriteRow | undefined> {
  const [row] = await db
    .select()
    .from(writes)
    .where(
      and(
        eq(writes.workspaceId, workspaceId),
        eq(writes.kind, kind),
        eq(writes.sourceId, sourceId),
        eq(writes.actorEmail, actorEmail),
      ),
    )
    .orderBy(desc(writes.createdAt), desc(writes.id))
    .limit(1);
  return row;
}

export type ClaimResult =
  | { outcome: "claimed"; row: WriteRow; previousAttempts: number }
  | { outcome: "final"; row: WriteRow }
  | { outcome: "busy"; retryAfterMs: number }
  | { outcome: "missing" };

/** A write may be claimed when it waits (`queued`/`held`) or its sender's lease lapsed (the consumer died). */
export function claimableAt(nowMs: number) {
  return or(
    inArray(writes.status, ["queued", "held"]),
    and(eq(writes.status, "sending"), lte(writes.leaseUntil, nowMs)),
  );
}

/** What claiming sets: one more attempt, under a lease that lets a crashed attempt be taken over later. */
export function claimChanges(nowMs: number, leaseMs: number) {
  return {
    status: "sending" as const,
    attempts: sql`${writes.attempts} + 1`,
    leaseUntil: nowMs + leaseMs,
    updatedAt: nowMs,
  };
}

/**
 * Take the row for one attempt: `queued`/`held`, or `sending` whose lease lapsed (its consumer died, possibly
 * after Ashby answered). `previousAttempts > 0` tells the caller an earlier attempt may have reached Ashby.
 */
export async function claimWrite(db: Db, id: string, nowMs: number, leaseMs: number): Promise<ClaimResult> {
  const [row] = await db
    .update(writes)
    .set(claimChanges(nowMs, leaseMs))
    .where(and(eq(writes.id, id), claimableAt(nowMs)))
    .returning();
  if (row) return { outcome: "claimed", row, previousAttempts: row.attempts - 1 };
  const current = await findWrite(db, id);
  if (!current) return { outcome: "missing" };
  if (current.status === "sending") {
    return { outcome: "busy", retryAfterMs: Math.max((current.leaseUntil ?? nowMs) - nowMs, 1000) };
  }
  return { outcome: "final", row: current };
}

/** Only the holder of the current attempt may finish it: the update is conditioned on status and attempt. */
function heldBy(row: Pick<WriteRow, "id" | "attempts">) {
  return and(eq(writes.id, row.id), eq(writes.status, "sending"), eq(writes.attempts, row.attempts));
}

export async function markSucceeded(
  db: Db,
  row: WriteRow,
  done: { remoteId: string; ashbyRequestId: string | null; result: Record<string, unknown> },
  nowMs: number,
): Promise<WriteRow | undefined> {
  const [updated] = await db
    .update(writes)
    .set({
      status: "succeeded",
      remoteId: done.remoteId,
      ashbyRequestId: done.ashbyRequestId,
      result: done.result,
      errorCode: null,
      errorMessage: null,
      errorRetryable: null,
      leaseUntil: null,
      nextAttemptAt: null,
      verifiedAt: nowMs,
      completedAt: nowMs,
      updatedAt: nowMs,
    })
    .where(heldBy(row))
    .returning();
  return updated;
}

/** Why a write ended other than succeeded: an error code of the catalog, or `superseded` (a newer push replaced it). */
export type WriteError = {
  code: ErrorCode | "superseded";
  message: string;
  retryable: boolean;
  ashbyRequestId?: string | undefined;
};

/** A write that failed (not cancelled) always failed for a reason of the error catalog: hosts get that code. */
export type FailedWriteError = WriteError & { code: ErrorCode };

/** A terminal outcome other than success: `failed` (Ashby refused) or `cancelled` (writing would be wrong). */
export async function markFinal(
  db: Db,
  row: WriteRow,
  status: "failed" | "cancelled",
  error: WriteError,
  result: Record<string, unknown> | null,
  nowMs: number,
): Promise<WriteRow | undefined> {
  const [updated] = await db
    .update(writes)
    .set({
      status,
      errorCode: error.code,
      errorMessage: error.message,
      errorRetryable: error.retryable,
      ashbyRequestId: error.ashbyRequestId ?? row.ashbyRequestId,
      result,
      leaseUntil: null,
      nextAttemptAt: null,
      completedAt: nowMs,
      updatedAt: nowMs,
    })
    .where(heldBy(row))
    .returning();
  return updated;
}

/** Give the row back for a later attempt: `queued` (retry after a delay) or `held` (connection paused / needs a key). */
export async function release(
  db: Db,
  row: WriteRow,
  status: "queued" | "held",
  nextAttemptAt: number | null,
  error: WriteError | null,
  nowMs: number,
): Promise<void> {
  await db
    .update(writes)
    .set({
      status,
      leaseUntil: null,
      nextAttemptAt,
      ...(error
        ? { errorCode: error.code, errorMessage: error.message, errorRetryable: error.retryable }
        : {}),
      updatedAt: nowMs,
    })
    .where(heldBy(row));
}

export async function markVerified(db: Db, id: string, nowMs: number): Promise<void> {
  await db.update(writes).set({ verifiedAt: nowMs }).where(eq(writes.id, id));
}

/** The written object is gone from Ashby. Returns false when another reader already recorded it. */
export async function markGone(db: Db, id: string, nowMs: number): Promise<boolean> {
  const changed = await db
    .update(writes)
    .set({ goneAt: nowMs, updatedAt: nowMs })
    .where(and(eq(writes.id, id), eq(writes.status, "succeeded"), isNull(writes.goneAt)))
    .returning({ id: writes.id });
  return changed.length > 0;
}

/** Writes waiting for a message that may never come: held ones of a resumed connection, or queued ones long overdue. */
export async function findDueWrites(db: Db, nowMs: number, limit: number): Promise<WriteRow[]> {
  return db
    .select()
    .from(writes)
    .where(
      or(
        and(eq(writes.status, "queued"), lte(writes.nextAttemptAt, nowMs)),
        eq(writes.status, "held"),
        and(eq(writes.status, "sending"), lte(writes.leaseUntil, nowMs)),
      ),
    )
    .orderBy(writes.nextAttemptAt)
    .limit(limit);
}

/** Retries ran out (dead-letter queue): fail the row unless an attempt moved it on meanwhile. */
export async function failExhausted(
  db: Db,
  row: WriteRow,
  error: WriteError,
  nowMs: number,
): Promise<WriteRow | undefined> {
  const [updated] = await db
    .update(writes)
    .set({
      status: "failed",
      errorCode: error.code,
      errorMessage: error.message,
      errorRetryable: error.retryable,
      leaseUntil: null,
      nextAttemptAt: null,
      completedAt: nowMs,
      updatedAt: nowMs,
    })
    .where(
      and(
        eq(writes.id, row.id),
        eq(writes.attempts, row.attempts),
        inArray(writes.status, ["queued", "sending"]),
      ),
    )
    .returning();
  return updated;
}
