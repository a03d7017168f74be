import type { HostEventData } from "@ashby-kit/shared";
import type { Deps } from "../deps";
import { budgetPolicyFrom } from "../sync/budget";
import { emitHostEvent } from "../webhooks/emit";
import { webhookDepsFrom } from "../webhooks/from-deps";
import {
  DEFAULT_WRITEBACK_CONFIG,
  type WritebackContext,
  type WritebackEventOf,
  type WritebackEvents,
  type WritebackEventType,
} from "./context";

/**
 * Write-back outcomes as host webhooks (`feedback.submitted`, `feedback.failed`, `feedback.deleted_in_ashby`,
 * `write.failed`), through the webhook module: stored, signed, delivered and retried there. Callers emit only
 * after the ledger row changed, so one outcome is one event.
 */
export const hostWritebackEvents: WritebackEvents = {
  async emit(deps, event) {
    const owner = await deps.config.DB.prepare(
      `SELECT c.tenant_id AS tenant_id, w.external_id AS workspace FROM connections c
       JOIN workspaces w ON w.id = c.workspace_id WHERE c.id = ?1`,
    )
      .bind(event.connectionId)
      .first<{ tenant_id: string; workspace: string }>();
    if (!owner) {
      deps.logger.warn("writeback.event_without_connection", { type: event.type, eventKey: event.eventKey });
      return;
    }
    await emitWithWorkspace(deps, owner.tenant_id, owner.workspace, event);
  },
};

/** The event's data plus the host's workspace id: the host event of the same type (see HostEventData). */
function emitWithWorkspace<T extends WritebackEventType>(
  deps: Deps,
  tenantId: string,
  workspaceId: string,
  event: WritebackEventOf<T>,
) {
  // TypeScript cannot see that Omit<D, "workspaceId"> & { workspaceId } is D again for a generic D.
  const data = { workspaceId, ...event.data } as HostEventData<T>;
  return emitHostEvent(webhookDepsFrom(deps), tenantId, event.type, data);
}

export function writebackContextFor(
  deps: Deps,
  overrides: Partial<Omit<WritebackContext, "deps">> = {},
): WritebackContext {
  return {
    deps,
    // The same per-connection budget as the sync engine's (syncDepsFrom), so the two lanes share one bucket.
    config: overrides.config ?? { ...DEFAULT_WRITEBACK_CONFIG, budget: budgetPolicyFrom(deps.config) },
    events: overrides.events ?? hostWritebackEvents,
    random: overrides.random ?? Math.random,
    sleep: overrides.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms))),
  };
}
