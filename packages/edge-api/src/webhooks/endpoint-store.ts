import type {
  CreatedWebhookEndpoint,
  CreateWebhookEndpointRequest,
  HostEventType,
  WebhookEndpoint,
} from "@ashby-kit/shared";
import { HOST_EVENT_TYPES } from "@ashby-kit/shared";
import type { Encryptor } from "../lib/crypto";

export type EndpointRow = {
  id: string;
  tenant_id: string;
  url: string;
  /** Sealed (see secret_key_id); never sent back to a caller. */
  secret: string;
  secret_key_id: string | null;
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

/**
 * The signing secret is returned to the caller this once; D1 keeps it sealed with the keyring that seals Ashby API
 * keys (the endpoint id as associated data), so a database dump or a leaked backup signs nothing.
 */
export async function createEndpoint(
  db: D1Database,
  encryptor: Encryptor,
  input: { id: string; tenantId: string; nowMs: number } & CreateWebhookEndpointRequest,
): Promise<CreatedWebhookEndpoint> {
  const secret = newSecret();
  const sealed = await encryptor.encrypt(secret, input.id);
  const row: EndpointRow = {
    id: input.id,
    tenant_id: input.tenantId,
    url: input.url,
    secret: sealed.ciphertext,
    secret_key_id: sealed.keyId,
    event_types: JSON.stringify(input.eventTypes ?? ["*"]),
    description: input.description ?? null,
    status: "enabled",
    created_at: input.nowMs,
  };
  await db
    .prepare(
      `INSERT INTO webhook_endpoints
         (id, tenant_id, url, secret, secret_key_id, event_types, description, status, created_at, updated_at)
       VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?9)`,
    )
    .bind(
      row.id,
      row.tenant_id,
      row.url,
      row.secret,
      row.secret_key_id,
      row.event_types,
      row.description,
      row.status,
      row.created_at,
    )
    .run();
  return { ...toEndpointView(row), secret };
}

/** The plain signing secret of an endpoint row, or why it cannot be had (a key no longer in the keyring). */
export async function openSecret(
  encryptor: Encryptor,
  row: { id: string; secret: string; secret_key_id: string | null },
): Promise<{ ok: true; secret: string } | { ok: false; reason: string }> {
  if (row.secret_key_id === null) {
    // Stored before secrets were sealed: still valid, and signs as before.
    return { ok: true, secret: row.secret };
  }
  const opened = await encryptor.decrypt({ keyId: row.secret_key_id, ciphertext: row.secret }, row.id);
  return opened.ok ? { ok: true, secret: opened.value } : { ok: false, reason: opened.error.code };
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
