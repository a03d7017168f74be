import { env } from "cloudflare:test";
import type {
  AuditEventList,
  Connection,
  PermissionsMissingDetails,
  RequirementsResponse,
} from "@ashby-kit/shared";
import { PERMISSION_IDS } from "@ashby-kit/shared";
import { beforeAll, beforeEach, describe, expect, it } from "vitest";
import {
  ALL_KIT_PERMISSIONS,
  api,
  ashbyOrg,
  asSession,
  asTenant,
  DEV_KEY,
  expectError,
  freshDatabase,
  json,
  mintSession,
  waitForSyncRun,
} from "../../test/helpers";
import type { StoredConnectionKey } from "../connection/ashby-for-connection";
import { driveMessages } from "../sync/local-driver";
import { startSyncRun } from "../sync/start-run";
import { createTestSyncDeps } from "../sync/testing";

type Org = Awaited<ReturnType<typeof ashbyOrg>>;
let org: Org;
beforeAll(async () => {
  org = await ashbyOrg();
});
beforeEach(freshDatabase);

const owner = (extra: Record<string, string> = {}) => asTenant(DEV_KEY, "demo", extra);

async function connect(
  apiKey: string,
  body: Record<string, unknown> = {},
  headers: Record<string, string> = owner(),
) {
  const { body: payload, headers: contentType } = json({ apiKey, ...body });
  return api("/v1/connection", { method: "POST", headers: { ...headers, ...contentType }, body: payload });
}

async function patch(body: unknown, headers: Record<string, string> = owner()) {
  const { body: payload, headers: contentType } = json(body);
  return api("/v1/connection", { method: "PATCH", headers: { ...headers, ...contentType }, body: payload });
}

async function getConnection(headers: Record<string, string> = owner()): Promise<Connection> {
  const res = await api("/v1/connection", { headers });
  expect(res.status).toBe(200);
  return res.json();
}

async function auditTypes(): Promise<string[]> {
  const res = await api("/v1/audit-events", { headers: owner() });
  expect(res.status).toBe(200);
  return ((await res.json()) as AuditEventList).events.map((event) => event.type);
}

describe("GET /v1/connection", () => {
  it("reports not_connected for a workspace that never connected", async () => {
    const connection = await getConnection();
    expect(connection).toMatchObject({
      workspaceId: "demo",
      status: "not_connected",
      syncInterval: "24h",
      connectedAt: null,
      permissions: { granted: [], missing: [] },
    });
  });
});

describe("GET /v1/connection/requirements", () => {
  it("lists every permission the kit needs with its admin label, purpose and features", async () => {
    const res = await api("/v1/connection/requirements", { headers: owner() });
    expect(res.status).toBe(200);
    const body = (await res.json()) as RequirementsResponse;
    expect(body.permissions.map((p) => p.id).sort()).toEqual([...PERMISSION_IDS].sort());
    const candidatesWrite = body.permissions.find((p) => p.id === "candidatesWrite");
    expect(candidatesWrite).toMatchObject({
      scope: "candidates:write",
      adminLabel: "Candidates: Write",
      module: "Candidates",
      access: "write",
    });
    expect(candidatesWrite?.features).toEqual(expect.arrayContaining(["write_notes", "write_feedback"]));
    for (const permission of body.permissions) {
      expect(permission.purpose.length).toBeGreaterThan(10);
      expect(permission.features.length).toBeGreaterThan(0);
    }
    expect(body.instructions).toMatch(/API Keys/);
  });

  it("is readable by members through a session token", async () => {
    const { token } = await mintSession("demo", { email: "m@demo.test", role: "member" });
    expect((await api("/v1/connection/requirements", { headers: asSession(token) })).status).toBe(200);
  });
});

describe("POST /v1/connection", () => {
  it("checks the key, stores it encrypted, and reports the connection active", async () => {
    const res = await connect(org.fullKey, { adminEmail: "Admin@Acme.test", syncInterval: "6h" });
    expect(res.status, await res.clone().text()).toBe(201);
    const connection = (await res.json()) as Connection;
    expect(connection).toMatchObject({
      workspaceId: "demo",
      status: "active",
      syncInterval: "6h",
      adminEmail: "admin@acme.test",
      connectedBy: { type: "tenant", email: null },
      permissions: { missing: [], verified: true },
      needsReauth: null,
    });
    expect(connection.permissions.granted).toEqual(expect.arrayContaining([...ALL_KIT_PERMISSIONS]));
    expect(connection.connectedAt).not.toBeNull();
    // The initial sync is due at once.
    expect(Date.parse(connection.nextSyncAt ?? "")).toBeLessThanOrEqual(Date.now());
    expect(await getConnection()).toEqual(connection);

    const row = await env.DB.prepare("SELECT * FROM connections").first<Record<string, unknown>>();
    expect(row?.api_key_encryption_key_id).toBe(env.ENCRYPTION_CURRENT_KEY_ID);
    expect(String(row?.api_key_ciphertext)).not.toContain(org.fullKey);
    expect(await auditTypes()).toEqual(["connection.connected"]);
  });

  it("records the acting user named by the host backend", async () => {
    const res = await connect(org.fullKey, {}, owner({ "x-acting-user-email": "Grace@Acme.test" }));
    expect(res.status).toBe(201);
    expect(((await res.json()) as Connection).connectedBy).toEqual({
      type: "user",
      email: "grace@acme.test",
    });
  });

  it("lets an admin connect through a session token and records them", async () => {
    const { token } = await mintSession("demo", { email: "ada@demo.test", role: "admin" });
    const res = await connect(org.fullKey, {}, asSession(token));
    expect(res.status).toBe(201);
    expect(((await res.json()) as Connection).connectedBy).toEqual({ type: "user", email: "ada@demo.test" });
  });

  it("refuses members with forbidden and the reason", async () => {
    const { token } = await mintSession("demo", { email: "m@demo.test", role: "member" });
    const body = await expectError(await connect(org.fullKey, {}, asSession(token)), 403, "forbidden");
    expect(body.error.message).toMatch(/owner or admin.*member/);
    expect((await getConnection()).status).toBe("not_connected");
  });

  it("refuses a key missing permissions, naming each as Ashby's admin screen does, and stores nothing", async () => {
    const key = await org.key(["apiKeysRead", "candidatesRead", "jobsRead"]);
    const body = await expectError(await connect(key), 422, "ashby_permissions_missing");
    const details = body.error.details as PermissionsMissingDetails;
    expect(details.missing.map((m) => m.id).sort()).toEqual(
      [
        "candidatesWrite",
        "hiringProcessMetadataRead",
        "hiringProcessMetadataWrite",
        "interviewsRead",
        "organizationRead",
      ].sort(),
    );
    const interviews = details.missing.find((m) => m.id === "interviewsRead");
    expect(interviews).toMatchObject({ adminLabel: "Interviews: Read", scope: "interviews:read" });
    expect(interviews?.purpose).toMatch(/interview/i);
    expect(body.error.message).toContain("Organization: Read");
    expect(body.error.retryable).toBe(false);
    expect((await getConnection()).status).toBe("not_connected");
    expect(await env.DB.prepare("SELECT count(*) AS n FROM connections").first("n")).toBe(0);
  });

  it("refuses a key without API Keys: Read, since nothing else can be checked", async () => {
    const key = await org.key(ALL_KIT_PERMISSIONS.filter((p) => p !== "apiKeysRead"));
    const body = await expectError(await connect(key), 422, "ashby_permissions_missing");
    expect((body.error.details as PermissionsMissingDetails).missing.map((m) => m.adminLabel)).toEqual([
      "API Keys: Read",
    ]);
  });

  it("refuses a wrong key and a revoked key with ashby_credentials_invalid", async () => {
    await expectError(await connect("not-a-real-ashby-key-000"), 422, "ashby_credentials_invalid");
    const key = await org.key(ALL_KIT_PERMISSIONS);
    await org.control.revokeApiKey(key);
    const body = await expectError(await connect(key), 422, "ashby_credentials_invalid");
    expect(body.error.message).not.toContain(key);
  });

  it("answers a retryable error when Ashby is down, and stores nothing", async () => {
    const key = await org.key(ALL_KIT_PERMISSIONS);
    await org.control.setFaults(
      { apiKey: key },
      { failNext: [{ method: "apiKey.info", count: 1, code: "internal_server_error", httpStatus: 500 }] },
    );
    const res = await connect(key);
    expect(res.status).toBeGreaterThanOrEqual(500);
    const body = (await res.json()) as { error: { code: string; retryable: boolean } };
    expect(body.error.code).toBe("ashby_unavailable");
    expect(body.error.retryable).toBe(true);
    expect((await getConnection()).status).toBe("not_connected");
  });

  it("refuses connecting twice with conflict", async () => {
    expect((await connect(org.fullKey)).status).toBe(201);
    await expectError(await connect(org.fullKey), 409, "conflict");
  });

  it("calls the onConnected hook point so the initial sync can start (cron fallback: next_sync_at now)", async () => {
    const res = await connect(org.fullKey);
    const connection = (await res.json()) as Connection;
    const row = await env.DB.prepare("SELECT next_sync_at, connected_at FROM connections").first<{
      next_sync_at: number;
      connected_at: number;
    }>();
    expect(row?.next_sync_at).toBe(row?.connected_at);
    expect(connection.nextSyncAt).toBe(connection.connectedAt);
  });
});

describe("PATCH /v1/connection", () => {
  it("changes the interval and reschedules from the last anchor", async () => {
    await connect(org.fullKey, { syncInterval: "24h" });
    const res = await patch({ syncInterval: "6h" });
    expect(res.status).toBe(200);
    const connection = (await res.json()) as Connection;
    expect(connection.syncInterval).toBe("6h");
    expect(Date.parse(connection.nextSyncAt ?? "") - Date.parse(connection.connectedAt ?? "")).toBe(
      6 * 3600_000,
    );
    expect(await auditTypes()).toEqual(["connection.interval_changed", "connection.connected"]);
  });

  it("pauses (keeping key and data) and resumes after re-checking the key", async () => {
    await connect(org.fullKey);
    const paused = (await (await patch({ paused: true })).json()) as Connection;
    expect(paused).toMatchObject({ status: "paused", nextSyncAt: null });
    expect(paused.pausedAt).not.toBeNull();
    const row = await env.DB.prepare("SELECT api_key_ciphertext FROM connections").first(
      "api_key_ciphertext",
    );
    expect(row).toBeTruthy();
    // Pausing again is a no-op, not a second event.
    expect((await patch({ paused: true })).status).toBe(200);
    const resumed = (await (await patch({ paused: false })).json()) as Connection;
    expect(resumed).toMatchObject({ status: "active", pausedAt: null });
    expect(resumed.nextSyncAt).not.toBeNull();
    expect(await auditTypes()).toEqual(["connection.resumed", "connection.paused", "connection.connected"]);
  });

  it("moves to needs_reauth when resuming finds the key revoked in Ashby, and records why", async () => {
    const key = await org.key(ALL_KIT_PERMISSIONS);
    await connect(key);
    await patch({ paused: true });
    await org.control.revokeApiKey(key);
    await expectError(await patch({ paused: false }), 409, "ashby_needs_reauth");
    const connection = await getConnection();
    expect(connection.status).toBe("needs_reauth");
    expect(connection.needsReauth).toMatchObject({ code: "ashby_credentials_invalid" });
    expect(connection.nextSyncAt).toBeNull();
    const events = (await (await api("/v1/audit-events", { headers: owner() })).json()) as AuditEventList;
    expect(events.events[0]).toMatchObject({
      type: "connection.needs_reauth",
      actor: { type: "system" },
      details: { code: "ashby_credentials_invalid", httpStatus: 403 },
    });
    // Reconnecting with a valid key heals it.
    const healed = await connect(org.fullKey);
    expect(healed.status).toBe(201);
    expect(((await healed.json()) as Connection).needsReauth).toBeNull();
  });

  it("refuses members, a missing connection, and empty or unknown changes", async () => {
    const { token } = await mintSession("demo", { email: "m@demo.test", role: "member" });
    await expectError(await patch({ paused: true }, asSession(token)), 403, "forbidden");
    await expectError(await patch({ paused: true }), 409, "ashby_not_connected");
    await connect(org.fullKey);
    await expectError(await patch({}), 400, "invalid_request");
    await expectError(await patch({ syncInterval: "1h" }), 400, "invalid_request");
    await expectError(await patch({ paused: "yes" }), 400, "invalid_request");
    await expectError(await patch({ paused: true, status: "active" }), 400, "invalid_request");
  });
});

describe("DELETE /v1/connection", () => {
  it("wipes the key, keeps synced data, and a reconnect keeps the same workspace", async () => {
    await connect(org.fullKey);
    // The initial sync runs on the real queue: let it finish, or its pages could land between the count below and
    // the disconnect and make the comparison fail for reasons that are not this test's.
    await waitForSyncRun();
    const before = await env.DB.prepare("SELECT id, workspace_id FROM connections").first<{
      id: string;
      workspace_id: string;
    }>();
    await env.DB.prepare(
      "INSERT INTO synced_records (connection_id, entity, ashby_id, data, content_hash, changed_at) VALUES (?, 'candidate', 'c1', '{}', 'h', 1)",
    )
      .bind(before?.id)
      .run();
    // The initial sync's records and this one: whatever is there must survive.
    const recordsBefore = await env.DB.prepare("SELECT count(*) AS n FROM synced_records").first<number>("n");
    expect(recordsBefore).toBeGreaterThanOrEqual(1);
    const res = await api("/v1/connection", { method: "DELETE", headers: owner() });
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ status: "disconnected", nextSyncAt: null });
    const row = await env.DB.prepare("SELECT * FROM connections").first<Record<string, unknown>>();
    expect(row?.api_key_ciphertext).toBeNull();
    expect(row?.api_key_encryption_key_id).toBeNull();
    expect(await env.DB.prepare("SELECT count(*) AS n FROM synced_records").first("n")).toBe(recordsBefore);
    // Idempotent.
    expect((await api("/v1/connection", { method: "DELETE", headers: owner() })).status).toBe(200);

    expect((await connect(org.fullKey)).status).toBe(201);
    const after = await env.DB.prepare("SELECT id, workspace_id FROM connections").first<{
      id: string;
      workspace_id: string;
    }>();
    expect(after).toEqual(before);
    expect(await auditTypes()).toEqual([
      "connection.connected",
      "connection.disconnected",
      "connection.connected",
    ]);
  });

  it("purges synced data with ?purge=true", async () => {
    // The initial sync is still running: whatever it commits after the purge must not survive it either.
    await connect(org.fullKey);
    const id = await env.DB.prepare("SELECT id FROM connections").first<string>("id");
    await env.DB.prepare(
      "INSERT INTO synced_records (connection_id, entity, ashby_id, data, content_hash, changed_at) VALUES (?, 'candidate', 'c1', '{}', 'h', 1)",
    )
      .bind(id)
      .run();
    await env.DB.prepare(
      "INSERT INTO synced_records (connection_id, entity, ashby_id, data, content_hash, changed_at) VALUES ('conn_other', 'candidate', 'c1', '{}', 'h', 1)",
    ).run();
    // Ids the running initial sync has written so far, kept for its records.changed: Ashby ids, purged too.
    const runId = await env.DB.prepare("SELECT id FROM sync_runs WHERE connection_id = ?1")
      .bind(id)
      .first<string>("id");
    expect(runId).toBeTruthy();
    await env.DB.prepare(
      "INSERT OR IGNORE INTO sync_run_changed_ids (run_id, entity, ashby_id) VALUES (?1, 'candidates', 'c1')",
    )
      .bind(runId)
      .run();
    const res = await api("/v1/connection?purge=true", { method: "DELETE", headers: owner() });
    expect(res.status).toBe(200);
    expect(
      await env.DB.prepare("SELECT count(*) AS n FROM sync_run_changed_ids WHERE run_id = ?1")
        .bind(runId)
        .first<number>("n"),
    ).toBe(0);
    // Only this connection and the other one are looked at: a queue consumer of an earlier test's sync can still
    // commit a page for that test's connection after the database was reset for this one.
    const left = await env.DB.prepare(
      "SELECT connection_id FROM synced_records WHERE connection_id IN (?1, 'conn_other')",
    )
      .bind(id)
      .all<{ connection_id: string }>();
    expect(left.results).toEqual([{ connection_id: "conn_other" }]);
    const events = (await (await api("/v1/audit-events", { headers: owner() })).json()) as AuditEventList;
    expect(events.events[0]).toMatchObject({ type: "connection.disconnected", details: { purged: true } });
  });

  it("a sync page committed after the purge leaves nothing behind", async () => {
    await connect(org.fullKey);
    await waitForSyncRun();
    const id = (await env.DB.prepare("SELECT id FROM connections").first<string>("id")) ?? "";
    // A step reads the connection as active, then DELETE ?purge=true runs, then the step commits its page.
    const conn = createTestSyncDeps(
      env.DB,
      { fetch, apiKey: org.fullKey, baseUrl: env.ASHBY_BASE_URL },
      {
        connectionId: id,
      },
    );
    let purged = false;
    const deps = {
      ...conn.deps,
      openConnection: async (row: StoredConnectionKey) => {
        const loaded = await conn.deps.openConnection(row);
        if (!purged) {
          purged = true;
          expect(
            (await api("/v1/connection?purge=true", { method: "DELETE", headers: owner() })).status,
          ).toBe(200);
        }
        return loaded;
      },
    };
    const started = await startSyncRun(deps, { connectionId: id, trigger: "manual", mode: "full" });
    const outcomes: string[] = [];
    await driveMessages(deps, started.enqueue, {
      concurrency: 1,
      pagesConcurrency: 1,
      onOutcome: (_message, outcome) => outcomes.push(outcome.type),
    });
    // The first step fetched a page of records and committed it after the purge; the others found no task left.
    expect(outcomes).toEqual(["done", ...started.enqueue.slice(1).map(() => "dropped")]);
    const left = async (table: string) =>
      env.DB.prepare(`SELECT count(*) AS n FROM ${table} WHERE connection_id = ?1`)
        .bind(id)
        .first<number>("n");
    expect(await left("synced_records")).toBe(0);
    expect(await left("sync_tasks")).toBe(0);
    expect(await left("sync_runs")).toBe(0);
    expect(
      await env.DB.prepare("SELECT count(*) AS n FROM sync_seen_pages WHERE run_id = ?1")
        .bind(started.runId)
        .first<number>("n"),
    ).toBe(0);
  });

  it("refuses members and workspaces that never connected, and bad purge values", async () => {
    const { token } = await mintSession("demo", { email: "m@demo.test", role: "member" });
    await expectError(
      await api("/v1/connection", { method: "DELETE", headers: asSession(token) }),
      403,
      "forbidden",
    );
    await expectError(
      await api("/v1/connection", { method: "DELETE", headers: owner() }),
      409,
      "ashby_not_connected",
    );
    await expectError(
      await api("/v1/connection?purge=yes", { method: "DELETE", headers: owner() }),
      400,
      "invalid_request",
    );
  });
});

describe("GET /v1/audit-events", () => {
  it("pages newest first with a cursor and filters by type", async () => {
    await connect(org.fullKey);
    await patch({ paused: true });
    await patch({ paused: false });
    await patch({ syncInterval: "12h" });
    const first = (await (
      await api("/v1/audit-events?limit=2", { headers: owner() })
    ).json()) as AuditEventList;
    expect(first.events.map((e) => e.type)).toEqual(["connection.interval_changed", "connection.resumed"]);
    expect(first.nextCursor).not.toBeNull();
    const second = (await (
      await api(`/v1/audit-events?limit=2&cursor=${first.nextCursor}`, { headers: owner() })
    ).json()) as AuditEventList;
    expect(second.events.map((e) => e.type)).toEqual(["connection.paused", "connection.connected"]);
    expect(second.nextCursor).toBeNull();
    const filtered = (await (
      await api("/v1/audit-events?type=connection.paused", { headers: owner() })
    ).json()) as AuditEventList;
    expect(filtered.events).toHaveLength(1);
    expect(first.events[0]).toMatchObject({
      actor: { type: "tenant", email: null, role: null },
      details: { from: "24h", to: "12h" },
    });
  });

  it("is for owners and admins only", async () => {
    const member = await mintSession("demo", { email: "m@demo.test", role: "member" });
    await expectError(await api("/v1/audit-events", { headers: asSession(member.token) }), 403, "forbidden");
    const admin = await mintSession("demo", { email: "a@demo.test", role: "admin" });
    expect((await api("/v1/audit-events", { headers: asSession(admin.token) })).status).toBe(200);
  });
});
