import { createEmulator, type Emulator } from "@ashby-kit/ashby-emulator";
import { beforeEach, describe, expect, it } from "vitest";
import { type AshbyClient, createAshbyClient } from "./client";
import { isAuthFailure } from "./errors";
import { ENDPOINT_PERMISSIONS, missingPermissions, parseApiKeyScopes } from "./permissions";

// The in-process emulator stands in for api.ashbyhq.com; its app.fetch is the client's injected fetch.
let emulator: Emulator;
let client: AshbyClient;

function clientFor(apiKey: string, options: { timeoutMs?: number } = {}): AshbyClient {
  return createAshbyClient({ apiKey, baseUrl: emulator.baseUrl, fetch: emulator.fetch, ...options });
}

beforeEach(() => {
  emulator = createEmulator({ seed: 7, candidates: 20 });
  client = clientFor(emulator.apiKey);
});

describe("Ashby client against the emulator: success", () => {
  it("reads apiKey.info with the Ashby request id", async () => {
    const result = await client.apiKey.info();
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.value.scopes).toEqual(expect.arrayContaining(["candidates:read", "candidates:write"]));
    expect(result.requestId).toEqual(expect.any(String));
  });
});

describe("Ashby client against the emulator: permissions", () => {
  it("parses a full key's scopes into every permission our endpoints need, with nothing unrecognised", async () => {
    const info = await client.apiKey.info();
    const { permissions, unknown } = parseApiKeyScopes((info.ok && info.value.scopes) || []);
    expect(unknown).toEqual([]);
    expect(missingPermissions(permissions, Object.values(ENDPOINT_PERMISSIONS))).toEqual([]);
  });

  it("reports exactly what a narrow key lacks", async () => {
    const key = await emulator.control.createApiKey(emulator.orgId, {
      permissions: ["apiKeysRead", "candidatesRead", "jobsRead"],
    });
    const info = await clientFor(key.apiKey).apiKey.info();
    const { permissions } = parseApiKeyScopes((info.ok && info.value.scopes) || []);
    expect(permissions.sort()).toEqual(["apiKeysRead", "candidatesRead", "jobsRead"]);
    expect(missingPermissions(permissions, ["candidatesRead", "candidatesWrite", "interviewsRead"])).toEqual([
      "candidatesWrite",
      "interviewsRead",
    ]);
  });
});

describe("Ashby client against the emulator: every error class", () => {
  it("HTTP 200 success:false → ashby_rejected with Ashby's code and request id", async () => {
    await emulator.control.setFaults(
      { apiKey: emulator.apiKey },
      { failNext: [{ method: "apiKey.info", count: 1, code: "invalid_input", message: "bad field" }] },
    );
    const result = await client.apiKey.info();
    expect(result).toMatchObject({
      ok: false,
      error: {
        code: "ashby_rejected",
        retryable: false,
        ashbyCode: "invalid_input",
        httpStatus: 200,
        message: "bad field",
      },
    });
    expect(!result.ok && result.error.ashbyRequestId).toEqual(expect.any(String));
    // The fault was for one call only.
    expect((await client.apiKey.info()).ok).toBe(true);
  });

  it("401 (no key) → ashby_credentials_invalid, an auth failure", async () => {
    const result = await clientFor("").apiKey.info();
    expect(result).toMatchObject({
      ok: false,
      error: { code: "ashby_credentials_invalid", httpStatus: 401 },
    });
    expect(!result.ok && isAuthFailure(result.error)).toBe(true);
  });

  it("403 (unknown key, revoked key) → ashby_credentials_invalid", async () => {
    expect(await clientFor("not-a-key").apiKey.info()).toMatchObject({
      ok: false,
      error: { code: "ashby_credentials_invalid", httpStatus: 403 },
    });
    const key = await emulator.control.createApiKey(emulator.orgId);
    await emulator.control.revokeApiKey(key.apiKey);
    expect(await clientFor(key.apiKey).apiKey.info()).toMatchObject({
      ok: false,
      error: { code: "ashby_credentials_invalid", httpStatus: 403 },
    });
  });

  it("403 missing_endpoint_permission → ashby_permissions_missing, an auth failure", async () => {
    const key = await emulator.control.createApiKey(emulator.orgId, { permissions: ["candidatesRead"] });
    const result = await clientFor(key.apiKey).apiKey.info();
    expect(result).toMatchObject({
      ok: false,
      error: { code: "ashby_permissions_missing", ashbyCode: "missing_endpoint_permission", httpStatus: 403 },
    });
    expect(!result.ok && isAuthFailure(result.error)).toBe(true);
  });

  it("missing_endpoint_permission arriving as HTTP 200 success:false is classified the same", async () => {
    await emulator.control.setFaults(
      { apiKey: emulator.apiKey },
      { failNext: [{ method: "*", count: 1, code: "missing_endpoint_permission", httpStatus: 200 }] },
    );
    expect(await client.apiKey.info()).toMatchObject({
      ok: false,
      error: { code: "ashby_permissions_missing", httpStatus: 200 },
    });
  });

  it("429 with Retry-After → ashby_rate_limited carrying the delay", async () => {
    await emulator.control.setFaults(
      { apiKey: emulator.apiKey },
      { rateLimit: { requestsPerSecond: 0, retryAfterSeconds: 12 } },
    );
    expect(await client.apiKey.info()).toMatchObject({
      ok: false,
      error: { code: "ashby_rate_limited", retryable: true, retryAfterSeconds: 12, httpStatus: 429 },
    });
  });

  it("429 without Retry-After → ashby_rate_limited without a delay", async () => {
    await emulator.control.setFaults(
      { orgId: emulator.orgId },
      { failNext: [{ method: "*", count: 1, code: "rate_limit_exceeded" }] },
    );
    const result = await client.apiKey.info();
    expect(result).toMatchObject({ ok: false, error: { code: "ashby_rate_limited", httpStatus: 429 } });
    expect(!result.ok && result.error.retryAfterSeconds).toBeUndefined();
  });

  it("5xx → ashby_unavailable, retryable", async () => {
    await emulator.control.setFaults({ apiKey: emulator.apiKey }, { serverErrors: { rate: 1, status: 503 } });
    expect(await client.apiKey.info()).toMatchObject({
      ok: false,
      error: { code: "ashby_unavailable", retryable: true, httpStatus: 503 },
    });
  });

  it("a hanging Ashby → ashby_timeout after timeoutMs", async () => {
    await emulator.control.setFaults({ apiKey: emulator.apiKey }, { hang: {} });
    const started = Date.now();
    const result = await clientFor(emulator.apiKey, { timeoutMs: 100 }).apiKey.info();
    expect(result).toMatchObject({ ok: false, error: { code: "ashby_timeout", retryable: true } });
    expect(Date.now() - started).toBeLessThan(5_000);
  });

  it("a fetch that rejects → ashby_network_error", async () => {
    const offline = createAshbyClient({
      apiKey: emulator.apiKey,
      baseUrl: emulator.baseUrl,
      fetch: () => Promise.reject(new TypeError("fetch failed: ECONNREFUSED")),
    });
    expect(await offline.apiKey.info()).toMatchObject({
      ok: false,
      error: { code: "ashby_network_error", retryable: true },
    });
  });
});
