import type { SyncMode } from "@ashby-kit/shared";

export type CheckpointRow = {
  connection_id: string;
  entity: string;
  sync_token: string | null;
  cursor: string | null;
  pass_run_id: string | null;
  pass_mode: SyncMode | null;
  next_seq: number;
  last_full_pass_at: number | null;
  updated_at: number;
};

/** Every entity's checkpoint of a connection (read in a batch when a run starts). */
export function checkpointsStatement(db: D1Database, connectionId: string): D1PreparedStatement {
  return db.prepare(`SELECT * FROM sync_checkpoints WHERE connection_id = ?1`).bind(connectionId);
}

/** A new pass of `entity` owned by `runId`, from the first page. The committed sync token is kept. */
export function beginPass(
  db: D1Database,
  connectionId: string,
  entity: string,
  runId: string,
  mode: SyncMode,
  nowMs: number,
): D1PreparedStatement {
  return db
    .prepare(
      `INSERT INTO sync_checkpoints (connection_id, entity, sync_token, cursor, pass_run_id, pass_mode, next_seq, updated_at)
       VALUES (?1, ?2, NULL, NULL, ?3, ?4, 0, ?5)
       ON CONFLICT (connection_id, entity) DO UPDATE SET
         cursor = NULL, pass_run_id = ?3, pass_mode = ?4, next_seq = 0, updated_at = ?5`,
    )
    .bind(connectionId, entity, runId, mode, nowMs);
}

export type PageCheckpoint = {
  connectionId: string;
  entity: string;
  runId: string;
  /** The page this commit belongs to; the update only applies if the checkpoint still expects it. */
  seq: number;
  mode: SyncMode;
  /** The next page's cursor, or null when this was the last page. */
  nextCursor: string | null;
  /** Set on the last page: the pass's new token (null when the endpoint gave none). */
  finalSyncToken?: string | null;
  /** The stored token was refused (expired, invalid, too large): drop it now, whatever happens next. */
  dropToken: boolean;
  nowMs: number;
};

/**
 * Advance the checkpoint past one committed page. It goes into the same `db.batch` as the page's rows, so the
 * cursor never runs ahead of the data, and the sync token is only ever stored with the last page of a pass.
 */
export function advanceCheckpoint(db: D1Database, page: PageCheckpoint): D1PreparedStatement {
  const last = page.finalSyncToken !== undefined;
  // Every ?N is referenced whatever the branch: D1 rejects bindings the SQL does not use.
  return db
    .prepare(
      `UPDATE sync_checkpoints SET
         cursor = ?5, next_seq = ?4 + 1, pass_mode = ?8, updated_at = ?6,
         sync_token = CASE WHEN ?9 = 1 THEN ?7 WHEN ?10 = 1 THEN NULL ELSE sync_token END,
         last_full_pass_at = CASE WHEN ?9 = 1 AND ?8 = 'full' THEN ?6 ELSE last_full_pass_at END
       WHERE connection_id = ?1 AND entity = ?2 AND pass_run_id = ?3 AND next_seq = ?4`,
    )
    .bind(
      page.connectionId,
      page.entity,
      page.runId,
      page.seq,
      page.nextCursor,
      page.nowMs,
      page.finalSyncToken ?? null,
      page.mode,
      last ? 1 : 0,
      page.dropToken ? 1 : 0,
    );
}
