import type { SyncTaskMessage } from "@ashby-kit/shared";
import { type FinishedRun, finalizeRunIfComplete } from "./finalize-run";
import { messageFor, pendingTasks } from "./task-store";

/**
 * Messages for every pending task of a run, from their checkpoints. Queues deliver at least once, but a message
 * can still be lost to us: the worker died between committing a page and sending the next message, or a deploy
 * dropped an invocation. The run's tasks and checkpoints are in D1, so re-sending the pending ones continues the
 * run exactly where its last committed page left it (a task already done is a no-op when it arrives).
 */
export async function resumeRunMessages(db: D1Database, runId: string): Promise<SyncTaskMessage[]> {
  const tasks = await pendingTasks(db, runId);
  return tasks.map((task) =>
    messageFor({ id: task.id, runId: task.run_id, connectionId: task.connection_id, kind: task.kind }),
  );
}

export type StalledRun = { runId: string; connectionId: string };

/** Runs in flight whose last committed page is older than `quietForMs`: candidates for a resume. */
export async function findStalledRuns(
  db: D1Database,
  nowMs: number,
  quietForMs: number,
): Promise<StalledRun[]> {
  const rows = await db
    .prepare(
      `SELECT id, connection_id FROM sync_runs
       WHERE status IN ('queued', 'running') AND heartbeat_at <= ?1 ORDER BY heartbeat_at LIMIT 50`,
    )
    .bind(nowMs - quietForMs)
    .all<{ id: string; connection_id: string }>();
  return rows.results.map((row) => ({ runId: row.id, connectionId: row.connection_id }));
}

/**
 * Resume one stalled run: re-send its pending tasks, or, when none is pending (the process died after the last
 * page but before closing the run), close it now. Touches the heartbeat so the next sweep leaves it alone.
 */
export async function resumeRun(
  db: D1Database,
  runId: string,
  nowMs: number,
): Promise<{ enqueue: SyncTaskMessage[]; finished: FinishedRun | null }> {
  await db.prepare(`UPDATE sync_runs SET heartbeat_at = ?2 WHERE id = ?1`).bind(runId, nowMs).run();
  const enqueue = await resumeRunMessages(db, runId);
  if (enqueue.length > 0) {
    return { enqueue, finished: null };
  }
  await db
    .prepare(
      `UPDATE sync_runs SET status = 'running', started_at = COALESCE(started_at, ?2) WHERE id = ?1 AND status = 'queued'`,
    )
    .bind(runId, nowMs)
    .run();
  return { enqueue: [], finished: await finalizeRunIfComplete(db, runId, nowMs) };
}
