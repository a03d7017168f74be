import { isListEntity, type ListEntityName } from "./entities";
import { runScratchDeletes, type SyncRunEntityRow, type SyncRunRow } from "./run-store";

/** Children whose parent disappeared are gone too (a deleted candidate's notes and files). */
const CASCADES: Partial<Record<ListEntityName, string[]>> = {
  candidates: ["attachments", "notes"],
  interview_schedules: ["interview_events"],
  applications: ["application_history"],
};

export type EntityChanges = { upserted: string[]; deleted: string[]; truncated: boolean; written: number };

export type FinishedRun = {
  runId: string;
  connectionId: string;
  changes: Record<string, EntityChanges>;
};

/**
 * What closing a run starts from: the run, its entity rows and the ids it wrote per entity (sync_run_changed_ids),
 * or no run while any of its tasks is pending.
 */
export type ClosingState = {
  run: SyncRunRow | null;
  entities: SyncRunEntityRow[];
  changedIds: ReadonlyMap<string, string[]>;
};

/**
 * The closing state as three reads a step appends to its own commit batch, after the statement that completes its
 * task: the step that commits a run's last task then closes the run without a read of its own, one D1 round trip
 * less at the end of every run, where everything waits for it. While any task is pending they return no rows.
 */
function closingStateStatements(db: D1Database, runId: string): D1PreparedStatement[] {
  const nonePending = `NOT EXISTS (SELECT 1 FROM sync_tasks WHERE run_id = ?1 AND status = 'pending')`;
  return [
    db.prepare(`SELECT * FROM sync_runs WHERE id = ?1 AND ${nonePending}`).bind(runId),
    db
      .prepare(`SELECT * FROM sync_run_entities WHERE run_id = ?1 AND ${nonePending} ORDER BY rowid`)
      .bind(runId),
    // Every commit of the run asks, and only the last one gets rows: the gate is the outer loop (CROSS JOIN keeps
    // SQLite from reordering it), so while tasks are pending the run's ids are not scanned at all. As a plain
    // WHERE condition they were, at every commit: 52-56 ms of SQLite time per 1 %-changed run in pnpm bench:sync.
    db
      .prepare(
        `SELECT c.entity, json_group_array(c.ashby_id) AS ids
         FROM (SELECT 1 WHERE ${nonePending}) AS gate CROSS JOIN sync_run_changed_ids c
         WHERE c.run_id = ?1 GROUP BY c.entity`,
      )
      .bind(runId),
  ];
}

/** Appends `closingStateStatements` to a commit batch; returns where their answers will be, for closingStateFrom. */
export function appendClosingState(statements: D1PreparedStatement[], db: D1Database, runId: string): number {
  const at = statements.length;
  statements.push(...closingStateStatements(db, runId));
  return at;
}

/** The answers of `closingStateStatements`, pushed at `index` of a batch whose results are `results`. */
export function closingStateFrom(results: D1Result[], index: number): ClosingState {
  const changed = (results[index + 2]?.results ?? []) as { entity: string; ids: string }[];
  return {
    run: (results[index]?.results[0] as SyncRunRow | undefined) ?? null,
    entities: (results[index + 1]?.results ?? []) as SyncRunEntityRow[],
    changedIds: new Map(changed.map((row) => [row.entity, JSON.parse(row.ids) as string[]])),
  };
}

/**
 * Called after every committed task: when no task of the run is pending any more, reconcile and close the run.
 *
 * Reconciliation: for every list entity whose pass in this run was full and ran to its last page, records not seen
 * on any page of that pass are soft-deleted. A run that failed or was cancelled never gets here, so a partial pass
 * never deletes anything. Every statement is guarded by "run still running" and the batch is one transaction, so
 * two consumers finishing the last two tasks at once cannot both reconcile (the second sees a finished run).
 */
export async function finalizeRunIfComplete(
  db: D1Database,
  runId: string,
  nowMs: number,
  /** Read by the caller's own commit batch (closingStateStatements); read here when absent. */
  closing?: ClosingState,
): Promise<FinishedRun | null> {
  const { run, entities, changedIds } = closing ?? (await readClosingState(db, runId));
  if (run?.status !== "running") {
    return null;
  }
  const reconciled = entities.filter(
    (e): e is SyncRunEntityRow & { entity: ListEntityName } =>
      isListEntity(e.entity) && e.mode === "full" && e.status === "done",
  );
  const runningGuard = `EXISTS (SELECT 1 FROM sync_runs WHERE id = ?2 AND status = 'running')`;
  const statements: D1PreparedStatement[] = [];
  const labels: { entity: string; returnsIds: boolean }[] = [];
  for (const entity of reconciled) {
    statements.push(
      db
        .prepare(
          `UPDATE synced_records SET deleted_at = ?4, changed_at = ?4, run_id = ?2
           WHERE connection_id = ?1 AND entity = ?3 AND deleted_at IS NULL AND ${runningGuard}
             AND ashby_id NOT IN (
               SELECT j.value FROM sync_seen_pages p, json_each(p.ids) j WHERE p.run_id = ?2 AND p.entity = ?3)
           RETURNING ashby_id`,
        )
        .bind(run.connection_id, runId, entity.entity, nowMs),
    );
    labels.push({ entity: entity.entity, returnsIds: true });
    for (const child of CASCADES[entity.entity] ?? []) {
      statements.push(
        db
          .prepare(
            `UPDATE synced_records SET deleted_at = ?4, changed_at = ?4, run_id = ?2
             WHERE connection_id = ?1 AND entity = ?3 AND deleted_at IS NULL AND ${runningGuard}
               AND parent_id IN (SELECT ashby_id FROM synced_records
                                 WHERE connection_id = ?1 AND entity = ?5 AND deleted_at IS NOT NULL)
             RETURNING ashby_id`,
          )
          .bind(run.connection_id, runId, child, nowMs, entity.entity),
      );
      labels.push({ entity: child, returnsIds: true });
    }
  }
  statements.push(
    db
      .prepare(
        `UPDATE sync_runs SET status = 'succeeded', finished_at = ?2, heartbeat_at = ?2
         WHERE id = ?1 AND status = 'running'`,
      )
      .bind(runId, nowMs),
  );
  statements.push(
    // Both were read above (reconciliation, and the webhooks this close sends); a second closer finds the run
    // closed and sends nothing.
    ...runScratchDeletes(db, runId),
    db.prepare(`UPDATE sync_run_entities SET status = 'done' WHERE run_id = ?1`).bind(runId),
  );
  const results = await db.batch<{ ashby_id: string }>(statements);
  const closed = results[labels.length];
  if ((closed?.meta.changes ?? 0) === 0) {
    return null;
  }

  const deleted = new Map<string, string[]>();
  labels.forEach((label, i) => {
    const ids = (results[i]?.results ?? []).map((r) => r.ashby_id);
    deleted.set(label.entity, [...(deleted.get(label.entity) ?? []), ...ids]);
  });
  const counters = [...deleted.entries()]
    .filter(([, ids]) => ids.length > 0)
    .map(([entity, ids]) =>
      db
        .prepare(
          `UPDATE sync_run_entities SET records_deleted = records_deleted + ?3 WHERE run_id = ?1 AND entity = ?2`,
        )
        .bind(runId, entity, ids.length),
    );
  if (counters.length > 0) {
    await db.batch(counters);
  }

  const changes: Record<string, EntityChanges> = {};
  for (const entity of entities) {
    const upserted = changedIds.get(entity.entity) ?? [];
    const gone = deleted.get(entity.entity) ?? [];
    if (entity.records_written > 0 || gone.length > 0) {
      changes[entity.entity] = {
        upserted,
        deleted: gone,
        truncated: upserted.length < entity.records_written,
        written: entity.records_written,
      };
    }
  }
  return { runId, connectionId: run.connection_id, changes };
}

async function readClosingState(db: D1Database, runId: string): Promise<ClosingState> {
  return closingStateFrom(await db.batch(closingStateStatements(db, runId)), 0);
}
