// Shared test code for the edge API suite: calls go through the real worker (exports.default.fetch), and Ashby
// is the emulator served by test/ashby-emulator-server.ts, driven through its control API.

import { applyD1Migrations, env, reset } from "cloudflare:test";
import { exports } from "cloudflare:workers";
import { createEmulatorControl } from "@ashby-kit/ashby-emulator";
import type { ApiErrorBody, LatestSyncRun, UserRole } from "@ashby-kit/shared";
import { expect } from "vitest";
import { DEFAULT_DEV_TENANT_SECRET_KEY } from "../src/env";

export const DEV_KEY = DEFAULT_DEV_TENANT_SECRET_KEY;
export const BASE = "http://edge.test";

export async function freshDatabase(): Promise<void> {
  await reset();
  await applyD1Migrations(env.DB, env.TEST_MIGRATIONS);
}

export function api(path: string, init: RequestInit = {}): Promise<Response> {
  return exports.default.fetch(new Request(`${BASE}${path}`, init));
}

export function json(body: unknown): { body: string; headers: Record<string, string> } {
  return { body: JSON.stringify(body), headers: { "content-type": "application/json" } };
}

/** Headers for a secret-key call on a workspace. */
export function asTenant(secretKey: string, workspaceId: string, extra: Record<string, string> = {}) {
  return { authorization: `Bearer ${secretKey}`, "x-workspace-id": workspaceId, ...extra };
}

export function asSession(token: string, extra: Record<string, string> = {}) {
  return { authorization: `Bearer ${token}`, ...extra };
}

export async function mintSession(
  workspaceId: string,
  user: { email: string; role: UserRole; name?: string },
  options: { secretKey?: string; ttlSeconds?: number } = {},
): Promise<{ token: string; expiresAt: string }> {
  const res = await api("/v1/sessions", {
    method: "POST",
    headers: { authorization: `Bearer ${options.secretKey ?? DEV_KEY}`, "content-type": "application/json" },
    body: JSON.stringify({
      workspaceId,
      user,
      ...(options.ttlSeconds ? { ttlSeconds: options.ttlSeconds } : {}),
    }),
  });
  expect(res.status, await res.clone().text()).toBe(201);
  return res.json();
}

export async function expectError(res: Response, status: number, code: string): Promise<ApiErrorBody> {
  const text = await res.text();
  expect(res.status, text).toBe(status);
  const body = JSON.parse(text) as ApiErrorBody;
  expect(body.error.code, text).toBe(code);
  expect(body.error.requestId).toBe(res.headers.get("x-request-id"));
  expect(typeof body.error.retryable).toBe("boolean");
  return body;
}

export function emulator() {
  return createEmulatorControl((input, init) => fetch(input, init), env.ASHBY_BASE_URL);
}

/** Permissions by spec identifier, as the emulator's control API takes them. */
export const ALL_KIT_PERMISSIONS = [
  "apiKeysRead",
  "candidatesRead",
  "candidatesWrite",
  "jobsRead",
  "interviewsRead",
  "hiringProcessMetadataRead",
  "hiringProcessMetadataWrite",
  "organizationRead",
] as const;

/** A fresh emulator org with one key per permission set asked for. */
export async function ashbyOrg() {
  const control = emulator();
  const org = await control.createOrg({ seed: 7, candidates: 3 });
  return {
    control,
    orgId: org.orgId,
    /** The org's default key, which has every permission. */
    fullKey: org.apiKey,
    async key(permissions: readonly string[], title = "ashby-kit test key") {
      const created = await control.createApiKey(org.orgId, { permissions: permissions as never, title });
      return created.apiKey;
    },
  };
}

/** Connects the workspace to Ashby through the API, as its owner (the initial sync then starts on the queue). */
export async function connectWorkspace(workspace: string, apiKey: string): Promise<void> {
  const { body, headers } = json({ apiKey, syncInterval: "6h" });
  const res = await api("/v1/connection", {
    method: "POST",
    headers: { ...asTenant(DEV_KEY, workspace), ...headers },
    body,
  });
  expect(res.status, await res.clone().text()).toBe(201);
}

/** The queue consumer runs on its own: wait, through the API, until the workspace's latest sync run has ended. */
export async function waitForSyncRun(workspace = "demo", timeoutMs = 20_000): Promise<LatestSyncRun> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const res = await api("/v1/sync-runs/latest", { headers: asTenant(DEV_KEY, workspace) });
    if (res.status !== 200) {
      throw new Error(`GET /v1/sync-runs/latest answered ${res.status}: ${await res.text()}`);
    }
    const body = (await res.json()) as LatestSyncRun;
    if (body.run && !["queued", "running"].includes(body.run.status)) {
      return body;
    }
    if (Date.now() > deadline) {
      throw new Error(`run did not finish: ${JSON.stringify(body.run?.status)}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
