import { index, integer, sqliteTable, text } from "drizzle-orm/sqlite-core";
import { workspaces } from "./workspaces";

/**
 * The workspace's Ashby connection: at most one per workspace (unique `workspace_id`), kept across
 * disconnects so a reconnect reuses it. No row means `not_connected`.
 *
 * The API key exists only as AES-GCM ciphertext plus the id of the key that sealed it; disconnecting sets
 * both to NULL. `granted_scopes` / `missing_permissions` are JSON arrays from the last `apiKey.info` check.
 * `last_sync_at` / `next_sync_at` are written by the sync engine; the cron picks rows whose `next_sync_at` is due.
 */
export const connections = sqliteTable(
  "connections",
  {
    id: text("id").primaryKey(),
    tenantId: text("tenant_id").notNull(),
    workspaceId: text("workspace_id")
      .notNull()
      .unique()
      .references(() => workspaces.id, { onDelete: "cascade" }),
    status: text("status", { enum: ["active", "paused", "needs_reauth", "disconnected"] }).notNull(),
    syncInterval: text("sync_interval", { enum: ["6h", "12h", "24h"] }).notNull(),
    apiKeyCiphertext: text("api_key_ciphertext"),
    apiKeyEncryptionKeyId: text("api_key_encryption_key_id"),
    apiKeyTitle: text("api_key_title"),
    grantedScopes: text("granted_scopes", { mode: "json" }).$type<string[]>().notNull(),
    missingPermissions: text("missing_permissions", { mode: "json" }).$type<string[]>().notNull(),
    /** False when apiKey.info did not list the key's scopes, so granted/missing could not be checked. */
    permissionsVerified: integer("permissions_verified", { mode: "boolean" }).notNull().default(true),
    adminEmail: text("admin_email"),
    connectedByType: text("connected_by_type", { enum: ["user", "tenant", "system"] }),
    connectedByEmail: text("connected_by_email"),
    connectedAt: integer("connected_at", { mode: "timestamp_ms" }),
    pausedAt: integer("paused_at", { mode: "timestamp_ms" }),
    disconnectedAt: integer("disconnected_at", { mode: "timestamp_ms" }),
    needsReauthAt: integer("needs_reauth_at", { mode: "timestamp_ms" }),
    needsReauthCode: text("needs_reauth_code"),
    needsReauthMessage: text("needs_reauth_message"),
    lastSyncAt: integer("last_sync_at", { mode: "timestamp_ms" }),
    nextSyncAt: integer("next_sync_at", { mode: "timestamp_ms" }),
    createdAt: integer("created_at", { mode: "timestamp_ms" }).notNull(),
    updatedAt: integer("updated_at", { mode: "timestamp_ms" }).notNull(),
  },
  (table) => [
    index("connections_tenant_idx").on(table.tenantId),
    index("connections_due_idx").on(table.status, table.nextSyncAt),
  ],
);

export type ConnectionRow = typeof connections.$inferSelect;
