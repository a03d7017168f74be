import type { Deps } from "../deps";
import { sendAll } from "../lib/send-all";
import type { WebhookDeps } from "./webhook-deps";

/** Host webhook deliveries ride the `sync` queue (see webhooks/consumer.ts for why). */
export function webhookDepsFrom(
  deps: Deps,
  fetcher: (request: Request) => Promise<Response> = (r) => fetch(r),
): WebhookDeps {
  return {
    db: deps.config.DB,
    clock: deps.clock,
    newId: (prefix) => deps.ids.make(prefix),
    encryptor: deps.encryptor,
    fetch: fetcher,
    send: (messages) => sendAll(deps.queues.sync, messages),
    timeoutMs: 10_000,
  };
}
