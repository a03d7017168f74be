import type { ListWritesQuery, Write, WriteList } from "@ashby-kit/shared";
import { and, desc, eq, lt, or, type SQL, sql } from "drizzle-orm";
import type { Db } from "../db/client";
import { type WriteRow, writes } from "../db/schema";
import { parseWritePayload, summarizeWrite } from "./write-payload";

/** Ledger rows → the `Write` view of `GET /v1/writes`, and the listing query itself (every kind, feedback too). */

const iso = (ms: number | null | undefined) =>
  ms === null || ms === undefined ? null : new Date(ms).toISOString();

function summaryOf(row: Pick<WriteRow, "kind" | "payload">): string | null {
  const push = parseWritePayload(row.payload);
  if (push) return summarizeWrite(push);
  if (row.kind === "feedback") {
    const recommendation = (row.payload as { recommendation?: { label?: unknown } }).recommendation?.label;
    return typeof recommendation === "string" ? `feedback: ${recommendation}` : "interview feedback";
  }
  return null;
}

export function toWriteView(row: WriteRow): Write {
  return {
    id: row.id,
    kind: row.kind,
    status: row.status,
    target: row.target,
    sourceId: row.sourceId ?? null,
    actorEmail: row.actorEmail ?? null,
    summary: summaryOf(row),
    attempts: row.attempts ?? 0,
    ashbyRequestId: row.ashbyRequestId ?? null,
    result: row.result ?? null,
    error:
      row.errorCode && row.status !== "succeeded"
        ? { code: row.errorCode, message: row.errorMessage ?? "", retryable: row.errorRetryable ?? false }
        : null,
    createdAt: iso(row.createdAt) ?? new Date(0).toISOString(),
    updatedAt: iso(row.updatedAt) ?? new Date(0).toISOString(),
    completedAt: iso(row.completedAt),
  };
}

/** The cursor is the last row's `<createdAt>_<id>`; ids sort by creation time within one millisecond. */
function decodeCursor(cursor: string): { createdAt: number; id: string } | null {
  const match = /^(\d{1,15})_([A-Za-z0-9_-]+)$/.exec(cursor);
  return match?.[1] && match[2] ? { createdAt: Number(match[1]), id: match[2] } : null;
}

export async function listWrites(
  db: Db,
  workspaceId: string,
  query: ListWritesQuery,
): Promise<WriteList | "bad_cursor"> {
  const limit = query.limit ?? 50;
  const conditions: SQL[] = [eq(writes.workspaceId, workspaceId)];
  if (query.status) conditions.push(eq(writes.status, query.status));
  if (query.kind) conditions.push(eq(writes.kind, query.kind));
  if (query.pushId) conditions.push(eq(writes.sourceId, query.pushId));
  if (query.target) {
    // Any Ashby id the write names (candidate, application, interview event, field) or a push target key.
    const value = query.target;
    const matches = or(
      eq(writes.targetKey, value),
      ...["targetKey", "candidateId", "applicationId", "objectId", "interviewEventId", "fieldId"].map(
        (key) => sql`json_extract(${writes.target}, ${`$.${key}`}) = ${value}`,
      ),
    );
    if (matches) conditions.push(matches);
  }
  if (query.cursor) {
    const cursor = decodeCursor(query.cursor);
    if (!cursor) return "bad_cursor";
    const before = or(
      lt(writes.createdAt, cursor.createdAt),
      and(eq(writes.createdAt, cursor.createdAt), lt(writes.id, cursor.id)),
    );
    if (before) conditions.push(before);
  }
  const rows = await db
    .select()
    .from(writes)
    .where(and(...conditions))
    .orderBy(desc(writes.createdAt), desc(writes.id))
    .limit(limit + 1);
  const page = rows.slice(0, limit);
  const last = page.at(-1);
  return {
    writes: page.map(toWriteView),
    nextCursor: rows.length > limit && last ? `${last.createdAt}_${last.id}` : null,
  };
}
