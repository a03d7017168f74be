import { env } from "cloudflare:test";
import { beforeEach, describe, expect, it } from "vitest";
import { api, asSession, DEV_KEY, expectError, freshDatabase, mintSession } from "../../test/helpers";
import { mintSessionToken } from "../auth/session-token";
import { createSigningKeyring } from "../auth/signing-keys";

const post = (body: unknown, authorization = `Bearer ${DEV_KEY}`) =>
  api("/v1/sessions", {
    method: "POST",
    headers: { authorization, "content-type": "application/json" },
    body: JSON.stringify(body),
  });

describe("POST /v1/sessions", () => {
  beforeEach(freshDatabase);

  it("mints a token with the requested lifetime that the widget routes accept", async () => {
    const before = Date.now();
    const res = await post({
      workspaceId: "acme-1",
      user: { email: "Ada@Acme.test", role: "admin" },
      ttlSeconds: 120,
    });
    expect(res.status).toBe(201);
    const body = (await res.json()) as { token: string; expiresAt: string };
    const lifetime = Date.parse(body.expiresAt) - before;
    expect(lifetime).toBeGreaterThan(115_000);
    expect(lifetime).toBeLessThanOrEqual(121_000);
    const connection = await api("/v1/connection", { headers: asSession(body.token) });
    expect(connection.status).toBe(200);
    expect(await connection.json()).toMatchObject({ workspaceId: "acme-1", status: "not_connected" });
  });

  it("defaults to 15 minutes", async () => {
    const { expiresAt } = await mintSession("demo", { email: "a@demo.test", role: "member" });
    const lifetime = Date.parse(expiresAt) - Date.now();
    expect(lifetime).toBeGreaterThan(890_000);
    expect(lifetime).toBeLessThanOrEqual(900_000);
  });

  it("refuses lifetimes over an hour or under a minute", async () => {
    for (const ttlSeconds of [3601, 59, 0, -5, 1.5]) {
      const res = await post({
        workspaceId: "demo",
        user: { email: "a@demo.test", role: "owner" },
        ttlSeconds,
      });
      const body = await expectError(res, 400, "invalid_request");
      expect(JSON.stringify(body.error.details)).toContain("ttlSeconds");
    }
  });

  it("needs the secret key: none, a wrong one, or a session token are refused", async () => {
    await expectError(
      await api("/v1/sessions", {
        method: "POST",
        body: "{}",
        headers: { "content-type": "application/json" },
      }),
      401,
      "unauthorized",
    );
    await expectError(await post({}, "Bearer ak_sk_not_a_real_key_at_all_000000"), 401, "unauthorized");
    const { token } = await mintSession("demo", { email: "a@demo.test", role: "owner" });
    await expectError(
      await post({ workspaceId: "demo", user: { email: "a@demo.test", role: "owner" } }, `Bearer ${token}`),
      403,
      "forbidden",
    );
  });

  it("validates the user: email, role, no unknown fields", async () => {
    const cases = [
      { workspaceId: "demo", user: { email: "not-an-email", role: "owner" } },
      { workspaceId: "demo", user: { email: "a@demo.test", role: "superuser" } },
      { workspaceId: "demo", user: { email: "a@demo.test", role: "owner", isAdmin: true } },
      { workspaceId: "demo", user: { email: "a@demo.test", role: "owner" }, tenantId: "ten_other" },
      { workspaceId: "has spaces", user: { email: "a@demo.test", role: "owner" } },
      { user: { email: "a@demo.test", role: "owner" } },
    ];
    for (const body of cases) {
      await expectError(await post(body), 400, "invalid_request");
    }
  });
});

describe("session tokens at the API", () => {
  beforeEach(freshDatabase);

  it("refuses an expired token with token_expired", async () => {
    // Mint with the worker's own signing keys but a clock two hours back, as a stale tab would hold.
    const keys = await createSigningKeyring(JSON.parse(env.SESSION_SIGNING_KEYS), env.SESSION_CURRENT_KEY_ID);
    await mintSession("demo", { email: "a@demo.test", role: "owner" });
    const { token } = await mintSessionToken(
      keys,
      { jti: "ses_x", tid: "ten_demo", wid: "ws_demo", wsx: "demo", email: "a@demo.test", role: "owner" },
      new Date(Date.now() - 2 * 3600_000),
      3600,
    );
    await expectError(await api("/v1/connection", { headers: asSession(token) }), 401, "token_expired");
  });

  it("refuses a tampered token with token_invalid", async () => {
    const { token } = await mintSession("demo", { email: "a@demo.test", role: "member" });
    const [h, p, s] = token.split(".") as [string, string, string];
    const flipped = `${h}.${p}.${s.slice(0, -2)}${s.endsWith("AA") ? "BB" : "AA"}`;
    await expectError(await api("/v1/connection", { headers: asSession(flipped) }), 401, "token_invalid");
    const payload = JSON.parse(atob(p.replaceAll("-", "+").replaceAll("_", "/")));
    const escalated = btoa(JSON.stringify({ ...payload, role: "owner" }))
      .replaceAll("+", "-")
      .replaceAll("/", "_")
      .replace(/=+$/, "");
    await expectError(
      await api("/v1/connection", { method: "DELETE", headers: asSession(`${h}.${escalated}.${s}`) }),
      401,
      "token_invalid",
    );
  });

  it("refuses a token whose X-Workspace-Id names another workspace", async () => {
    const { token } = await mintSession("demo", { email: "a@demo.test", role: "owner" });
    await expectError(
      await api("/v1/connection", { headers: asSession(token, { "x-workspace-id": "other" }) }),
      403,
      "forbidden",
    );
    const same = await api("/v1/connection", { headers: asSession(token, { "x-workspace-id": "demo" }) });
    expect(same.status).toBe(200);
  });

  it("refuses a token signed with someone else's key (wrong tenant forgery)", async () => {
    const foreign = await createSigningKeyring({ s1: btoa("x".repeat(32)) }, "s1");
    const { token } = await mintSessionToken(
      foreign,
      { jti: "ses_x", tid: "ten_demo", wid: "ws_demo", wsx: "demo", email: "a@demo.test", role: "owner" },
      new Date(),
      600,
    );
    await expectError(await api("/v1/connection", { headers: asSession(token) }), 401, "token_invalid");
  });
});
