import { handleAshbyAuthFailure } from "../connection/mark-needs-reauth";
import type { Deps } from "../deps";
import { budgetPolicyFrom } from "./budget";
import type { SyncQueues } from "./queues";
import { DEFAULT_SYNC_CONFIG, type SyncDeps } from "./sync-deps";

/** The engine's dependencies, built from the worker's (queue consumer, cron and routes all use this). */
export function syncDepsFrom(deps: Deps): SyncDeps {
  return {
    db: deps.config.DB,
    clock: deps.clock,
    random: Math.random,
    newId: (prefix) => deps.ids.make(prefix),
    async openConnection(row) {
      // ashbyFor refuses a connection that is not active before it decrypts anything.
      const opened = await deps.ashbyFor(row);
      return { id: row.id, status: row.status, client: opened.ok ? opened.value : null };
    },
    async onAuthFailure(connectionId, error) {
      await handleAshbyAuthFailure(deps, connectionId, error);
    },
    config: DEFAULT_SYNC_CONFIG,
    budget: budgetPolicyFrom(deps.config),
  };
}

export function syncQueuesFrom(deps: Deps): SyncQueues {
  return { work: deps.queues.sync, pages: deps.queues.syncPages };
}
