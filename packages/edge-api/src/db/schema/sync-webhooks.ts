import { index, integer, sqliteTable, text } from "drizzle-orm/sqlite-core";

/**
 * Host webhooks (src/webhooks): endpoints a tenant registers, the events the kit emits, one delivery per
 * (event, endpoint), and every attempt of every delivery so `GET /v1/webhook-deliveries` can show them.
 */
export const webhookEndpoints = sqliteTable(
  "webhook_endpoints",
  {
    id: text("id").primaryKey(),
    tenantId: text("tenant_id").notNull(),
    url: text("url").notNull(),
    /**
     * The Standard Webhooks signing secret (`whsec_<base64>`), shown once at creation and then only used to sign,
     * sealed like Ashby API keys (AES-256-GCM, the endpoint id as associated data): base64 of iv ‖ ciphertext.
     */
    secret: text("secret").notNull(),
    /** Keyring id of the key that sealed `secret`; NULL for a secret stored in plain text before sealing. */
    secretKeyId: text("secret_key_id"),
    /** JSON array of event types, or `["*"]`. */
    eventTypes: text("event_types").notNull(),
    description: text("description"),
    /** `enabled | disabled` */
    status: text("status").notNull(),
    createdAt: integer("created_at").notNull(),
    updatedAt: integer("updated_at").notNull(),
  },
  (t) => [index("webhook_endpoints_tenant_idx").on(t.tenantId)],
);

export const webhookEvents = sqliteTable(
  "webhook_events",
  {
    /** Also the Standard Webhooks `webhook-id` (stable across retries and replays, for receiver idempotency). */
    id: text("id").primaryKey(),
    tenantId: text("tenant_id").notNull(),
    type: text("type").notNull(),
    /** The JSON body as signed and sent. */
    payload: text("payload").notNull(),
    createdAt: integer("created_at").notNull(),
  },
  (t) => [index("webhook_events_tenant_idx").on(t.tenantId, t.createdAt)],
);

export const webhookDeliveries = sqliteTable(
  "webhook_deliveries",
  {
    id: text("id").primaryKey(),
    tenantId: text("tenant_id").notNull(),
    eventId: text("event_id").notNull(),
    endpointId: text("endpoint_id").notNull(),
    /** `pending | succeeded | failed` */
    status: text("status").notNull(),
    attemptCount: integer("attempt_count").notNull().default(0),
    lastAttemptAt: integer("last_attempt_at"),
    createdAt: integer("created_at").notNull(),
    updatedAt: integer("updated_at").notNull(),
  },
  (t) => [
    index("webhook_deliveries_tenant_idx").on(t.tenantId, t.createdAt),
    index("webhook_deliveries_endpoint_idx").on(t.endpointId, t.createdAt),
  ],
);

export const webhookAttempts = sqliteTable(
  "webhook_attempts",
  {
    id: text("id").primaryKey(),
    deliveryId: text("delivery_id").notNull(),
    attempt: integer("attempt").notNull(),
    /** `queue | replay` */
    trigger: text("trigger").notNull(),
    startedAt: integer("started_at").notNull(),
    durationMs: integer("duration_ms").notNull(),
    responseStatus: integer("response_status"),
    /** Network error or timeout description when there was no response. */
    error: text("error"),
    succeeded: integer("succeeded").notNull(),
  },
  (t) => [index("webhook_attempts_delivery_idx").on(t.deliveryId, t.attempt)],
);
