import { env } from "cloudflare:test";
import { beforeEach, describe, expect, it } from "vitest";
import { freshDatabase } from "../../test/helpers";
import { DEV_TENANT_ID, DEV_WORKSPACE_ID, seedDevTenant } from "../auth/dev-tenant";
import { createDeps, type Deps } from "../deps";
import { type AuthContext, parseEnv } from "../env";
import { ApiError } from "../lib/api-error";
import { connectAshby } from "./connect";

// Ashby answers that the emulator cannot be made to give: a key whose scopes apiKey.info leaves out, and a
// body that is not Ashby's envelope at all. Only Ashby's HTTP side is faked; everything of ours is real.
function ashbyAnswering(body: unknown, status = 200) {
  return async () => Response.json(body, { status });
}

const auth: AuthContext = {
  tenantId: DEV_TENANT_ID,
  workspaceId: DEV_WORKSPACE_ID,
  workspaceExternalId: "demo",
  user: { email: "o@demo.test", role: "owner" },
  via: "session",
};

async function depsWith(fetch: () => Promise<Response>): Promise<Deps> {
  const deps = await createDeps(parseEnv(env), { fetch });
  await seedDevTenant(deps.db, deps.config, new Date());
  return deps;
}

describe("connectAshby with unusual Ashby answers", () => {
  beforeEach(freshDatabase);

  it("connects a key whose scopes Ashby does not list, marking permissions unverified", async () => {
    const deps = await depsWith(ashbyAnswering({ success: true, results: { title: "Old key" } }));
    const connection = await connectAshby(deps, auth, { apiKey: "key-without-scopes" });
    expect(connection).toMatchObject({
      status: "active",
      apiKeyTitle: "Old key",
      permissions: { granted: [], missing: [], verified: false },
      connectedBy: { type: "user", email: "o@demo.test" },
    });
  });

  it("keeps unknown scopes as granted but still refuses when a required one is missing", async () => {
    const deps = await depsWith(
      ashbyAnswering({
        success: true,
        results: { title: "k", scopes: ["candidates:read", "brandNew:read"] },
      }),
    );
    const error = await connectAshby(deps, auth, { apiKey: "partial-key" }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect((error as ApiError).code).toBe("ashby_permissions_missing");
  });

  it("refuses with ashby_invalid_response when Ashby's answer is not its envelope, storing nothing", async () => {
    const deps = await depsWith(ashbyAnswering({ unexpected: true }));
    const error = await connectAshby(deps, auth, { apiKey: "whatever-key" }).catch((e: unknown) => e);
    expect((error as ApiError).code).toBe("ashby_invalid_response");
    expect(await env.DB.prepare("SELECT count(*) AS n FROM connections").first("n")).toBe(0);
  });

  it("maps Ashby's 429 to a retryable ashby_rate_limited", async () => {
    const deps = await depsWith(
      ashbyAnswering(
        {
          success: false,
          errors: ["rate_limit_exceeded"],
          errorInfo: { code: "rate_limit_exceeded", message: "slow down" },
        },
        429,
      ),
    );
    const error = (await connectAshby(deps, auth, { apiKey: "busy-key-123" }).catch(
      (e: unknown) => e,
    )) as ApiError;
    expect(error.code).toBe("ashby_rate_limited");
    expect(error.message).not.toContain("slow down");
  });
});
