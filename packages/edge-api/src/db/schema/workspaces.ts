import { integer, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";
import { tenants } from "./tenants";

/**
 * One of a tenant's customers, named by the host's own id (`externalId`). Created on first use; it outlives
 * connections, so disconnecting and reconnecting Ashby keeps the same workspace and its history.
 */
export const workspaces = sqliteTable(
  "workspaces",
  {
    id: text("id").primaryKey(),
    tenantId: text("tenant_id")
      .notNull()
      .references(() => tenants.id, { onDelete: "cascade" }),
    externalId: text("external_id").notNull(),
    createdAt: integer("created_at", { mode: "timestamp_ms" }).notNull(),
  },
  (table) => [uniqueIndex("workspaces_tenant_external_idx").on(table.tenantId, table.externalId)],
);

export type WorkspaceRow = typeof workspaces.$inferSelect;
