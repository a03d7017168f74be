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

/**
 * Add one task's numbers to an entity's progress row. `changed_ids` grows with `records_written`, one id per
 * record counted, until the cap: so the cap is checked on the counter (SET reads the row's old values), not by
 * parsing an array of up to `changedIdsCap` ids on every statement. Guarded by "the task is still pending" and
 * placed before the task's completion in the same batch, so a task processed twice is counted once.
 */
export function progressStatement(
  db: D1Database,
  taskId: string,
  runId: string,
  entity: string,
  delta: ProgressDelta,
  changedIdsCap: number,
): D1PreparedStatement {
  const among = delta.writtenAmong;
  return db
    .prepare(
      `WITH written AS (
         SELECT ashby_id FROM synced_records
         WHERE connection_id = ?13 AND entity = ?2 AND run_id = ?1 AND changed_at = ?14 AND deleted_at IS NULL
           AND ashby_id IN (SELECT value FROM json_each(?15)))
       UPDATE sync_run_entities SET
         pages_done = pages_done + ?3,
         records_seen = records_seen + ?4,
         records_written = records_written + ?5 + (SELECT count(*) FROM written),
         ashby_calls = ashby_calls + ?6,
         total_known = CASE WHEN ?7 > 0 THEN COALESCE(total_known, 0) + ?7 ELSE total_known END,
         mode = COALESCE(?8, mode),
         status = CASE WHEN status = 'done' THEN 'done' ELSE COALESCE(?9, status) END,
         changed_ids = CASE WHEN records_written >= ?11 THEN changed_ids ELSE (
           SELECT json_group_array(value) FROM (
             SELECT value FROM json_each(changed_ids) UNION ALL SELECT value FROM json_each(?10)
             UNION ALL SELECT ashby_id FROM written LIMIT ?11)) END
       WHERE run_id = ?1 AND entity = ?2
         AND EXISTS (SELECT 1 FROM sync_tasks WHERE id = ?12 AND status = 'pending')`,
    )
    .bind(
      runId,
      entity,
      delta.pages ?? 0,
      delta.seen ?? 0,
      delta.written ?? 0,
      delta.calls ?? 0,
      delta.totalAdd ?? 0,
      delta.mode ?? null,
      delta.status ?? null,
      JSON.stringify(delta.changedIds ?? []),
      changedIdsCap,
      taskId,
      among?.connectionId ?? "",
      among?.now ?? 0,
      JSON.stringify(among?.ids ?? []),
    );
}
