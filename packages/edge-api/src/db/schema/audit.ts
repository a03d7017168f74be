import { index, integer, sqliteTable, text } from "drizzle-orm/sqlite-core";
import { workspaces } from "./workspaces";

/**
 * Who did what to a workspace's connection, and when. Append-only: rows are never updated, and survive
 * disconnects and purges. Ids sort by creation time, which the list endpoint's cursor relies on.
 */
export const auditEvents = sqliteTable(
  "audit_events",
  {
    id: text("id").primaryKey(),
    tenantId: text("tenant_id").notNull(),
    workspaceId: text("workspace_id")
      .notNull()
      .references(() => workspaces.id, { onDelete: "cascade" }),
    connectionId: text("connection_id"),
    type: text("type").notNull(),
    actorType: text("actor_type", { enum: ["user", "tenant", "system"] }).notNull(),
    actorEmail: text("actor_email"),
    actorRole: text("actor_role", { enum: ["owner", "admin", "member"] }),
    details: text("details", { mode: "json" }).$type<Record<string, unknown>>().notNull(),
    occurredAt: integer("occurred_at", { mode: "timestamp_ms" }).notNull(),
  },
  (table) => [index("audit_events_workspace_idx").on(table.workspaceId, table.id)],
);

export type AuditEventRow = typeof auditEvents.$inferSelect;
