import { Webhook } from "standardwebhooks";
import { openSecret } from "./endpoint-store";
import type { WebhookDeps } from "./webhook-deps";

export type DeliveryOutcome =
  | { type: "succeeded"; status: number }
  /** Worth retrying later (non-2xx, timeout, network). */
  | { type: "failed"; status: number | null; error: string | null }
  /** Nothing to send: unknown delivery, already delivered, or its endpoint is gone or disabled. */
  | { type: "skipped"; reason: string };

type DeliveryJoin = {
  id: string;
  status: string;
  attempt_count: number;
  event_id: string;
  endpoint_id: string;
  payload: string;
  url: string | null;
  secret: string | null;
  secret_key_id: string | null;
  endpoint_status: string | null;
};

/**
 * One attempt to deliver one event to one endpoint, signed with Standard Webhooks headers (`webhook-id`,
 * `webhook-timestamp`, `webhook-signature`) by the maintained `standardwebhooks` library. Every attempt is
 * recorded, successful or not.
 */
export async function attemptDelivery(
  deps: WebhookDeps,
  deliveryId: string,
  trigger: "queue" | "replay",
): Promise<DeliveryOutcome> {
  const row = await deps.db
    .prepare(
      `SELECT d.id, d.status, d.attempt_count, d.event_id, d.endpoint_id, e.payload, p.url, p.secret, p.secret_key_id,
         p.status AS endpoint_status
       FROM webhook_deliveries d
       JOIN webhook_events e ON e.id = d.event_id
       LEFT JOIN webhook_endpoints p ON p.id = d.endpoint_id
       WHERE d.id = ?1`,
    )
    .bind(deliveryId)
    .first<DeliveryJoin>();
  if (!row) {
    return { type: "skipped", reason: "unknown_delivery" };
  }
  if (row.status === "succeeded" && trigger === "queue") {
    return { type: "skipped", reason: "already_delivered" };
  }
  if (!row.url || !row.secret || row.endpoint_status !== "enabled") {
    await finish(deps, deliveryId, "failed");
    return { type: "skipped", reason: "endpoint_gone" };
  }

  const started = deps.clock.now();
  let status: number | null = null;
  let error: string | null = null;
  const t0 = Date.now();
  const secret = await openSecret(deps.encryptor, {
    id: row.endpoint_id,
    secret: row.secret,
    secret_key_id: row.secret_key_id,
  });
  if (!secret.ok) {
    // The key that sealed the secret left the keyring (ENCRYPTION_KEYS): nothing can be signed. The attempt is
    // recorded as failed and retried like any other, so putting the key back lets the delivery go through.
    error = `signing secret cannot be opened (${secret.reason}); is its key still in ENCRYPTION_KEYS?`;
  } else {
    const signature = new Webhook(secret.secret).sign(row.event_id, started, row.payload);
    try {
      const response = await deps.fetch(
        new Request(row.url, {
          method: "POST",
          headers: {
            "content-type": "application/json",
            "user-agent": "ashby-kit-webhooks",
            "webhook-id": row.event_id,
            "webhook-timestamp": Math.floor(started.getTime() / 1000).toString(),
            "webhook-signature": signature,
          },
          body: row.payload,
          signal: AbortSignal.timeout(deps.timeoutMs),
        }),
      );
      status = response.status;
      // Drain the body so the connection is released; its content does not matter.
      await response.body?.cancel();
    } catch (thrown) {
      error = thrown instanceof Error ? `${thrown.name}: ${thrown.message}`.slice(0, 500) : "fetch failed";
    }
  }
  const durationMs = Math.max(0, Date.now() - t0);
  const succeeded = status !== null && status >= 200 && status < 300;
  await deps.db.batch([
    deps.db
      .prepare(
        `INSERT INTO webhook_attempts (id, delivery_id, attempt, trigger, started_at, duration_ms, response_status, error, succeeded)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)`,
      )
      .bind(
        deps.newId("att"),
        deliveryId,
        row.attempt_count + 1,
        trigger,
        started.getTime(),
        durationMs,
        status,
        error,
        succeeded ? 1 : 0,
      ),
    deps.db
      .prepare(
        `UPDATE webhook_deliveries SET attempt_count = attempt_count + 1, last_attempt_at = ?2, updated_at = ?2,
           status = CASE WHEN ?3 = 1 THEN 'succeeded' ELSE 'pending' END
         WHERE id = ?1`,
      )
      .bind(deliveryId, started.getTime(), succeeded ? 1 : 0),
  ]);
  return succeeded ? { type: "succeeded", status: status ?? 200 } : { type: "failed", status, error };
}

/** Retries are exhausted (dead letter) or the endpoint is gone: the delivery ends failed. */
export async function finish(deps: WebhookDeps, deliveryId: string, status: "failed"): Promise<void> {
  await deps.db
    .prepare(
      `UPDATE webhook_deliveries SET status = ?2, updated_at = ?3 WHERE id = ?1 AND status = 'pending'`,
    )
    .bind(deliveryId, status, deps.clock.now().getTime())
    .run();
}

/** `POST /v1/webhook-deliveries/{id}/replay`: back to pending and onto the queue, whatever its last outcome. */
export async function replayDelivery(
  deps: WebhookDeps,
  tenantId: string,
  deliveryId: string,
): Promise<boolean> {
  const result = await deps.db
    .prepare(
      `UPDATE webhook_deliveries SET status = 'pending', updated_at = ?3 WHERE id = ?1 AND tenant_id = ?2`,
    )
    .bind(deliveryId, tenantId, deps.clock.now().getTime())
    .run();
  if (result.meta.changes === 0) {
    return false;
  }
  await deps.send([{ kind: "webhook", version: 1, deliveryId, trigger: "replay" }]);
  return true;
}
