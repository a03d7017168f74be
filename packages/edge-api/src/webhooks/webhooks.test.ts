import { env } from "cloudflare:test";
import type {
  CreatedWebhookEndpoint,
  HostEventData,
  WebhookDeliveryList,
  WebhookDeliveryMessage,
  WebhookEndpointList,
} from "@ashby-kit/shared";
import { Webhook } from "standardwebhooks";
import { beforeEach, describe, expect, it } from "vitest";
import { api, DEV_KEY, expectError, freshDatabase, mintSession } from "../../test/helpers";
import { createEncryptor } from "../lib/crypto";
import { attemptDelivery, finish } from "./deliver";
import { emitHostEvent } from "./emit";
import type { WebhookDeps } from "./webhook-deps";

const tenant = { authorization: `Bearer ${DEV_KEY}` };
/** The worker's own keyring (test/workerd-config.ts), so secrets sealed by the API open here. */
const encryptor = await createEncryptor(JSON.parse(env.ENCRYPTION_KEYS), env.ENCRYPTION_CURRENT_KEY_ID);

async function createEndpoint(body: Record<string, unknown>): Promise<CreatedWebhookEndpoint> {
  const res = await api("/v1/webhook-endpoints", {
    method: "POST",
    headers: { ...tenant, "content-type": "application/json" },
    body: JSON.stringify(body),
  });
  expect(res.status, await res.clone().text()).toBe(201);
  return res.json();
}

async function tenantOf(endpointId: string): Promise<string> {
  const row = await env.DB.prepare(`SELECT tenant_id FROM webhook_endpoints WHERE id = ?1`)
    .bind(endpointId)
    .first<{ tenant_id: string }>();
  return row?.tenant_id ?? "";
}

/** A host's receiver: verifies every request with the endpoint's secret, answers from a script. */
function receiver(secret: string, statuses: number[]) {
  const received: { id: string; body: unknown }[] = [];
  const fetch = async (request: Request) => {
    const body = await request.text();
    const headers = Object.fromEntries(request.headers);
    const verified = new Webhook(secret).verify(body, headers);
    received.push({ id: headers["webhook-id"] ?? "", body: verified });
    return new Response(null, { status: statuses.shift() ?? 200 });
  };
  return { fetch, received };
}

function depsWith(fetch: WebhookDeps["fetch"]) {
  const sent: WebhookDeliveryMessage[] = [];
  let n = 0;
  const deps: WebhookDeps = {
    db: env.DB,
    clock: { now: () => new Date() },
    newId: (prefix) => `${prefix}_${Date.now().toString(16)}${(n++).toString().padStart(6, "0")}`,
    encryptor,
    fetch,
    send: async (messages) => {
      sent.push(...messages);
    },
    timeoutMs: 5000,
  };
  return { deps, sent };
}

beforeEach(freshDatabase);

describe("webhook endpoints", () => {
  it("shows the signing secret once, lists without it, deletes, and is tenant-only", async () => {
    const created = await createEndpoint({ url: "https://host.example/hooks", eventTypes: ["sync.failed"] });
    expect(created.secret).toMatch(/^whsec_/);
    const list = await api("/v1/webhook-endpoints", { headers: tenant });
    const body = (await list.json()) as WebhookEndpointList;
    expect(body.endpoints).toEqual([
      {
        id: created.id,
        url: "https://host.example/hooks",
        eventTypes: ["sync.failed"],
        description: null,
        status: "enabled",
        createdAt: created.createdAt,
      },
    ]);
    expect(JSON.stringify(body)).not.toContain(created.secret);
    const { token } = await mintSession("demo", { email: "o@acme.test", role: "owner" });
    await expectError(
      await api("/v1/webhook-endpoints", { headers: { authorization: `Bearer ${token}` } }),
      403,
      "forbidden",
    );
    await expectError(
      await api("/v1/webhook-endpoints", {
        method: "POST",
        headers: { ...tenant, "content-type": "application/json" },
        body: JSON.stringify({ url: "ftp://nope", eventTypes: ["sync.exploded"] }),
      }),
      400,
      "invalid_request",
    );
    expect(
      (await api(`/v1/webhook-endpoints/${created.id}`, { method: "DELETE", headers: tenant })).status,
    ).toBe(204);
    await expectError(
      await api(`/v1/webhook-endpoints/${created.id}`, { method: "DELETE", headers: tenant }),
      404,
      "not_found",
    );
  });
});

/** Complete event data (the emitter is typed by the shared host-event contract), varied where a test looks. */
const completed = (runId: string): HostEventData<"sync.completed"> => ({
  workspaceId: "ws_test",
  connectionId: "conn_test",
  runId,
  trigger: "manual",
  mode: "incremental",
  startedAt: null,
  finishedAt: null,
  entities: [],
});
const base = { workspaceId: "ws_test", connectionId: "conn_test", runId: "run_test" };

describe("host event deliveries", () => {
  it("are signed per Standard Webhooks, retried until 2xx, and every attempt is listed", async () => {
    const endpoint = await createEndpoint({ url: "https://host.example/hooks" });
    const host = receiver(endpoint.secret, [500, 503, 204]);
    const { deps, sent } = depsWith(host.fetch);
    const emitted = await emitHostEvent(
      deps,
      await tenantOf(endpoint.id),
      "sync.completed",
      completed("run_1"),
    );
    expect(emitted.deliveries).toBe(1);
    expect(sent).toHaveLength(1);
    const deliveryId = sent[0]?.deliveryId ?? "";
    expect((await attemptDelivery(deps, deliveryId, "queue")).type).toBe("failed");
    expect((await attemptDelivery(deps, deliveryId, "queue")).type).toBe("failed");
    expect(await attemptDelivery(deps, deliveryId, "queue")).toEqual({ type: "succeeded", status: 204 });
    expect(await attemptDelivery(deps, deliveryId, "queue")).toEqual({
      type: "skipped",
      reason: "already_delivered",
    });

    // Same webhook-id on every attempt, and the verified body is the event.
    expect(new Set(host.received.map((r) => r.id))).toEqual(new Set([emitted.eventId]));
    expect(host.received[2]?.body).toMatchObject({ type: "sync.completed", data: { runId: "run_1" } });

    const res = await api("/v1/webhook-deliveries", { headers: tenant });
    const list = (await res.json()) as WebhookDeliveryList;
    expect(list.deliveries).toHaveLength(1);
    expect(list.deliveries[0]).toMatchObject({
      id: deliveryId,
      status: "succeeded",
      eventType: "sync.completed",
    });
    expect(list.deliveries[0]?.attempts.map((a) => [a.attempt, a.responseStatus, a.succeeded])).toEqual([
      [1, 500, false],
      [2, 503, false],
      [3, 204, true],
    ]);
  });

  it("sign with a secret D1 only holds sealed, and say so when its key has left the keyring", async () => {
    const endpoint = await createEndpoint({ url: "https://host.example/hooks" });
    const stored = await env.DB.prepare(`SELECT secret, secret_key_id FROM webhook_endpoints WHERE id = ?1`)
      .bind(endpoint.id)
      .first<{ secret: string; secret_key_id: string | null }>();
    expect(stored?.secret_key_id).toBe(env.ENCRYPTION_CURRENT_KEY_ID);
    expect(stored?.secret).not.toContain(endpoint.secret.slice("whsec_".length, "whsec_".length + 12));
    expect(stored?.secret).not.toMatch(/^whsec_/);

    const host = receiver(endpoint.secret, [200, 200, 200]);
    const { deps, sent } = depsWith(host.fetch);
    const tenantId = await tenantOf(endpoint.id);
    await emitHostEvent(deps, tenantId, "sync.completed", completed("run_sealed"));
    expect(await attemptDelivery(deps, sent[0]?.deliveryId ?? "", "queue")).toEqual({
      type: "succeeded",
      status: 200,
    });

    // A secret stored in plain text before secrets were sealed still signs.
    await env.DB.prepare(`UPDATE webhook_endpoints SET secret = ?2, secret_key_id = NULL WHERE id = ?1`)
      .bind(endpoint.id, endpoint.secret)
      .run();
    await emitHostEvent(deps, tenantId, "sync.completed", completed("run_legacy"));
    expect(await attemptDelivery(deps, sent[1]?.deliveryId ?? "", "queue")).toMatchObject({
      type: "succeeded",
    });
    expect(host.received.map((r) => (r.body as { data: { runId: string } }).data.runId)).toEqual([
      "run_sealed",
      "run_legacy",
    ]);

    // Sealed with a key no longer in ENCRYPTION_KEYS: nothing is sent, and the attempt says why.
    await env.DB.prepare(`UPDATE webhook_endpoints SET secret = ?2, secret_key_id = 'retired' WHERE id = ?1`)
      .bind(endpoint.id, stored?.secret ?? "")
      .run();
    await emitHostEvent(deps, tenantId, "sync.completed", completed("run_orphaned"));
    const orphaned = sent[2]?.deliveryId ?? "";
    expect(await attemptDelivery(deps, orphaned, "queue")).toMatchObject({ type: "failed", status: null });
    expect(host.received).toHaveLength(2);
    const res = await api("/v1/webhook-deliveries", { headers: tenant });
    const list = (await res.json()) as WebhookDeliveryList;
    const attempt = list.deliveries.find((d) => d.id === orphaned)?.attempts[0];
    expect(attempt?.succeeded).toBe(false);
    expect(attempt?.error).toContain("signing secret cannot be opened (unknown_key_id)");
  });

  it("only reach endpoints subscribed to the event type", async () => {
    const failedOnly = await createEndpoint({ url: "https://a.example/", eventTypes: ["sync.failed"] });
    await createEndpoint({ url: "https://b.example/" });
    const { deps } = depsWith(async () => new Response(null, { status: 200 }));
    const tenantId = await tenantOf(failedOnly.id);
    expect(
      (await emitHostEvent(deps, tenantId, "records.changed", { ...base, changes: {} })).deliveries,
    ).toBe(1);
    expect(
      (
        await emitHostEvent(deps, tenantId, "sync.failed", {
          ...base,
          status: "failed",
          error: { code: "ashby_unavailable", message: "Ashby is down." },
        })
      ).deliveries,
    ).toBe(2);
  });

  it("a network failure is recorded as an attempt; after dead-lettering, replay sends it again through the queue", async () => {
    // Port 9 on loopback: nothing listens, so the worker's real fetch fails.
    const endpoint = await createEndpoint({ url: "http://127.0.0.1:9/hooks" });
    const { deps, sent } = depsWith((request) => fetch(request));
    await emitHostEvent(deps, await tenantOf(endpoint.id), "connection.needs_reauth", {
      workspaceId: "ws_test",
      connectionId: "conn_test",
      code: "ashby_needs_reauth",
      message: "Ashby refused the key.",
    });
    const deliveryId = sent[0]?.deliveryId ?? "";
    const outcome = await attemptDelivery(deps, deliveryId, "queue");
    expect(outcome.type).toBe("failed");
    await finish(deps, deliveryId, "failed");

    const replay = await api(`/v1/webhook-deliveries/${deliveryId}/replay`, {
      method: "POST",
      headers: tenant,
    });
    expect(replay.status).toBe(202);
    // The replay goes through the real sync queue and consumer, which records a second attempt.
    const deadline = Date.now() + 15_000;
    let attempts = 0;
    while (attempts < 2 && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 200));
      const list = (await (
        await api(`/v1/webhook-deliveries?endpointId=${endpoint.id}`, { headers: tenant })
      ).json()) as WebhookDeliveryList;
      attempts = list.deliveries[0]?.attempts.length ?? 0;
      if (attempts >= 2) {
        expect(list.deliveries[0]?.attempts[1]).toMatchObject({ trigger: "replay", succeeded: false });
        expect(list.deliveries[0]?.attempts[1]?.error).toBeTruthy();
      }
    }
    expect(attempts).toBeGreaterThanOrEqual(2);
    await expectError(
      await api("/v1/webhook-deliveries/dlv_unknown/replay", { method: "POST", headers: tenant }),
      404,
      "not_found",
    );
  }, 30_000);
});
