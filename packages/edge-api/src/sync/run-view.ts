import type { SyncRun } from "@ashby-kit/shared";
import { getRunEntities, knownEntityRows, type SyncRunEntityRow, type SyncRunRow } from "./run-store";

const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());

function progressOf(entity: SyncRunEntityRow): number | null {
  if (entity.status === "done") {
    return 1;
  }
  if (entity.total_known && entity.total_known > 0) {
    return Math.min(1, entity.pages_done / entity.total_known);
  }
  return null;
}

/** A run as `GET /v1/sync-runs*` shows it. */
export function toSyncRunView(
  run: SyncRunRow,
  entities: SyncRunEntityRow[],
  nextScheduledAt: number | null,
): SyncRun {
  return {
    id: run.id,
    status: run.status,
    trigger: run.trigger,
    mode: run.mode,
    createdAt: new Date(run.created_at).toISOString(),
    startedAt: iso(run.started_at),
    finishedAt: iso(run.finished_at),
    entities: knownEntityRows(entities).map((e) => ({
      entity: e.entity,
      mode: e.mode,
      status: e.status,
      pagesDone: e.pages_done,
      recordsSeen: e.records_seen,
      recordsWritten: e.records_written,
      recordsDeleted: e.records_deleted,
      ashbyCalls: e.ashby_calls,
      progress: progressOf(e),
    })),
    error: run.error_code ? { code: run.error_code, message: run.error_message ?? "" } : null,
    nextScheduledAt: iso(nextScheduledAt),
  };
}

export async function loadSyncRunView(db: D1Database, run: SyncRunRow, nextScheduledAt: number | null) {
  return toSyncRunView(run, await getRunEntities(db, run.id), nextScheduledAt);
}

export async function listRuns(
  db: D1Database,
  connectionId: string,
  limit: number,
  cursor: string | undefined,
): Promise<{ runs: SyncRunRow[]; nextCursor: string | null }> {
  const rows = await db
    .prepare(
      `SELECT * FROM sync_runs WHERE connection_id = ?1 AND (?2 IS NULL OR id < ?2) ORDER BY id DESC LIMIT ?3`,
    )
    .bind(connectionId, cursor ?? null, limit + 1)
    .all<SyncRunRow>();
  const runs = rows.results.slice(0, limit);
  return { runs, nextCursor: rows.results.length > limit ? (runs.at(-1)?.id ?? null) : null };
}
