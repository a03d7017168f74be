import type { HostEventData, HostEventType, WebhookDeliveryMessage } from "@ashby-kit/shared";
import type { WebhookDeps } from "./webhook-deps";

/**
 * Record one host event and a delivery for every enabled endpoint of the tenant that subscribed to its type, then
 * queue the deliveries. The event row keeps the exact body, so retries and replays send the same bytes with the
 * same `webhook-id` (receivers deduplicate on it).
 */
export async function emitHostEvent<T extends HostEventType>(
  deps: WebhookDeps,
  tenantId: string,
  type: T,
  data: HostEventData<T>,
): Promise<{ eventId: string; deliveries: number }> {
  const now = deps.clock.now();
  const endpoints = await deps.db
    .prepare(
      `SELECT id FROM webhook_endpoints
       WHERE tenant_id = ?1 AND status = 'enabled'
         AND EXISTS (SELECT 1 FROM json_each(event_types) WHERE value IN ('*', ?2))`,
    )
    .bind(tenantId, type)
    .all<{ id: string }>();
  const eventId = deps.newId("msg");
  // The shape is HostEventSchema's (packages/shared), checked at compile time through `HostEventData<T>`.
  const body = { type, timestamp: now.toISOString(), data };
  const statements = [
    deps.db
      .prepare(
        `INSERT INTO webhook_events (id, tenant_id, type, payload, created_at) VALUES (?1, ?2, ?3, ?4, ?5)`,
      )
      .bind(eventId, tenantId, type, JSON.stringify(body), now.getTime()),
  ];
  const messages: WebhookDeliveryMessage[] = [];
  for (const endpoint of endpoints.results) {
    const deliveryId = deps.newId("dlv");
    statements.push(
      deps.db
        .prepare(
          `INSERT INTO webhook_deliveries (id, tenant_id, event_id, endpoint_id, status, attempt_count, created_at, updated_at)
           VALUES (?1, ?2, ?3, ?4, 'pending', 0, ?5, ?5)`,
        )
        .bind(deliveryId, tenantId, eventId, endpoint.id, now.getTime()),
    );
    messages.push({ kind: "webhook", version: 1, deliveryId, trigger: "queue" });
  }
  // Events without subscribers are not stored: nobody can list or replay them.
  if (messages.length === 0) {
    return { eventId, deliveries: 0 };
  }
  await deps.db.batch(statements);
  await deps.send(messages);
  return { eventId, deliveries: messages.length };
}
