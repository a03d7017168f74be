import { canonicalJson, contentHash } from "./content-hash";
import type { RecordRow } from "./entities";

/**
 * D1 allows 100 bound parameters per statement (https://developers.cloudflare.com/d1/platform/limits/). An upsert
 * binds five whatever its size: its rows travel as ONE parameter, a JSON array of rows, so a page is one statement
 * instead of one per 19 rows (D1 prepares, runs and reports each statement of a batch on its own, and a page's
 * upserts were most of its commit's statements). D1 refuses a string over 2,000,000 bytes, so rows that would come
 * near it are split over several statements; characters are counted, and one is at most 3 bytes of UTF-8.
 */
export const MAX_ROWS_PARAM_CHARS = 600_000;

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
  if (rows.length === 0) {
    return { changed: [], seen: 0, statements: [] };
  }
  // The read needs only the ids, so it runs while the rows are hashed: on a chain's last page this is the time
  // before its fan-out can start.
  const [stored, hashed] = await Promise.all([
    readStoredHashes(db, scope, [...new Set(rows.map((row) => row.ashbyId))]),
    hashRows(rows),
  ]);
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
 * Records are written only for a connection that exists and is not disconnected. A step that read an active
 * connection can commit its page after `DELETE /v1/connection?purge=true` ran; without this guard that page would
 * survive the purge. Disconnecting (purged or not) sets the status before anything is deleted, and a reconnect
 * starts with a full pass, so a page dropped here is fetched again. A step whose connection row is gone altogether
 * (a database reset under a test suite's still-running consumers, or a workspace removed by hand) writes nothing
 * either, rather than leaving records that belong to no connection.
 */
const CONNECTION_WRITABLE = `EXISTS (SELECT 1 FROM connections WHERE id = ?1 AND status <> 'disconnected')`;

const UPSERT_SQL = `INSERT INTO synced_records
    (connection_id, entity, ashby_id, parent_id, data, content_hash, source_updated_at, changed_at, deleted_at, run_id)
  SELECT ?1, ?2, json_extract(r.value, '$[0]'), json_extract(r.value, '$[1]'), json_extract(r.value, '$[2]'),
    json_extract(r.value, '$[3]'), json_extract(r.value, '$[4]'), ?4, NULL, ?3
  FROM json_each(?5) AS r
  WHERE ${CONNECTION_WRITABLE}
  ON CONFLICT (connection_id, entity, ashby_id) DO UPDATE SET
    parent_id = excluded.parent_id,
    data = excluded.data,
    content_hash = excluded.content_hash,
    source_updated_at = excluded.source_updated_at,
    changed_at = excluded.changed_at,
    deleted_at = NULL,
    run_id = excluded.run_id
  WHERE synced_records.content_hash <> excluded.content_hash OR synced_records.deleted_at IS NOT NULL`;

/** Upserts of `rows`: one statement per page, unless its rows must be split (see MAX_ROWS_PARAM_CHARS). */
export function upsertStatements(
  db: D1Database,
  scope: WriteScope,
  rows: HashedRow[],
): D1PreparedStatement[] {
  const statements: D1PreparedStatement[] = [];
  let chunk: string[] = [];
  let chars = 0;
  const flush = () => {
    if (chunk.length > 0) {
      statements.push(
        db
          .prepare(UPSERT_SQL)
          .bind(scope.connectionId, scope.entity, scope.runId, scope.now, `[${chunk.join(",")}]`),
      );
    }
    chunk = [];
    chars = 0;
  };
  for (const row of rows) {
    // The record's canonical JSON goes in as a string, so D1 stores exactly the text that was hashed.
    const encoded = JSON.stringify([row.ashbyId, row.parentId, row.json, row.hash, row.sourceUpdatedAt]);
    if (chars + encoded.length > MAX_ROWS_PARAM_CHARS) {
      flush();
    }
    chunk.push(encoded);
    chars += encoded.length + 1;
  }
  flush();
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
