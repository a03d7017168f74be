import { eq, inArray } from "drizzle-orm";
import type { Db } from "../db/client";
import {
  ashbyCallBudgets,
  type ConnectionRow,
  syncCheckpoints,
  syncedRecords,
  syncRunChangedIds,
  syncRunEntities,
  syncRuns,
  syncSeenPages,
  syncTasks,
} from "../db/schema";
import type { Deps } from "../deps";
import { startInitialSync } from "../sync/on-connected";
import { writebackContextFor } from "../writeback/context-for";
import { resendWaitingWrites } from "../writeback/sweep";

/**
 * The points where the connection lifecycle hands over to the sync engine and write-back. They are data on `deps` so
 * those modules wire their own implementation in one place, and tests can observe the calls.
 */
export interface ConnectionHooks {
  /**
   * After a successful connect. The connection row already has `next_sync_at = now`, so the cron starts the
   * initial sync within one tick even if this does nothing; the sync engine uses it to start the run at once.
   */
  onConnected(deps: Deps, connection: ConnectionRow): Promise<void>;
  /**
   * After a paused connection is resumed or a connection is (re)connected: the writes held meanwhile (pushes,
   * interview feedback) go out now rather than at the cron's next sweep, which stays the fallback.
   */
  onActive(deps: Deps, connectionId: string): Promise<void>;
  /** `DELETE /v1/connection?purge=true`: delete everything synced from Ashby for the connection. */
  purgeSyncedData(deps: Deps, connectionId: string): Promise<void>;
}

/** Runs `onActive`; a failure is logged, not thrown: the connection change stands and the cron sweep re-sends. */
export async function notifyConnectionActive(deps: Deps, connectionId: string): Promise<void> {
  try {
    await deps.hooks.onActive(deps, connectionId);
  } catch (error) {
    deps.logger.error("connection.on_active_failed", { connectionId, error });
  }
}

/** Deletes the connection's synced records and all sync bookkeeping, so a later reconnect starts with a full sync. */
export async function purgeSyncTables(db: Db, connectionId: string): Promise<void> {
  const runIds = db.select({ id: syncRuns.id }).from(syncRuns).where(eq(syncRuns.connectionId, connectionId));
  await db.batch([
    db.delete(syncedRecords).where(eq(syncedRecords.connectionId, connectionId)),
    db.delete(syncSeenPages).where(inArray(syncSeenPages.runId, runIds)),
    db.delete(syncRunEntities).where(inArray(syncRunEntities.runId, runIds)),
    db.delete(syncRunChangedIds).where(inArray(syncRunChangedIds.runId, runIds)),
    db.delete(syncTasks).where(eq(syncTasks.connectionId, connectionId)),
    db.delete(syncCheckpoints).where(eq(syncCheckpoints.connectionId, connectionId)),
    db.delete(syncRuns).where(eq(syncRuns.connectionId, connectionId)),
    db.delete(ashbyCallBudgets).where(eq(ashbyCallBudgets.connectionId, connectionId)),
  ]);
}

export const defaultConnectionHooks: ConnectionHooks = {
  async onConnected(deps, connection) {
    await startInitialSync(deps, connection);
  },
  async onActive(deps, connectionId) {
    await resendWaitingWrites(writebackContextFor(deps), { connectionId });
  },
  async purgeSyncedData(deps, connectionId) {
    await purgeSyncTables(deps.db, connectionId);
  },
};
