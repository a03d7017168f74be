import { SyncTaskMessageSchema, WebhookDeliveryMessageSchema } from "@ashby-kit/shared";
import { z } from "zod";
import type { Deps } from "../deps";
import { handleWebhookDeadLetter, handleWebhookMessage } from "../webhooks/consumer";
import { webhookDepsFrom } from "../webhooks/from-deps";
import type { WebhookDeps } from "../webhooks/webhook-deps";
import { afterRun } from "./after-run";
import { syncDepsFrom, syncQueuesFrom } from "./from-deps";
import { queueFor, runSyncBatch, type SyncLane, type SyncQueues, sendSyncMessages } from "./queues";
import { failRunFromDeadLetter, runSyncStep } from "./step";
import type { SyncDeps } from "./sync-deps";

/** Everything that travels on the `sync` queue. */
export const SyncQueueMessageSchema = z.discriminatedUnion("kind", [
  SyncTaskMessageSchema,
  WebhookDeliveryMessageSchema,
]);

export type SyncQueueDeps = { sync: SyncDeps; webhooks: WebhookDeps; queues: SyncQueues };

export function syncQueueDepsFrom(deps: Deps): SyncQueueDeps {
  const queues = syncQueuesFrom(deps);
  return {
    sync: { ...syncDepsFrom(deps), send: (messages) => sendSyncMessages(queues, messages) },
    webhooks: webhookDepsFrom(deps),
    queues,
  };
}

/**
 * The consumer of both sync queues (see queues.ts): one message = one run of pages of a list chain, one chunk of
 * per-parent calls, or one webhook delivery attempt; each is acked, retried or re-sent on its own. How a batch's
 * messages share the invocation depends on the queue (`runSyncBatch`).
 */
export async function handleSyncQueueBatch(
  batch: MessageBatch<unknown>,
  deps: SyncQueueDeps,
  lane: SyncLane,
): Promise<void> {
  await runSyncBatch(lane, batch.messages, (message) => handleSyncMessage(message, deps));
}

async function handleSyncMessage(message: Message<unknown>, deps: SyncQueueDeps): Promise<void> {
  const parsed = SyncQueueMessageSchema.safeParse(message.body);
  if (!parsed.success) {
    // A message we cannot read will not become readable by retrying it.
    console.error(JSON.stringify({ level: "error", msg: "sync_queue.bad_message", id: message.id }));
    message.ack();
    return;
  }
  const body = parsed.data;
  if (body.kind === "webhook") {
    await handleWebhookMessage(deps.webhooks, message, body);
    return;
  }
  const outcome = await runSyncStep(deps.sync, body);
  switch (outcome.type) {
    case "done":
      await sendSyncMessages(deps.queues, outcome.enqueue);
      message.ack();
      if (outcome.finished || outcome.ended) {
        await afterRun(deps.sync.db, deps.webhooks, { finished: outcome.finished, ended: outcome.ended });
      }
      break;
    case "dropped":
      message.ack();
      break;
    case "retry":
      await sendSyncMessages(deps.queues, outcome.enqueue);
      message.retry({ delaySeconds: outcome.delaySeconds });
      break;
    case "defer":
      await sendSyncMessages(deps.queues, outcome.enqueue);
      await queueFor(deps.queues, body).send(body, { delaySeconds: outcome.delaySeconds });
      message.ack();
      break;
    default:
      outcome satisfies never;
  }
}

/** The `sync` dead-letter queue: the run (or the webhook delivery) ends failed with the last recorded reason. */
export async function handleSyncDeadLetterBatch(
  batch: MessageBatch<unknown>,
  deps: SyncQueueDeps,
): Promise<void> {
  for (const message of batch.messages) {
    const parsed = SyncQueueMessageSchema.safeParse(message.body);
    if (!parsed.success) {
      message.ack();
      continue;
    }
    const body = parsed.data;
    if (body.kind === "webhook") {
      await handleWebhookDeadLetter(deps.webhooks, message, body);
      continue;
    }
    const ended = await failRunFromDeadLetter(deps.sync, body);
    message.ack();
    if (ended) {
      await afterRun(deps.sync.db, deps.webhooks, { finished: null, ended });
    }
  }
}
