import { RETIRED } from "./task-store";

/**
 * A run's tasks are bookkeeping for the run itself: which pages and parents are still to do, so a redelivered message
 * is a no-op and the run closes when none is pending. Once the run has ended they are only worth a look when someone
 * investigates it, and a connection's runs add thousands of rows a week (a full pass of 100,000 candidates makes
 * about 10,000), so they are deleted some days after their run ended. The run itself, its per-entity progress and
 * its error stay: they are the sync history the API shows. Retired fan-out tasks stay until a later run carries them
 * over, since they are the only record of the work their run left undone; a retired list task is never carried over
 * (the next run's chains start from their checkpoints), so it goes with the done ones.
 */
export async function pruneEndedRunTasks(
  db: D1Database,
  /** Tasks of runs that ended before this time (ms) go. */
  endedBefore: number,
  /** At most this many rows per call, so one cron tick's statement stays short whatever the backlog. */
  limit: number,
): Promise<number> {
  // CROSS JOIN keeps runs as the outer loop (SQLite does not reorder it): the ended runs are probed on the
  // (run_id, status) index instead of the whole task table being scanned on every cron tick.
  const result = await db
    .prepare(
      `DELETE FROM sync_tasks WHERE rowid IN (
         SELECT t.rowid FROM sync_runs r CROSS JOIN sync_tasks t
           ON t.run_id = r.id AND t.status IN ('done', '${RETIRED}') AND (t.status = 'done' OR t.kind = 'list')
         WHERE r.status IN ('succeeded', 'failed', 'cancelled') AND r.finished_at < ?1
         LIMIT ?2)`,
    )
    .bind(endedBefore, limit)
    .run();
  return result.meta.changes ?? 0;
}
