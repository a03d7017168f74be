// The shared partner client against the real worker: same contract on both sides, errors as AshbyKitError.

import { exports } from "cloudflare:workers";
import { AshbyKitError, type Connection, createAshbyKitClient, endpoints } from "@ashby-kit/shared";
import { beforeAll, beforeEach, describe, expect, it } from "vitest";
import { ashbyOrg, BASE, DEV_KEY, freshDatabase } from "./helpers";

const workerFetch = (request: Request) => exports.default.fetch(request);

type Org = Awaited<ReturnType<typeof ashbyOrg>>;
let org: Org;
beforeAll(async () => {
  org = await ashbyOrg();
});
beforeEach(freshDatabase);

describe("createAshbyKitClient", () => {
  it("runs the whole connection lifecycle with a secret key, typed end to end", async () => {
    const kit = createAshbyKitClient({
      baseUrl: BASE,
      secretKey: DEV_KEY,
      workspaceId: "acme",
      fetch: workerFetch,
    });
    const before: Connection = await kit.getConnection();
    expect(before.status).toBe("not_connected");
    const requirements = await kit.getRequirements();
    expect(requirements.permissions.length).toBe(8);
    const connected = await kit.connect({ body: { apiKey: org.fullKey, syncInterval: "12h" } });
    expect(connected).toMatchObject({ status: "active", syncInterval: "12h" });
    expect((await kit.updateConnection({ body: { paused: true } })).status).toBe("paused");
    const audit = await kit.listAuditEvents({ query: { limit: 1 } });
    expect(audit.events.map((e) => e.type)).toEqual(["connection.paused"]);
    expect(audit.nextCursor).not.toBeNull();
    expect((await kit.disconnect({ query: { purge: "true" } })).status).toBe("disconnected");
  });

  it("mints a session and acts as the user through getSessionToken", async () => {
    const backend = createAshbyKitClient({ baseUrl: BASE, secretKey: DEV_KEY, fetch: workerFetch });
    const browser = createAshbyKitClient({
      baseUrl: BASE,
      fetch: workerFetch,
      getSessionToken: async () =>
        (
          await backend.createSession({
            body: { workspaceId: "acme", user: { email: "m@acme.test", role: "member" } },
          })
        ).token,
    });
    expect((await browser.getConnection()).workspaceId).toBe("acme");
    const refused = await browser.connect({ body: { apiKey: org.fullKey } }).catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(AshbyKitError);
    expect(refused).toMatchObject({ code: "forbidden", status: 403, retryable: false });
    expect((refused as AshbyKitError).requestId).toMatch(/^req_/);
  });

  it("asks for a fresh session token once after a 401", async () => {
    const backend = createAshbyKitClient({ baseUrl: BASE, secretKey: DEV_KEY, fetch: workerFetch });
    const tokens = ["expired.or.garbage"];
    let calls = 0;
    const browser = createAshbyKitClient({
      baseUrl: BASE,
      fetch: workerFetch,
      getSessionToken: async () => {
        calls++;
        const next = tokens.shift();
        if (next) {
          return next;
        }
        return (
          await backend.createSession({
            body: { workspaceId: "acme", user: { email: "a@acme.test", role: "admin" } },
          })
        ).token;
      },
    });
    expect((await browser.getConnection()).status).toBe("not_connected");
    expect(calls).toBe(2);
  });

  it("surfaces the API's refusal codes and details", async () => {
    const kit = createAshbyKitClient({
      baseUrl: BASE,
      secretKey: DEV_KEY,
      workspaceId: "acme",
      fetch: workerFetch,
    });
    const key = await org.key(["apiKeysRead", "candidatesRead"]);
    const error = (await kit.connect({ body: { apiKey: key } }).catch((e: unknown) => e)) as AshbyKitError;
    expect(error.code).toBe("ashby_permissions_missing");
    expect((error.details as { missing: unknown[] }).missing.length).toBe(6);
  });

  it("covers push-back: settings, Ashby custom fields, pushes and the write ledger", async () => {
    const kit = createAshbyKitClient({
      baseUrl: BASE,
      secretKey: DEV_KEY,
      workspaceId: "acme",
      fetch: workerFetch,
    });
    await kit.connect({ body: { apiKey: org.fullKey } });
    const settings = await kit.getPushSettings();
    expect(settings).toMatchObject({ customFields: [], notes: { enabled: false }, updatedAt: null });
    const saved = await kit.putPushSettings({
      body: { customFields: [], tags: { enabled: false, rules: [] }, notes: { enabled: true } },
    });
    expect(saved.notes.enabled).toBe(true);
    expect(Array.isArray((await kit.listAshbyCustomFields()).fields)).toBe(true);
    const writes = await kit.listWrites();
    expect(writes.writes).toEqual([]);
  });

  it("has a descriptor for every mounted /v1 route, each answering its method (401 without credentials)", async () => {
    for (const endpoint of Object.values(endpoints)) {
      const path = endpoint.path.replace(/\{[^}]+\}/g, "x");
      const res = await workerFetch(new Request(`${BASE}${path}`, { method: endpoint.method }));
      expect([401, 400], `${endpoint.method} ${endpoint.path}`).toContain(res.status);
    }
  });

  it("checks request bodies against the contract before sending", async () => {
    let sent = 0;
    const kit = createAshbyKitClient({
      baseUrl: BASE,
      secretKey: DEV_KEY,
      workspaceId: "acme",
      fetch: async (request) => {
        sent++;
        return workerFetch(request);
      },
    });
    const error = await kit
      .updateConnection({ body: { syncInterval: "1h" as never } })
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ code: "invalid_request", status: 0 });
    expect(sent).toBe(0);
  });

  it("reports responses that break the contract and network failures with client codes", async () => {
    const lying = createAshbyKitClient({
      baseUrl: BASE,
      secretKey: DEV_KEY,
      workspaceId: "acme",
      fetch: async () => Response.json({ status: "weird" }),
    });
    await expect(lying.getConnection()).rejects.toMatchObject({ code: "invalid_response" });
    const offline = createAshbyKitClient({
      baseUrl: BASE,
      secretKey: DEV_KEY,
      workspaceId: "acme",
      fetch: async () => {
        throw new TypeError("fetch failed");
      },
    });
    await expect(offline.getConnection()).rejects.toMatchObject({ code: "network_error", retryable: true });
    const html = createAshbyKitClient({
      baseUrl: BASE,
      secretKey: DEV_KEY,
      workspaceId: "acme",
      fetch: async () => new Response("<html>bad gateway</html>", { status: 502 }),
    });
    await expect(html.getConnection()).rejects.toMatchObject({
      code: "invalid_response",
      status: 502,
      retryable: true,
    });
  });

  it("needs workspaceId for workspace routes when using a secret key", async () => {
    const kit = createAshbyKitClient({ baseUrl: BASE, secretKey: DEV_KEY, fetch: workerFetch });
    await expect(kit.getConnection()).rejects.toMatchObject({ code: "invalid_request" });
  });
});
