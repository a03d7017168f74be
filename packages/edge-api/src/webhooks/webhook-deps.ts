import type { WebhookDeliveryMessage } from "@ashby-kit/shared";
import type { Encryptor } from "../lib/crypto";

/** What host webhooks need from the outside world; the queue consumer and routes build it from `Deps`. */
export type WebhookDeps = {
  db: D1Database;
  clock: { now(): Date };
  newId(prefix: string): string;
  /** Opens endpoints' sealed signing secrets. */
  encryptor: Encryptor;
  /** Reaches the host's endpoint (global fetch in production; a recording receiver in tests). */
  fetch(request: Request): Promise<Response>;
  send(messages: WebhookDeliveryMessage[]): Promise<void>;
  /** Per-attempt timeout. */
  timeoutMs: number;
};
