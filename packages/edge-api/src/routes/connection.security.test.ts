import { env } from "cloudflare:test";
import type { Connection, CreateTenantResponse } from "@ashby-kit/shared";
import { afterEach, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import {
  api,
  ashbyOrg,
  asSession,
  asTenant,
  DEV_KEY,
  expectError,
  freshDatabase,
  json,
  mintSession,
} from "../../test/helpers";

type Org = Awaited<ReturnType<typeof ashbyOrg>>;
let org: Org;
beforeAll(async () => {
  org = await ashbyOrg();
});
beforeEach(freshDatabase);

const admin = { authorization: `Bearer ${env.ADMIN_TOKEN}` };

async function createTenant(name: string, allowedOrigins: string[] = []): Promise<CreateTenantResponse> {
  const { body, headers } = json({ name, allowedOrigins });
  const res = await api("/admin/tenants", { method: "POST", headers: { ...admin, ...headers }, body });
  expect(res.status, await res.clone().text()).toBe(201);
  return res.json();
}

async function connectAs(headers: Record<string, string>, apiKey: string) {
  const { body, headers: contentType } = json({ apiKey });
  return api("/v1/connection", { method: "POST", headers: { ...headers, ...contentType }, body });
}

describe("tenant and workspace isolation", () => {
  it("a tenant's secret key reads and changes only its own workspaces, even under the same workspace id", async () => {
    const other = await createTenant("Other host");
    expect((await connectAs(asTenant(DEV_KEY, "shared-id"), org.fullKey)).status).toBe(201);

    // Same host workspace id, different tenant: a different workspace that is not connected.
    const view = (await (
      await api("/v1/connection", { headers: asTenant(other.secretKey, "shared-id") })
    ).json()) as Connection;
    expect(view.status).toBe("not_connected");
    await expectError(
      await api("/v1/connection", { method: "DELETE", headers: asTenant(other.secretKey, "shared-id") }),
      409,
      "ashby_not_connected",
    );
    const events = (await (
      await api("/v1/audit-events", { headers: asTenant(other.secretKey, "shared-id") })
    ).json()) as {
      events: unknown[];
    };
    expect(events.events).toEqual([]);
    // The first tenant's connection is untouched.
    const mine = (await (
      await api("/v1/connection", { headers: asTenant(DEV_KEY, "shared-id") })
    ).json()) as Connection;
    expect(mine.status).toBe("active");
  });

  it("a session token for one workspace cannot reach another workspace of the same tenant", async () => {
    expect((await connectAs(asTenant(DEV_KEY, "ws-b"), org.fullKey)).status).toBe(201);
    const { token } = await mintSession("ws-a", { email: "o@a.test", role: "owner" });
    const own = (await (await api("/v1/connection", { headers: asSession(token) })).json()) as Connection;
    expect(own).toMatchObject({ workspaceId: "ws-a", status: "not_connected" });
    await expectError(
      await api("/v1/connection", {
        method: "DELETE",
        headers: asSession(token, { "x-workspace-id": "ws-b" }),
      }),
      403,
      "forbidden",
    );
    expect(
      ((await (await api("/v1/connection", { headers: asTenant(DEV_KEY, "ws-b") })).json()) as Connection)
        .status,
    ).toBe("active");
  });

  it("a session token minted by one tenant is useless against another tenant's workspace", async () => {
    const other = await createTenant("Other host");
    const { token } = await mintSession(
      "acme",
      { email: "o@a.test", role: "owner" },
      { secretKey: other.secretKey },
    );
    // Its claims name the other tenant's workspace; X-Workspace-Id cannot redirect it.
    await expectError(
      await api("/v1/connection", { headers: asSession(token, { "x-workspace-id": "demo" }) }),
      403,
      "forbidden",
    );
    // And the tenant's secret key cannot be used as if it were ours.
    await expectError(
      await api("/v1/sessions", {
        method: "POST",
        headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
        body: "{}",
      }),
      403,
      "forbidden",
    );
  });

  it("requires X-Workspace-Id with a secret key and validates it", async () => {
    await expectError(
      await api("/v1/connection", { headers: { authorization: `Bearer ${DEV_KEY}` } }),
      400,
      "invalid_request",
    );
    await expectError(
      await api("/v1/connection", { headers: asTenant(DEV_KEY, "bad id!") }),
      400,
      "invalid_request",
    );
  });

  it("stores only the hash of tenant secret keys and shows a key once", async () => {
    const created = await createTenant("Hashed host");
    expect(created.secretKey).toMatch(/^ak_sk_[A-Za-z0-9_-]{43}$/);
    const rows = await env.DB.prepare("SELECT * FROM tenant_secret_keys WHERE tenant_id = ?")
      .bind(created.tenant.id)
      .all();
    expect(JSON.stringify(rows.results)).not.toContain(created.secretKey);
    const view = await api(`/admin/tenants/${created.tenant.id}`, { headers: admin });
    expect(await view.text()).not.toContain(created.secretKey);
  });
});

describe("the Ashby API key never leaks", () => {
  const lines: string[] = [];
  beforeEach(() => {
    lines.length = 0;
    vi.spyOn(console, "log").mockImplementation((...args: unknown[]) => {
      lines.push(args.map(String).join(" "));
    });
    for (const method of ["error", "warn", "info", "debug"] as const) {
      vi.spyOn(console, method).mockImplementation((...args: unknown[]) => {
        lines.push(args.map(String).join(" "));
      });
    }
  });
  afterEach(() => {
    vi.restoreAllMocks();
  });

  it("not in any response, log line or plaintext column across the whole lifecycle", async () => {
    const key = await org.key([
      "apiKeysRead",
      "candidatesRead",
      "candidatesWrite",
      "jobsRead",
      "interviewsRead",
      "hiringProcessMetadataRead",
      "hiringProcessMetadataWrite",
      "organizationRead",
    ]);
    const bodies: string[] = [];
    const record = async (res: Response) => {
      bodies.push(await res.text(), JSON.stringify([...res.headers]));
      return res;
    };
    const { token } = await mintSession("demo", { email: "o@demo.test", role: "owner" });
    await record(await connectAs(asSession(token), key));
    await record(await connectAs(asSession(token), key)); // conflict
    await record(await api("/v1/connection", { headers: asSession(token) }));
    const { body, headers } = json({ paused: true });
    await record(
      await api("/v1/connection", { method: "PATCH", headers: { ...asSession(token), ...headers }, body }),
    );
    await record(await api("/v1/audit-events", { headers: asSession(token) }));
    await record(await api("/openapi.json"));
    // Failure paths echo nothing of the key either.
    await record(await connectAs(asTenant(DEV_KEY, "other"), `${key}x`));
    await record(await connectAs(asTenant(DEV_KEY, "other"), `${key} "unterminated`));

    for (const text of [...bodies, ...lines]) {
      expect(text).not.toContain(key);
    }
    expect(lines.length).toBeGreaterThan(5);

    const tables = await env.DB.prepare(
      "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE '\\_%' ESCAPE '\\'",
    ).all<{
      name: string;
    }>();
    for (const { name } of tables.results) {
      if (name.startsWith("sqlite_") || name === "d1_migrations") {
        continue;
      }
      const rows = await env.DB.prepare(`SELECT * FROM "${name}"`).all();
      expect(JSON.stringify(rows.results), `table ${name}`).not.toContain(key);
    }
  });
});

describe("CORS per tenant allow-list", () => {
  it("answers a preflight only for an origin some tenant allows", async () => {
    await createTenant("Browser host", ["https://app.host.test"]);
    const ok = await api("/v1/connection", {
      method: "OPTIONS",
      headers: { origin: "https://app.host.test", "access-control-request-method": "GET" },
    });
    expect(ok.status).toBe(204);
    expect(ok.headers.get("access-control-allow-origin")).toBe("https://app.host.test");
    expect(ok.headers.get("access-control-allow-headers")).toContain("Authorization");
    const refused = await api("/v1/connection", {
      method: "OPTIONS",
      headers: { origin: "https://evil.test", "access-control-request-method": "GET" },
    });
    await expectError(refused, 403, "forbidden");
    expect(refused.headers.get("access-control-allow-origin")).toBeNull();
  });

  it("refuses a session token used from another tenant's origin", async () => {
    await createTenant("Browser host", ["https://app.host.test"]);
    await mintSession("demo", { email: "o@demo.test", role: "owner" }); // seeds the demo tenant and its dev origins
    const { token } = await mintSession("demo", { email: "o@demo.test", role: "owner" });
    await expectError(
      await api("/v1/connection", { headers: asSession(token, { origin: "https://app.host.test" }) }),
      403,
      "forbidden",
    );
    const fromDev = await api("/v1/connection", {
      headers: asSession(token, { origin: "http://localhost:5173" }),
    });
    expect(fromDev.status).toBe(200);
    expect(fromDev.headers.get("access-control-allow-origin")).toBe("http://localhost:5173");
  });

  it("refuses secret keys sent from a browser origin, even an allowed one", async () => {
    const created = await createTenant("Browser host", ["https://app.host.test"]);
    await expectError(
      await api("/v1/connection", {
        headers: asTenant(created.secretKey, "w", { origin: "https://app.host.test" }),
      }),
      403,
      "forbidden",
    );
  });

  it("lets local demo pages use the public dev key from the demo tenant's origins only (not in production)", async () => {
    await mintSession("demo", { email: "o@demo.test", role: "owner" });
    const fromDev = await api("/v1/connection", {
      headers: asTenant(DEV_KEY, "demo", { origin: "http://localhost:5173" }),
    });
    expect(fromDev.status).toBe(200);
    await expectError(
      await api("/v1/connection", {
        headers: asTenant(DEV_KEY, "demo", { origin: "https://elsewhere.test" }),
      }),
      403,
      "forbidden",
    );
  });

  it("lets the operator replace a tenant's origins", async () => {
    const created = await createTenant("Browser host", ["https://old.host.test"]);
    const { body, headers } = json({ allowedOrigins: ["https://new.host.test"] });
    const res = await api(`/admin/tenants/${created.tenant.id}`, {
      method: "PATCH",
      headers: { ...admin, ...headers },
      body,
    });
    expect(res.status).toBe(200);
    expect(((await res.json()) as { allowedOrigins: string[] }).allowedOrigins).toEqual([
      "https://new.host.test",
    ]);
    const old = await api("/v1/connection", {
      method: "OPTIONS",
      headers: { origin: "https://old.host.test", "access-control-request-method": "GET" },
    });
    expect(old.status).toBe(403);
  });
});

describe("admin API", () => {
  it("refuses without the admin token", async () => {
    const { body, headers } = json({ name: "x" });
    await expectError(await api("/admin/tenants", { method: "POST", headers, body }), 401, "unauthorized");
    await expectError(
      await api("/admin/tenants", {
        method: "POST",
        headers: { ...headers, authorization: `Bearer ${DEV_KEY}` },
        body,
      }),
      401,
      "unauthorized",
    );
  });

  it("lists keys by prefix only and revokes one, after which it is refused", async () => {
    const created = await createTenant("Revoking host");
    const added = await api(`/admin/tenants/${created.tenant.id}/secret-keys`, {
      method: "POST",
      headers: admin,
    });
    const second = (await added.json()) as { id: string; secretKey: string };
    const listed = await api(`/admin/tenants/${created.tenant.id}/secret-keys`, { headers: admin });
    const listText = await listed.text();
    expect(listText).not.toContain(created.secretKey);
    expect(listText).not.toContain(second.secretKey);
    const keys = (
      JSON.parse(listText) as { secretKeys: { id: string; prefix: string; revokedAt: string | null }[] }
    ).secretKeys;
    expect(keys).toHaveLength(2);
    const first = keys.find((key) => key.id !== second.id);
    const revoked = await api(`/admin/tenants/${created.tenant.id}/secret-keys/${first?.id}`, {
      method: "DELETE",
      headers: admin,
    });
    expect(revoked.status).toBe(200);
    await expectError(
      await api("/v1/connection", { headers: asTenant(created.secretKey, "w1") }),
      401,
      "unauthorized",
    );
    expect((await api("/v1/connection", { headers: asTenant(second.secretKey, "w1") })).status).toBe(200);
    // Another tenant's key id is not found through this tenant.
    const other = await createTenant("Other host");
    await expectError(
      await api(`/admin/tenants/${other.tenant.id}/secret-keys/${second.id}`, {
        method: "DELETE",
        headers: admin,
      }),
      404,
      "not_found",
    );
  });

  it("adds a second secret key that works alongside the first", async () => {
    const created = await createTenant("Rotating host");
    const res = await api(`/admin/tenants/${created.tenant.id}/secret-keys`, {
      method: "POST",
      headers: admin,
    });
    expect(res.status).toBe(201);
    const { secretKey } = (await res.json()) as { secretKey: string };
    for (const key of [created.secretKey, secretKey]) {
      expect((await api("/v1/connection", { headers: asTenant(key, "w1") })).status).toBe(200);
    }
  });
});
