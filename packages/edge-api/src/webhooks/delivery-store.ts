import type {
  HostEventType,
  ListWebhookDeliveriesQuery,
  WebhookDelivery,
  WebhookDeliveryList,
} from "@ashby-kit/shared";

type DeliveryRow = {
  id: string;
  endpoint_id: string;
  event_id: string;
  type: HostEventType;
  status: WebhookDelivery["status"];
  created_at: number;
};
type AttemptRow = {
  delivery_id: string;
  attempt: number;
  trigger: "queue" | "replay";
  started_at: number;
  duration_ms: number;
  response_status: number | null;
  error: string | null;
  succeeded: number;
};

/** Newest first; the cursor is the last delivery id of the previous page (ids sort by creation time). */
export async function listDeliveries(
  db: D1Database,
  tenantId: string,
  query: ListWebhookDeliveriesQuery,
): Promise<WebhookDeliveryList> {
  const limit = query.limit ?? 50;
  const rows = await db
    .prepare(
      `SELECT d.id, d.endpoint_id, d.event_id, e.type, d.status, d.created_at
       FROM webhook_deliveries d JOIN webhook_events e ON e.id = d.event_id
       WHERE d.tenant_id = ?1
         AND (?2 IS NULL OR d.endpoint_id = ?2)
         AND (?3 IS NULL OR d.status = ?3)
         AND (?4 IS NULL OR d.id < ?4)
       ORDER BY d.id DESC LIMIT ?5`,
    )
    .bind(tenantId, query.endpointId ?? null, query.status ?? null, query.cursor ?? null, limit + 1)
    .all<DeliveryRow>();
  const page = rows.results.slice(0, limit);
  const attempts = await db
    .prepare(
      `SELECT * FROM webhook_attempts WHERE delivery_id IN (SELECT value FROM json_each(?1)) ORDER BY attempt`,
    )
    .bind(JSON.stringify(page.map((d) => d.id)))
    .all<AttemptRow>();
  const byDelivery = new Map<string, AttemptRow[]>();
  for (const attempt of attempts.results) {
    byDelivery.set(attempt.delivery_id, [...(byDelivery.get(attempt.delivery_id) ?? []), attempt]);
  }
  return {
    deliveries: page.map((d) => ({
      id: d.id,
      endpointId: d.endpoint_id,
      eventId: d.event_id,
      eventType: d.type,
      status: d.status,
      createdAt: new Date(d.created_at).toISOString(),
      attempts: (byDelivery.get(d.id) ?? []).map((a) => ({
        attempt: a.attempt,
        trigger: a.trigger,
        startedAt: new Date(a.started_at).toISOString(),
        durationMs: a.duration_ms,
        responseStatus: a.response_status,
        error: a.error,
        succeeded: a.succeeded === 1,
      })),
    })),
    nextCursor: rows.results.length > limit ? (page.at(-1)?.id ?? null) : null,
  };
}
