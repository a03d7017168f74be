import { afterRun } from "./after-run";
import type { SyncQueueDeps } from "./consumer";
import { sendSyncMessages } from "./queues";
import { findStalledRuns, resumeRun } from "./resume";
import { startSyncRun } from "./start-run";
import { pruneEndedRunTasks } from "./task-retention";

/** A run whose last page committed longer ago than this is considered stalled and resumed from its tasks. */
export const STALLED_AFTER_MS = 15 * 60 * 1000;

/** The tasks of a run that ended are kept this long (for investigating it), then deleted (task-retention.ts). */
export const TASK_RETENTION_MS = 7 * 24 * 60 * 60 * 1000;
/**
 * Task rows deleted per cron tick at most. A tick every few minutes clears well over a million a day, more than
 * any number of connections' runs create, while each tick's statement stays short.
 */
const PRUNE_PER_TICK = 5000;

export type ScheduledResult = { started: string[]; resumed: string[]; pruned: number };

/**
 * The cron tick: decide what is due and enqueue it; the work itself happens in the queue consumer.
 * Due = active (so not paused, disconnected or needing re-auth), `next_sync_at` reached, and no run in flight
 * (startSyncRun returns the in-flight run instead of creating one). Stalled runs are resumed here too, and the
 * tasks of long-ended runs pruned.
 */
export async function runScheduledSync(deps: SyncQueueDeps): Promise<ScheduledResult> {
  const { db } = deps.sync;
  const nowMs = deps.sync.clock.now().getTime();
  const due = await db
    .prepare(
      `SELECT c.id FROM connections c
       WHERE c.status = 'active' AND c.next_sync_at IS NOT NULL AND c.next_sync_at <= ?1
         AND NOT EXISTS (SELECT 1 FROM sync_runs r WHERE r.connection_id = c.id AND r.status IN ('queued', 'running'))
       ORDER BY c.next_sync_at LIMIT 100`,
    )
    .bind(nowMs)
    .all<{ id: string }>();
  const started: string[] = [];
  for (const connection of due.results) {
    // One connection's trouble must not keep the others (or the write-back sweeps after this) from running.
    try {
      const run = await startSyncRun(deps.sync, { connectionId: connection.id, trigger: "scheduled" });
      if (run.created) {
        await sendSyncMessages(deps.queues, run.enqueue);
        started.push(connection.id);
      }
    } catch (error) {
      console.error(
        JSON.stringify({
          level: "error",
          msg: "sync.schedule_failed",
          connectionId: connection.id,
          error: String(error),
        }),
      );
    }
  }
  const resumed: string[] = [];
  for (const stalled of await findStalledRuns(db, nowMs, STALLED_AFTER_MS)) {
    const result = await resumeRun(db, stalled.runId, nowMs);
    await sendSyncMessages(deps.queues, result.enqueue);
    if (result.finished) {
      await afterRun(db, deps.webhooks, { finished: result.finished, ended: null });
    }
    resumed.push(stalled.runId);
  }
  let pruned = 0;
  try {
    pruned = await pruneEndedRunTasks(db, nowMs - TASK_RETENTION_MS, PRUNE_PER_TICK);
  } catch (error) {
    // Housekeeping: its failure must not keep the write-back sweeps that follow in the same tick from running.
    console.error(JSON.stringify({ level: "error", msg: "sync.prune_failed", error: String(error) }));
  }
  return { started, resumed, pruned };
}
