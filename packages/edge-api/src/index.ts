/**
 * @module Workers entry: wiring only. Each handler parses env once, builds deps, and delegates.
 */
import { createApp } from "./app";
import { createDeps } from "./deps";
import { parseEnv } from "./env";
import { handleSyncDeadLetterBatch, handleSyncQueueBatch, syncQueueDepsFrom } from "./sync/consumer";
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
      case "ashby-kit-sync":
        await handleSyncQueueBatch(batch, syncQueueDepsFrom(deps));
        return;
      case "ashby-kit-sync-dlq":
        await handleSyncDeadLetterBatch(batch, syncQueueDepsFrom(deps));
        return;
      default:
        // Other queues (sync) are wired by their owners; never ack their messages silently.
        deps.logger.error("queue.unknown", { queue: batch.queue });
        batch.retryAll({ delaySeconds: 60 });
    }
  },
} satisfies ExportedHandler<Env>;
