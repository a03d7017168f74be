import type { Deps } from "../deps";
import { emitHostEvent } from "../webhooks/emit";
import { webhookDepsFrom } from "../webhooks/from-deps";
import { DEFAULT_WRITEBACK_CONFIG, type WritebackContext, type WritebackEvents } from "./context";

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
    await emitHostEvent(webhookDepsFrom(deps), owner.tenant_id, event.type, {
      workspaceId: owner.workspace,
      ...event.data,
    });
  },
};

export function writebackContextFor(
  deps: Deps,
  overrides: Partial<Omit<WritebackContext, "deps">> = {},
): WritebackContext {
  return {
    deps,
    config: overrides.config ?? DEFAULT_WRITEBACK_CONFIG,
    events: overrides.events ?? hostWritebackEvents,
    random: overrides.random ?? Math.random,
    sleep: overrides.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms))),
  };
}
