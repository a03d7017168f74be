import { sql } from "drizzle-orm";
import { index, integer, primaryKey, sqliteTable, text } from "drizzle-orm/sqlite-core";

/**
 * Every record synced from Ashby, one generic table keyed by (connection, entity, Ashby id).
 *
 * Why one table and not one per entity: the sync engine writes every entity the same way (chunked upsert that
 * skips unchanged content hashes, soft delete on reconciliation), and the read API only ever filters on the
 * same few columns (`changed_at` for `updatedSince`, `ashby_id` for ids, `parent_id` for "notes of a
 * candidate", "events of a schedule"). Entity-specific fields stay in `data`, the Ashby payload as received.
 */
export const syncedRecords = sqliteTable(
  "synced_records",
  {
    connectionId: text("connection_id").notNull(),
    /** One of the sync entity names (src/sync/entities.ts): `candidates`, `applications`, `notes`, … */
    entity: text("entity").notNull(),
    ashbyId: text("ashby_id").notNull(),
    /** The owning record where there is one: candidate of a note/attachment/application, schedule of an event. */
    parentId: text("parent_id"),
    /** The Ashby payload (JSON) as last received. */
    data: text("data").notNull(),
    /** SHA-256 of the canonical JSON of `data`; an unchanged hash means the row is not rewritten. */
    contentHash: text("content_hash").notNull(),
    /** Ashby's own `updatedAt` when the payload has one. */
    sourceUpdatedAt: text("source_updated_at"),
    /** When our copy last changed (insert, content change, soft delete), ms since epoch: what `updatedSince` reads. */
    changedAt: integer("changed_at").notNull(),
    /** Set when a complete pass no longer saw the record; records are never hard-deleted by a sync. */
    deletedAt: integer("deleted_at"),
    /** The sync run that last changed the row. */
    runId: text("run_id"),
  },
  (t) => [
    primaryKey({ columns: [t.connectionId, t.entity, t.ashbyId] }),
    index("synced_records_changed_idx").on(t.connectionId, t.entity, t.changedAt, t.ashbyId),
    index("synced_records_parent_idx")
      .on(t.connectionId, t.entity, t.parentId)
      .where(sql`${t.parentId} IS NOT NULL`),
  ],
);
