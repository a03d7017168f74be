import type { ConnectionRow } from "../db/schema";
import type { Deps } from "../deps";
import { syncDepsFrom, syncQueuesFrom } from "./from-deps";
import { sendSyncMessages } from "./queues";
import { startSyncRun } from "./start-run";

/**
 * The initial sync, started the moment a connection is made (connection hooks call this). It is a full pass, so a
 * reconnect after a while also reconciles what was deleted in Ashby meanwhile. If sending fails, the connection's
 * next_sync_at is already due and the cron picks it up at its next tick.
 */
export async function startInitialSync(deps: Deps, connection: ConnectionRow): Promise<void> {
  const started = await startSyncRun(syncDepsFrom(deps), {
    connectionId: connection.id,
    trigger: "initial",
    mode: "full",
  });
  await sendSyncMessages(syncQueuesFrom(deps), started.enqueue);
  deps.logger.info("sync.initial_started", {
    connectionId: connection.id,
    runId: started.runId,
    created: started.created,
  });
}
