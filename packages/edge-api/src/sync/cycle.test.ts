import {
  createExecutionContext,
  createScheduledController,
  env,
  waitOnExecutionContext,
} from "cloudflare:test";
import { createEmulatorControl } from "@ashby-kit/ashby-emulator";
import type { LatestSyncRun, StartSyncRunResponse, SyncRunList } from "@ashby-kit/shared";
import { beforeEach, describe, expect, it } from "vitest";
import {
  api,
  asTenant,
  connectWorkspace,
  DEV_KEY,
  expectError,
  freshDatabase,
  json,
  mintSession,
  waitForSyncRun,
} from "../../test/helpers";
import worker from "../index";

/**
 * The whole cycle inside workerd: connect (initial sync) → the real `sync` queue → the queue consumer → D1, with
 * Ashby being the suite's HTTP emulator reached by the worker's real fetch; the cron through the real scheduled().
 */

const owner = (workspace = "demo") => asTenant(DEV_KEY, workspace);
const control = () => createEmulatorControl((input, init) => fetch(input, init), env.ASHBY_BASE_URL);

async function latest(workspace = "demo"): Promise<LatestSyncRun> {
  const res = await api("/v1/sync-runs/latest", { headers: owner(workspace) });
  expect(res.status).toBe(200);
  return res.json();
}

async function newOrg(candidates = 12) {
  return control().createOrg({ seed: 5, candidates });
}

beforeEach(freshDatabase);

describe("connect → queue → consumer → D1", () => {
  it("the initial sync runs through the real queue and the read API serves the result", async () => {
    const org = await newOrg();
    await connectWorkspace("demo", org.apiKey);
    const done = await waitForSyncRun();
    expect(done.run).toMatchObject({ status: "succeeded", trigger: "initial", mode: "full", error: null });
    const candidates = done.run?.entities.find((e) => e.entity === "candidates");
    expect(candidates?.recordsWritten).toBe(12);
    expect(candidates?.progress).toBe(1);
    expect(done.nextScheduledAt).not.toBeNull();

    const list = await api("/v1/candidates?limit=5", { headers: owner() });
    const page = (await list.json()) as { data: { id: string }[]; nextCursor: string | null };
    expect(page.data).toHaveLength(5);
    expect(page.nextCursor).not.toBeNull();
    const rest = await api(`/v1/candidates?limit=50&cursor=${page.nextCursor}`, { headers: owner() });
    const restPage = (await rest.json()) as { data: { id: string }[]; nextCursor: string | null };
    expect(restPage.data).toHaveLength(7);
    expect(restPage.nextCursor).toBeNull();

    const first = page.data[0]?.id ?? "";
    const detail = await api(`/v1/candidates/${first}`, { headers: owner() });
    expect(detail.status).toBe(200);
    const body = (await detail.json()) as {
      candidate: { id: string; data: { applicationIds: string[] } };
      applications: { id: string }[];
      attachments: unknown[];
      notes: unknown[];
      tags: unknown[];
      customFields: unknown[];
    };
    expect(body.candidate.id).toBe(first);
    expect(body.applications.map((a) => a.id).sort()).toEqual([...body.candidate.data.applicationIds].sort());
    expect(body.attachments.length).toBeGreaterThan(0);

    const byIds = await api(`/v1/candidates?ids=${first},nope`, { headers: owner() });
    expect(((await byIds.json()) as { data: unknown[] }).data).toHaveLength(1);
    const future = await api(`/v1/candidates?updatedSince=${new Date(Date.now() + 60_000).toISOString()}`, {
      headers: owner(),
    });
    expect(((await future.json()) as { data: unknown[] }).data).toHaveLength(0);
    for (const path of ["/v1/applications", "/v1/jobs", "/v1/users", "/v1/interview-events"]) {
      const res = await api(path, { headers: owner() });
      expect(res.status, path).toBe(200);
      expect(((await res.json()) as { data: unknown[] }).data.length, path).toBeGreaterThan(0);
    }
    await expectError(await api("/v1/candidates/unknown-id", { headers: owner() }), 404, "not_found");
    await expectError(await api("/v1/candidates?limit=0", { headers: owner() }), 400, "invalid_request");
  });

  it("POST /v1/sync-runs starts a run for owners/admins, returns the run in flight, and refuses members", async () => {
    const org = await newOrg(4);
    await connectWorkspace("demo", org.apiKey);
    await waitForSyncRun();
    const { token } = await mintSession("demo", { email: "m@acme.test", role: "member" });
    const forbidden = await api("/v1/sync-runs", {
      method: "POST",
      headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
      body: "{}",
    });
    await expectError(forbidden, 403, "forbidden");

    const start = async (body: string | undefined) => {
      const res = await api("/v1/sync-runs", {
        method: "POST",
        headers: { ...owner(), "content-type": "application/json" },
        ...(body !== undefined && { body }),
      });
      expect(res.status).toBe(202);
      return (await res.json()) as StartSyncRunResponse;
    };
    const first = await start("{}");
    // Many HTTP clients send the JSON content type on every POST, body or not: an empty body reads as {}.
    const second = await start(undefined);
    // A route with required fields still says which are missing, not "malformed JSON".
    const noUrl = await api("/v1/webhook-endpoints", {
      method: "POST",
      headers: { ...owner(), "content-type": "application/json", "content-length": "0" },
    });
    const refused = await expectError(noUrl, 400, "invalid_request");
    expect(JSON.stringify(refused)).toContain("url");
    expect(first.created).toBe(true);
    expect(first.run.trigger).toBe("manual");
    if (["queued", "running"].includes(second.run.status)) {
      expect(second).toMatchObject({ created: false, run: { id: first.run.id } });
    }
    const done = await waitForSyncRun();
    expect(done.run?.id).toBe(first.run.id);
    expect(done.run?.status).toBe("succeeded");
    // Nothing changed in Ashby since the initial sync: the manual run wrote no record.
    expect(done.run?.entities.every((e) => e.recordsWritten === 0)).toBe(true);

    const runs = await api("/v1/sync-runs", { headers: owner() });
    expect(((await runs.json()) as SyncRunList).runs.map((r) => r.trigger)).toEqual(["manual", "initial"]);
  });

  it("data stays readable when the connection is paused or disconnected without purge, and paused refuses new runs", async () => {
    const org = await newOrg(3);
    await connectWorkspace("demo", org.apiKey);
    await waitForSyncRun();
    const patch = json({ paused: true });
    await api("/v1/connection", {
      method: "PATCH",
      headers: { ...owner(), ...patch.headers },
      body: patch.body,
    });
    expect((await api("/v1/candidates", { headers: owner() })).status).toBe(200);
    await expectError(
      await api("/v1/sync-runs", {
        method: "POST",
        headers: { ...owner(), "content-type": "application/json" },
        body: "{}",
      }),
      409,
      "ashby_connection_paused",
    );
    expect((await latest()).nextScheduledAt).toBeNull();
    await api("/v1/connection", { method: "DELETE", headers: owner() });
    const res = await api("/v1/candidates", { headers: owner() });
    expect(((await res.json()) as { data: unknown[] }).data).toHaveLength(3);
  });
});

describe("host webhooks from sync runs", () => {
  it("a run emits sync.completed and records.changed; a revoked key emits sync.failed and connection.needs_reauth", async () => {
    const endpoint = await api("/v1/webhook-endpoints", {
      method: "POST",
      headers: { authorization: `Bearer ${DEV_KEY}`, "content-type": "application/json" },
      body: JSON.stringify({ url: "http://127.0.0.1:9/hooks" }),
    });
    expect(endpoint.status).toBe(201);
    const org = await newOrg(3);
    await connectWorkspace("demo", org.apiKey);
    await waitForSyncRun();
    const events = async () =>
      (
        await env.DB.prepare(`SELECT type, payload FROM webhook_events ORDER BY created_at, id`).all<{
          type: string;
          payload: string;
        }>()
      ).results;
    const first = await events();
    expect(first.map((e) => e.type)).toEqual(["sync.completed", "records.changed"]);
    const changed = JSON.parse(first[1]?.payload ?? "{}") as {
      data: { workspaceId: string; changes: Record<string, { upserted: string[] }> };
    };
    expect(changed.data.workspaceId).toBe("demo");
    expect(changed.data.changes.candidates?.upserted).toHaveLength(3);

    await control().revokeApiKey(org.apiKey);
    const res = await api("/v1/sync-runs", {
      method: "POST",
      headers: { ...owner(), "content-type": "application/json" },
      body: "{}",
    });
    expect(res.status).toBe(202);
    const failed = await waitForSyncRun();
    expect(failed.run?.status).toBe("failed");
    expect(failed.run?.error?.code).toBe("ashby_credentials_invalid");
    const connection = await api("/v1/connection", { headers: owner() });
    expect(((await connection.json()) as { status: string }).status).toBe("needs_reauth");
    expect((await events()).map((e) => e.type).slice(2)).toEqual(["sync.failed", "connection.needs_reauth"]);
    const deliveries = await api("/v1/webhook-deliveries", {
      headers: { authorization: `Bearer ${DEV_KEY}` },
    });
    expect(((await deliveries.json()) as { deliveries: unknown[] }).deliveries).toHaveLength(4);
  }, 30_000);
});

describe("the cron", () => {
  /** One tick of the real scheduled() handler, waited for to the end of what it hands to waitUntil. */
  async function cronTick(scheduledTime = new Date()) {
    const ctx = createExecutionContext();
    await worker.scheduled(createScheduledController({ scheduledTime, cron: "*/5 * * * *" }), env, ctx);
    await waitOnExecutionContext(ctx);
  }

  it("enqueues runs for exactly the due connections (active, interval elapsed, none in flight)", async () => {
    const workspaces = ["due", "not-due", "paused", "reauth"];
    for (const workspace of workspaces) {
      await connectWorkspace(workspace, (await newOrg(2)).apiKey);
    }
    await Promise.all(workspaces.map((workspace) => waitForSyncRun(workspace)));
    const now = Date.now();
    const ids = async (workspace: string) =>
      (
        await env.DB.prepare(
          `SELECT c.id FROM connections c JOIN workspaces w ON w.id = c.workspace_id WHERE w.external_id = ?1`,
        )
          .bind(workspace)
          .first<{ id: string }>()
      )?.id ?? "";
    const set = (workspace: string, status: string, next: number) =>
      ids(workspace).then((id) =>
        env.DB.prepare(`UPDATE connections SET status = ?2, next_sync_at = ?3 WHERE id = ?1`)
          .bind(id, status, next)
          .run(),
      );
    await set("due", "active", now - 1000);
    await set("not-due", "active", now + 3600_000);
    await set("paused", "paused", now - 1000);
    await set("reauth", "needs_reauth", now - 1000);
    const before = await env.DB.prepare(`SELECT COUNT(*) AS n FROM sync_runs`).first<{ n: number }>();

    await cronTick(new Date(now));

    const created = await env.DB.prepare(
      `SELECT connection_id, trigger FROM sync_runs ORDER BY created_at DESC LIMIT ?1`,
    )
      .bind(10)
      .all<{ connection_id: string; trigger: string }>();
    const after = await env.DB.prepare(`SELECT COUNT(*) AS n FROM sync_runs`).first<{ n: number }>();
    expect((after?.n ?? 0) - (before?.n ?? 0)).toBe(1);
    expect(created.results[0]).toEqual({ connection_id: await ids("due"), trigger: "scheduled" });
    const done = await waitForSyncRun("due");
    expect(done.run?.status).toBe("succeeded");

    // A second tick while nothing is due (the run moved next_sync_at one interval ahead) starts nothing.
    await cronTick();
    const final = await env.DB.prepare(`SELECT COUNT(*) AS n FROM sync_runs`).first<{ n: number }>();
    expect(final?.n).toBe(after?.n);
  }, 40_000);

  it("deletes the tasks of runs that ended more than a week ago, and keeps the runs", async () => {
    const runId = `run_pruned_${crypto.randomUUID().slice(0, 8)}`;
    const longAgo = Date.now() - 8 * 24 * 60 * 60 * 1000;
    await env.DB.batch([
      env.DB.prepare(
        `INSERT INTO sync_runs (id, connection_id, trigger, mode, status, created_at, finished_at, heartbeat_at)
         VALUES (?1, 'conn_gone', 'scheduled', 'full', 'succeeded', ?2, ?2, ?2)`,
      ).bind(runId, longAgo),
      env.DB.prepare(
        `INSERT INTO sync_tasks (id, run_id, connection_id, entity, kind, seq, status, created_at, updated_at)
         VALUES (?1 || ':users:0', ?1, 'conn_gone', 'users', 'list', 0, 'done', ?2, ?2)`,
      ).bind(runId, longAgo),
    ]);
    await cronTick();
    const left = await env.DB.prepare(`SELECT COUNT(*) AS n FROM sync_tasks WHERE run_id = ?1`)
      .bind(runId)
      .first<number>("n");
    expect(left).toBe(0);
    const run = await env.DB.prepare(`SELECT status FROM sync_runs WHERE id = ?1`)
      .bind(runId)
      .first<string>("status");
    expect(run).toBe("succeeded");
  });
});
