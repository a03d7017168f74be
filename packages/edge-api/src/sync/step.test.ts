import { env } from "cloudflare:test";
import { createEmulator } from "@ashby-kit/ashby-emulator";
import { describe, expect, it } from "vitest";
import { paginate } from "../ashby/paginate";
import { LIST_ENTITIES } from "./entities";
import { driveMessages } from "./local-driver";
import { resumeRun } from "./resume";
import { endRun, getRun, getRunEntities, HEARTBEAT_EVERY_MS } from "./run-store";
import { startSyncRun } from "./start-run";
import { runSyncStep } from "./step";
import { createTestSyncDeps, insertConnectionRow, readAshbyMirror, readD1Mirror } from "./testing";

/** One emulator and one connection on a shared fake clock, so waits (Retry-After, backoff) cost no real time. */
async function setup(
  options: {
    candidates?: number;
    seed?: number;
    maxIncrementalPages?: number;
    pagesPerMessage?: number;
    fanoutConcurrency?: number;
    changedIdsCap?: number;
    pageSize?: number;
  } = {},
) {
  const clock = { ms: Date.parse("2026-06-01T09:00:00.000Z") };
  const emu = createEmulator({
    seed: options.seed ?? 7,
    candidates: options.candidates ?? 30,
    maxIncrementalPages: options.maxIncrementalPages ?? 50,
    now: () => clock.ms,
  });
  const conn = createTestSyncDeps(env.DB, emu, {
    // Small pages and two pages per message, so a 30-candidate org exercises multi-page chains and prefetch.
    config: {
      pageSize: options.pageSize ?? 10,
      fanoutChunk: 7,
      pagesPerMessage: options.pagesPerMessage ?? 2,
      ...(options.fanoutConcurrency && { fanoutConcurrency: options.fanoutConcurrency }),
      ...(options.changedIdsCap && { changedIdsCap: options.changedIdsCap }),
    },
    now: () => new Date(clock.ms),
  });
  await insertConnectionRow(env.DB, conn.connectionId);
  const sleep = async (seconds: number) => {
    clock.ms += seconds * 1000;
  };
  const tick = (ms = 1000) => {
    clock.ms += ms;
  };
  return { emu, clock, sleep, tick, ...conn };
}

async function syncOnce(
  conn: Awaited<ReturnType<typeof setup>>,
  input: { trigger?: "initial" | "scheduled" | "manual"; mode?: "full" | "incremental" } = {},
) {
  const started = await startSyncRun(conn.deps, {
    connectionId: conn.connectionId,
    trigger: input.trigger ?? "manual",
    ...(input.mode && { mode: input.mode }),
  });
  conn.tick();
  const drive = await driveMessages(conn.deps, started.enqueue, {
    concurrency: 3,
    sleep: conn.sleep,
  });
  const run = await getRun(env.DB, started.runId);
  const entities = await getRunEntities(env.DB, started.runId);
  return { runId: started.runId, drive, run, entities };
}

/** The ids a finished run reported as written for `entity` (what records.changed sends). */
function upserted(result: Awaited<ReturnType<typeof syncOnce>>, entity: string): string[] {
  expect(result.drive.finished).toHaveLength(1);
  return result.drive.finished[0]?.changes[entity]?.upserted ?? [];
}

/** The changed ids a run still keeps in D1 (it keeps them only until it ends). */
async function changedIdsLeft(runId: string): Promise<number | null> {
  return env.DB.prepare(`SELECT count(*) AS n FROM sync_run_changed_ids WHERE run_id = ?1`)
    .bind(runId)
    .first<number>("n");
}

function written(entities: { entity: string; records_written: number }[]) {
  return Object.fromEntries(
    entities.filter((e) => e.records_written > 0).map((e) => [e.entity, e.records_written]),
  );
}

async function expectD1EqualsAshby(conn: Awaited<ReturnType<typeof setup>>) {
  const [ashby, d1] = await Promise.all([
    readAshbyMirror(conn.client),
    readD1Mirror(env.DB, conn.connectionId),
  ]);
  for (const [entity, records] of ashby) {
    const stored = d1.get(entity) ?? new Map<string, string>();
    expect([...stored.keys()].sort(), `ids of ${entity}`).toEqual([...records.keys()].sort());
    for (const [id, data] of records) {
      expect(stored.get(id), `${entity} ${id}`).toBe(data);
    }
  }
  return ashby;
}

describe("a full sync of a seeded org", () => {
  it("ends with D1 equal to the emulator's data, entity by entity", async () => {
    const conn = await setup();
    const { run, entities } = await syncOnce(conn, { trigger: "initial" });
    expect({ status: run?.status, error: run?.error_message }).toEqual({ status: "succeeded", error: null });
    const ashby = await expectD1EqualsAshby(conn);
    // The seeded org really has data in every entity the issue lists (a mirror of nothing proves nothing).
    for (const entity of [
      "users",
      "departments",
      "locations",
      "jobs",
      "interview_stages",
      "candidates",
      "applications",
      "application_history",
      "candidate_tags",
      "custom_fields",
      "notes",
      "attachments",
      "interview_schedules",
      "interview_events",
      "feedback_forms",
    ]) {
      expect(ashby.get(entity)?.size ?? 0, entity).toBeGreaterThan(0);
    }
    // Progress counts every record written, list entities (read before writing) and per-parent children (written
    // blind, counted inside the commit) alike.
    for (const [entity, records] of ashby) {
      expect(entities.find((e) => e.entity === entity)?.records_written, entity).toBe(records.size);
    }
    const candidates = entities.find((e) => e.entity === "candidates");
    expect(candidates?.mode).toBe("full");
    expect(candidates?.pages_done).toBe(Math.ceil((ashby.get("candidates")?.size ?? 0) / 10));
    // Interview plans are shared by many jobs, on many job pages: each is asked about once and counted once.
    const plans = new Set<string>();
    for (const data of ashby.get("jobs")?.values() ?? []) {
      const job = JSON.parse(data) as {
        defaultInterviewPlanId?: string | null;
        interviewPlanIds?: string[] | null;
      };
      for (const id of [job.defaultInterviewPlanId, ...(job.interviewPlanIds ?? [])]) if (id) plans.add(id);
    }
    const stages = entities.find((e) => e.entity === "interview_stages");
    expect(plans.size).toBeGreaterThan(1);
    expect({ total: stages?.total_known, asked: stages?.pages_done, status: stages?.status }).toEqual({
      total: plans.size,
      asked: plans.size,
      status: "done",
    });
  });

  it("keeps the ids of written records per entity up to the cap, for records.changed", async () => {
    const cap = 12;
    const conn = await setup({ changedIdsCap: cap });
    const result = await syncOnce(conn);
    const { run, entities } = result;
    expect(run?.status).toBe("succeeded");
    const d1 = await readD1Mirror(env.DB, conn.connectionId);
    // Pages of 10: an entity of 30 records passes the cap on its second page and is skipped on its third.
    expect(entities.filter((e) => e.records_written > 2 * cap).length).toBeGreaterThan(2);
    for (const entity of entities) {
      const ids = upserted(result, entity.entity);
      expect(ids.length, entity.entity).toBe(Math.min(entity.records_written, cap));
      expect(result.drive.finished[0]?.changes[entity.entity]?.truncated ?? false, entity.entity).toBe(
        entity.records_written > cap,
      );
      expect(new Set(ids).size, entity.entity).toBe(ids.length);
      const stored = d1.get(entity.entity);
      for (const id of ids) {
        expect(stored?.has(id), `${entity.entity} ${id}`).toBe(true);
      }
    }
    // Read once, by the step that closed the run: nothing of them is left behind.
    expect(await changedIdsLeft(result.runId)).toBe(0);
  });

  it("writes no record rows when nothing changed since the last run", async () => {
    const conn = await setup();
    await syncOnce(conn);
    const before = await env.DB.prepare(
      `SELECT MAX(changed_at) AS t FROM synced_records WHERE connection_id = ?1`,
    )
      .bind(conn.connectionId)
      .first<{ t: number }>();
    const second = await syncOnce(conn);
    expect(second.run?.status).toBe("succeeded");
    expect(second.run?.mode).toBe("incremental");
    expect(written(second.entities)).toEqual({});
    const after = await env.DB.prepare(
      `SELECT MAX(changed_at) AS t FROM synced_records WHERE connection_id = ?1`,
    )
      .bind(conn.connectionId)
      .first<{ t: number }>();
    expect(after?.t).toBe(before?.t);
  });
});

describe("changes between runs", () => {
  it("a new candidate and a stage change show up after the next run, and nothing else is rewritten", async () => {
    const conn = await setup();
    await syncOnce(conn);
    conn.tick(60_000);
    const apps = await readD1Mirror(env.DB, conn.connectionId);
    const application = JSON.parse([...(apps.get("applications")?.values() ?? [])][0] ?? "{}") as {
      id: string;
      currentInterviewStage: { id: string; interviewPlanId: string };
    };
    const stages = [...(apps.get("interview_stages")?.values() ?? [])]
      .map((json) => JSON.parse(json) as { id: string; interviewPlanId: string })
      .filter((st) => st.interviewPlanId === application.currentInterviewStage.interviewPlanId);
    const target = stages.find((st) => st.id !== application.currentInterviewStage.id);
    expect(target).toBeDefined();
    const created = await conn.emu.control.mutate(conn.emu.orgId, {
      type: "candidate.create",
      name: "Ada Lovelace",
      email: "ada@example.com",
    });
    await conn.emu.control.mutate(conn.emu.orgId, {
      type: "application.changeStage",
      applicationId: application.id,
      interviewStageId: target?.id ?? "",
    });

    const second = await syncOnce(conn);
    expect(second.run?.status).toBe("succeeded");
    expect(second.run?.mode).toBe("incremental");
    const newId = (created.record as { candidateId: string }).candidateId;
    const candidates = second.entities.find((e) => e.entity === "candidates");
    expect(candidates?.records_written).toBe(1);
    expect(upserted(second, "candidates")).toEqual([newId]);
    expect(upserted(second, "applications")).toEqual([application.id]);
    // Only those two records (and the new candidate's own files) were written; no other entity moved.
    const others = written(
      second.entities.filter(
        (e) => !["candidates", "applications", "attachments", "application_history"].includes(e.entity),
      ),
    );
    // The stage change touched one application's stage history: it added a visit and ended the one it left, so
    // two entries are written and reported as changed.
    const history = second.entities.find((e) => e.entity === "application_history");
    expect(history?.total_known).toBe(1);
    expect(history?.records_written).toBe(2);
    const historyIds = upserted(second, "application_history");
    expect(historyIds).toHaveLength(2);
    const storedHistory = await readD1Mirror(env.DB, conn.connectionId);
    for (const id of historyIds) {
      expect(storedHistory.get("application_history")?.has(id), id).toBe(true);
    }
    expect(others).toEqual({});
    const mirror = await expectD1EqualsAshby(conn);
    const moved = JSON.parse(mirror.get("applications")?.get(application.id) ?? "{}") as {
      currentInterviewStage: { id: string };
    };
    expect(moved.currentInterviewStage.id).toBe(target?.id);
  });

  it("an incremental pass fans out two rounds of calls per message on its first two pages, then one", async () => {
    const conn = await setup({ fanoutConcurrency: 2, candidates: 40 });
    await syncOnce(conn);
    conn.tick(60_000);
    // Every candidate changes: the incremental pass lists all 40 again, four pages of 10, and asks for the notes
    // of each.
    const candidates = [...((await readD1Mirror(env.DB, conn.connectionId)).get("candidates")?.keys() ?? [])];
    expect(candidates).toHaveLength(40);
    for (const [i, candidateId] of candidates.entries()) {
      await conn.emu.control.mutate(conn.emu.orgId, {
        type: "candidate.update",
        candidateId,
        position: `P${i}`,
      });
    }
    const second = await syncOnce(conn);
    expect(second.run?.status).toBe("succeeded");
    expect(second.run?.mode).toBe("incremental");
    const tasks = await env.DB.prepare(
      `SELECT seq, payload FROM sync_tasks WHERE run_id = ?1 AND entity = 'notes' ORDER BY seq, id`,
    )
      .bind(second.runId)
      .all<{ seq: number; payload: string }>();
    const chunksByPage = new Map<number, number[]>();
    for (const task of tasks.results) {
      const parents = (JSON.parse(task.payload) as { parents: string[] }).parents.length;
      chunksByPage.set(
        task.seq,
        [...(chunksByPage.get(task.seq) ?? []), parents].sort((a, b) => b - a),
      );
    }
    // Pages 1 and 2, which land with every other chain's first pages: chunks of 2 × 2 parents (two rounds). Page 3:
    // chunks of 2 (one round), so its fan-out does not outlast the last page's. Page 4, the last: one round.
    expect([...chunksByPage.values()]).toEqual([
      [4, 4, 2],
      [4, 4, 2],
      [2, 2, 2, 2, 2],
      [2, 2, 2, 2, 2],
    ]);
    const notes = second.entities.find((e) => e.entity === "notes");
    expect(notes?.total_known).toBe(40);
    await expectD1EqualsAshby(conn);
  });

  it("an interview plan shared by jobs on different pages is asked about once and counted once", async () => {
    const conn = await setup({ pageSize: 2 });
    // Which plans each page of jobs names, as Ashby pages them (every status, as the engine asks): the case needs a plan on more than one page.
    const pagesOfPlan = new Map<string, number>();
    for await (const page of paginate(conn.client.job.list, {
      limit: 2,
      status: ["Draft", "Open", "Closed", "Archived"],
    })) {
      if (!page.ok) throw new Error(page.error.message);
      const plans = new Set(
        page.value.results.flatMap((job) => [job.defaultInterviewPlanId, ...(job.interviewPlanIds ?? [])]),
      );
      for (const plan of plans) if (plan) pagesOfPlan.set(plan, (pagesOfPlan.get(plan) ?? 0) + 1);
    }
    expect(Math.max(...pagesOfPlan.values())).toBeGreaterThan(1);

    const { run, entities } = await syncOnce(conn);
    expect(run?.status).toBe("succeeded");
    const stages = entities.find((e) => e.entity === "interview_stages");
    expect({ total: stages?.total_known, asked: stages?.pages_done, status: stages?.status }).toEqual({
      total: pagesOfPlan.size,
      asked: pagesOfPlan.size,
      status: "done",
    });
    await expectD1EqualsAshby(conn);
  });

  it("a deleted job is marked deleted (never hard-deleted) by the next full reconciliation pass", async () => {
    const conn = await setup();
    await syncOnce(conn);
    const jobs = await readD1Mirror(env.DB, conn.connectionId);
    const jobId = [...(jobs.get("jobs")?.keys() ?? [])][0] ?? "";
    await conn.emu.control.mutate(conn.emu.orgId, { type: "job.delete", jobId });

    const incremental = await syncOnce(conn);
    expect(incremental.run?.status).toBe("succeeded");
    // Deletions are invisible to incremental sync (Ashby sends no tombstones): the job is still live.
    expect((await readD1Mirror(env.DB, conn.connectionId)).get("jobs")?.has(jobId)).toBe(true);

    const full = await syncOnce(conn, { mode: "full" });
    expect(full.run?.status).toBe("succeeded");
    // The emulator renders the deleted job's applications without their job (and without bumping them), so a
    // full pass legitimately rewrites exactly those; nothing else is written.
    const rewritten = upserted(full, "applications");
    const ofJob = [...((await readD1Mirror(env.DB, conn.connectionId)).get("applications")?.entries() ?? [])]
      .filter(([, json]) => (JSON.parse(json) as { job?: { id?: string } }).job?.id === jobId)
      .map(([id]) => id);
    expect([...rewritten].sort()).toEqual([...ofJob].sort());
    expect(Object.keys(written(full.entities)).filter((e) => e !== "applications")).toEqual([]);
    expect(rewritten.length).toBe(full.entities.find((e) => e.entity === "applications")?.records_written);
    expect(full.entities.find((e) => e.entity === "jobs")?.records_deleted).toBe(1);
    const row = await env.DB.prepare(
      `SELECT deleted_at FROM synced_records WHERE connection_id = ?1 AND entity = 'jobs' AND ashby_id = ?2`,
    )
      .bind(conn.connectionId, jobId)
      .first<{ deleted_at: number | null }>();
    expect(row?.deleted_at).not.toBeNull();
    await expectD1EqualsAshby(conn);
  });
});

describe("fallbacks", () => {
  it.each(["sync_token_expired", "sync_token_invalid", "incremental_sync_too_large"])(
    "%s makes the entity fall back to a full pass and store a fresh token",
    async (code) => {
      const conn = await setup();
      await syncOnce(conn);
      const before = await env.DB.prepare(
        `SELECT sync_token FROM sync_checkpoints WHERE connection_id = ?1 AND entity = 'candidates'`,
      )
        .bind(conn.connectionId)
        .first<{ sync_token: string }>();
      await conn.emu.control.setFaults(
        { apiKey: conn.emu.apiKey },
        { failNext: [{ method: "candidate.list", count: 1, code }] },
      );
      const second = await syncOnce(conn);
      expect(second.run?.status).toBe("succeeded");
      const candidates = second.entities.find((e) => e.entity === "candidates");
      expect(candidates?.mode).toBe("full");
      expect(candidates?.pages_done).toBe(3);
      expect(candidates?.records_written).toBe(0);
      expect(second.entities.find((e) => e.entity === "applications")?.mode).toBe("incremental");
      const after = await env.DB.prepare(
        `SELECT sync_token FROM sync_checkpoints WHERE connection_id = ?1 AND entity = 'candidates'`,
      )
        .bind(conn.connectionId)
        .first<{ sync_token: string | null }>();
      expect(after?.sync_token).toBeTruthy();
      expect(after?.sync_token).not.toBe(before?.sync_token);
      await expectD1EqualsAshby(conn);
    },
  );

  it("next_cursor_expired in the middle of a pass restarts the pass and still completes", async () => {
    const conn = await setup({ pagesPerMessage: 1 });
    const started = await startSyncRun(conn.deps, { connectionId: conn.connectionId, trigger: "manual" });
    const first = await driveMessages(conn.deps, started.enqueue, { concurrency: 1, stopAfter: 12 });
    await conn.emu.control.setFaults(
      { apiKey: conn.emu.apiKey },
      { failNext: [{ method: "candidate.list", count: 1, code: "next_cursor_expired" }] },
    );
    const cursor = await env.DB.prepare(
      `SELECT cursor FROM sync_checkpoints WHERE connection_id = ?1 AND entity = 'candidates'`,
    )
      .bind(conn.connectionId)
      .first<{ cursor: string | null }>();
    expect(cursor?.cursor).toBeTruthy(); // really in the middle of the candidates pass
    await driveMessages(conn.deps, first.undelivered, { concurrency: 2, sleep: conn.sleep });
    expect((await getRun(env.DB, started.runId))?.status).toBe("succeeded");
    await expectD1EqualsAshby(conn);
  });
});

describe("rate limits and server errors", () => {
  it("a 429 storm (with Retry-After) ends in a complete, correct sync", async () => {
    const conn = await setup();
    await conn.emu.control.setFaults(
      { apiKey: conn.emu.apiKey },
      { rateLimit: { requestsPerSecond: 3, retryAfterSeconds: 2 } },
    );
    const { run, drive } = await syncOnce(conn);
    expect(drive.deferrals).toBeGreaterThan(0);
    expect({ status: run?.status, error: run?.error_message }).toEqual({ status: "succeeded", error: null });
    await conn.emu.control.clearFaults();
    await expectD1EqualsAshby(conn);
  });

  it("a 429 storm without Retry-After backs off with jitter and completes", async () => {
    const conn = await setup();
    await conn.emu.control.setFaults({ apiKey: conn.emu.apiKey }, { rateLimit: { requestsPerSecond: 2 } });
    const { run, drive } = await syncOnce(conn);
    expect(drive.deferrals).toBeGreaterThan(0);
    expect({ status: run?.status, error: run?.error_message }).toEqual({ status: "succeeded", error: null });
    await conn.emu.control.clearFaults();
    await expectD1EqualsAshby(conn);
  });

  it("a 5xx storm is retried with backoff and ends in a complete, correct sync", async () => {
    const conn = await setup();
    await conn.emu.control.setFaults({ apiKey: conn.emu.apiKey }, { serverErrors: { rate: 0.3, seed: 11 } });
    const { run, drive } = await syncOnce(conn);
    expect(drive.retries).toBeGreaterThan(0);
    expect(drive.deadLettered).toBe(0);
    expect(run?.status).toBe("succeeded");
    await conn.emu.control.clearFaults();
    await expectD1EqualsAshby(conn);
  });

  it("exhausted retries dead-letter the message and the run ends failed with the reason", async () => {
    const conn = await setup();
    await conn.emu.control.setFaults({ apiKey: conn.emu.apiKey }, { serverErrors: { rate: 1, seed: 1 } });
    const { run, drive } = await syncOnce(conn);
    expect(drive.deadLettered).toBeGreaterThan(0);
    expect(run?.status).toBe("failed");
    expect(run?.error_code).toBe("ashby_unavailable");
    expect(run?.error_message).toMatch(/repeated failures/);
  });
});

/** env.DB, recording the SQL of every round trip (a batch is one) in `trips`, in order. */
function recordingDb(trips: string[][]): D1Database {
  const sqlOf = new WeakMap<object, string>();
  const wrap = (statement: D1PreparedStatement, sql: string): D1PreparedStatement => {
    const proxy = new Proxy(statement, {
      get(target, prop) {
        if (prop === "bind") {
          return (...values: unknown[]) => wrap(target.bind(...values), sql);
        }
        const value = Reflect.get(target, prop, target);
        if (typeof value !== "function") {
          return value;
        }
        return (...args: unknown[]) => {
          trips.push([sql]);
          return value.apply(target, args);
        };
      },
    });
    sqlOf.set(proxy, sql);
    return proxy;
  };
  return new Proxy(env.DB, {
    get(target, prop) {
      if (prop === "prepare") {
        return (sql: string) => wrap(target.prepare(sql), sql);
      }
      if (prop === "batch") {
        return (statements: D1PreparedStatement[]) => {
          trips.push(statements.map((statement) => sqlOf.get(statement) ?? "?"));
          return target.batch(statements);
        };
      }
      const value = Reflect.get(target, prop, target);
      return typeof value === "function" ? value.bind(target) : value;
    },
  });
}

describe("closing a run", () => {
  it("the step that commits a run's last task closes it with one round trip more, not two", async () => {
    // The run's end is where everything waits: the closing state is read inside the last commit, so what follows it
    // is the closing batch alone, not a read and then the batch.
    const conn = await setup();
    const started = await startSyncRun(conn.deps, { connectionId: conn.connectionId, trigger: "manual" });
    const pendingTasks = () =>
      env.DB.prepare("SELECT COUNT(*) AS n FROM sync_tasks WHERE run_id = ?1 AND status = 'pending'")
        .bind(started.runId)
        .first<number>("n");
    let queue = started.enqueue;
    while (!(queue.length === 1 && (await pendingTasks()) === 1)) {
      queue = (await driveMessages(conn.deps, queue, { concurrency: 1, pagesConcurrency: 1, stopAfter: 1 }))
        .undelivered;
    }
    const trips: string[][] = [];
    const last = queue[0] as NonNullable<(typeof queue)[0]>;
    const outcome = await runSyncStep({ ...conn.deps, db: recordingDb(trips) }, last);
    expect(outcome.type === "done" && outcome.finished?.runId).toBe(started.runId);
    expect((await getRun(env.DB, started.runId))?.status).toBe("succeeded");
    const commit = trips.findIndex((trip) =>
      trip.some((sql) => sql.includes("UPDATE sync_tasks SET status = 'done'")),
    );
    expect(commit).toBeGreaterThanOrEqual(0);
    const after = trips.slice(commit + 1);
    expect(after).toHaveLength(1);
    expect(after[0]?.some((sql) => sql.includes("SET status = 'succeeded'"))).toBe(true);
  });
});

describe("interruptions and stops", () => {
  it("a run interrupted between pages resumes from its checkpoint without refetching pages", async () => {
    const conn = await setup();
    const started = await startSyncRun(conn.deps, { connectionId: conn.connectionId, trigger: "manual" });
    const first = await driveMessages(conn.deps, started.enqueue, { concurrency: 2, stopAfter: 15 });
    expect(first.undelivered.length).toBeGreaterThan(0);
    // The queued messages are lost (worker died); only D1 remembers where the run was.
    const resumed = await resumeRun(env.DB, started.runId, conn.clock.ms);
    expect(resumed.enqueue.length).toBeGreaterThan(0);
    await driveMessages(conn.deps, resumed.enqueue, { concurrency: 2 });
    const run = await getRun(env.DB, started.runId);
    expect(run?.status).toBe("succeeded");
    const counts = await conn.emu.control.requestCounts(conn.emu.orgId);
    const candidates = (await getRunEntities(env.DB, started.runId)).find((e) => e.entity === "candidates");
    expect(counts.byMethod["candidate.list"]).toBe(candidates?.pages_done);
    await expectD1EqualsAshby(conn);
  });

  it.each([
    ["paused", "ashby_connection_paused"],
    ["disconnected", "ashby_not_connected"],
  ] as const)("a %s connection stops its running run at the next page", async (status, code) => {
    const conn = await setup();
    const started = await startSyncRun(conn.deps, { connectionId: conn.connectionId, trigger: "manual" });
    const first = await driveMessages(conn.deps, started.enqueue, { concurrency: 1, stopAfter: 4 });
    const callsBefore = (await conn.emu.control.requestCounts(conn.emu.orgId)).total;
    await conn.setStatus(status);
    const rest = await driveMessages(conn.deps, first.undelivered, { concurrency: 1 });
    const run = await getRun(env.DB, started.runId);
    expect(run?.status).toBe("cancelled");
    expect(run?.error_code).toBe(code);
    expect(rest.ended).toHaveLength(1);
    // Not one more Ashby call after the stop (the control API itself is not counted).
    expect((await conn.emu.control.requestCounts(conn.emu.orgId)).total).toBe(callsBefore);
  });

  it.each([
    ["its connection is paused", "paused", "cancelled", "ashby_connection_paused"],
    ["its connection is disconnected", "disconnected", "cancelled", "ashby_not_connected"],
    ["another chain ended its run", "run_ended", "failed", "ashby_credentials_invalid"],
  ] as const)(
    "a list message stops at its next page, not its last, when %s",
    async (_, what, status, code) => {
      // One message may walk many pages (here all ten of the candidates' chain); what happens meanwhile must stop it
      // at its next page. The change is made while the second page is being asked for, so the page whose commit
      // first sees it is the first or the second, and at most the third page was already asked for.
      const emu = createEmulator({ seed: 7, candidates: 30 });
      let listCalls = 0;
      let runId = "";
      const conn = createTestSyncDeps(
        env.DB,
        {
          ...emu,
          fetch: async (url, init) => {
            if (url.endsWith("/candidate.list") && ++listCalls === 2) {
              if (what === "run_ended") {
                // Another chain met a revoked key: the run ended failed (step.ts onAshbyError).
                await endRun(env.DB, runId, status, { code, message: "revoked" }, Date.now());
              } else {
                await conn.setStatus(what);
              }
            }
            return emu.fetch(url, init);
          },
        },
        // A still clock: the call budget is not refilled while the test runs, so its tokens count the calls.
        { config: { pageSize: 3, pagesPerMessage: 10 }, now: () => new Date("2026-06-01T09:00:00.000Z") },
      );
      conn.deps.budget = { ratePerSecond: 10, capacity: 1000, writebackReserve: 10 };
      await insertConnectionRow(env.DB, conn.connectionId);
      const started = await startSyncRun(conn.deps, { connectionId: conn.connectionId, trigger: "manual" });
      runId = started.runId;
      const message = started.enqueue.find((m) => m.taskId.includes(":candidates:"));
      expect(message).toBeDefined();
      const outcome = await runSyncStep(conn.deps, message as NonNullable<typeof message>);
      expect(outcome.type).toBe("done");
      const run = await getRun(env.DB, started.runId);
      expect(run?.status).toBe(status);
      expect(run?.error_code).toBe(code);
      // The message ended the run itself when it found the connection stopped (the consumer turns that into webhooks).
      expect(outcome.type === "done" && outcome.ended?.code).toBe(what === "run_ended" ? undefined : code);
      expect(listCalls).toBeLessThanOrEqual(3);
      // Tokens paid ahead for pages never asked for went back: the budget was charged the calls made, no more.
      const tokens = await env.DB.prepare("SELECT tokens FROM ashby_call_budgets WHERE connection_id = ?1")
        .bind(conn.connectionId)
        .first<number>("tokens");
      expect(tokens).toBe(1000 - listCalls);
      const candidates = (await getRunEntities(env.DB, started.runId)).find((e) => e.entity === "candidates");
      // A stopped connection's run is cancelled by the message, after the page it committed (an ended run's progress
      // is not counted any more, so only the cancelled runs show it).
      expect(candidates?.pages_done).toBeGreaterThanOrEqual(status === "cancelled" ? 1 : 0);
      expect(candidates?.pages_done).toBeLessThanOrEqual(2);
    },
  );

  it("per-parent work left undone by a cancelled run is done by the next run", async () => {
    // The cancelled run wrote candidates and applications, and their chains stored sync tokens, but part of their
    // notes and stage histories was never fetched. Only a changed parent would be fanned out to again, so without
    // carrying the retired tasks over, D1 would stay short of Ashby until those records change.
    const conn = await setup();
    const started = await startSyncRun(conn.deps, { connectionId: conn.connectionId, trigger: "manual" });
    const first = await driveMessages(conn.deps, started.enqueue, { concurrency: 1, stopAfter: 16 });
    await conn.setStatus("paused");
    await driveMessages(conn.deps, first.undelivered, { concurrency: 1 });
    expect((await getRun(env.DB, started.runId))?.status).toBe("cancelled");
    const retired = await env.DB.prepare(
      "SELECT COUNT(*) AS n FROM sync_tasks WHERE run_id = ?1 AND kind = 'fanout' AND status = 'retired'",
    )
      .bind(started.runId)
      .first<number>("n");
    expect(retired).toBeGreaterThan(0);
    await conn.setStatus("active");
    const next = await syncOnce(conn);
    expect(next.run?.status).toBe("succeeded");
    await expectD1EqualsAshby(conn);
    // Carried over once: no per-parent task is left retired for a third run to carry.
    const left = await env.DB.prepare(
      "SELECT COUNT(*) AS n FROM sync_tasks WHERE connection_id = ?1 AND kind = 'fanout' AND status = 'retired'",
    )
      .bind(conn.connectionId)
      .first<number>("n");
    expect(left).toBe(0);
  });

  it("a message that names another connection than its task's runs under the task's connection", async () => {
    // The step reads the message's connection beside the task; the task, which D1 holds, has the last word.
    const conn = await setup();
    const started = await startSyncRun(conn.deps, { connectionId: conn.connectionId, trigger: "manual" });
    const misnamed = started.enqueue.map((message) => ({ ...message, connectionId: "conn_someone_else" }));
    await driveMessages(conn.deps, misnamed, { concurrency: 3, sleep: conn.sleep });
    expect((await getRun(env.DB, started.runId))?.status).toBe("succeeded");
    await expectD1EqualsAshby(conn);
  });

  it("401/403 from Ashby moves the connection to needs_reauth and fails the run", async () => {
    const conn = await setup();
    const started = await startSyncRun(conn.deps, { connectionId: conn.connectionId, trigger: "manual" });
    // One consumer per queue, so at most one message of each queue meets the revoked key (both report it; the
    // connection moves once) and every later one sees needs_reauth before calling Ashby.
    const one = { concurrency: 1, pagesConcurrency: 1 };
    const first = await driveMessages(conn.deps, started.enqueue, { ...one, stopAfter: 3 });
    expect(await changedIdsLeft(started.runId)).toBeGreaterThan(0);
    await conn.emu.control.revokeApiKey(conn.emu.apiKey);
    const rest = await driveMessages(conn.deps, first.undelivered, one);
    const run = await getRun(env.DB, started.runId);
    expect(run?.status).toBe("failed");
    // A failed run sends no records.changed: the ids it had written are dropped with it.
    expect(await changedIdsLeft(started.runId)).toBe(0);
    expect(run?.error_code).toBe("ashby_credentials_invalid");
    expect(conn.authFailures.length).toBeGreaterThanOrEqual(1);
    expect(conn.authFailures.length).toBeLessThanOrEqual(2);
    expect(rest.ended[0]?.needsReauth).toBe(true);
  });

  it("a list message hands over each page's fan-out as soon as that page is committed", async () => {
    const conn = await setup({ pagesPerMessage: 2 });
    const started = await startSyncRun(conn.deps, { connectionId: conn.connectionId, trigger: "manual" });
    const first = started.enqueue.find((message) => message.taskId.includes(":candidates:"));
    expect(first).toBeDefined();
    // What the step sends, and how many candidate pages Ashby had served when it did.
    const sent: { pagesServed: number; entities: string[] }[] = [];
    const deps = {
      ...conn.deps,
      send: async (messages: { taskId: string }[]) => {
        const pagesServed =
          (await conn.emu.control.requestCounts(conn.emu.orgId)).byMethod["candidate.list"] ?? 0;
        sent.push({ pagesServed, entities: messages.map((m) => m.taskId.split(":")[1] ?? "") });
      },
    };
    const outcome = await runSyncStep(deps, first as NonNullable<typeof first>);
    // The message covers two of the chain's three pages: the first page's notes chunks go while the second page is
    // being fetched, the second page's go with the chain's next message; nothing is left for the outcome.
    expect(sent.map((s) => s.pagesServed)).toEqual([2, 2]);
    for (const s of sent) {
      expect(s.entities.filter((e) => e === "notes").length).toBeGreaterThan(0);
    }
    expect(sent.at(-1)?.entities).toContain("candidates");
    expect(outcome).toMatchObject({ type: "done", enqueue: [] });
  });

  it("lets the prefetched page's request leave before it plans the page it has", async () => {
    const conn = await setup({ pagesPerMessage: 2 });
    // fetch() only starts a request; it goes out when the isolate next returns to the event loop. So the order of
    // three things tells whether it left before the page in hand was hashed and planned: the next page asked for,
    // a timer set at that moment firing, and the current page's first D1 read.
    const events: string[] = [];
    const fetch: typeof conn.emu.fetch = (input, init) => {
      if (String(input).endsWith("/candidate.list") && String(init?.body ?? "").includes('"cursor"')) {
        events.push("next page asked for");
        setTimeout(() => events.push("event loop ran"), 0);
      }
      return conn.emu.fetch(input, init);
    };
    const db = new Proxy(env.DB, {
      get(target, prop) {
        if (prop === "prepare") {
          return (sql: string) => {
            if (sql.includes("SELECT ashby_id, content_hash")) events.push("page planned");
            return target.prepare(sql);
          };
        }
        const value = Reflect.get(target, prop);
        return typeof value === "function" ? value.bind(target) : value;
      },
    });
    const { deps } = createTestSyncDeps(
      db,
      { ...conn.emu, fetch },
      { connectionId: conn.connectionId, config: conn.deps.config },
    );
    const started = await startSyncRun(deps, { connectionId: conn.connectionId, trigger: "manual" });
    const first = started.enqueue.find((message) => message.taskId.includes(":candidates:"));
    await runSyncStep(deps, first as NonNullable<typeof first>);
    expect(events.slice(0, 3)).toEqual(["next page asked for", "event loop ran", "page planned"]);
  });

  it("refreshes the run's heartbeat when it is due, not with every commit, and the run still completes", async () => {
    const conn = await setup();
    const started = await startSyncRun(conn.deps, { connectionId: conn.connectionId, trigger: "manual" });
    const run = () => getRun(env.DB, started.runId);
    const createdAt = (await run())?.heartbeat_at ?? 0;
    const [first, second, third, ...others] = started.enqueue;
    const enqueued = [...others];
    const step = async (message: typeof first) => {
      const outcome = await runSyncStep(conn.deps, message as NonNullable<typeof first>);
      if ("enqueue" in outcome) enqueued.push(...outcome.enqueue);
    };
    conn.tick(1_000);
    await step(first); // the run's first commit marks it running
    expect(await run()).toMatchObject({ status: "running", heartbeat_at: createdAt + 1_000 });
    conn.tick(1_000);
    await step(second); // a second later: not due
    expect((await run())?.heartbeat_at).toBe(createdAt + 1_000);
    conn.tick(HEARTBEAT_EVERY_MS);
    await step(third); // due again
    expect((await run())?.heartbeat_at).toBe(createdAt + 2_000 + HEARTBEAT_EVERY_MS);
    await driveMessages(conn.deps, enqueued, { concurrency: 3, sleep: conn.sleep });
    expect((await run())?.status).toBe("succeeded");
    await expectD1EqualsAshby(conn);
  });

  it("at most one run per connection: starting again while one runs returns that run", async () => {
    const conn = await setup();
    const first = await startSyncRun(conn.deps, { connectionId: conn.connectionId, trigger: "manual" });
    const second = await startSyncRun(conn.deps, { connectionId: conn.connectionId, trigger: "scheduled" });
    expect(second).toEqual({ runId: first.runId, created: false, enqueue: [] });
  });

  it("sends the usually longest chains first, and every chain once", async () => {
    const conn = await setup();
    const started = await startSyncRun(conn.deps, { connectionId: conn.connectionId, trigger: "manual" });
    const entities = started.enqueue.map((m) => m.taskId.slice(started.runId.length + 1).split(":")[0]);
    // Answers come back in the order the calls left; the applications chain's next call must not wait for others.
    expect(entities.slice(0, 3)).toEqual(["applications", "candidates", "interview_schedules"]);
    expect([...entities].sort()).toEqual([...LIST_ENTITIES].sort());
  });
});

describe("the local driver's queue batches", () => {
  it("hands consumers batches: a work batch one message after the other, a pages batch at once", async () => {
    const conn = await setup();
    const started = await startSyncRun(conn.deps, { connectionId: conn.connectionId, trigger: "manual" });
    const running = { work: 0, pages: 0 };
    const most = { work: 0, pages: 0 };
    const laneOf = (message: { lane?: "pages" | undefined }) => message.lane ?? "work";
    const drive = await driveMessages(conn.deps, started.enqueue, {
      concurrency: 2,
      pagesConcurrency: 1,
      batchSize: 5,
      pagesBatchSize: 5,
      sleep: conn.sleep,
      onStart: (message) => {
        const lane = laneOf(message);
        running[lane]++;
        most[lane] = Math.max(most[lane], running[lane]);
      },
      onOutcome: (message) => {
        running[laneOf(message)]--;
      },
    });
    expect((await getRun(env.DB, started.runId))?.status).toBe("succeeded");
    await expectD1EqualsAshby(conn);
    // Two work consumers each run one message at a time; one pages consumer runs its whole batch of chains.
    expect(most.work).toBe(2);
    expect(most.pages).toBeGreaterThan(1);
    expect(most.pages).toBeLessThanOrEqual(5);
    expect(drive.processed).toBeGreaterThan(10);
  });
});

describe("the Ashby call budget", () => {
  const tokensLeft = async (connectionId: string) =>
    (await env.DB.prepare("SELECT tokens FROM ashby_call_budgets WHERE connection_id = ?1")
      .bind(connectionId)
      .first<number>("tokens")) ?? null;
  const listMessages = async (runId: string) =>
    env.DB.prepare("SELECT COUNT(*) AS n FROM sync_tasks WHERE run_id = ?1 AND kind = 'list'")
      .bind(runId)
      .first<number>("n");
  const callsMade = async (conn: Awaited<ReturnType<typeof setup>>) =>
    (await conn.emu.control.requestCounts(conn.emu.orgId)).total;

  it("a run that finds nothing new pays for the calls it makes, and no chain waits for tokens", async () => {
    const conn = await setup({ pagesPerMessage: 8 });
    await syncOnce(conn);
    conn.deps.budget = { ratePerSecond: 10, capacity: 60, writebackReserve: 10 };
    const before = await callsMade(conn);
    // The clock does not move during the run, so the bucket is not refilled behind the test's back.
    const started = await startSyncRun(conn.deps, { connectionId: conn.connectionId, trigger: "scheduled" });
    const drive = await driveMessages(conn.deps, started.enqueue, { concurrency: 3, sleep: conn.sleep });
    expect((await getRun(env.DB, started.runId))?.status).toBe("succeeded");
    const calls = (await callsMade(conn)) - before;
    expect(calls).toBe(10);
    // Paying 8 pages up front, the ten one-page chains asked for 80 tokens of the 50 sync may use: four waited.
    expect(drive.deferrals).toBe(0);
    expect(await tokensLeft(conn.connectionId)).toBe(60 - calls);
  });

  it("charges exactly the calls of a full multi-page run, paying pages inside the commits", async () => {
    const conn = await setup({ pagesPerMessage: 3, pageSize: 5 });
    const without = await syncOnce(conn, { mode: "full" });
    conn.deps.budget = { ratePerSecond: 10, capacity: 100_000, writebackReserve: 10 };
    const before = await callsMade(conn);
    const started = await startSyncRun(conn.deps, {
      connectionId: conn.connectionId,
      trigger: "manual",
      mode: "full",
    });
    const drive = await driveMessages(conn.deps, started.enqueue, { concurrency: 3, sleep: conn.sleep });
    expect((await getRun(env.DB, started.runId))?.status).toBe("succeeded");
    expect(drive.deferrals).toBe(0);
    // With tokens to spare, a chain walks as many pages per message as without a budget.
    expect(await listMessages(started.runId)).toBe(await listMessages(without.runId));
    expect(await tokensLeft(conn.connectionId)).toBe(100_000 - ((await callsMade(conn)) - before));
    await expectD1EqualsAshby(conn);
  });

  it("a list message behind its chain's position is dropped before it pays for pages", async () => {
    const conn = await setup();
    const capacity = 100;
    conn.deps.budget = { ratePerSecond: 10, capacity, writebackReserve: 10 };
    const started = await startSyncRun(conn.deps, { connectionId: conn.connectionId, trigger: "manual" });
    const message = started.enqueue.find((m) => m.taskId.startsWith(`${started.runId}:candidates:`));
    expect(message).toBeDefined();
    // The chain moved on without this message (its pass restarted): its checkpoint is now behind the task.
    await env.DB.prepare(
      "UPDATE sync_checkpoints SET next_seq = -1 WHERE connection_id = ?1 AND entity = 'candidates'",
    )
      .bind(conn.connectionId)
      .run();
    const before = await callsMade(conn);

    const outcome = await runSyncStep(conn.deps, message as NonNullable<typeof message>);

    expect(outcome).toEqual({ type: "dropped", reason: "stale_checkpoint" });
    expect(await callsMade(conn)).toBe(before);
    // Nothing was taken from the budget for pages it will never ask for (it used to keep two tokens).
    expect((await tokensLeft(conn.connectionId)) ?? capacity).toBe(capacity);
  });

  it("under a tight budget, chains wait for tokens or go on in new messages, and the sync completes", async () => {
    const conn = await setup({ pagesPerMessage: 4, pageSize: 5 });
    conn.deps.budget = { ratePerSecond: 2, capacity: 20, writebackReserve: 5 };
    const { drive, run, runId, entities } = await syncOnce(conn);
    expect(run?.status).toBe("succeeded");
    expect(drive.deferrals).toBeGreaterThan(0);
    // Some page's token was refused inside a commit: its chain took more messages than its pages needed.
    const fewest = entities
      .filter((e) => (LIST_ENTITIES as readonly string[]).includes(e.entity))
      .reduce((sum, e) => sum + Math.max(1, Math.ceil(e.pages_done / 4)), 0);
    expect(await listMessages(runId)).toBeGreaterThan(fewest);
    await expectD1EqualsAshby(conn);
  });
});
