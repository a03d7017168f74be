import type { ListRecordsQuery, SyncedRecord, SyncedRecordList } from "@ashby-kit/shared";
import type { Db } from "../db/client";
import { findConnectionByWorkspace } from "../db/queries/connections";
import type { ConnectionRow } from "../db/schema";
import { ApiError } from "../lib/api-error";

/**
 * The connection whose synced records a workspace reads, in any status: data stays readable while the connection
 * is paused, needs re-auth, or was disconnected without purge. Only a workspace never connected has none.
 */
export async function syncedConnectionOf(db: Db, workspaceId: string): Promise<ConnectionRow> {
  const connection = await findConnectionByWorkspace(db, workspaceId);
  if (!connection) {
    throw new ApiError(
      "ashby_not_connected",
      "This workspace has never been connected to Ashby; nothing is synced.",
    );
  }
  return connection;
}

type RecordRowOut = {
  ashby_id: string;
  data: string;
  changed_at: number;
  deleted_at: number | null;
  source_updated_at: string | null;
};

function toRecord(row: RecordRowOut): SyncedRecord {
  return {
    id: row.ashby_id,
    updatedAt: new Date(row.changed_at).toISOString(),
    deletedAt: row.deleted_at === null ? null : new Date(row.deleted_at).toISOString(),
    sourceUpdatedAt: row.source_updated_at,
    data: JSON.parse(row.data) as Record<string, unknown>,
  };
}

/** Cursor = base64url("<changed_at>:<ashby_id>") of the last row of the previous page. */
function encodeCursor(row: RecordRowOut): string {
  return btoa(`${row.changed_at}:${row.ashby_id}`).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}

function decodeCursor(cursor: string): { changedAt: number; id: string } | null {
  try {
    const raw = atob(cursor.replace(/-/g, "+").replace(/_/g, "/"));
    const at = raw.indexOf(":");
    const changedAt = Number(raw.slice(0, at));
    return at > 0 && Number.isSafeInteger(changedAt) ? { changedAt, id: raw.slice(at + 1) } : null;
  } catch {
    return null;
  }
}

/** Ordered by (changed_at, id): served by synced_records_changed_idx, stable while new changes arrive. */
export async function listRecords(
  db: D1Database,
  connectionId: string,
  entity: string,
  query: ListRecordsQuery,
): Promise<SyncedRecordList> {
  const limit = query.limit ?? 50;
  const cursor = query.cursor ? decodeCursor(query.cursor) : null;
  const since = query.updatedSince ? Date.parse(query.updatedSince) : null;
  const rows = await db
    .prepare(
      `SELECT ashby_id, data, changed_at, deleted_at, source_updated_at FROM synced_records
       WHERE connection_id = ?1 AND entity = ?2
         AND (?3 IS NULL OR changed_at >= ?3)
         AND (?4 IS NULL OR ashby_id IN (SELECT value FROM json_each(?4)))
         AND (?5 = 1 OR deleted_at IS NULL)
         AND (?6 IS NULL OR changed_at > ?6 OR (changed_at = ?6 AND ashby_id > ?7))
       ORDER BY changed_at, ashby_id LIMIT ?8`,
    )
    .bind(
      connectionId,
      entity,
      since,
      query.ids ? JSON.stringify(query.ids) : null,
      query.includeDeleted === "true" ? 1 : 0,
      cursor?.changedAt ?? null,
      cursor?.id ?? "",
      limit + 1,
    )
    .all<RecordRowOut>();
  const page = rows.results.slice(0, limit);
  const last = page.at(-1);
  return {
    data: page.map(toRecord),
    nextCursor: rows.results.length > limit && last ? encodeCursor(last) : null,
  };
}

export async function getRecord(
  db: D1Database,
  connectionId: string,
  entity: string,
  id: string,
): Promise<SyncedRecord | null> {
  const row = await db
    .prepare(
      `SELECT ashby_id, data, changed_at, deleted_at, source_updated_at FROM synced_records
       WHERE connection_id = ?1 AND entity = ?2 AND ashby_id = ?3`,
    )
    .bind(connectionId, entity, id)
    .first<RecordRowOut>();
  return row ? toRecord(row) : null;
}

/** Live children of one parent (applications/notes/attachments of a candidate), oldest change first. */
export async function listChildren(
  db: D1Database,
  connectionId: string,
  entity: string,
  parentId: string,
): Promise<SyncedRecord[]> {
  const rows = await db
    .prepare(
      `SELECT ashby_id, data, changed_at, deleted_at, source_updated_at FROM synced_records
       WHERE connection_id = ?1 AND entity = ?2 AND parent_id = ?3 AND deleted_at IS NULL
       ORDER BY changed_at, ashby_id LIMIT 500`,
    )
    .bind(connectionId, entity, parentId)
    .all<RecordRowOut>();
  return rows.results.map(toRecord);
}
