import type {
  CreatedWebhookEndpoint,
  CreateWebhookEndpointRequest,
  HostEventType,
  WebhookEndpoint,
} from "@ashby-kit/shared";
import { HOST_EVENT_TYPES } from "@ashby-kit/shared";

export type EndpointRow = {
  id: string;
  tenant_id: string;
  url: string;
  secret: string;
  event_types: string;
  description: string | null;
  status: "enabled" | "disabled";
  created_at: number;
};

/** Standard Webhooks secrets are `whsec_` + base64 of 24–64 random bytes. */
function newSecret(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(32));
  return `whsec_${btoa(String.fromCharCode(...bytes))}`;
}

export function toEndpointView(row: EndpointRow): WebhookEndpoint {
  const types = JSON.parse(row.event_types) as string[];
  return {
    id: row.id,
    url: row.url,
    eventTypes: (types.includes("*") ? [...HOST_EVENT_TYPES] : types) as HostEventType[],
    description: row.description,
    status: row.status,
    createdAt: new Date(row.created_at).toISOString(),
  };
}

export async function createEndpoint(
  db: D1Database,
  input: { id: string; tenantId: string; nowMs: number } & CreateWebhookEndpointRequest,
): Promise<CreatedWebhookEndpoint> {
  const row: EndpointRow = {
    id: input.id,
    tenant_id: input.tenantId,
    url: input.url,
    secret: newSecret(),
    event_types: JSON.stringify(input.eventTypes ?? ["*"]),
    description: input.description ?? null,
    status: "enabled",
    created_at: input.nowMs,
  };
  await db
    .prepare(
      `INSERT INTO webhook_endpoints (id, tenant_id, url, secret, event_types, description, status, created_at, updated_at)
       VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?8)`,
    )
    .bind(
      row.id,
      row.tenant_id,
      row.url,
      row.secret,
      row.event_types,
      row.description,
      row.status,
      row.created_at,
    )
    .run();
  return { ...toEndpointView(row), secret: row.secret };
}

export async function listEndpoints(db: D1Database, tenantId: string): Promise<EndpointRow[]> {
  const rows = await db
    .prepare(`SELECT * FROM webhook_endpoints WHERE tenant_id = ?1 ORDER BY created_at, id`)
    .bind(tenantId)
    .all<EndpointRow>();
  return rows.results;
}

export async function getEndpoint(db: D1Database, tenantId: string, id: string): Promise<EndpointRow | null> {
  return db
    .prepare(`SELECT * FROM webhook_endpoints WHERE tenant_id = ?1 AND id = ?2`)
    .bind(tenantId, id)
    .first<EndpointRow>();
}

/** Returns whether an endpoint of this tenant was deleted. Its past deliveries stay listed. */
export async function deleteEndpoint(db: D1Database, tenantId: string, id: string): Promise<boolean> {
  const result = await db
    .prepare(`DELETE FROM webhook_endpoints WHERE tenant_id = ?1 AND id = ?2`)
    .bind(tenantId, id)
    .run();
  return result.meta.changes > 0;
}
