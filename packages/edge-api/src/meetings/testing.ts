import { env } from "cloudflare:test";
import type { FeedbackState } from "@ashby-kit/shared";
import { expect } from "vitest";
import { api, asSession, DEV_KEY, emulator, freshDatabase, json, mintSession } from "../../test/helpers";
import { type InterviewEvent, InterviewEventSchema, type Interviewer } from "../ashby";
import { connections } from "../db/schema";
import { createDeps, type Deps, type DepsOverrides } from "../deps";
import { parseEnv } from "../env";
import { driveMessages } from "../sync/local-driver";
import { resumeRunMessages } from "../sync/resume";
import { startSyncRun } from "../sync/start-run";
import { createTestSyncDeps } from "../sync/testing";
import { DEFAULT_WRITEBACK_CONFIG, type WritebackEvent } from "../writeback/context";
import { writebackContextFor } from "../writeback/context-for";

/**
 * Test support for the meetings and feedback suites (imported only by *.test.ts and the benchmark): an emulator
 * org connected through the real API and synced with the real sync engine, so every test starts where a real
 * workspace would be when a meeting arrives.
 */

export const WORKSPACE = "ws-feedback";

export type World = Awaited<ReturnType<typeof connectAndSync>>;

export async function connectAndSync(options: { seed?: number; candidates?: number } = {}) {
  await freshDatabase();
  const control = emulator();
  const org = await control.createOrg({ seed: options.seed ?? 11, candidates: options.candidates ?? 40 });
  const res = await api("/v1/connection", {
    method: "POST",
    headers: { authorization: `Bearer ${DEV_KEY}`, "x-workspace-id": WORKSPACE, ...json({}).headers },
    body: JSON.stringify({ apiKey: org.apiKey }),
  });
  expect(res.status, await res.clone().text()).toBe(201);
  const row = await env.DB.prepare(
    `SELECT c.id AS id, w.id AS workspace_id FROM connections c JOIN workspaces w ON w.id = c.workspace_id WHERE w.external_id = ?1`,
  )
    .bind(WORKSPACE)
    .first<{ id: string; workspace_id: string }>();
  if (!row) throw new Error("connection row missing after connect");
  await syncNow(row.id, org.apiKey);
  return {
    control,
    orgId: org.orgId,
    apiKey: org.apiKey,
    connectionId: row.id,
    workspaceId: row.workspace_id,
  };
}

/** One complete sync with the real engine, driven in-process (the sync queue is not what these tests are about). */
export async function syncNow(connectionId: string, apiKey: string, mode?: "full" | "incremental") {
  const conn = createTestSyncDeps(
    env.DB,
    { fetch: (url, init) => fetch(url, init), apiKey, baseUrl: env.ASHBY_BASE_URL },
    { connectionId },
  );
  // Connecting may already have started the initial run on the real sync queue: drive that run's pending tasks
  // here too (tasks are idempotent, so the queue's own deliveries become no-ops), then make sure a run completes.
  for (let i = 0; i < 50; i++) {
    const started = await startSyncRun(conn.deps, {
      connectionId,
      trigger: "manual",
      ...(mode ? { mode } : {}),
    });
    const messages = started.created ? started.enqueue : await resumeRunMessages(env.DB, started.runId);
    await driveMessages(conn.deps, messages, { concurrency: 3 });
    if (started.created) return;
    // Someone else's run (the real queue) is still finishing: let it, then start ours.
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error("could not start a sync run of our own");
}

export async function syncedEvents(connectionId: string): Promise<InterviewEvent[]> {
  const rows = await env.DB.prepare(
    `SELECT data FROM synced_records WHERE connection_id = ?1 AND entity = 'interview_events' AND deleted_at IS NULL ORDER BY ashby_id`,
  )
    .bind(connectionId)
    .all<{ data: string }>();
  return rows.results.map((r) => InterviewEventSchema.parse(JSON.parse(r.data)));
}

/** An event nobody gave feedback on yet, with an interviewer who has an email. */
export async function openEvent(
  connectionId: string,
  skip: readonly string[] = [],
): Promise<{ event: InterviewEvent; interviewer: Interviewer & { email: string } }> {
  for (const event of await syncedEvents(connectionId)) {
    const interviewer = event.interviewers.find((i) => i.email);
    if (!event.hasSubmittedFeedback && interviewer?.email && !skip.includes(event.id)) {
      return { event, interviewer: interviewer as Interviewer & { email: string } };
    }
  }
  throw new Error("the emulator org has no open interview event");
}

export function meetingBody(
  event: InterviewEvent,
  recorderEmail: string,
  extra: Record<string, unknown> = {},
) {
  return {
    title: "Interview",
    startTime: event.startTime,
    endTime: event.endTime,
    recorderEmail,
    attendeeEmails: [],
    recordingUrl: "https://rec.example.com/r/1",
    summary: "Candidate explained the design clearly.",
    ...extra,
  };
}

export function tenantHeaders(actingEmail?: string): Record<string, string> {
  return {
    authorization: `Bearer ${DEV_KEY}`,
    "x-workspace-id": WORKSPACE,
    ...(actingEmail ? { "x-acting-user-email": actingEmail } : {}),
  };
}

export async function putMeeting(meetingId: string, body: unknown) {
  return api(`/v1/meetings/${meetingId}`, {
    method: "PUT",
    headers: { ...tenantHeaders(), "content-type": "application/json" },
    body: JSON.stringify(body),
  });
}

export async function sessionFor(email: string) {
  const { token } = await mintSession(WORKSPACE, { email, role: "member" });
  return asSession(token);
}

export async function getFeedback(
  meetingId: string,
  headers: Record<string, string>,
): Promise<FeedbackState> {
  const res = await api(`/v1/meetings/${meetingId}/feedback`, { headers });
  expect(res.status, await res.clone().text()).toBe(200);
  return res.json();
}

export async function postFeedback(meetingId: string, headers: Record<string, string>, body: unknown) {
  return api(`/v1/meetings/${meetingId}/feedback`, {
    method: "POST",
    headers: { ...headers, "content-type": "application/json" },
    body: JSON.stringify(body),
  });
}

/** Poll until the state is one of `states` (the real queue delivers within about a second). */
export async function waitForState(
  meetingId: string,
  headers: Record<string, string>,
  states: FeedbackState["state"][],
  timeoutMs = 10_000,
): Promise<FeedbackState> {
  const deadline = Date.now() + timeoutMs;
  let last: FeedbackState | undefined;
  while (Date.now() < deadline) {
    last = await getFeedback(meetingId, headers);
    if (states.includes(last.state)) return last;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(
    `state stayed ${last?.state} (${JSON.stringify(last)}), expected one of ${states.join(", ")}`,
  );
}

/** The app's own deps (real D1, real queues), with Ashby behind `fetch` and time from `clock`. */
export async function testDeps(overrides: DepsOverrides = {}): Promise<Deps> {
  return createDeps(parseEnv(env), overrides);
}

/** A write-back context whose host events are recorded, with a budget that never throttles unless asked. */
export function testWritebackContext(deps: Deps, options: { budgetRate?: number } = {}) {
  const events: WritebackEvent[] = [];
  const rate = options.budgetRate ?? 100_000;
  const ctx = writebackContextFor(deps, {
    config: {
      ...DEFAULT_WRITEBACK_CONFIG,
      budget: { ratePerSecond: rate, capacity: rate, writebackReserve: 0 },
    },
    events: {
      async emit(_deps, event) {
        events.push(event);
      },
    },
    random: () => 0.5,
  });
  return { ctx, events };
}

/**
 * A workspace connected to an in-process emulator (the worker's Ashby calls are routed to `emu.fetch` through
 * `deps`): for suites that push thousands of calls or need the emulator's clock, without the shared HTTP server.
 * The connection row is stored exactly as POST /v1/connection stores it (key sealed with the connection id).
 */
export async function connectInProcess(emu: { apiKey: string }, deps: Deps) {
  await freshDatabase();
  const res = await api("/v1/connection", { headers: tenantHeaders() });
  expect(res.status, await res.clone().text()).toBe(200);
  const ws = await env.DB.prepare("SELECT id, tenant_id FROM workspaces WHERE external_id = ?1")
    .bind(WORKSPACE)
    .first<{ id: string; tenant_id: string }>();
  if (!ws) throw new Error("workspace missing");
  const connectionId = deps.ids.make("conn");
  const sealed = await deps.encryptor.encrypt(emu.apiKey, connectionId);
  const now = deps.clock.now();
  await deps.db.insert(connections).values({
    id: connectionId,
    tenantId: ws.tenant_id,
    workspaceId: ws.id,
    status: "active",
    syncInterval: "24h",
    apiKeyCiphertext: sealed.ciphertext,
    apiKeyEncryptionKeyId: sealed.keyId,
    grantedScopes: [],
    missingPermissions: [],
    createdAt: now,
    updatedAt: now,
  });
  return { connectionId, workspaceId: ws.id };
}
