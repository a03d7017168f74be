import type { SyncMode, SyncTaskMessage, SyncTrigger } from "@ashby-kit/shared";
import { beginPass, type CheckpointRow, checkpointsStatement } from "./checkpoint-store";
import {
  FANOUT_ENTITY_DEFS,
  isFanoutEntity,
  LIST_ENTITIES,
  type ListEntityName,
  PROGRESS_ENTITIES,
  type ProgressEntityName,
} from "./entities";
import { progressStatements } from "./progress";
import { getInFlightRun, inFlightRunStatement, type SyncRunRow } from "./run-store";
import type { SyncDeps } from "./sync-deps";
import {
  carriedOverStatement,
  carriedTaskId,
  insertTask,
  listTaskId,
  messageFor,
  parentsOf,
  retiredFanoutStatement,
  type SyncTaskRow,
} from "./task-store";

export type StartRunInput = {
  connectionId: string;
  trigger: SyncTrigger;
  /** Force a full reconciliation pass; by default each entity is incremental when it holds a sync token. */
  mode?: SyncMode;
};

/**
 * The order a run's chains are sent in: the entities that are usually the largest first, every other in
 * LIST_ENTITIES' order. Chains sent together start together, and in one consumer invocation (a batch of the pages
 * queue) their answers come back in that order and are handled one after the other. With candidates sent
 * first, every page of the applications chain — an org's longest — landed just after a candidates page and
 * waited for it before its next request could leave: 20–50 ms on each of the first pages in `pnpm bench:sync`.
 */
const USUALLY_LONGEST: readonly ListEntityName[] = ["applications", "candidates", "interview_schedules"];
const CHAIN_START_ORDER: readonly ListEntityName[] = [
  ...USUALLY_LONGEST,
  ...LIST_ENTITIES.filter((entity) => !USUALLY_LONGEST.includes(entity)),
];

export type StartRunResult = { runId: string; created: boolean; enqueue: SyncTaskMessage[] };

/** Which entity's progress row takes its mode from which list entity. */
const MODE_SOURCE: Record<Exclude<ProgressEntityName, ListEntityName>, ListEntityName> = {
  attachments: "candidates",
  notes: "candidates",
  interview_events: "interview_schedules",
  interview_stages: "jobs",
  application_history: "applications",
};

/**
 * Create a run and its first tasks (page 0 of every list entity, in parallel chains), or return the run already
 * in flight: a partial unique index on sync_runs allows one queued/running run per connection, so two triggers
 * racing cannot both create one. The caller sends `enqueue` to the sync queue.
 */
export async function startSyncRun(deps: SyncDeps, input: StartRunInput): Promise<StartRunResult> {
  const { db } = deps;
  // One round trip for both reads: a run starts ahead of its first page, so this is on every run's clock.
  const [inFlight, checkpointRows, retiredRows] = await db.batch([
    inFlightRunStatement(db, input.connectionId),
    checkpointsStatement(db, input.connectionId),
    retiredFanoutStatement(db, input.connectionId),
  ]);
  const existing = inFlight?.results[0] as SyncRunRow | undefined;
  if (existing) {
    return { runId: existing.id, created: false, enqueue: [] };
  }
  const nowMs = deps.clock.now().getTime();
  const runId = deps.newId("run");
  const checkpoints = new Map(
    ((checkpointRows?.results ?? []) as CheckpointRow[]).map((row) => [row.entity, row]),
  );
  const modes = new Map<ListEntityName, SyncMode>();
  for (const entity of LIST_ENTITIES) {
    const checkpoint = checkpoints.get(entity);
    const reconcileDue =
      !checkpoint?.last_full_pass_at ||
      nowMs - checkpoint.last_full_pass_at >= deps.config.fullReconcileEveryMs;
    const incremental = input.mode !== "full" && Boolean(checkpoint?.sync_token) && !reconcileDue;
    modes.set(entity, incremental ? "incremental" : "full");
  }
  const runMode: SyncMode = [...modes.values()].every((m) => m === "full") ? "full" : "incremental";

  const statements: D1PreparedStatement[] = [
    db
      .prepare(
        `INSERT INTO sync_runs (id, connection_id, trigger, mode, status, created_at, heartbeat_at)
         VALUES (?1, ?2, ?3, ?4, 'queued', ?5, ?5)`,
      )
      .bind(runId, input.connectionId, input.trigger, runMode, nowMs),
  ];
  for (const entity of PROGRESS_ENTITIES) {
    const source = (LIST_ENTITIES as readonly string[]).includes(entity)
      ? (entity as ListEntityName)
      : MODE_SOURCE[entity as keyof typeof MODE_SOURCE];
    statements.push(
      db
        .prepare(
          `INSERT INTO sync_run_entities (run_id, entity, mode, status) VALUES (?1, ?2, ?3, 'pending')`,
        )
        .bind(runId, entity, modes.get(source) ?? "full"),
    );
  }
  const enqueue: SyncTaskMessage[] = [];
  for (const entity of CHAIN_START_ORDER) {
    statements.push(beginPass(db, input.connectionId, entity, runId, modes.get(entity) ?? "full", nowMs));
    const task = {
      id: listTaskId(runId, entity, 0),
      runId,
      connectionId: input.connectionId,
      entity,
      kind: "list" as const,
      seq: 0,
      payload: undefined,
    };
    statements.push(insertTask(db, task, nowMs));
    enqueue.push(messageFor(task));
  }
  // Per-parent work an earlier run left undone when it failed or was cancelled (its notes, stage histories, ...).
  // Those parents' list pages are in D1 and the sync token has moved past them, so no later pass would ask for
  // them again unless they change: this run does that work, and the old tasks are marked as carried over.
  for (const [i, retired] of ((retiredRows?.results ?? []) as SyncTaskRow[]).entries()) {
    if (!isFanoutEntity(retired.entity)) {
      continue;
    }
    const task = {
      id: carriedTaskId(runId, retired.entity, i),
      runId,
      connectionId: input.connectionId,
      entity: retired.entity,
      kind: "fanout" as const,
      seq: retired.seq,
      payload: { parents: parentsOf(retired) },
    };
    statements.push(
      insertTask(db, task, nowMs),
      ...progressStatements(
        db,
        task.id,
        runId,
        FANOUT_ENTITY_DEFS[retired.entity].recordEntity,
        { totalAdd: task.payload.parents.length },
        deps.config.changedIdsCap,
      ),
      carriedOverStatement(db, retired.id, nowMs),
    );
    enqueue.push(messageFor(task));
  }
  try {
    await db.batch(statements);
  } catch (error) {
    // Lost the race against another trigger: the unique index refused the second in-flight run.
    const winner = await getInFlightRun(db, input.connectionId);
    if (winner) {
      return { runId: winner.id, created: false, enqueue: [] };
    }
    throw error;
  }
  return { runId, created: true, enqueue };
}
