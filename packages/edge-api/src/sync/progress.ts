import type { SyncMode } from "@ashby-kit/shared";

export type ProgressDelta = {
  pages?: number;
  seen?: number;
  written?: number;
  calls?: number;
  /** Added to the known total (parents enqueued for a per-parent entity). */
  totalAdd?: number;
  mode?: SyncMode;
  status?: "running" | "done";
  changedIds?: string[];
  /**
   * Rows written by blind upserts earlier in the same batch (planBlindWrites): counted, and their ids added, from
   * what the upserts did. Upserted rows carry this run and this step's `now`; unchanged rows keep older values.
   */
  writtenAmong?: { connectionId: string; now: number; ids: string[] };
};

/** The rows a blind-upsert step wrote: its ids that now carry this run and this step's `now`. */
const WRITTEN_AMONG = `SELECT ashby_id FROM synced_records
  WHERE connection_id = ?3 AND entity = ?2 AND run_id = ?1 AND changed_at = ?4 AND deleted_at IS NULL
    AND ashby_id IN (SELECT value FROM json_each(?5))`;

/** A task's numbers count once: both statements are placed before the task's completion in the same batch. */
const TASK_PENDING = `EXISTS (SELECT 1 FROM sync_tasks WHERE id = ?6 AND status = 'pending')`;

/**
 * Add one task's numbers to an entity's progress row, and the ids it wrote to the run's changed ids (up to
 * `changedIdsCap` per entity; `records_written` keeps the true count). Guarded by "the task is still pending" and
 * placed before the task's completion in the same batch, so a task processed twice is counted once.
 */
export function progressStatements(
  db: D1Database,
  taskId: string,
  runId: string,
  entity: string,
  delta: ProgressDelta,
  changedIdsCap: number,
): D1PreparedStatement[] {
  const among = delta.writtenAmong;
  // ?1 run, ?2 entity, ?3 connection, ?4 the step's now, ?5 ids upserted blind, ?6 task: shared by both statements.
  const scope = [
    runId,
    entity,
    among?.connectionId ?? "",
    among?.now ?? 0,
    JSON.stringify(among?.ids ?? []),
    taskId,
  ];
  const statements: D1PreparedStatement[] = [];
  const changedIds = delta.changedIds ?? [];
  if (changedIds.length > 0 || (among?.ids.length ?? 0) > 0) {
    statements.push(
      db
        .prepare(
          `INSERT OR IGNORE INTO sync_run_changed_ids (run_id, entity, ashby_id)
           SELECT ?1, ?2, id FROM (SELECT value AS id FROM json_each(?7) UNION ALL SELECT ashby_id FROM (${WRITTEN_AMONG}))
           WHERE ${TASK_PENDING}
           LIMIT max(0, ?8 - (SELECT count(*) FROM sync_run_changed_ids WHERE run_id = ?1 AND entity = ?2))`,
        )
        .bind(...scope, JSON.stringify(changedIds), changedIdsCap),
    );
  }
  statements.push(
    db
      .prepare(
        `UPDATE sync_run_entities SET
           pages_done = pages_done + ?7,
           records_seen = records_seen + ?8,
           records_written = records_written + ?9 + (SELECT count(*) FROM (${WRITTEN_AMONG})),
           ashby_calls = ashby_calls + ?10,
           total_known = CASE WHEN ?11 > 0 THEN COALESCE(total_known, 0) + ?11 ELSE total_known END,
           mode = COALESCE(?12, mode),
           status = CASE WHEN status = 'done' THEN 'done' ELSE COALESCE(?13, status) END
         WHERE run_id = ?1 AND entity = ?2 AND ${TASK_PENDING}`,
      )
      .bind(
        ...scope,
        delta.pages ?? 0,
        delta.seen ?? 0,
        delta.written ?? 0,
        delta.calls ?? 0,
        delta.totalAdd ?? 0,
        delta.mode ?? null,
        delta.status ?? null,
      ),
  );
  return statements;
}
