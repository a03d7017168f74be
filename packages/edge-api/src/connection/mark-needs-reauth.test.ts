import { env } from "cloudflare:test";
import { beforeAll, beforeEach, describe, expect, it } from "vitest";
import { ALL_KIT_PERMISSIONS, ashbyOrg, freshDatabase } from "../../test/helpers";
import { ashbyError } from "../ashby/errors";
import { findConnectionById } from "../db/queries/connections";
import { auditEvents, connections, tenants, workspaces } from "../db/schema";
import { createDeps, type Deps } from "../deps";
import { parseEnv } from "../env";
import { createEncryptor } from "../lib/crypto";
import { handleAshbyAuthFailure } from "./mark-needs-reauth";

type Org = Awaited<ReturnType<typeof ashbyOrg>>;
let org: Org;
let deps: Deps;
beforeAll(async () => {
  org = await ashbyOrg();
});

async function seedConnection(status: "active" | "paused" | "disconnected", apiKey: string, keyId?: string) {
  const now = new Date();
  const encryptor = keyId ? await createEncryptor(JSON.parse(env.ENCRYPTION_KEYS), keyId) : deps.encryptor;
  const sealed = await encryptor.encrypt(apiKey, "conn_t");
  await deps.db.batch([
    deps.db.insert(tenants).values({ id: "ten_t", name: "T", createdAt: now }),
    deps.db.insert(workspaces).values({ id: "ws_t", tenantId: "ten_t", externalId: "t", createdAt: now }),
    deps.db.insert(connections).values({
      id: "conn_t",
      tenantId: "ten_t",
      workspaceId: "ws_t",
      status,
      syncInterval: "24h",
      apiKeyCiphertext: sealed.ciphertext,
      apiKeyEncryptionKeyId: sealed.keyId,
      grantedScopes: [],
      missingPermissions: [],
      nextSyncAt: now,
      createdAt: now,
      updatedAt: now,
    }),
  ]);
}

beforeEach(async () => {
  await freshDatabase();
  deps = await createDeps(parseEnv(env));
});

describe("handleAshbyAuthFailure", () => {
  it("moves an active connection to needs_reauth on a 401/403, stops its schedule and audits once", async () => {
    await seedConnection("active", org.fullKey);
    const error = ashbyError("ashby_credentials_invalid", {
      httpStatus: 403,
      ashbyCode: "invalid_api_key",
      ashbyRequestId: "01R",
    });
    expect(await handleAshbyAuthFailure(deps, "conn_t", error)).toBe(true);
    const row = await findConnectionById(deps.db, "conn_t");
    expect(row).toMatchObject({
      status: "needs_reauth",
      needsReauthCode: "ashby_credentials_invalid",
      nextSyncAt: null,
    });
    expect(row?.apiKeyCiphertext).not.toBeNull();
    expect(await handleAshbyAuthFailure(deps, "conn_t", error)).toBe(true);
    const events = await deps.db.select().from(auditEvents);
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({
      type: "connection.needs_reauth",
      actorType: "system",
      details: {
        code: "ashby_credentials_invalid",
        ashbyCode: "invalid_api_key",
        httpStatus: 403,
        ashbyRequestId: "01R",
      },
    });
  });

  it("audits once when several consumers meet the revoked key at the same moment", async () => {
    await seedConnection("active", org.fullKey);
    const error = ashbyError("ashby_credentials_invalid", { httpStatus: 401 });
    const results = await Promise.all(
      Array.from({ length: 5 }, () => handleAshbyAuthFailure(deps, "conn_t", error)),
    );
    expect(results).toEqual([true, true, true, true, true]);
    expect((await findConnectionById(deps.db, "conn_t"))?.status).toBe("needs_reauth");
    const events = await deps.db.select().from(auditEvents);
    expect(events.map((e) => e.type)).toEqual(["connection.needs_reauth"]);
  });

  it("treats a permission refusal on the stored key the same way", async () => {
    await seedConnection("paused", org.fullKey);
    const error = ashbyError("ashby_permissions_missing", {
      httpStatus: 403,
      ashbyCode: "missing_endpoint_permission",
    });
    expect(await handleAshbyAuthFailure(deps, "conn_t", error)).toBe(true);
    expect((await findConnectionById(deps.db, "conn_t"))?.status).toBe("needs_reauth");
  });

  it("ignores failures that are not about the key", async () => {
    await seedConnection("active", org.fullKey);
    for (const code of [
      "ashby_rate_limited",
      "ashby_unavailable",
      "ashby_rejected",
      "ashby_timeout",
    ] as const) {
      expect(await handleAshbyAuthFailure(deps, "conn_t", ashbyError(code))).toBe(false);
    }
    expect((await findConnectionById(deps.db, "conn_t"))?.status).toBe("active");
    expect(await deps.db.select().from(auditEvents)).toEqual([]);
  });

  it("leaves a disconnected connection alone", async () => {
    await seedConnection("disconnected", org.fullKey);
    expect(await handleAshbyAuthFailure(deps, "conn_t", ashbyError("ashby_credentials_invalid"))).toBe(true);
    expect((await findConnectionById(deps.db, "conn_t"))?.status).toBe("disconnected");
  });
});

describe("deps.ashbyFor(connection)", () => {
  it("opens a client for an active connection that really talks to Ashby with the stored key", async () => {
    const key = await org.key(ALL_KIT_PERMISSIONS, "stored key");
    await seedConnection("active", key);
    const row = await findConnectionById(deps.db, "conn_t");
    const opened = await deps.ashbyFor(row as NonNullable<typeof row>);
    expect(opened.ok).toBe(true);
    if (opened.ok) {
      const info = await opened.value.apiKey.info();
      expect(info).toMatchObject({ ok: true, value: { title: "stored key" } });
    }
  });

  it("still opens rows sealed by an older encryption key after rotation", async () => {
    await seedConnection("active", org.fullKey, "k0");
    const row = await findConnectionById(deps.db, "conn_t");
    expect(row?.apiKeyEncryptionKeyId).toBe("k0");
    expect(deps.encryptor.currentKeyId).toBe("k1");
    expect((await deps.ashbyFor(row as NonNullable<typeof row>)).ok).toBe(true);
  });

  it("refuses paused, needs_reauth and disconnected connections with their codes", async () => {
    await seedConnection("active", org.fullKey);
    const row = (await findConnectionById(deps.db, "conn_t")) as NonNullable<
      Awaited<ReturnType<typeof findConnectionById>>
    >;
    const codes = [];
    for (const status of ["paused", "needs_reauth", "disconnected"] as const) {
      const opened = await deps.ashbyFor({ ...row, status });
      codes.push(opened.ok ? "ok" : opened.error.code);
    }
    expect(codes).toEqual(["ashby_connection_paused", "ashby_needs_reauth", "ashby_not_connected"]);
    const wiped = await deps.ashbyFor({ ...row, apiKeyCiphertext: null });
    expect(wiped).toMatchObject({ ok: false, error: { code: "ashby_not_connected" } });
  });
});
