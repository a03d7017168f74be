import { integer, primaryKey, sqliteTable, text } from "drizzle-orm/sqlite-core";

/**
 * Push-back state. The writes themselves are rows of the generic `writes` ledger (kinds custom_field, tag,
 * note); these tables hold what the ledger cannot: the workspace's settings, what was last written to each
 * Ashby target (content idempotency), and the tag catalogue the kit resolved or created.
 */

/** One row per workspace: the settings survive a disconnect and reconnect, like the workspace itself. */
export const pushSettings = sqliteTable("push_settings", {
  workspaceId: text("workspace_id").primaryKey(),
  /** JSON of PutPushSettingsRequest (packages/shared/src/api/push-settings.ts). */
  settings: text("settings", { mode: "json" }).$type<Record<string, unknown>>().notNull(),
  updatedAt: integer("updated_at").notNull(),
  updatedByType: text("updated_by_type", { enum: ["user", "tenant", "system"] }).notNull(),
  updatedByEmail: text("updated_by_email"),
});

/**
 * One row per Ashby target the kit writes to (a custom field of an object, a candidate's range tag for one
 * output, a fixed tag, a note thread). `desired_*` is the newest write asked for; `written_*` is what Ashby last
 * accepted. A write that is not the target's desired one any more is cancelled instead of sent, so a retried old
 * message can never overwrite a newer score.
 */
export const pushTargets = sqliteTable(
  "push_targets",
  {
    connectionId: text("connection_id").notNull(),
    targetKey: text("target_key").notNull(),
    desiredWriteId: text("desired_write_id"),
    desiredContentKey: text("desired_content_key"),
    /** Null: never written, or (range tags) the tag was removed. */
    writtenContentKey: text("written_content_key"),
    /** Tags: Ashby's id and title of the tag the kit last added, needed to remove it when the range moves. */
    writtenTagId: text("written_tag_id"),
    writtenTagTitle: text("written_tag_title"),
    writtenWriteId: text("written_write_id"),
    writtenAt: integer("written_at"),
    updatedAt: integer("updated_at").notNull(),
  },
  (t) => [primaryKey({ columns: [t.connectionId, t.targetKey] })],
);

/** Tag title (lower-cased) → Ashby tag id, so a tag is looked up or created once per connection, not per candidate. */
export const pushTags = sqliteTable(
  "push_tags",
  {
    connectionId: text("connection_id").notNull(),
    titleKey: text("title_key").notNull(),
    tagId: text("tag_id").notNull(),
    title: text("title").notNull(),
    /** `created` by the kit through candidateTag.create, or `found` in Ashby's catalogue. */
    origin: text("origin", { enum: ["created", "found"] }).notNull(),
    createdAt: integer("created_at").notNull(),
  },
  (t) => [primaryKey({ columns: [t.connectionId, t.titleKey] })],
);
