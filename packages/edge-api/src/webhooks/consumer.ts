import type { WebhookDeliveryMessage } from "@ashby-kit/shared";
import { retryDelaySeconds } from "../sync/backoff";
import { attemptDelivery, finish } from "./deliver";
import type { WebhookDeps } from "./webhook-deps";

/**
 * Host webhook deliveries travel on the `sync` queue with `kind: "webhook"` rather than a queue of their own:
 * every event they carry is produced by the sync engine, the sync queue's policy (10 retries with our own
 * backoff, then its dead-letter queue) is what Standard Webhooks receivers expect, and it keeps wrangler.jsonc
 * and the deployment at the two queues the architecture settled on. A delivery never calls Ashby, so it takes
 * nothing from the per-connection Ashby budget.
 */
export async function handleWebhookMessage(
  deps: WebhookDeps,
  message: Message<unknown>,
  body: WebhookDeliveryMessage,
): Promise<void> {
  const outcome = await attemptDelivery(deps, body.deliveryId, body.trigger);
  if (outcome.type === "failed") {
    message.retry({ delaySeconds: retryDelaySeconds(message.attempts, Math.random) });
    return;
  }
  message.ack();
}

/** Retries exhausted: the delivery ends `failed` (it can still be replayed by hand). */
export async function handleWebhookDeadLetter(
  deps: WebhookDeps,
  message: Message<unknown>,
  body: WebhookDeliveryMessage,
): Promise<void> {
  await finish(deps, body.deliveryId, "failed");
  message.ack();
}
