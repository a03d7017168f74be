import { SyncTaskMessageSchema, WebhookDeliveryMessageSchema } from "@ashby-kit/shared";
import { z } from "zod";
import type { Deps } from "../deps";
import { handleWebhookDeadLetter, handleWebhookMessage } from "../webhooks/consumer";
import { webhookDepsFrom } from "../webhooks/from-deps";
import type { WebhookDeps } from "../webhooks/webhook-deps";
import { afterRun } from "./after-run";
import { syncDepsFrom } from "./from-deps";
import { failRunFromDeadLetter, runSyncStep } from "./step";
import type { SyncDeps } from "./sync-deps";

/** Everything that travels on the `sync` queue. */
export const SyncQueueMessageSchema = z.discriminatedUnion("kind", [
  SyncTaskMessageSchema,
  WebhookDeliveryMessageSchema,
]);

export type SyncQueueDeps = { sync: SyncDeps; webhooks: WebhookDeps; queue: Queue };

export function syncQueueDepsFrom(deps: Deps): SyncQueueDeps {
  return { sync: syncDepsFrom(deps), webhooks: webhookDepsFrom(deps), queue: deps.queues.sync };
}

/**
 * The `sync` queue consumer: one message = one page (or one chunk of per-parent calls) of a run, or one webhook
 * delivery attempt. Messages are handled one after the other, each acked, retried or re-sent on its own.
 */
export async function handleSyncQueueBatch(batch: MessageBatch<unknown>, deps: SyncQueueDeps): Promise<void> {
  for (const message of batch.messages) {
    const parsed = SyncQueueMessageSchema.safeParse(message.body);
    if (!parsed.success) {
      // A message we cannot read will not become readable by retrying it.
      console.error(JSON.stringify({ level: "error", msg: "sync_queue.bad_message", id: message.id }));
      message.ack();
      continue;
    }
    const body = parsed.data;
    if (body.kind === "webhook") {
      await handleWebhookMessage(deps.webhooks, message, body);
      continue;
    }
    const outcome = await runSyncStep(deps.sync, body);
    switch (outcome.type) {
      case "done":
        await sendAll(deps.queue, outcome.enqueue);
        message.ack();
        if (outcome.finished || outcome.ended) {
          await afterRun(deps.sync.db, deps.webhooks, { finished: outcome.finished, ended: outcome.ended });
        }
        break;
      case "dropped":
        message.ack();
        break;
      case "retry":
        await sendAll(deps.queue, outcome.enqueue);
        message.retry({ delaySeconds: outcome.delaySeconds });
        break;
      case "defer":
        await sendAll(deps.queue, outcome.enqueue);
        await deps.queue.send(body, { delaySeconds: outcome.delaySeconds });
        message.ack();
        break;
      default:
        outcome satisfies never;
    }
  }
}

export async function sendAll(queue: Queue, messages: unknown[]): Promise<void> {
  // sendBatch takes at most 100 messages.
  for (let start = 0; start < messages.length; start += 100) {
    await queue.sendBatch(messages.slice(start, start + 100).map((body) => ({ body })));
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
