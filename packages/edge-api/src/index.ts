/**
 * @module Workers entry: wiring only. Each handler parses env once, builds deps, and delegates.
 */
import { createApp } from "./app";
import { createDeps } from "./deps";
import { parseEnv } from "./env";
import { handleSyncDeadLetterBatch, handleSyncQueueBatch, syncQueueDepsFrom } from "./sync/consumer";
import { SYNC_PAGES_QUEUE, SYNC_WORK_QUEUE } from "./sync/queues";
import { runScheduledSync } from "./sync/scheduled";
import { handleWritebackBatch, handleWritebackDeadLetters } from "./writeback/consumer";
import { writebackContextFor } from "./writeback/context-for";
import { resendWaitingWrites, reverifySubmittedFeedback } from "./writeback/sweep";

const app = createApp({ depsFor: (bindings) => createDeps(parseEnv(bindings)) });

export default {
  fetch(request, env, ctx) {
    return app.fetch(request, env, ctx);
  },
  async scheduled(_controller, env, ctx) {
    const deps = await createDeps(parseEnv(env));
    const writeback = writebackContextFor(deps);
    ctx.waitUntil(
      (async () => {
        await runScheduledSync(syncQueueDepsFrom(deps));
        await resendWaitingWrites(writeback);
        await reverifySubmittedFeedback(writeback);
      })(),
    );
  },
  async queue(batch, env, _ctx) {
    const deps = await createDeps(parseEnv(env));
    switch (batch.queue) {
      case "ashby-kit-writeback":
        await handleWritebackBatch(batch, writebackContextFor(deps));
        return;
      case "ashby-kit-writeback-dlq":
        await handleWritebackDeadLetters(batch, writebackContextFor(deps));
        return;
      case SYNC_WORK_QUEUE:
        await handleSyncQueueBatch(batch, syncQueueDepsFrom(deps), "work");
        return;
      case SYNC_PAGES_QUEUE:
        await handleSyncQueueBatch(batch, syncQueueDepsFrom(deps), "pages");
        return;
      case "ashby-kit-sync-dlq":
        await handleSyncDeadLetterBatch(batch, syncQueueDepsFrom(deps));
        return;
      default:
        // A queue this worker does not know (a wrangler.jsonc typo): never ack its messages silently.
        deps.logger.error("queue.unknown", { queue: batch.queue });
        batch.retryAll({ delaySeconds: 60 });
    }
  },
} satisfies ExportedHandler<Env>;
