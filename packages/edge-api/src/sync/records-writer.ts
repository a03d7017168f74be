import { canonicalJson, contentHash } from "./content-hash";
import type { RecordRow } from "./entities";

/**
 * D1 refuses a statement with more than 100 bound parameters
 * (https://developers.cloudflare.com/d1/platform/limits/, "Maximum bound parameters per query").
 * Local SQLite allows far more, so the writer enforces the limit itself and the tests assert it.
 */
export const D1_MAX_BOUND_PARAMETERS = 100;

/** Values shared by every row of a statement are bound once as ?1..?4 and reused (SQLite's ?NNN parameters). */
const SHARED_PARAMS = 4;
const PARAMS_PER_ROW = 5;
export const ROWS_PER_UPSERT = Math.floor((D1_MAX_BOUND_PARAMETERS - SHARED_PARAMS) / PARAMS_PER_ROW);

export type WriteScope = { connectionId: string; entity: string; runId: string; now: number };

export type HashedRow = RecordRow & { json: string; hash: string };

export type PlannedWrite = {
  /** Rows whose content is new or changed (or that come back after a soft delete), in input order. */
  changed: HashedRow[];
  /** Rows seen, after de-duplication by id. */
  seen: number;
  statements: D1PreparedStatement[];
};

/**
 * Decide what one page of rows costs D1: read the stored hashes of those ids (one statement, the id list bound
 * as a single JSON parameter), keep only rows whose content changed, and prepare chunked multi-row upserts for
 * them. Nothing is written here; the caller commits `statements` in its page batch together with the checkpoint.
 *
 * The upsert's own WHERE repeats the hash check, so a concurrent writer that got there first turns the update
 * into a no-op instead of a second write.
 */
export async function planRecordWrites(
  db: D1Database,
  scope: WriteScope,
  rows: RecordRow[],
): Promise<PlannedWrite> {
  const hashed = await hashRows(rows);
  if (hashed.length === 0) {
    return { changed: [], seen: 0, statements: [] };
  }
  const stored = await readStoredHashes(
    db,
    scope,
    hashed.map((row) => row.ashbyId),
  );
  const changed = hashed.filter((row) => {
    const current = stored.get(row.ashbyId);
    return current === undefined || current.hash !== row.hash || current.deleted;
  });
  return { changed, seen: hashed.length, statements: upsertStatements(db, scope, changed) };
}

/**
 * The same writes without reading stored hashes first, for rows nothing else is decided from (the children a
 * fan-out step fetched per parent): the upsert's own hash check skips unchanged rows, which saves the step a round
 * trip to D1. What changed is known only inside the commit: see `writtenAmong` in progress.ts.
 */
export async function planBlindWrites(
  db: D1Database,
  scope: WriteScope,
  rows: RecordRow[],
): Promise<{ ids: string[]; statements: D1PreparedStatement[] }> {
  const hashed = await hashRows(rows);
  return { ids: hashed.map((row) => row.ashbyId), statements: upsertStatements(db, scope, hashed) };
}

/** De-duplicated by id (the last one wins), each with its canonical JSON and content hash. */
async function hashRows(rows: RecordRow[]): Promise<HashedRow[]> {
  const byId = new Map<string, RecordRow>();
  for (const row of rows) {
    byId.set(row.ashbyId, row);
  }
  // Digests of a page in parallel: one await per page instead of one per record.
  return Promise.all(
    [...byId.values()].map(async (row) => {
      const json = canonicalJson(row.data);
      return { ...row, json, hash: await contentHash(json) };
    }),
  );
}

async function readStoredHashes(
  db: D1Database,
  scope: WriteScope,
  ids: string[],
): Promise<Map<string, { hash: string; deleted: boolean }>> {
  const result = await db
    .prepare(
      `SELECT ashby_id, content_hash, deleted_at FROM synced_records
       WHERE connection_id = ?1 AND entity = ?2 AND ashby_id IN (SELECT value FROM json_each(?3))`,
    )
    .bind(scope.connectionId, scope.entity, JSON.stringify(ids))
    .all<{ ashby_id: string; content_hash: string; deleted_at: number | null }>();
  return new Map(
    result.results.map((r) => [r.ashby_id, { hash: r.content_hash, deleted: r.deleted_at !== null }]),
  );
}

/**
 * Records are written only while the connection is not disconnected. A step that read an active connection can
 * commit its page after `DELETE /v1/connection?purge=true` ran; without this guard that page would survive the
 * purge. Disconnecting (purged or not) sets the status before anything is deleted, and a reconnect starts with a
 * full pass, so a page dropped here is fetched again. (No connection row: an engine test's connection.)
 */
const NOT_DISCONNECTED = `NOT EXISTS (SELECT 1 FROM connections WHERE id = ?1 AND status = 'disconnected')`;

export function upsertStatements(
  db: D1Database,
  scope: WriteScope,
  rows: HashedRow[],
): D1PreparedStatement[] {
  const statements: D1PreparedStatement[] = [];
  for (let start = 0; start < rows.length; start += ROWS_PER_UPSERT) {
    const chunk = rows.slice(start, start + ROWS_PER_UPSERT);
    const values: string[] = [];
    const params: unknown[] = [scope.connectionId, scope.entity, scope.runId, scope.now];
    for (const row of chunk) {
      const n = params.length;
      values.push(`(?1, ?2, ?${n + 1}, ?${n + 2}, ?${n + 3}, ?${n + 4}, ?${n + 5}, ?4, NULL, ?3)`);
      params.push(row.ashbyId, row.parentId, row.json, row.hash, row.sourceUpdatedAt);
    }
    statements.push(
      db
        .prepare(
          `INSERT INTO synced_records
             (connection_id, entity, ashby_id, parent_id, data, content_hash, source_updated_at, changed_at, deleted_at, run_id)
           SELECT * FROM (VALUES ${values.join(", ")})
           WHERE ${NOT_DISCONNECTED}
           ON CONFLICT (connection_id, entity, ashby_id) DO UPDATE SET
             parent_id = excluded.parent_id,
             data = excluded.data,
             content_hash = excluded.content_hash,
             source_updated_at = excluded.source_updated_at,
             changed_at = excluded.changed_at,
             deleted_at = NULL,
             run_id = excluded.run_id
           WHERE synced_records.content_hash <> excluded.content_hash OR synced_records.deleted_at IS NOT NULL`,
        )
        .bind(...params),
    );
  }
  return statements;
}

/**
 * Soft-delete the children of the given parents that a complete listing of those parents no longer contains
 * (a note removed from a candidate, an event removed from a schedule). `keep` is the complete set of child ids.
 */
export function softDeleteMissingChildren(
  db: D1Database,
  scope: WriteScope,
  parentIds: string[],
  keep: string[],
): D1PreparedStatement {
  return db
    .prepare(
      `UPDATE synced_records SET deleted_at = ?3, changed_at = ?3, run_id = ?4
       WHERE connection_id = ?1 AND entity = ?2 AND deleted_at IS NULL
         AND parent_id IN (SELECT value FROM json_each(?5))
         AND ashby_id NOT IN (SELECT value FROM json_each(?6))`,
    )
    .bind(
      scope.connectionId,
      scope.entity,
      scope.now,
      scope.runId,
      JSON.stringify(parentIds),
      JSON.stringify(keep),
    );
}
