import { type HostEventData, isSyncEntityName, type SyncInterval } from "@ashby-kit/shared";
import { nextSyncAfter } from "../connection/schedule";
import { emitHostEvent } from "../webhooks/emit";
import type { WebhookDeps } from "../webhooks/webhook-deps";
import type { FinishedRun } from "./finalize-run";
import { getRun, getRunEntities, knownEntityRows } from "./run-store";
import type { EndedRun } from "./step";

type ConnectionJoin = {
  id: string;
  tenant_id: string;
  status: string;
  sync_interval: SyncInterval;
  connected_at: number | null;
  last_sync_at: number | null;
  workspace_external_id: string;
};

/** ids per records.changed event: large changes are split into several events rather than truncated further. */
const IDS_PER_EVENT = 1000;

/**
 * What follows the end of a run: the connection's last/next sync times, and the host webhooks (`sync.completed`
 * + `records.changed`, or `sync.failed`, plus `connection.needs_reauth` when Ashby refused the key).
 */
export async function afterRun(
  db: D1Database,
  webhooks: WebhookDeps,
  outcome: { finished: FinishedRun | null; ended: EndedRun | null },
): Promise<void> {
  const runId = outcome.finished?.runId ?? outcome.ended?.runId;
  const connectionId = outcome.finished?.connectionId ?? outcome.ended?.connectionId;
  if (!runId || !connectionId) {
    return;
  }
  const connection = await db
    .prepare(
      `SELECT c.id, c.tenant_id, c.status, c.sync_interval, c.connected_at, c.last_sync_at, w.external_id AS workspace_external_id
       FROM connections c JOIN workspaces w ON w.id = c.workspace_id WHERE c.id = ?1`,
    )
    .bind(connectionId)
    .first<ConnectionJoin>();
  if (!connection) {
    return;
  }
  const now = webhooks.clock.now();
  const succeeded = outcome.finished !== null;
  const lastSync = succeeded
    ? now
    : connection.last_sync_at === null
      ? null
      : new Date(connection.last_sync_at);
  const connectedAt = connection.connected_at === null ? null : new Date(connection.connected_at);
  // A failed run is retried one interval later like any other; paused/disconnected connections get no next time.
  const next =
    connection.status === "active"
      ? nextSyncAfter(connection.sync_interval, lastSync ?? now, connectedAt, now).getTime()
      : null;
  await db
    .prepare(
      `UPDATE connections SET last_sync_at = COALESCE(?2, last_sync_at), next_sync_at = ?3, updated_at = ?4 WHERE id = ?1`,
    )
    .bind(connectionId, succeeded ? now.getTime() : null, next, now.getTime())
    .run();

  const run = await getRun(db, runId);
  const entities = await getRunEntities(db, runId);
  const base = { workspaceId: connection.workspace_external_id, connectionId, runId };
  if (outcome.finished) {
    await emitHostEvent(webhooks, connection.tenant_id, "sync.completed", {
      ...base,
      trigger: run?.trigger ?? null,
      mode: run?.mode ?? null,
      startedAt: run?.started_at ? new Date(run.started_at).toISOString() : null,
      finishedAt: run?.finished_at ? new Date(run.finished_at).toISOString() : null,
      entities: knownEntityRows(entities).map((e) => ({
        entity: e.entity,
        recordsSeen: e.records_seen,
        recordsWritten: e.records_written,
        recordsDeleted: e.records_deleted,
      })),
    });
    for (const batch of changeBatches(outcome.finished)) {
      await emitHostEvent(webhooks, connection.tenant_id, "records.changed", { ...base, changes: batch });
    }
    return;
  }
  const ended = outcome.ended;
  if (!ended) {
    return;
  }
  await emitHostEvent(webhooks, connection.tenant_id, "sync.failed", {
    ...base,
    status: ended.status,
    error: { code: ended.code, message: ended.message },
  });
  if (ended.needsReauth) {
    await emitHostEvent(webhooks, connection.tenant_id, "connection.needs_reauth", {
      workspaceId: connection.workspace_external_id,
      connectionId,
      code: ended.code,
      message: ended.message,
    });
  }
}

/** Splits the run's changed ids into events of at most IDS_PER_EVENT ids, entity by entity. */
function changeBatches(finished: FinishedRun) {
  type Changes = HostEventData<"records.changed">["changes"];
  const batches: Changes[] = [];
  let current: Changes = {};
  let size = 0;
  for (const [entity, change] of Object.entries(finished.changes)) {
    if (!isSyncEntityName(entity)) {
      continue;
    }
    const ids = [
      ...change.upserted.map((id) => ["upserted", id] as const),
      ...change.deleted.map((id) => ["deleted", id] as const),
    ];
    for (let i = 0; i < ids.length || i === 0; ) {
      const room = IDS_PER_EVENT - size;
      const slice = ids.slice(i, i + room);
      const entry = current[entity] ?? {
        upserted: [],
        deleted: [],
        truncated: change.truncated,
        total: change.written,
      };
      for (const [kind, id] of slice) {
        entry[kind].push(id);
      }
      current[entity] = entry;
      size += slice.length;
      i += Math.max(slice.length, 1);
      if (size >= IDS_PER_EVENT) {
        batches.push(current);
        current = {};
        size = 0;
      }
    }
  }
  if (Object.keys(current).length > 0) {
    batches.push(current);
  }
  return batches;
}
