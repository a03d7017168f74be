import type { SyncTaskMessage } from "@ashby-kit/shared";

export type TaskKind = "list" | "fanout";

export type SyncTaskRow = {
  id: string;
  run_id: string;
  connection_id: string;
  entity: string;
  kind: TaskKind;
  seq: number;
  payload: string | null;
  status: "pending" | "done" | typeof RETIRED;
  attempts: number;
  last_error_code: string | null;
  last_error_message: string | null;
};

export type NewTask = {
  id: string;
  runId: string;
  connectionId: string;
  entity: string;
  kind: TaskKind;
  seq: number;
  payload: unknown;
};

export function listTaskId(runId: string, entity: string, seq: number): string {
  return `${runId}:${entity}:${seq}`;
}

export function fanoutTaskId(
  runId: string,
  entity: string,
  parentSeq: number,
  chunk: number | string,
): string {
  return `${runId}:${entity}:${parentSeq}:${chunk}`;
}

/**
 * Bounds (exclusive) of the ids of a run's per-parent tasks for `entity` (`fanoutTaskId(runId, entity, -1, parentId)`):
 * every such id starts with the same prefix, and ";" is the character after ":", so the range holds exactly them.
 */
export function perParentTaskIdRange(runId: string, entity: string): [string, string] {
  const prefix = fanoutTaskId(runId, entity, -1, "");
  return [prefix, `${prefix.slice(0, -1)};`];
}

/**
 * The status of a task whose run ended (failed or cancelled) while it was pending. A retired fan-out task is
 * carried over into the connection's next run (start-run.ts); a retired list task is not, as the next run's chains
 * start again from their checkpoints.
 */
export const RETIRED = "retired";

/**
 * The connection's retired fan-out tasks, oldest first. Read at every run's start, so it must stay an index search
 * (sync_tasks_retired_idx, partial on the retired status) however many tasks earlier runs left in the table.
 */
export const RETIRED_FANOUT_SQL = `SELECT * FROM sync_tasks WHERE connection_id = ?1 AND kind = 'fanout' AND status = '${RETIRED}' ORDER BY created_at`;

export function retiredFanoutStatement(db: D1Database, connectionId: string): D1PreparedStatement {
  return db.prepare(RETIRED_FANOUT_SQL).bind(connectionId);
}

/** The retired task `taskId`, now that a later run has taken its work over. */
export function carriedOverStatement(db: D1Database, taskId: string, nowMs: number): D1PreparedStatement {
  return db
    .prepare(`UPDATE sync_tasks SET status = 'done', updated_at = ?2 WHERE id = ?1 AND status = '${RETIRED}'`)
    .bind(taskId, nowMs);
}

/** The parents a fan-out task asks Ashby about (its payload). */
export function parentsOf(task: Pick<SyncTaskRow, "payload">): string[] {
  if (!task.payload) {
    return [];
  }
  const payload = JSON.parse(task.payload) as { parents?: unknown };
  return Array.isArray(payload.parents)
    ? payload.parents.filter((p): p is string => typeof p === "string")
    : [];
}

/** A retired task's work in a later run: outside the range of per-parent ids (seq -1), so totals stay apart. */
export function carriedTaskId(runId: string, entity: string, index: number): string {
  return fanoutTaskId(runId, entity, -2, index);
}

export function taskStatement(db: D1Database, taskId: string): D1PreparedStatement {
  return db.prepare(`SELECT * FROM sync_tasks WHERE id = ?1`).bind(taskId);
}

export async function getTask(db: D1Database, taskId: string): Promise<SyncTaskRow | null> {
  return taskStatement(db, taskId).first<SyncTaskRow>();
}

/** Insert-or-ignore: task ids are deterministic, so processing the same page twice cannot fork a chain. */
export function insertTask(db: D1Database, task: NewTask, nowMs: number): D1PreparedStatement {
  return db
    .prepare(
      // Only for a run that exists: a page committed after a purge deleted its run must not leave (and send) tasks.
      `INSERT OR IGNORE INTO sync_tasks (id, run_id, connection_id, entity, kind, seq, payload, status, attempts, created_at, updated_at)
       SELECT ?1, ?2, ?3, ?4, ?5, ?6, ?7, 'pending', 0, ?8, ?8 WHERE EXISTS (SELECT 1 FROM sync_runs WHERE id = ?2)`,
    )
    .bind(
      task.id,
      task.runId,
      task.connectionId,
      task.entity,
      task.kind,
      task.seq,
      task.payload === undefined ? null : JSON.stringify(task.payload),
      nowMs,
    );
}

export function completeTask(db: D1Database, taskId: string, nowMs: number): D1PreparedStatement {
  return db
    .prepare(`UPDATE sync_tasks SET status = 'done', updated_at = ?2 WHERE id = ?1 AND status = 'pending'`)
    .bind(taskId, nowMs);
}

/** Keeps the last failure on the task, so a dead-lettered message can fail its run with the real reason. */
export async function recordTaskFailure(
  db: D1Database,
  taskId: string,
  code: string,
  message: string,
  nowMs: number,
): Promise<void> {
  await db
    .prepare(
      `UPDATE sync_tasks SET attempts = attempts + 1, last_error_code = ?2, last_error_message = ?3, updated_at = ?4
       WHERE id = ?1`,
    )
    .bind(taskId, code, message, nowMs)
    .run();
}

export async function pendingTasks(db: D1Database, runId: string): Promise<SyncTaskRow[]> {
  const rows = await db
    .prepare(`SELECT * FROM sync_tasks WHERE run_id = ?1 AND status = 'pending' ORDER BY created_at`)
    .bind(runId)
    .all<SyncTaskRow>();
  return rows.results;
}

export function messageFor(task: {
  id: string;
  runId: string;
  connectionId: string;
  kind: TaskKind;
}): SyncTaskMessage {
  const message: SyncTaskMessage = {
    kind: "sync",
    version: 1,
    taskId: task.id,
    runId: task.runId,
    connectionId: task.connectionId,
  };
  return task.kind === "list" ? { ...message, lane: "pages" } : message;
}
