import { env } from "cloudflare:test";
import {
  createEmulator,
  createEmulatorControl,
  type EmulatorControl,
  type EmulatorOptions,
  type Mutation,
} from "@ashby-kit/ashby-emulator";
import { inject, it } from "vitest";
import { driveMessages } from "../src/sync/local-driver";
import { getRun, getRunEntities, type SyncRunEntityRow } from "../src/sync/run-store";
import { startSyncRun } from "../src/sync/start-run";
import { createTestSyncDeps, insertConnectionRow } from "../src/sync/testing";

/**
 * The sync engine at scale: an org of N candidates (100,000 by default; applications ≈ 1.5 N, jobs ≈ N/200 and the
 * rest in proportion, as the emulator seeds them), every Ashby call delayed by L ms, C queue consumers in parallel
 * on the `work` queue and P on the `pages` queue (Cloudflare runs many consumer invocations of each queue at once),
 * each taking batches of wrangler.jsonc's max_batch_size and handling them as the worker's consumer does, the real
 * step function and real D1.
 *
 * Three runs: the initial (full) sync, an incremental run after 1 % of candidates and 1 % of applications changed,
 * and a run with no change. For each: Ashby calls vs the floor, wall time vs the floor, and D1 rows written.
 *
 * Floors, as the issue defines them:
 * - calls: Σ over list entities of max(1, ceil(records returned / 100)) + one call per parent a per-parent
 *   endpoint must be asked about (notes of new/changed candidates, stages of interview plans): those endpoints
 *   take one parent id per call, so no client can do with fewer.
 * - wall: pages of the longest chain × L (chains run in parallel; a chain's pages cannot overlap).
 * - rows: record rows the run had to write = records new, changed or deleted.
 */

const benchEnv = env as unknown as Record<string, string | undefined>;
const N = Number(benchEnv.BENCH_CANDIDATES ?? "100000");
const LATENCY = Number(benchEnv.BENCH_LATENCY_MS ?? "300");
/**
 * Latency of the initial full run only (default: L). A development aid for work on the incremental run: with 0 the
 * full run of 100k candidates takes minutes less, and its wall figures mean nothing (the bench says so).
 */
const FULL_LATENCY = Number(benchEnv.BENCH_FULL_LATENCY_MS || LATENCY);
const CONSUMERS = Number(benchEnv.BENCH_CONSUMERS ?? "48");
/** Consumers of the `pages` queue (list chains; a run has at most one message per chain in flight). */
const PAGE_CONSUMERS = Number(benchEnv.BENCH_PAGE_CONSUMERS ?? "10");
/** Messages per batch on each queue: max_batch_size from wrangler.jsonc, as production delivers them. */
const WORK_BATCH = Number(benchEnv.BENCH_WORK_BATCH || 1);
const PAGES_BATCH = Number(benchEnv.BENCH_PAGES_BATCH || 1);
const CHANGE = Number(benchEnv.BENCH_CHANGE_FRACTION ?? "0.01");
/** Incremental + no-change runs, each pair after another CHANGE of the org's records (see the loop below). */
const ROUNDS = Math.max(1, Number(benchEnv.BENCH_ROUNDS || 3));
/** Optional engine config overrides, to compare settings (empty: the engine's defaults). */
const CONFIG_OVERRIDES = {
  ...(benchEnv.BENCH_PAGES_PER_MESSAGE && { pagesPerMessage: Number(benchEnv.BENCH_PAGES_PER_MESSAGE) }),
  ...(benchEnv.BENCH_FANOUT_CHUNK && { fanoutChunk: Number(benchEnv.BENCH_FANOUT_CHUNK) }),
  ...(benchEnv.BENCH_FANOUT_CONCURRENCY && { fanoutConcurrency: Number(benchEnv.BENCH_FANOUT_CONCURRENCY) }),
};

/**
 * Counts D1's own `rows_written` for every statement the engine runs (all tables, bookkeeping included), and the
 * time SQLite spent per kind of statement (`meta.duration`), to show where the database's time goes.
 */
function countingDb(db: D1Database) {
  const counter = { rowsWritten: 0, roundTrips: 0, sql: new Map<string, { count: number; ms: number }>() };
  const sqlOf = new WeakMap<object, string>();
  // The counting runs on workerd's one thread beside the engine, so it must stay cheap: the engine's SQL texts are a
  // few dozen constants, each normalised once instead of once per statement (that regex, over up to a kilobyte of
  // SQL per statement, showed in workerd's CPU profiles of the bench).
  const keyOf = new Map<string, string>();
  /** `result` is absent for raw(), which reports no meta (drizzle's reads: nothing written). */
  const account = (sql: string | undefined, result?: D1Result) => {
    counter.rowsWritten += result?.meta.rows_written ?? 0;
    const text = sql ?? "?";
    let key = keyOf.get(text);
    if (key === undefined) {
      key = text.replace(/\s+/g, " ").trim().slice(0, 60);
      keyOf.set(text, key);
    }
    const entry = counter.sql.get(key) ?? { count: 0, ms: 0 };
    entry.count++;
    entry.ms += result?.meta.duration ?? 0;
    counter.sql.set(key, entry);
  };
  const wrapStatement = (statement: D1PreparedStatement, sql: string): D1PreparedStatement => {
    const proxy: D1PreparedStatement = new Proxy(statement, {
      get(target, prop, receiver) {
        if (prop === "bind") {
          return (...values: unknown[]) => wrapStatement(target.bind(...values), sql);
        }
        if (prop === "run" || prop === "all") {
          return async (...args: unknown[]) => {
            counter.roundTrips++;
            const result = (await (target[prop] as (...a: unknown[]) => Promise<D1Result>)(
              ...args,
            )) as D1Result;
            account(sql, result);
            return result;
          };
        }
        if (prop === "first") {
          // first() reports no meta: counted (and its rows_written read) through all(), which it is a view of.
          return async (column?: string) => {
            counter.roundTrips++;
            const result = await target.all<Record<string, unknown>>();
            account(sql, result);
            const row = result.results[0] ?? null;
            return column === undefined || row === null ? row : row[column];
          };
        }
        if (prop === "raw") {
          return async (...args: unknown[]) => {
            counter.roundTrips++;
            account(sql);
            return (target.raw as (...a: unknown[]) => Promise<unknown>)(...args);
          };
        }
        const value = Reflect.get(target, prop, receiver);
        return typeof value === "function" ? value.bind(target) : value;
      },
    });
    sqlOf.set(proxy, sql);
    return proxy;
  };
  const wrapped = new Proxy(db, {
    get(target, prop, receiver) {
      if (prop === "prepare") {
        return (sql: string) => wrapStatement(target.prepare(sql), sql);
      }
      if (prop === "batch") {
        return async (statements: D1PreparedStatement[]) => {
          counter.roundTrips++;
          const results = await target.batch(statements);
          results.forEach((result, i) => {
            account(sqlOf.get(statements[i] as object), result);
          });
          return results;
        };
      }
      const value = Reflect.get(target, prop, receiver);
      return typeof value === "function" ? value.bind(target) : value;
    },
  });
  return { db: wrapped, counter };
}

type BenchAshby = {
  fetch: (input: Request | string | URL, init?: RequestInit) => Promise<Response>;
  apiKey: string;
  orgId: string;
  baseUrl: string;
  control: EmulatorControl;
};

/** Ashby over HTTP from the vitest process (default), or in this isolate (BENCH_ASHBY=in-process). */
function benchAshby(): BenchAshby {
  if (benchEnv.BENCH_ASHBY === "in-process") {
    return createEmulator(JSON.parse(benchEnv.BENCH_EMULATOR_OPTIONS ?? "{}") as EmulatorOptions);
  }
  const served = inject("ashbyEmulator");
  const fetchServed = (input: Request | string | URL, init?: RequestInit) =>
    fetch(typeof input === "string" ? new URL(input, `${served.url}/`) : input, init);
  return {
    fetch: fetchServed,
    apiKey: served.apiKey,
    orgId: served.orgId,
    baseUrl: served.url,
    control: createEmulatorControl(fetchServed, served.url),
  };
}

const FANOUT_RECORDS = new Set(["notes", "interview_stages", "application_history"]);
const LIST_RECORDS = new Set([
  "users",
  "departments",
  "locations",
  "jobs",
  "candidate_tags",
  "custom_fields",
  "feedback_forms",
  "candidates",
  "applications",
  "interview_schedules",
]);

function floors(entities: SyncRunEntityRow[]) {
  let calls = 0;
  let longest = 0;
  for (const e of entities) {
    if (LIST_RECORDS.has(e.entity)) {
      const pages = Math.max(1, Math.ceil(e.records_seen / 100));
      calls += pages;
      longest = Math.max(longest, pages);
    } else if (FANOUT_RECORDS.has(e.entity)) {
      // One call per distinct parent asked about (notes of new/changed candidates, stages of each plan).
      calls += e.total_known ?? 0;
    }
  }
  return { calls, longestChainPages: longest };
}

const fmt = (n: number) => n.toLocaleString("en-US");
/** The value at fraction `f` (0 = min, 0.5 = median, 1 = max) of numbers sorted ascending; 0 when there are none. */
const quantile = (sorted: number[], f: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * f))] ?? 0;
const ratio = (a: number, b: number) => (b === 0 ? (a === 0 ? "n/a (0/0)" : "∞") : `${(a / b).toFixed(3)}×`);

it(`syncs an org of ${N} candidates with ${LATENCY} ms per Ashby call`, async () => {
  const t0 = Date.now();
  const emu = benchAshby();
  console.log(
    `[bench] Ashby emulator: ${benchEnv.BENCH_ASHBY === "in-process" ? "in this isolate" : emu.baseUrl}`,
  );
  const summary = await emu.control.org(emu.orgId);
  console.log(`[bench] emulator org seeded in ${Date.now() - t0} ms: ${JSON.stringify(summary.counts)}`);
  const { db, counter } = countingDb(env.DB);
  // How long Ashby calls take as the engine sees them (request sent → response headers handled), per method: the
  // part of a call's time beyond the injected latency is transport and a busy event loop, not Ashby.
  const callTimes = new Map<string, number[]>();
  // Every call of the current run (method, sent, answered), for the longest chain's pace and the run's tail.
  const runCalls: { method: string; sent: number; answered: number }[] = [];
  const timedFetch: BenchAshby["fetch"] = async (input, init) => {
    const sent = performance.now();
    const response = await emu.fetch(input, init);
    // The method is the URL's last path segment; no URL object per call (the bench should not add to the load).
    const url = input instanceof Request ? input.url : String(input);
    const method = url.slice(url.lastIndexOf("/") + 1);
    const times = callTimes.get(method) ?? [];
    times.push(performance.now() - sent);
    callTimes.set(method, times);
    runCalls.push({ method, sent, answered: performance.now() });
    return response;
  };
  const conn = createTestSyncDeps(
    db,
    { ...emu, fetch: timedFetch },
    { connectionId: "conn_bench", config: CONFIG_OVERRIDES },
  );
  await insertConnectionRow(env.DB, conn.connectionId);
  // Every message reads the connection's row with its task, as in the worker; the test deps then hand over a client
  // kept in memory, so the key's decryption (a fraction of a millisecond per message) is not in the figures.
  console.log(
    `[bench] engine config: ${JSON.stringify(conn.deps.config)}; consumers: ${CONSUMERS} work + ${PAGE_CONSUMERS} pages, batches of ${WORK_BATCH} work (one message after the other) and ${PAGES_BATCH} pages (at once)`,
  );

  const report: string[] = [];
  async function run(label: string, mode: "full" | "incremental", latency: number) {
    // Latency is injected per run (the emulator is seeded without any), so a run can be given its own.
    await emu.control.setFaults({ orgId: emu.orgId }, { latencyMs: latency });
    const callsBefore = (await emu.control.requestCounts(emu.orgId)).total;
    const rowsBefore = counter.rowsWritten;
    const roundTripsBefore = counter.roundTrips;
    const started = Date.now();
    const startedAt = performance.now();
    runCalls.length = 0;
    // How long workerd's one thread was kept from this isolate: a 10 ms timer that fires late by more than 100 ms
    // means engine, D1 and garbage collector all waited, which no engine change can win back.
    const stalls: number[] = [];
    let tick = performance.now();
    const stallTimer = setInterval(() => {
      const late = performance.now() - tick - 10;
      if (late > 100) stalls.push(late);
      tick = performance.now();
    }, 10);
    const start = await startSyncRun(conn.deps, {
      connectionId: conn.connectionId,
      trigger: "manual",
      ...(mode === "full" && { mode }),
    });
    // Timeline (bench only): when each message started and ended, by kind and entity, to see where wall time goes.
    const ends: { start: number; t: number; kind: string; entity: string }[] = [];
    const startOf = new WeakMap<object, number>();
    const entityOf = (message: { taskId: string }) =>
      message.taskId.slice(start.runId.length + 1).split(":")[0] ?? "?";
    const drive = await driveMessages(conn.deps, start.enqueue, {
      concurrency: CONSUMERS,
      pagesConcurrency: PAGE_CONSUMERS,
      batchSize: WORK_BATCH,
      pagesBatchSize: PAGES_BATCH,
      onStart: (message) => {
        startOf.set(message, Date.now() - started);
      },
      onOutcome: (message) => {
        const entity = entityOf(message);
        ends.push({
          start: startOf.get(message) ?? 0,
          t: Date.now() - started,
          kind: LIST_RECORDS.has(entity) ? "list" : "fanout",
          entity,
        });
      },
      sleep: (seconds) => new Promise((resolve) => setTimeout(resolve, seconds * 1000)),
    });
    const wallMs = Date.now() - started;
    clearInterval(stallTimer);
    await emu.control.clearFaults({ orgId: emu.orgId });
    const counts = await emu.control.requestCounts(emu.orgId);
    const calls = counts.total - callsBefore;
    const runRow = await getRun(db, start.runId);
    const entities = await getRunEntities(db, start.runId);
    const floor = floors(entities);
    const recordRows = entities.reduce((sum, e) => sum + e.records_written + e.records_deleted, 0);
    const wallFloor = floor.longestChainPages * latency;
    const lines = [
      `== ${label} (${runRow?.status}, ${runRow?.mode}${runRow?.error_code ? `, ${runRow.error_code}: ${runRow.error_message}` : ""}) — ${fmt(drive.processed)} queue messages, ${drive.retries} retries, ${drive.deferrals} deferrals`,
      `   Ashby calls:   ${fmt(calls)} vs floor ${fmt(floor.calls)} → ${ratio(calls, floor.calls)}  (target ≤ 1.01×)`,
      `   wall time:     ${fmt(wallMs)} ms vs floor ${fmt(wallFloor)} ms (${floor.longestChainPages} pages × ${latency} ms) → ${latency === LATENCY ? `${ratio(wallMs, wallFloor)}  (target ≤ 1.15×)` : "not comparable (BENCH_FULL_LATENCY_MS)"}`,
      `   record rows:   ${fmt(recordRows)} written (new/changed/deleted records)`,
      `   D1 rows_written (all tables incl. tasks/checkpoints/progress): ${fmt(counter.rowsWritten - rowsBefore)}`,
      `   per entity:    ${entities
        .filter((e) => e.records_seen > 0 || e.records_written > 0 || (e.total_known ?? 0) > 0)
        .map(
          (e) =>
            `${e.entity} seen=${e.records_seen} written=${e.records_written}${e.total_known ? ` parents=${e.total_known}` : ""}`,
        )
        .join("; ")}`,
    ];
    const lastList = Math.max(0, ...ends.filter((e) => e.kind === "list").map((e) => e.t));
    const lastFanout = Math.max(0, ...ends.filter((e) => e.kind === "fanout").map((e) => e.t));
    const byEntity = new Map<string, number[]>();
    for (const e of ends) byEntity.set(e.entity, [...(byEntity.get(e.entity) ?? []), e.t]);
    lines.push(
      `   timeline:      start→first step ${fmt(Math.min(...ends.map((e) => e.t)))} ms; last list message ${fmt(lastList)} ms; last fan-out message ${fmt(lastFanout)} ms; end ${fmt(wallMs)} ms`,
      `   applications list messages ran (ms): ${ends
        .filter((e) => e.entity === "applications")
        .map((e) => `${fmt(e.start)}→${fmt(e.t)}`)
        .join(", ")}`,
      `   after the last list message: ${(() => {
        const tail = ends.filter((e) => e.t > lastList);
        const runs = tail.map((e) => e.t - e.start).sort((a, b) => a - b);
        const waited = tail.map((e) => e.start - lastList).sort((a, b) => a - b);
        const q = (xs: number[], f: number) => fmt(quantile(xs, f));
        return `${tail.length} messages ended; started ${q(waited, 0)}…${q(waited, 1)} ms after it; ran p50 ${q(runs, 0.5)} ms, max ${q(runs, 1)} ms`;
      })()}`,
      `   last message per entity: ${[...byEntity].map(([entity, ts]) => `${entity}@${fmt(Math.max(...ts))}(${ts.length})`).join("; ")}`,
    );
    const sqlTotal = [...counter.sql.values()].reduce((sum, e) => sum + e.ms, 0);
    lines.push(
      `   D1: ${fmt(counter.roundTrips - roundTripsBefore)} round trips; time in SQLite ${fmt(Math.round(sqlTotal))} ms; by statement: ${[
        ...counter.sql,
      ]
        .sort((a, b) => b[1].ms - a[1].ms)
        .slice(0, 8)
        .map(([sql, e]) => `${Math.round(e.ms)} ms/${e.count}× "${sql}"`)
        .join("; ")}`,
    );
    counter.sql.clear();
    lines.push(
      `   Ashby call time seen by the engine (ms, p50/p95/max): ${[...callTimes]
        .sort((a, b) => b[1].length - a[1].length)
        .slice(0, 6)
        .map(([method, times]) => {
          const sorted = [...times].sort((a, b) => a - b);
          const q = (f: number) => Math.round(quantile(sorted, f));
          return `${method} ${q(0.5)}/${q(0.95)}/${q(1)} (${fmt(sorted.length)})`;
        })
        .join("; ")}`,
    );
    callTimes.clear();
    // The longest chain (the list method with the most calls): each page's call time and the gap before the next
    // request, so time above the floor shows up page by page; then what ran after its last page (the run's tail).
    const listCalls = new Map<string, typeof runCalls>();
    for (const call of runCalls) {
      if (call.method.endsWith(".list"))
        listCalls.set(call.method, [...(listCalls.get(call.method) ?? []), call]);
    }
    const [chainMethod, chain] = [...listCalls].sort((a, b) => b[1].length - a[1].length)[0] ?? ["-", []];
    const lastPage = chain.at(-1)?.answered ?? startedAt;
    const tail = runCalls.filter((call) => call.sent >= lastPage);
    lines.push(
      `   longest chain (${chainMethod}), per page: call ms/ms to the next request: ${chain
        .map(
          (call, i) =>
            `${Math.round(call.answered - call.sent)}/${i + 1 < chain.length ? Math.round((chain[i + 1]?.sent ?? 0) - call.answered) : "-"}`,
        )
        .join(" ")}`,
      `   tail: ${fmt(tail.length)} calls sent after the chain's last page${
        tail.length > 0
          ? `, from ${Math.round(Math.min(...tail.map((c) => c.sent)) - lastPage)} to ${Math.round(Math.max(...tail.map((c) => c.sent)) - lastPage)} ms after it, the last answered at ${Math.round(Math.max(...tail.map((c) => c.answered)) - lastPage)} ms`
          : ""
      }; the run ended ${fmt(Math.round(startedAt + wallMs - lastPage))} ms after the last page`,
      `   thread stalls > 100 ms: ${stalls.length === 0 ? "none" : `${stalls.length}, ${stalls.map((ms) => Math.round(ms)).join(" + ")} ms`}`,
    );
    console.log(lines.join("\n"));
    report.push(...lines);
    return { calls, wallMs, wallFloor, recordRows, entities };
  }

  await run(`initial full sync of ${fmt(N)} candidates`, "full", FULL_LATENCY);

  // The incremental and no-change runs are repeated (BENCH_ROUNDS, each after another 1 % of records changed): a run
  // of a few seconds on a shared 2-core machine varies by ±5 % from one to the next, so the summary gives the spread.
  const incrementalWall: number[] = [];
  const idleWall: number[] = [];
  for (let round = 1; round <= ROUNDS; round++) {
    // 1 % of candidates edited and 1 % of applications moved to another stage, as people do in Ashby's UI.
    const apps = await (async () => {
      const rows = await env.DB.prepare(
        `SELECT ashby_id, data FROM synced_records WHERE connection_id = 'conn_bench' AND entity = 'applications' LIMIT ?1 OFFSET ?2`,
      )
        .bind(Math.ceil(N * 1.5 * CHANGE), (round - 1) * Math.ceil(N * 1.5 * CHANGE))
        .all<{ ashby_id: string; data: string }>();
      return rows.results;
    })();
    const candidates = await env.DB.prepare(
      `SELECT ashby_id FROM synced_records WHERE connection_id = 'conn_bench' AND entity = 'candidates' LIMIT ?1 OFFSET ?2`,
    )
      .bind(Math.ceil(N * CHANGE), (round - 1) * Math.ceil(N * CHANGE))
      .all<{ ashby_id: string }>();
    const stageByPlan = new Map<string, string[]>();
    const stages = await env.DB.prepare(
      `SELECT data FROM synced_records WHERE connection_id = 'conn_bench' AND entity = 'interview_stages'`,
    ).all<{ data: string }>();
    for (const row of stages.results) {
      const stage = JSON.parse(row.data) as { id: string; interviewPlanId: string };
      stageByPlan.set(stage.interviewPlanId, [...(stageByPlan.get(stage.interviewPlanId) ?? []), stage.id]);
    }
    // What really changed in Ashby is counted from the emulator, not from the bench's edit count: every record a
    // mutation puts takes one change-sequence value (the candidate, the application — and anything a mutation
    // touches besides), and a stage move also changes the application's stage history (a new visit, and the end of
    // the visit it left), which Ashby serves as entries of application.info; each move's result counts those.
    // All of it in one control call: thousands of calls here (one per change, and two history reads per moved
    // application) left thousands of fetches' garbage in this isolate, which workerd collected in the middle of
    // the next run in pauses of 0.5–0.7 s (seen in `perf` as finalizers of Headers), charged to the engine.
    const seqBefore = (await emu.control.org(emu.orgId)).changeSeq;
    const moves: Mutation[] = [];
    for (const row of apps) {
      const app = JSON.parse(row.data) as { currentInterviewStage?: { id: string; interviewPlanId: string } };
      const options = stageByPlan.get(app.currentInterviewStage?.interviewPlanId ?? "") ?? [];
      const target = options.find((id) => id !== app.currentInterviewStage?.id);
      if (target) {
        moves.push({
          type: "application.changeStage",
          applicationId: row.ashby_id,
          interviewStageId: target,
        });
      }
    }
    const edits: Mutation[] = candidates.results.map((row, i) => ({
      type: "candidate.update",
      candidateId: row.ashby_id,
      position: `Bench ${round}.${i}`,
    }));
    const batch = await emu.control.mutateMany(emu.orgId, [...moves, ...edits]);
    const changedTopLevel = batch.changeSeq - seqBefore;
    const changedHistory = batch.results
      .slice(0, moves.length)
      .reduce(
        (sum, result) => sum + (result.record as { historyEntriesChanged: number }).historyEntriesChanged,
        0,
      );
    console.log(
      `[bench] changed ${candidates.results.length} candidates and ${moves.length} applications in Ashby: ` +
        `${changedTopLevel} records put (change sequence) + ${changedHistory} stage-history entries new or changed`,
    );
    const incremental = await run(
      `incremental run ${round}/${ROUNDS} after ${CHANGE * 100} % changed`,
      "incremental",
      LATENCY,
    );
    const changedRecords = changedTopLevel + changedHistory;
    const candidateFiles = incremental.entities.find((e) => e.entity === "attachments")?.records_written ?? 0;
    console.log(
      `   rows vs changed records: ${fmt(incremental.recordRows)} / ${fmt(changedRecords)} → ${ratio(incremental.recordRows, changedRecords)}  (target ≤ 1.05×; attachments rewritten: ${candidateFiles})`,
    );
    const idle = await run("run with no change", "incremental", LATENCY);
    console.log(`   record rows on the no-change run: ${idle.recordRows} (target 0)`);
    incrementalWall.push(incremental.wallMs / incremental.wallFloor);
    idleWall.push(idle.wallMs / idle.wallFloor);
  }
  const spread = (xs: number[]) => {
    const sorted = [...xs].sort((a, b) => a - b);
    const at = (f: number) => quantile(sorted, f).toFixed(3);
    return `min ${at(0)}× · median ${at(0.5)}× · max ${at(1)}× (${sorted.map((x) => x.toFixed(3)).join(", ")})`;
  };
  console.log(
    `== wall time vs floor over ${ROUNDS} rounds (target ≤ 1.15×)\n` +
      `   incremental after ${CHANGE * 100} % changed: ${spread(incrementalWall)}\n` +
      `   no change: ${spread(idleWall)}`,
  );
});
