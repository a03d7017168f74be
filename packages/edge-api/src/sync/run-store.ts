import {
  type ErrorCode,
  isSyncEntityName,
  type SyncEntityName,
  type SyncMode,
  type SyncRunStatus,
  type SyncTrigger,
} from "@ashby-kit/shared";
import { RETIRED } from "./task-store";

export type SyncRunRow = {
  id: string;
  connection_id: string;
  trigger: SyncTrigger;
  mode: SyncMode;
  status: SyncRunStatus;
  created_at: number;
  started_at: number | null;
  finished_at: number | null;
  heartbeat_at: number;
  error_code: ErrorCode | null;
  error_message: string | null;
};

export type SyncRunEntityRow = {
  run_id: string;
  entity: string;
  mode: SyncMode;
  status: "pending" | "running" | "done";
  pages_done: number;
  records_seen: number;
  records_written: number;
  records_deleted: number;
  total_known: number | null;
  ashby_calls: number;
};

/** Progress rows of the entities the API names (the shared SYNC_ENTITY_NAMES), typed as such: views and events show only these. */
export function knownEntityRows(rows: SyncRunEntityRow[]): (SyncRunEntityRow & { entity: SyncEntityName })[] {
  return rows.filter((row): row is SyncRunEntityRow & { entity: SyncEntityName } =>
    isSyncEntityName(row.entity),
  );
}

export const IN_FLIGHT = ["queued", "running"] as const;

// Each read is also a statement, so callers on a hot path can put several reads in one D1 batch (one round trip).
export function runStatement(db: D1Database, runId: string): D1PreparedStatement {
  return db.prepare(`SELECT * FROM sync_runs WHERE id = ?1`).bind(runId);
}

export async function getRun(db: D1Database, runId: string): Promise<SyncRunRow | null> {
  return runStatement(db, runId).first<SyncRunRow>();
}

export function inFlightRunStatement(db: D1Database, connectionId: string): D1PreparedStatement {
  return db
    .prepare(`SELECT * FROM sync_runs WHERE connection_id = ?1 AND status IN ('queued', 'running')`)
    .bind(connectionId);
}

export async function getInFlightRun(db: D1Database, connectionId: string): Promise<SyncRunRow | null> {
  return inFlightRunStatement(db, connectionId).first<SyncRunRow>();
}

export function runEntitiesStatement(db: D1Database, runId: string): D1PreparedStatement {
  return db.prepare(`SELECT * FROM sync_run_entities WHERE run_id = ?1 ORDER BY rowid`).bind(runId);
}

export async function getRunEntities(db: D1Database, runId: string): Promise<SyncRunEntityRow[]> {
  return (await runEntitiesStatement(db, runId).all<SyncRunEntityRow>()).results;
}

/**
 * A run's heartbeat only has to be fresher than the stalled-run sweep's quiet period (STALLED_AFTER_MS, 15 min), so
 * steps refresh it when it is older than this rather than with every page and chunk: a run's commits are thousands
 * of batches, and local D1 pays for every statement (two bookkeeping queries each).
 */
export const HEARTBEAT_EVERY_MS = 30_000;

/** `markRunning` when the run is not marked running yet or its heartbeat is due; nothing otherwise. */
export function heartbeatStatements(
  db: D1Database,
  run: Pick<SyncRunRow, "id" | "status" | "heartbeat_at">,
  nowMs: number,
): D1PreparedStatement[] {
  return run.status !== "running" || nowMs - run.heartbeat_at >= HEARTBEAT_EVERY_MS
    ? [markRunning(db, run.id, nowMs)]
    : [];
}

export function markRunning(db: D1Database, runId: string, nowMs: number): D1PreparedStatement {
  return db
    .prepare(
      `UPDATE sync_runs SET status = 'running', started_at = COALESCE(started_at, ?2), heartbeat_at = ?2
       WHERE id = ?1 AND status IN ('queued', 'running')`,
    )
    .bind(runId, nowMs);
}

/**
 * Deletes what a run keeps only while it is in flight: the ids seen by its full passes (for reconciliation) and the
 * ids it wrote (for records.changed, read by the step that closes it). Every way a run ends uses these.
 */
export function runScratchDeletes(db: D1Database, runId: string): D1PreparedStatement[] {
  return [
    db.prepare(`DELETE FROM sync_seen_pages WHERE run_id = ?1`).bind(runId),
    db.prepare(`DELETE FROM sync_run_changed_ids WHERE run_id = ?1`).bind(runId),
  ];
}

/**
 * End a run that is still in flight as failed or cancelled, and retire its pending tasks so messages still in the
 * queue become no-ops (the next run takes over the retired per-parent work, see start-run.ts). Returns whether
 * this call was the one that ended it.
 */
export async function endRun(
  db: D1Database,
  runId: string,
  status: "failed" | "cancelled",
  error: { code: ErrorCode; message: string },
  nowMs: number,
): Promise<boolean> {
  const [ended] = await db.batch([
    db
      .prepare(
        `UPDATE sync_runs SET status = ?2, error_code = ?3, error_message = ?4, finished_at = ?5, heartbeat_at = ?5
         WHERE id = ?1 AND status IN ('queued', 'running')`,
      )
      .bind(runId, status, error.code, error.message, nowMs),
    db
      .prepare(
        `UPDATE sync_tasks SET status = '${RETIRED}', updated_at = ?2 WHERE run_id = ?1 AND status = 'pending'`,
      )
      .bind(runId, nowMs),
    // A run that did not succeed reconciles nothing and sends no records.changed.
    ...runScratchDeletes(db, runId),
  ]);
  return (ended?.meta.changes ?? 0) > 0;
}
