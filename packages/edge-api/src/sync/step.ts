import type { ErrorCode, SyncMode, SyncTaskMessage } from "@ashby-kit/shared";
import { type AshbyClient, type AshbyError, isAuthFailure, paginationFallback } from "../ashby";
import type { StoredConnectionKey } from "../connection/ashby-for-connection";
import { retryDelaySeconds } from "./backoff";
import { acquireBudget, acquireBudgetStatement, blockBudget, settleBudgetStatement } from "./budget";
import { advanceCheckpoint, type CheckpointRow } from "./checkpoint-store";
import {
  FANOUT_ENTITY_DEFS,
  isFanoutEntity,
  isListEntity,
  LIST_ENTITY_DEFS,
  type ListEntityDef,
  type RecordRow,
} from "./entities";
import {
  appendClosingState,
  closingStateFrom,
  type FinishedRun,
  finalizeRunIfComplete,
} from "./finalize-run";
import { progressStatements } from "./progress";
import { planBlindWrites, planRecordWrites, softDeleteMissingChildren } from "./records-writer";
import { endRun, getRun, heartbeatStatements, type SyncRunRow } from "./run-store";
import type { SyncConfig, SyncConnection, SyncConnectionStatus, SyncDeps } from "./sync-deps";
import {
  completeTask,
  fanoutTaskId,
  getTask,
  insertTask,
  listTaskId,
  messageFor,
  type NewTask,
  parentsOf,
  perParentTaskIdRange,
  recordTaskFailure,
  type SyncTaskRow,
} from "./task-store";

/** A run that stopped early; the consumer turns it into host webhooks. */
export type EndedRun = {
  runId: string;
  connectionId: string;
  status: "failed" | "cancelled";
  code: ErrorCode;
  message: string;
  needsReauth: boolean;
};

export type StepOutcome =
  /** Committed (or nothing left to do): ack, and send `enqueue`. */
  | { type: "done"; enqueue: SyncTaskMessage[]; finished: FinishedRun | null; ended: EndedRun | null }
  /** A failure worth retrying (5xx, timeout, network): `message.retry()`; exhausted retries reach the DLQ. */
  | { type: "retry"; delaySeconds: number; code: ErrorCode; message: string; enqueue: SyncTaskMessage[] }
  /**
   * Not a failure, just not now (Ashby's 429 or our own call budget): ack and send the same message again with a
   * delay, so waiting does not use up the retries meant for real failures.
   */
  | { type: "defer"; delaySeconds: number; reason: ErrorCode; enqueue: SyncTaskMessage[] }
  /** A redelivered or stale message: ack and forget. */
  | { type: "dropped"; reason: string };

/** A task that keeps hitting 429 gives up after this many deferrals and fails the run as rate limited. */
const MAX_RATE_LIMIT_DEFERRALS = 40;

const done = (
  enqueue: SyncTaskMessage[] = [],
  finished: FinishedRun | null = null,
  ended: EndedRun | null = null,
) => ({ type: "done", enqueue, finished, ended }) as const;

/**
 * Process ONE task of a sync run: one page of one list endpoint, or one bounded chunk of per-parent calls. It
 * writes the page and its checkpoint in one D1 batch and says what to enqueue next; it never loops over a whole
 * entity, so no invocation approaches Workers' CPU, wall-time or subrequest limits whatever the org's size.
 */
export async function runSyncStep(deps: SyncDeps, message: SyncTaskMessage): Promise<StepOutcome> {
  const { db } = deps;
  const { task, run, checkpoint, stored } = await loadStepState(db, message);
  if (!task || task.status === "done") {
    return { type: "dropped", reason: "task_done" };
  }
  if (!run || (run.status !== "queued" && run.status !== "running")) {
    await completeTask(db, task.id, now(deps)).run();
    return { type: "dropped", reason: "run_not_in_flight" };
  }
  // The task's own connection, whatever connection the message names: D1 has the last word on whose key is used.
  const connection = stored ? await deps.openConnection(stored) : null;
  if (connection?.status !== "active" || !connection.client) {
    // Paused, disconnected or needing re-auth: the run stops at its next page (this one).
    return cancelForConnection(deps, run, connection?.status ?? null);
  }
  if (
    task.kind === "list" &&
    (!checkpoint || checkpoint.pass_run_id !== run.id || checkpoint.next_seq < task.seq)
  ) {
    // The pass belongs to another run, or this message is older than the chain's position. Checked before the
    // budget is asked: a dropped message must not keep the tokens of pages it will never fetch.
    await completeTask(db, task.id, now(deps)).run();
    return { type: "dropped", reason: "stale_checkpoint" };
  }
  if (deps.budget) {
    // A fan-out message makes one call per parent. A list message pays for its first two pages (the second is
    // prefetched while the first commits) and each later page inside the commit of the page two before it: most
    // chains of an incremental run are one page long, and paying for all `pagesPerMessage` up front made the ten
    // chains of a small run ask for 80 tokens to make 10 calls, and wait seconds for them.
    const cost = task.kind === "fanout" ? parentsOf(task).length : listTokensAhead(deps.config);
    const decision = await acquireBudget(
      db,
      deps.budget,
      connection.id,
      "sync",
      Math.max(cost, 1),
      now(deps),
    );
    if (!decision.ok) {
      return {
        type: "defer",
        delaySeconds: Math.max(1, Math.ceil(decision.retryAfterMs / 1000)),
        reason: "rate_limited",
        enqueue: [],
      };
    }
  }
  if (task.kind === "list" && checkpoint && isListEntity(task.entity)) {
    return listStep(deps, task, run, connection, connection.client, checkpoint);
  }
  if (task.kind === "fanout" && isFanoutEntity(task.entity)) {
    return fanoutStep(deps, task, run, connection, connection.client);
  }
  await completeTask(db, task.id, now(deps)).run();
  return { type: "dropped", reason: `unknown_task:${task.kind}:${task.entity}` };
}

/**
 * Every column of a row type, checked both ways at compile time: a listed name that is not a column fails, and so
 * does a column (added to the type later) that is not listed, naming it in the error.
 */
function allColumns<Row>() {
  return <const C extends readonly (keyof Row & string)[]>(
    columns: C &
      (Exclude<keyof Row, C[number]> extends never ? unknown : { missing: Exclude<keyof Row, C[number]> }),
  ): C => columns;
}
const RUN_COLUMNS = allColumns<SyncRunRow>()([
  "id",
  "connection_id",
  "trigger",
  "mode",
  "status",
  "created_at",
  "started_at",
  "finished_at",
  "heartbeat_at",
  "error_code",
  "error_message",
]);
const CHECKPOINT_COLUMNS = allColumns<CheckpointRow>()([
  "connection_id",
  "entity",
  "sync_token",
  "cursor",
  "pass_run_id",
  "pass_mode",
  "next_seq",
  "last_full_pass_at",
  "updated_at",
]);
/** `json_object('key', alias.column, ...)`: keys by field name, or a column's own name when given a list. */
const jsonObjectOf = (alias: string, fields: readonly string[] | Readonly<Record<string, string>>) => {
  const pairs = Array.isArray(fields)
    ? fields.map((column: string) => [column, column])
    : Object.entries(fields as Readonly<Record<string, string>>);
  return `json_object(${pairs.map(([key, column]) => `'${key}', ${alias}.${column}`).join(", ")})`;
};

/** What the step reads of its task's connection: each field of StoredConnectionKey, by its column. */
const CONNECTION_COLUMNS = {
  id: "id",
  status: "status",
  apiKeyCiphertext: "api_key_ciphertext",
  apiKeyEncryptionKeyId: "api_key_encryption_key_id",
} as const satisfies Record<keyof StoredConnectionKey, string>;

/**
 * The task, its run, its connection and (for a list task) its entity's checkpoint in ONE statement: every message
 * starts here, before its first Ashby call, and D1 serves a database's requests one at a time. Reading the
 * connection in a request of its own made the 17 fan-out messages of a chain's last page ask for 34 reads before
 * their calls could leave, at the end of the run where everything waits for them. The run, the connection and the
 * checkpoint come back as JSON objects.
 */
const STEP_STATE_SQL = `SELECT t.*,
  (SELECT ${jsonObjectOf("r", RUN_COLUMNS)} FROM sync_runs r WHERE r.id = t.run_id) AS run_json,
  (SELECT ${jsonObjectOf("k", CONNECTION_COLUMNS)} FROM connections k WHERE k.id = t.connection_id) AS connection_json,
  (SELECT ${jsonObjectOf("c", CHECKPOINT_COLUMNS)} FROM sync_checkpoints c
   WHERE t.kind = 'list' AND c.connection_id = t.connection_id AND c.entity = t.entity) AS checkpoint_json
  FROM sync_tasks t WHERE t.id = ?1`;

async function loadStepState(
  db: D1Database,
  message: SyncTaskMessage,
): Promise<{
  task: SyncTaskRow | null;
  run: SyncRunRow | null;
  checkpoint: CheckpointRow | null;
  stored: StoredConnectionKey | null;
}> {
  const row = await db.prepare(STEP_STATE_SQL).bind(message.taskId).first<
    SyncTaskRow & {
      run_json: string | null;
      connection_json: string | null;
      checkpoint_json: string | null;
    }
  >();
  if (!row) {
    return { task: null, run: null, checkpoint: null, stored: null };
  }
  const { run_json, connection_json, checkpoint_json, ...task } = row;
  return {
    task,
    run: run_json ? (JSON.parse(run_json) as SyncRunRow) : null,
    checkpoint: checkpoint_json ? (JSON.parse(checkpoint_json) as CheckpointRow) : null,
    stored: connection_json ? (JSON.parse(connection_json) as StoredConnectionKey) : null,
  };
}

type PageFetch = {
  result: Awaited<ReturnType<ListEntityDef["list"]>>;
  mode: SyncMode;
  dropToken: boolean;
  calls: number;
};

/**
 * Fetch one page, applying the recovery rules: a refused sync token turns the pass into a full one, an expired
 * cursor restarts the pass from its first page. At most three calls (the call, one fallback, one restart).
 */
async function fetchPage(
  def: ListEntityDef,
  client: AshbyClient,
  pageSize: number,
  state: { mode: SyncMode; dropToken: boolean; cursor: string | undefined; syncToken: string | null },
): Promise<PageFetch> {
  let { mode, dropToken, cursor } = state;
  let calls = 0;
  let result: PageFetch["result"] | undefined;
  for (let attempt = 0; attempt < 3; attempt++) {
    const syncToken = mode === "incremental" && !dropToken ? (state.syncToken ?? undefined) : undefined;
    calls++;
    result = await def.list(client, {
      limit: pageSize,
      ...(cursor !== undefined && { cursor }),
      ...(syncToken !== undefined && { syncToken }),
    });
    if (result.ok) {
      break;
    }
    const fallback = paginationFallback(result.error);
    if (fallback === "full_resync" && mode === "incremental") {
      // sync_token_expired / sync_token_invalid / incremental_sync_too_large: this entity does a full pass.
      mode = "full";
      dropToken = true;
      cursor = undefined;
      continue;
    }
    if (fallback === "restart_pass" && cursor !== undefined) {
      // next_cursor_expired: the pass restarts from its first page (pages already written stay valid).
      cursor = undefined;
      continue;
    }
    break;
  }
  return { result: result ?? unreachable(), mode, dropToken, calls };
}

/**
 * Up to `pagesPerMessage` pages of one list entity, in order. While page k is written to D1, page k+1 is already
 * being fetched, so a chain's pace is Ashby's latency, not latency + D1 + a queue hop. Every page is committed on
 * its own (rows + checkpoint in one batch), so a message that dies half-way resumes at its last committed page:
 * the task stays pending and starts from the checkpoint, whatever page that is.
 */
async function listStep(
  deps: SyncDeps,
  task: SyncTaskRow,
  run: SyncRunRow,
  connection: SyncConnection,
  client: AshbyClient,
  /** Of this run's pass, at or past the task's position (runSyncStep drops the message otherwise). */
  checkpoint: CheckpointRow,
): Promise<StepOutcome> {
  const { db, config } = deps;
  if (!isListEntity(task.entity)) {
    throw new Error(`not a list entity: ${task.entity}`);
  }
  const def = LIST_ENTITY_DEFS[task.entity];

  const enqueue: SyncTaskMessage[] = [];
  let seq = checkpoint.next_seq;
  // The run as this message's commits leave it (their heartbeats), so later pages know when the next one is due.
  let current = run;
  const { budget } = deps;
  // Tokens paid for pages this message has not asked Ashby for yet (runSyncStep paid for the first two; the first
  // is being fetched now). Without a budget every page is affordable.
  let held = budget ? listTokensAhead(config) - 1 : Number.POSITIVE_INFINITY;
  let pending = fetchPage(def, client, config.pageSize, {
    mode: checkpoint.pass_mode ?? "full",
    dropToken: false,
    cursor: checkpoint.cursor ?? undefined,
    syncToken: checkpoint.sync_token,
  });
  for (let pageInMessage = 1; ; pageInMessage++) {
    const fetched = await pending;
    if (!fetched.result.ok) {
      if (budget && held > 0) {
        // A retried message pays for its pages again: give back what was paid for pages never asked for.
        await settleBudgetStatement(db, budget, connection.id, held).run();
      }
      // Pages already committed by this message may have created fan-out tasks: send them whatever happens next.
      return withEnqueue(await onAshbyError(deps, task, run, connection, fetched.result.error), enqueue);
    }
    const page = fetched.result.value;
    const isLast = !page.moreDataAvailable;
    // Without a paid-for token the chain goes on in a new message, which waits for the budget like any other.
    const continueHere =
      !isLast && pageInMessage < config.pagesPerMessage && page.nextCursor !== undefined && held >= 1;
    if (continueHere) {
      held -= 1;
      // Prefetch: the next page's call overlaps this page's D1 work.
      pending = fetchPage(def, client, config.pageSize, {
        mode: fetched.mode,
        dropToken: fetched.dropToken,
        cursor: page.nextCursor,
        syncToken: checkpoint.sync_token,
      });
      // A failed prefetch is handled when awaited; never leave it unobserved meanwhile.
      pending.catch(() => undefined);
      // fetch() only starts the request: it goes out when this isolate next returns to the event loop, and hashing
      // and planning this page's rows came first. In `pnpm bench:sync` the chain's requests took 2-22 ms from fetch()
      // to Ashby's handler (3-4 ms typically) before this yield, and about 1 ms after it.
      await yieldToEventLoop();
    }
    const next: NewTask | null =
      isLast || continueHere
        ? null
        : {
            id: listTaskId(run.id, def.name, seq + 1),
            runId: run.id,
            connectionId: connection.id,
            entity: def.name,
            kind: "list",
            seq: seq + 1,
            payload: undefined,
          };
    const { statements, sends, beatAt } = await pageStatements(deps, {
      task,
      run: current,
      connection,
      def,
      seq,
      fetched,
      next,
    });
    // The last page reads, inside its own commit, what closing the run needs if nothing else is left of it (see
    // closingStateStatements); a page after which this message goes on asks whether it still may.
    const closingAt = isLast ? appendClosingState(statements, db, run.id) : -1;
    const goOnAt = continueHere ? statements.push(goOnStatement(db, run.id, connection.id)) - 1 : -1;
    let paidAt = -1;
    if (budget) {
      // Settle this page: a refused sync token's fallback made calls beyond the page's token, and a message that
      // stops here gives back what it held for pages it will not fetch.
      const delta = (continueHere ? 0 : held) - (fetched.calls - 1);
      if (delta !== 0) {
        statements.push(settleBudgetStatement(db, budget, connection.id, delta));
      }
      if (!continueHere) {
        held = 0;
      } else if (pageInMessage + 1 < config.pagesPerMessage) {
        // The page after the one being prefetched, paid for now so its call can leave as soon as that one lands.
        paidAt = statements.push(acquireBudgetStatement(db, budget, connection.id, "sync", 1, now(deps))) - 1;
      }
    }
    const results = await db.batch(statements);
    if (paidAt >= 0 && (results[paidAt]?.results.length ?? 0) > 0) {
      held += 1;
    }
    if (beatAt !== null) {
      current = { ...current, status: "running", heartbeat_at: beatAt };
    }
    // Only tasks this batch really inserted are sent: a task id seen before (a plan shared by many jobs, a page
    // committed twice) was inserted, and sent, by whoever inserted it first.
    const committed = sends
      .filter((send) => (results[send.index]?.meta.changes ?? 0) > 0)
      .map((send) => send.message);
    if (deps.send && committed.length > 0) {
      // The page is in D1: its fan-out starts now, while the next page is still being fetched.
      await deps.send(committed);
    } else {
      enqueue.push(...committed);
    }
    if (isLast) {
      // Fan-out tasks inserted just now are pending, so the answer only says "done" when nothing was sent.
      return done(
        enqueue,
        await finalizeRunIfComplete(db, run.id, now(deps), closingStateFrom(results, closingAt)),
      );
    }
    if (!continueHere) {
      return done(enqueue);
    }
    const goOn = results[goOnAt]?.results[0] as GoOn | undefined;
    if (goOn?.run_status !== "running" || goOn.connection_status !== "active") {
      // The page is in; the next one, already asked for, is dropped, and the tokens held for later pages go back.
      if (budget && held > 0) {
        await settleBudgetStatement(db, budget, connection.id, held).run();
      }
      const stopped =
        goOn?.run_status === "running"
          ? await cancelForConnection(deps, run, goOn.connection_status ?? null)
          : done();
      return withEnqueue(stopped, enqueue);
    }
    seq++;
  }
}

/** The message for the task inserted by `statements[index]`. */
type TaskSend = { index: number; message: SyncTaskMessage };

/** One page's commit: its rows, derived rows, fan-out tasks, seen ids, checkpoint and progress, in one batch. */
async function pageStatements(
  deps: SyncDeps,
  ctx: {
    task: SyncTaskRow;
    run: SyncRunRow;
    connection: SyncConnection;
    def: ListEntityDef;
    seq: number;
    fetched: PageFetch;
    /** The task that continues the chain, inserted with this page (null when this message goes on, or on the last page). */
    next: NewTask | null;
  },
): Promise<{ statements: D1PreparedStatement[]; sends: TaskSend[]; beatAt: number | null }> {
  const { db, config } = deps;
  const { task, run, connection, def, seq, fetched, next } = ctx;
  const sends: TaskSend[] = [];
  if (!fetched.result.ok) {
    return unreachable();
  }
  const page = fetched.result.value;
  const mode = fetched.mode;
  const nowMs = now(deps);
  const scope = { connectionId: connection.id, runId: run.id, now: nowMs };
  const rows = page.results.map((item) => def.toRow(item));
  const plan = await planRecordWrites(db, { ...scope, entity: def.name }, rows);
  const changedIds = new Set(plan.changed.map((row) => row.ashbyId));
  const changedItems = page.results.filter((_, i) => changedIds.has(rows[i]?.ashbyId ?? ""));
  const isLast = !page.moreDataAvailable;

  const beat = heartbeatStatements(db, run, nowMs);
  const statements: D1PreparedStatement[] = [...beat, ...plan.statements];

  if (def.derived) {
    const derivedScope = { ...scope, entity: def.derived.entity };
    const children = changedItems.flatMap((item) => def.derived?.rows(item) ?? []);
    // Nothing is decided from which derived rows changed, so they are written blind (no read of stored hashes).
    const derivedPlan = await planBlindWrites(db, derivedScope, children);
    statements.push(...derivedPlan.statements);
    if (changedItems.length > 0) {
      statements.push(
        softDeleteMissingChildren(
          db,
          derivedScope,
          [...changedIds],
          children.map((c) => c.ashbyId),
        ),
      );
    }
    statements.push(
      ...progressStatements(
        db,
        task.id,
        run.id,
        def.derived.entity,
        {
          seen: derivedPlan.ids.length,
          mode,
          status: isLast ? "done" : "running",
          writtenAmong: { connectionId: connection.id, now: nowMs, ids: derivedPlan.ids },
        },
        config.changedIdsCap,
      ),
    );
  }

  if (def.fanout) {
    const fanout = def.fanout;
    const parentsFrom =
      fanout.parents === "changed_or_all_on_full" && mode === "full" ? page.results : changedItems;
    const parentIds = [...new Set(parentsFrom.flatMap((item) => fanout.parentIds(item)))];
    const fanoutDef = FANOUT_ENTITY_DEFS[fanout.entity];
    // Parents shared across pages (interview plans of many jobs) get one task per parent for the whole run.
    const perParent = fanout.dedupe === "run";
    const chunkSize = perParent ? 1 : fanoutChunkSize(config, mode, isLast, seq);
    for (let start = 0, chunk = 0; start < parentIds.length; start += chunkSize, chunk++) {
      const parents = parentIds.slice(start, start + chunkSize);
      const fanoutTask: NewTask = {
        id: perParent
          ? fanoutTaskId(run.id, fanout.entity, -1, parents[0] ?? "")
          : fanoutTaskId(run.id, fanout.entity, seq, chunk),
        runId: run.id,
        connectionId: connection.id,
        entity: fanout.entity,
        kind: "fanout",
        seq,
        payload: { parents },
      };
      sends.push({ index: statements.length, message: messageFor(fanoutTask) });
      statements.push(insertTask(db, fanoutTask, nowMs));
    }
    if (parentIds.length > 0) {
      statements.push(
        ...(perParent
          ? // A parent another page already asked for is not counted twice: the total is the run's per-parent
            // tasks, counted after this batch's inserts, in the same transaction.
            [perParentTotalStatement(db, run.id, fanout.entity, fanoutDef.recordEntity)]
          : progressStatements(
              db,
              task.id,
              run.id,
              fanoutDef.recordEntity,
              { totalAdd: parentIds.length, mode, status: "running" },
              config.changedIdsCap,
            )),
      );
    }
  }

  if (mode === "full") {
    statements.push(
      db
        .prepare(
          `INSERT OR REPLACE INTO sync_seen_pages (run_id, entity, seq, ids)
           SELECT ?1, ?2, ?3, ?4 WHERE EXISTS (SELECT 1 FROM sync_runs WHERE id = ?1)`,
        )
        .bind(run.id, def.name, seq, JSON.stringify(rows.map((r) => r.ashbyId))),
    );
  }
  statements.push(
    advanceCheckpoint(db, {
      connectionId: connection.id,
      entity: def.name,
      runId: run.id,
      seq,
      mode,
      nextCursor: isLast ? null : (page.nextCursor ?? null),
      ...(isLast && { finalSyncToken: page.syncToken ?? null }),
      dropToken: fetched.dropToken,
      nowMs,
    }),
    ...progressStatements(
      db,
      task.id,
      run.id,
      def.name,
      {
        pages: 1,
        seen: plan.seen,
        written: plan.changed.length,
        calls: fetched.calls,
        mode,
        status: isLast ? "done" : "running",
        changedIds: [...changedIds],
      },
      config.changedIdsCap,
    ),
  );
  if (next) {
    sends.unshift({ index: statements.length, message: messageFor(next) });
    statements.push(insertTask(db, next, nowMs));
  }
  if (next || isLast) {
    statements.push(completeTask(db, task.id, nowMs));
  }
  return { statements, sends, beatAt: beat.length > 0 ? nowMs : null };
}

async function fanoutStep(
  deps: SyncDeps,
  task: SyncTaskRow,
  run: SyncRunRow,
  connection: SyncConnection,
  client: AshbyClient,
): Promise<StepOutcome> {
  const { db, config } = deps;
  if (!isFanoutEntity(task.entity)) {
    throw new Error(`not a fan-out entity: ${task.entity}`);
  }
  const def = FANOUT_ENTITY_DEFS[task.entity];
  const parents = parentsOf(task);
  const fetched = await mapWithConcurrency(parents, config.fanoutConcurrency, (parentId) =>
    def.fetchAll(client, parentId),
  );
  let calls = 0;
  const rows: RecordRow[] = [];
  const visited: string[] = [];
  const remaining: string[] = [];
  let failure: AshbyError | null = null;
  for (const [i, result] of fetched.entries()) {
    const parentId = parents[i] ?? "";
    if (!result.ok) {
      calls++;
      // The parent vanished between its list page and this call: nothing to fetch, nothing to fail for.
      if (result.error.code === "ashby_not_found") {
        continue;
      }
      failure ??= result.error;
      remaining.push(parentId);
      continue;
    }
    calls += result.value.calls;
    visited.push(parentId);
    rows.push(...result.value.items.map((item) => def.toRow(item, parentId)));
  }
  if (failure && (!failure.retryable || visited.length === 0)) {
    return onAshbyError(deps, task, run, connection, failure);
  }

  const nowMs = now(deps);
  const scope = { connectionId: connection.id, entity: def.recordEntity, runId: run.id, now: nowMs };
  // No read of stored hashes: nothing here depends on which children changed, so the commit finds out itself.
  const plan = await planBlindWrites(db, scope, rows);
  const statements: D1PreparedStatement[] = [...heartbeatStatements(db, run, nowMs), ...plan.statements];
  if (visited.length > 0) {
    statements.push(
      softDeleteMissingChildren(
        db,
        scope,
        visited,
        rows.map((r) => r.ashbyId),
      ),
    );
  }
  statements.push(
    ...progressStatements(
      db,
      task.id,
      run.id,
      def.recordEntity,
      {
        pages: parents.length - remaining.length,
        seen: plan.ids.length,
        calls,
        writtenAmong: { connectionId: connection.id, now: nowMs, ids: plan.ids },
      },
      config.changedIdsCap,
    ),
  );
  if (failure) {
    // Keep what succeeded (429 and 5xx storms hit some calls of a chunk, rarely all): the task shrinks to the
    // parents still to do, and its failure count restarts because it made progress.
    statements.push(
      db
        .prepare(
          `UPDATE sync_tasks SET payload = ?2, attempts = 0, updated_at = ?3 WHERE id = ?1 AND status = 'pending'`,
        )
        .bind(task.id, JSON.stringify({ parents: remaining }), nowMs),
    );
    await db.batch(statements);
    return onAshbyError(deps, { ...task, attempts: 0 }, run, connection, failure);
  }
  statements.push(completeTask(db, task.id, nowMs));
  const closingAt = appendClosingState(statements, db, run.id);
  const results = await db.batch(statements);
  return done([], await finalizeRunIfComplete(db, run.id, now(deps), closingStateFrom(results, closingAt)));
}

async function onAshbyError(
  deps: SyncDeps,
  task: SyncTaskRow,
  run: SyncRunRow,
  connection: SyncConnection,
  error: AshbyError,
): Promise<StepOutcome> {
  const { db } = deps;
  const nowMs = now(deps);
  if (isAuthFailure(error)) {
    // 401/403 on the stored key: the connection goes to needs_reauth and the run stops here.
    await deps.onAuthFailure(connection.id, error);
    const ended = await endRun(db, run.id, "failed", { code: error.code, message: error.message }, nowMs);
    return done([], null, ended ? endedRun(run, "failed", error.code, error.message, true) : null);
  }
  if (error.code === "ashby_rate_limited" && task.attempts < MAX_RATE_LIMIT_DEFERRALS) {
    const delaySeconds = retryDelaySeconds(task.attempts + 1, deps.random, error.retryAfterSeconds);
    await blockBudget(db, connection.id, nowMs + delaySeconds * 1000, nowMs);
    await recordTaskFailure(db, task.id, error.code, error.message, nowMs);
    return { type: "defer", delaySeconds, reason: error.code, enqueue: [] };
  }
  if (error.retryable && error.code !== "ashby_rate_limited") {
    await recordTaskFailure(db, task.id, error.code, error.message, nowMs);
    return {
      type: "retry",
      delaySeconds: retryDelaySeconds(task.attempts + 1, deps.random),
      code: error.code,
      message: error.message,
      enqueue: [],
    };
  }
  const ended = await endRun(db, run.id, "failed", { code: error.code, message: error.message }, nowMs);
  return done([], null, ended ? endedRun(run, "failed", error.code, error.message, false) : null);
}

/**
 * A message that exhausted its retries reached the dead-letter queue: the run ends `failed` with the reason the
 * task last recorded (e.g. ashby_unavailable after a 5xx storm).
 */
export async function failRunFromDeadLetter(
  deps: SyncDeps,
  message: SyncTaskMessage,
): Promise<EndedRun | null> {
  const task = await getTask(deps.db, message.taskId);
  const run = await getRun(deps.db, message.runId);
  if (!run) {
    return null;
  }
  const code = (task?.last_error_code ?? "internal_error") as ErrorCode;
  const detail = task?.last_error_message ?? "A sync step kept failing.";
  const messageText = `Sync stopped after repeated failures of ${task?.entity ?? "a step"}: ${detail}`;
  const ended = await endRun(deps.db, run.id, "failed", { code, message: messageText }, now(deps));
  return ended ? endedRun(run, "failed", code, messageText, false) : null;
}

function withEnqueue(outcome: StepOutcome, enqueue: SyncTaskMessage[]): StepOutcome {
  if (enqueue.length === 0 || outcome.type === "dropped") {
    return outcome;
  }
  return { ...outcome, enqueue: [...enqueue, ...outcome.enqueue] };
}

function endedRun(
  run: SyncRunRow,
  status: EndedRun["status"],
  code: ErrorCode,
  message: string,
  needsReauth: boolean,
): EndedRun {
  return { runId: run.id, connectionId: run.connection_id, status, code, message, needsReauth };
}

/** The run ends `cancelled` because its connection is no longer active (null: its row is gone). */
async function cancelForConnection(
  deps: SyncDeps,
  run: SyncRunRow,
  status: SyncConnectionStatus | null,
): Promise<StepOutcome> {
  const code: ErrorCode =
    status === null || status === "disconnected"
      ? "ashby_not_connected"
      : status === "paused"
        ? "ashby_connection_paused"
        : "ashby_needs_reauth";
  const message = stopMessage(code);
  const ended = await endRun(deps.db, run.id, "cancelled", { code, message }, now(deps));
  return done([], null, ended ? endedRun(run, "cancelled", code, message, false) : null);
}

/**
 * Asked inside a page's commit when its message means to fetch more pages: a message walks up to `pagesPerMessage`
 * pages, and a pause, a disconnect or the end of its run (another chain met a revoked key) must stop it at its next
 * page, not at its last. In the batch it costs no round trip of its own.
 */
function goOnStatement(db: D1Database, runId: string, connectionId: string): D1PreparedStatement {
  return db
    .prepare(
      `SELECT (SELECT status FROM sync_runs WHERE id = ?1) AS run_status,
              (SELECT status FROM connections WHERE id = ?2) AS connection_status`,
    )
    .bind(runId, connectionId);
}

type GoOn = { run_status: string | null; connection_status: SyncConnectionStatus | null };

function stopMessage(code: ErrorCode): string {
  switch (code) {
    case "ashby_connection_paused":
      return "The connection was paused; the sync stopped.";
    case "ashby_needs_reauth":
      return "Ashby refused the stored API key; the sync stopped until Ashby is reconnected.";
    default:
      return "The connection was disconnected; the sync stopped.";
  }
}

/** Pages a list message pays for before its first call: the first page and the prefetched second. */
function listTokensAhead(config: SyncConfig): number {
  return Math.min(2, config.pagesPerMessage);
}

/**
 * Pages at the start of an incremental pass whose fan-out is spread over two rounds of calls per message (see
 * fanoutChunkSize).
 */
const TWO_ROUND_PAGES = 2;

/**
 * Parents per fan-out message. Each message costs a queue hop and two D1 round trips whatever its size:
 * - a full pass fans out to every parent; throughput matters, so `fanoutChunk` parents (several rounds of calls);
 * - the chain's last page is the run's tail: `fanoutConcurrency` parents, one round of concurrent calls;
 * - the first pages of an incremental pass: two rounds. Every chain's first pages land together at the run's start,
 *   and one round each sent that moment almost twice the messages: in `pnpm bench:sync` the applications chain's
 *   second and third calls then waited 50-90 ms for their answers to be read;
 * - any later page: one round too. With two, the fan-out of the page before the chain's last got its first answers
 *   while the last page was being committed and fanned out, so its second round left after the last page's one round
 *   and ended after it: the run's tail (from the chain's last page to the run's end) was 474 ms against 424 ms in
 *   the mean of 6 alternating rounds each.
 */
function fanoutChunkSize(config: SyncConfig, mode: SyncMode, isLast: boolean, seq: number): number {
  if (isLast) {
    return config.fanoutConcurrency;
  }
  if (mode === "full") {
    return config.fanoutChunk;
  }
  return seq < TWO_ROUND_PAGES ? 2 * config.fanoutConcurrency : config.fanoutConcurrency;
}

/** A per-parent fan-out entity's known total: the run's tasks for it, counted on the primary key. */
function perParentTotalStatement(db: D1Database, runId: string, taskEntity: string, recordEntity: string) {
  const [from, to] = perParentTaskIdRange(runId, taskEntity);
  return db
    .prepare(
      `UPDATE sync_run_entities SET status = 'running',
         total_known = (SELECT COUNT(*) FROM sync_tasks WHERE id > ?3 AND id < ?4)
       WHERE run_id = ?1 AND entity = ?2 AND status <> 'done'`,
    )
    .bind(runId, recordEntity, from, to);
}

async function mapWithConcurrency<T, R>(
  items: T[],
  limit: number,
  fn: (item: T) => Promise<R>,
): Promise<R[]> {
  const out = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      out[i] = await fn(items[i] as T);
    }
  };
  await Promise.all(Array.from({ length: Math.min(Math.max(limit, 1), items.length) }, worker));
  return out;
}

function yieldToEventLoop(): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, 0));
}

function now(deps: SyncDeps): number {
  return deps.clock.now().getTime();
}

function unreachable(): never {
  throw new Error("list step ended without a result");
}
