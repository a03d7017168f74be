import { sql } from "drizzle-orm";
import { index, integer, primaryKey, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";

/** One sync of one connection: what the widgets' status card and `GET /v1/sync-runs` show. */
export const syncRuns = sqliteTable(
  "sync_runs",
  {
    id: text("id").primaryKey(),
    connectionId: text("connection_id").notNull(),
    /** `initial | scheduled | manual` */
    trigger: text("trigger").notNull(),
    /** `incremental` (sync tokens where stored) or `full` (reconciliation pass that also finds deletions). */
    mode: text("mode").notNull(),
    /** `queued | running | succeeded | failed | cancelled` */
    status: text("status").notNull(),
    createdAt: integer("created_at").notNull(),
    startedAt: integer("started_at"),
    finishedAt: integer("finished_at"),
    /** Last time a page of this run was committed; the resume sweep looks for runs that went quiet. */
    heartbeatAt: integer("heartbeat_at").notNull(),
    errorCode: text("error_code"),
    errorMessage: text("error_message"),
  },
  (t) => [
    // At most one run in flight per connection, enforced by D1 itself so two triggers racing cannot both win.
    uniqueIndex("sync_runs_one_in_flight")
      .on(t.connectionId)
      .where(sql`${t.status} IN ('queued', 'running')`),
    index("sync_runs_connection_idx").on(t.connectionId, t.createdAt),
  ],
);

/** Progress of one entity inside one run. */
export const syncRunEntities = sqliteTable(
  "sync_run_entities",
  {
    runId: text("run_id").notNull(),
    entity: text("entity").notNull(),
    /** `incremental | full` for this entity in this run (an expired token turns incremental into full). */
    mode: text("mode").notNull(),
    /** `pending | running | done` */
    status: text("status").notNull(),
    pagesDone: integer("pages_done").notNull().default(0),
    recordsSeen: integer("records_seen").notNull().default(0),
    recordsWritten: integer("records_written").notNull().default(0),
    recordsDeleted: integer("records_deleted").notNull().default(0),
    /** Known only for fan-out entities (number of parents to visit); list endpoints do not report a total. */
    totalKnown: integer("total_known"),
    ashbyCalls: integer("ashby_calls").notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.runId, t.entity] })],
);

/**
 * Ids written in a run, per entity and up to the engine's cap, for the batched `records.changed` webhook; read and
 * deleted when the run ends. A table of their own, appended to, not a JSON array in the entity's progress row: that
 * row is updated by every step of the run, and SQLite rewrites a whole row on each update, so a thousand ids in it
 * made each progress update rewrite ~76 KB of overflow pages (and re-read the array while under the cap).
 */
export const syncRunChangedIds = sqliteTable(
  "sync_run_changed_ids",
  {
    runId: text("run_id").notNull(),
    entity: text("entity").notNull(),
    ashbyId: text("ashby_id").notNull(),
  },
  (t) => [primaryKey({ columns: [t.runId, t.entity, t.ashbyId] })],
);

/**
 * Where each entity of a connection stands: the committed sync token (only ever written together with the last
 * page of a pass) and, during a pass, the cursor of the next page.
 */
export const syncCheckpoints = sqliteTable(
  "sync_checkpoints",
  {
    connectionId: text("connection_id").notNull(),
    entity: text("entity").notNull(),
    syncToken: text("sync_token"),
    /** Cursor of the next page of the pass in progress; null at the start of a pass. */
    cursor: text("cursor"),
    /** Run that owns the pass in progress; a message of another run is stale. */
    passRunId: text("pass_run_id"),
    /** `incremental | full` */
    passMode: text("pass_mode"),
    /** Sequence number of the next page: a redelivered message for an older page is recognised and dropped. */
    nextSeq: integer("next_seq").notNull().default(0),
    lastFullPassAt: integer("last_full_pass_at"),
    updatedAt: integer("updated_at").notNull(),
  },
  (t) => [primaryKey({ columns: [t.connectionId, t.entity] })],
);

/**
 * Units of work of a run. A queue message names a task; its row says whether it is done, so a redelivered
 * message is a no-op and a run is finished when no task is pending.
 */
export const syncTasks = sqliteTable(
  "sync_tasks",
  {
    /** Deterministic (`<run>:<entity>:<seq>[:<chunk>]`), so processing a page twice cannot fork a chain. */
    id: text("id").primaryKey(),
    runId: text("run_id").notNull(),
    connectionId: text("connection_id").notNull(),
    entity: text("entity").notNull(),
    /** `list` (next page of a list endpoint) | `fanout` (per-parent calls: notes of candidates, stages of plans) */
    kind: text("kind").notNull(),
    seq: integer("seq").notNull(),
    /** JSON: parent ids for fan-out tasks. */
    payload: text("payload"),
    /** `pending | done | retired` (retired: left undone by a failed or cancelled run; see task-store.ts) */
    status: text("status").notNull(),
    attempts: integer("attempts").notNull().default(0),
    lastErrorCode: text("last_error_code"),
    lastErrorMessage: text("last_error_message"),
    createdAt: integer("created_at").notNull(),
    updatedAt: integer("updated_at").notNull(),
  },
  (t) => [
    index("sync_tasks_run_status_idx").on(t.runId, t.status),
    // Every run's start looks for its connection's retired tasks (start-run.ts). Without this index that read
    // scanned the whole table, which keeps every task of every run: 8–14 ms of each start in `pnpm bench:sync`.
    // Partial, so it holds only the few retired rows and costs the many pending/done ones nothing.
    index("sync_tasks_retired_idx").on(t.connectionId).where(sql`${t.status} = 'retired'`),
  ],
);

/**
 * The ids each page of a full pass saw (one row per page, ids as a JSON array). At the end of a complete pass
 * the records absent from every page are soft-deleted; this costs one row per page instead of rewriting every
 * record just to stamp it as seen.
 */
export const syncSeenPages = sqliteTable(
  "sync_seen_pages",
  {
    runId: text("run_id").notNull(),
    entity: text("entity").notNull(),
    seq: integer("seq").notNull(),
    ids: text("ids").notNull(),
  },
  (t) => [primaryKey({ columns: [t.runId, t.entity, t.seq] })],
);
