import { env } from "cloudflare:test";
import { beforeEach, describe, expect, it } from "vitest";
import { asTenant, DEV_KEY, freshDatabase } from "../../test/helpers";
import { createApp } from "../app";
import { createDeps } from "../deps";
import { parseEnv } from "../env";

function appIn(environment: "production" | "development", extra: Record<string, unknown> = {}) {
  return createApp({
    depsFor: async () => createDeps({ ...parseEnv({ ...env, ...extra }), ENVIRONMENT: environment }),
  });
}

describe("the local demo tenant", () => {
  beforeEach(freshDatabase);

  it("is seeded on first use of the dev key outside production, with workspace demo", async () => {
    const res = await appIn("development").request(
      "/v1/connection",
      { headers: asTenant(DEV_KEY, "demo") },
      env,
    );
    expect(res.status).toBe(200);
    expect(await env.DB.prepare("SELECT id FROM workspaces WHERE external_id = 'demo'").first("id")).toBe(
      "ws_demo",
    );
    // Idempotent: a second first-use does not fail or duplicate.
    expect(
      (await appIn("development").request("/v1/connection", { headers: asTenant(DEV_KEY, "demo") }, env))
        .status,
    ).toBe(200);
    expect(await env.DB.prepare("SELECT count(*) AS n FROM tenants").first("n")).toBe(1);
  });

  it("honours DEV_TENANT_SECRET_KEY", async () => {
    const custom = "ak_dev_custom_key_for_this_machine";
    const app = appIn("development", { DEV_TENANT_SECRET_KEY: custom });
    expect((await app.request("/v1/connection", { headers: asTenant(custom, "demo") }, env)).status).toBe(
      200,
    );
    expect((await app.request("/v1/connection", { headers: asTenant(DEV_KEY, "demo") }, env)).status).toBe(
      401,
    );
  });

  it("does not exist in production", async () => {
    const res = await appIn("production").request(
      "/v1/connection",
      { headers: asTenant(DEV_KEY, "demo") },
      env,
    );
    expect(res.status).toBe(401);
    expect(await env.DB.prepare("SELECT count(*) AS n FROM tenants").first("n")).toBe(0);
  });
});
