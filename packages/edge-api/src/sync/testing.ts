import type { SyncTaskMessage } from "@ashby-kit/shared";
import { type AshbyClient, type AshbyError, type AshbyFetch, createAshbyClient } from "../ashby";
import { canonicalJson } from "./content-hash";
import { FANOUT_ENTITY_DEFS, LIST_ENTITY_DEFS, type ListEntityDef, type RecordRow } from "./entities";
import { DEFAULT_SYNC_CONFIG, type SyncConfig, type SyncConnectionStatus, type SyncDeps } from "./sync-deps";

/**
 * Test support for the sync engine (imported only by *.test.ts and the benchmark): SyncDeps around an Ashby
 * client on any fetch (the in-process emulator), with a connection whose status a test can flip.
 */
export type TestConnection = {
  deps: SyncDeps;
  connectionId: string;
  client: AshbyClient;
  /** Flips the connection's status in D1 (see insertConnectionRow), where the engine reads it, as the API does. */
  setStatus(status: SyncConnectionStatus): Promise<void>;
  authFailures: AshbyError[];
};

export function createTestSyncDeps(
  db: D1Database,
  ashby: { fetch: AshbyFetch; apiKey: string; baseUrl: string },
  options: { connectionId?: string; config?: Partial<SyncConfig>; now?: () => Date } = {},
): TestConnection {
  const client = createAshbyClient({ apiKey: ashby.apiKey, baseUrl: ashby.baseUrl, fetch: ashby.fetch });
  const connectionId = options.connectionId ?? `conn_${crypto.randomUUID()}`;
  const authFailures: AshbyError[] = [];
  let counter = 0;
  const setStatus = async (next: SyncConnectionStatus) => {
    await db.prepare("UPDATE connections SET status = ?2 WHERE id = ?1").bind(connectionId, next).run();
  };
  const deps: SyncDeps = {
    db,
    clock: { now: options.now ?? (() => new Date()) },
    random: () => 0.5,
    newId: (prefix) => `${prefix}_${Date.now().toString(16)}${(counter++).toString(16).padStart(6, "0")}`,
    // The key stays in memory: only this connection's row, read by the step, decides whether it may be used.
    openConnection: async (row) => ({
      id: row.id,
      status: row.status,
      client: row.id === connectionId && row.status === "active" ? client : null,
    }),
    onAuthFailure: async (_id, error) => {
      authFailures.push(error);
      await setStatus("needs_reauth");
    },
    config: { ...DEFAULT_SYNC_CONFIG, ...options.config },
    budget: null,
  };
  return {
    deps,
    connectionId,
    client,
    setStatus,
    authFailures,
  };
}

/**
 * The D1 rows an engine test's connection needs (tenant, workspace, active connection): records are written only for
 * a connection that exists (see records-writer.ts). Idempotent, so a test may call it for a connection it reuses.
 */
export async function insertConnectionRow(db: D1Database, connectionId: string): Promise<void> {
  const now = Date.now();
  await db.batch([
    db
      .prepare("INSERT OR IGNORE INTO tenants (id, name, created_at) VALUES (?1, 'engine test', ?2)")
      .bind(`ten_${connectionId}`, now),
    db
      .prepare(
        "INSERT OR IGNORE INTO workspaces (id, tenant_id, external_id, created_at) VALUES (?1, ?2, ?1, ?3)",
      )
      .bind(`ws_${connectionId}`, `ten_${connectionId}`, now),
    db
      .prepare(
        `INSERT OR IGNORE INTO connections
           (id, tenant_id, workspace_id, status, sync_interval, granted_scopes, missing_permissions, created_at, updated_at)
         VALUES (?1, ?2, ?3, 'active', '24h', '[]', '[]', ?4, ?4)`,
      )
      .bind(connectionId, `ten_${connectionId}`, `ws_${connectionId}`, now),
  ]);
}

/** What Ashby holds, read through the client and mapped with the same registry the engine uses. */
export async function readAshbyMirror(client: AshbyClient): Promise<Map<string, Map<string, string>>> {
  const mirror = new Map<string, Map<string, string>>();
  const put = (entity: string, row: RecordRow) => {
    const rows = mirror.get(entity) ?? new Map<string, string>();
    rows.set(row.ashbyId, canonicalJson(row.data));
    mirror.set(entity, rows);
  };
  const planIds = new Set<string>();
  for (const def of Object.values(LIST_ENTITY_DEFS)) {
    mirror.set(def.name, mirror.get(def.name) ?? new Map());
    for (const item of await listEverything(client, def)) {
      put(def.name, def.toRow(item));
      if (def.derived) {
        mirror.set(def.derived.entity, mirror.get(def.derived.entity) ?? new Map());
        for (const child of def.derived.rows(item)) {
          put(def.derived.entity, child);
        }
      }
      if (def.name === "jobs" && def.fanout) {
        for (const id of def.fanout.parentIds(item)) {
          planIds.add(id);
        }
      }
      if (def.name === "applications") {
        const id = (item as { id: string }).id;
        const history = await FANOUT_ENTITY_DEFS.application_history.fetchAll(client, id);
        if (!history.ok) {
          throw new Error(`application history: ${history.error.code}`);
        }
        mirror.set("application_history", mirror.get("application_history") ?? new Map());
        for (const entry of history.value.items) {
          put("application_history", FANOUT_ENTITY_DEFS.application_history.toRow(entry, id));
        }
      }
      if (def.name === "candidates") {
        const notes = await FANOUT_ENTITY_DEFS.notes.fetchAll(client, (item as { id: string }).id);
        if (!notes.ok) {
          throw new Error(`notes: ${notes.error.code}`);
        }
        mirror.set("notes", mirror.get("notes") ?? new Map());
        for (const note of notes.value.items) {
          put("notes", FANOUT_ENTITY_DEFS.notes.toRow(note, (item as { id: string }).id));
        }
      }
    }
  }
  mirror.set("interview_stages", new Map());
  for (const planId of planIds) {
    const stages = await FANOUT_ENTITY_DEFS.interview_stages.fetchAll(client, planId);
    if (!stages.ok) {
      throw new Error(`stages: ${stages.error.code}`);
    }
    for (const stage of stages.value.items) {
      put("interview_stages", FANOUT_ENTITY_DEFS.interview_stages.toRow(stage, planId));
    }
  }
  return mirror;
}

async function listEverything(client: AshbyClient, def: ListEntityDef): Promise<unknown[]> {
  const items: unknown[] = [];
  let cursor: string | undefined;
  for (;;) {
    const page = await def.list(client, { limit: 100, ...(cursor !== undefined && { cursor }) });
    if (!page.ok) {
      throw new Error(`${def.endpoint}: ${page.error.code} ${page.error.message}`);
    }
    items.push(...page.value.results);
    if (!page.value.moreDataAvailable || !page.value.nextCursor) {
      return items;
    }
    cursor = page.value.nextCursor;
  }
}

/** What D1 holds for a connection (live records only), in the same shape as readAshbyMirror. */
export async function readD1Mirror(
  db: D1Database,
  connectionId: string,
): Promise<Map<string, Map<string, string>>> {
  const rows = await db
    .prepare(
      `SELECT entity, ashby_id, data FROM synced_records WHERE connection_id = ?1 AND deleted_at IS NULL`,
    )
    .bind(connectionId)
    .all<{ entity: string; ashby_id: string; data: string }>();
  const mirror = new Map<string, Map<string, string>>();
  for (const row of rows.results) {
    const entity = mirror.get(row.entity) ?? new Map<string, string>();
    entity.set(row.ashby_id, canonicalJson(JSON.parse(row.data)));
    mirror.set(row.entity, entity);
  }
  return mirror;
}

export type Messages = SyncTaskMessage[];
