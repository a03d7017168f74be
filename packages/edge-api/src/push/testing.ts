import { env } from "cloudflare:test";
import type { CreatePushResponse, PutPushSettingsRequest, Write, WriteList } from "@ashby-kit/shared";
import { expect } from "vitest";
import { api, asTenant, DEV_KEY, json } from "../../test/helpers";
import { type AshbyClient, createAshbyClient } from "../ashby";
import { createDb } from "../db/client";
import { connections } from "../db/schema";
import { driveMessages } from "../sync/local-driver";
import { startSyncRun } from "../sync/start-run";
import { createTestSyncDeps } from "../sync/testing";

/**
 * Test support for push-back (imported by *.test.ts only): connect the demo workspace to an emulator org through
 * the real API, run the real sync engine for it so custom fields, tags and applications are in D1, and small
 * wrappers around the push endpoints.
 */

export const owner = (extra: Record<string, string> = {}) => asTenant(DEV_KEY, "demo", extra);

export function ashbyClient(apiKey: string): AshbyClient {
  return createAshbyClient({ apiKey, baseUrl: env.ASHBY_BASE_URL, fetch: (url, init) => fetch(url, init) });
}

export async function connectDemo(apiKey: string): Promise<string> {
  const { body, headers } = json({ apiKey });
  const res = await api("/v1/connection", { method: "POST", headers: { ...owner(), ...headers }, body });
  expect(res.status, await res.clone().text()).toBe(201);
  const db = createDb(env.DB);
  const [row] = await db.select({ id: connections.id }).from(connections).limit(1);
  if (!row) throw new Error("no connection row after connect");
  return row.id;
}

/** The real sync engine, driven in-process (the worker's own sync queue may run too; both converge). */
export async function syncNow(connectionId: string, apiKey: string): Promise<void> {
  const conn = createTestSyncDeps(
    env.DB,
    { fetch: (url, init) => fetch(url, init), apiKey, baseUrl: env.ASHBY_BASE_URL },
    { connectionId },
  );
  const started = await startSyncRun(conn.deps, { connectionId, trigger: "manual" });
  await driveMessages(conn.deps, started.enqueue, { concurrency: 3 });
  // The worker's own sync consumer may hold the run (the connect hook starts one): wait until no run is in flight.
  for (let i = 0; i < 300; i++) {
    const inFlight = await env.DB.prepare(
      "SELECT count(*) AS n FROM sync_runs WHERE connection_id = ?1 AND status IN ('queued', 'running')",
    )
      .bind(connectionId)
      .first<{ n: number }>();
    const fields = await env.DB.prepare(
      "SELECT count(*) AS n FROM synced_records WHERE connection_id = ?1 AND entity = 'custom_fields'",
    )
      .bind(connectionId)
      .first<{ n: number }>();
    if ((inFlight?.n ?? 0) === 0 && (fields?.n ?? 0) > 0) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error("the sync never finished with custom fields in the synced data");
}

export async function putSettings(
  settings: PutPushSettingsRequest,
  headers: Record<string, string> = owner(),
) {
  const { body, headers: contentType } = json(settings);
  return api("/v1/push-settings", { method: "PUT", headers: { ...headers, ...contentType }, body });
}

export async function push(items: unknown[], headers: Record<string, string> = owner()) {
  const { body, headers: contentType } = json({ items });
  return api("/v1/pushes", { method: "POST", headers: { ...headers, ...contentType }, body });
}

export async function pushOk(items: unknown[]): Promise<CreatePushResponse> {
  const res = await push(items);
  expect(res.status, await res.clone().text()).toBe(202);
  return res.json();
}

export async function listWrites(query = "", headers: Record<string, string> = owner()): Promise<WriteList> {
  const res = await api(`/v1/writes${query}`, { headers });
  expect(res.status, await res.clone().text()).toBe(200);
  return res.json();
}

const TERMINAL = new Set(["succeeded", "failed", "cancelled"]);

/** Wait until every write of the push is final (the worker's writeback queue delivers them). */
export async function settled(pushId: string, timeoutMs = 20_000): Promise<Write[]> {
  const started = Date.now();
  for (;;) {
    const { writes } = await listWrites(`?pushId=${pushId}&limit=200`);
    if (writes.every((write) => TERMINAL.has(write.status))) return writes;
    if (Date.now() - started > timeoutMs) {
      throw new Error(
        `push ${pushId} did not settle: ${writes.map((w) => `${w.kind}:${w.status}`).join(", ")}`,
      );
    }
    await new Promise((resolve) => setTimeout(resolve, 150));
  }
}
