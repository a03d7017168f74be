import { sql } from "drizzle-orm";
import { index, integer, primaryKey, sqliteTable, text } from "drizzle-orm/sqlite-core";

/** A host product using the kit. */
export const tenants = sqliteTable("tenants", {
  id: text("id").primaryKey(),
  name: text("name").notNull(),
  createdAt: integer("created_at", { mode: "timestamp_ms" }).notNull(),
});

/**
 * A tenant's secret API keys. Only the SHA-256 of a key is stored (the key itself is shown once, at creation);
 * `prefix` keeps enough of it to tell keys apart in an admin screen without being usable.
 */
export const tenantSecretKeys = sqliteTable(
  "tenant_secret_keys",
  {
    id: text("id").primaryKey(),
    tenantId: text("tenant_id")
      .notNull()
      .references(() => tenants.id, { onDelete: "cascade" }),
    keyHash: text("key_hash").notNull().unique(),
    prefix: text("prefix").notNull(),
    createdAt: integer("created_at", { mode: "timestamp_ms" }).notNull(),
    revokedAt: integer("revoked_at", { mode: "timestamp_ms" }),
  },
  (table) => [index("tenant_secret_keys_tenant_idx").on(table.tenantId)],
);

/**
 * Browser origins a tenant's widgets may call from (CORS). A row per origin, indexed by origin, because a
 * preflight carries no credentials: it is answered from "does any tenant allow this origin", and the real
 * request is then checked against the caller's own tenant.
 */
export const tenantOrigins = sqliteTable(
  "tenant_origins",
  {
    tenantId: text("tenant_id")
      .notNull()
      .references(() => tenants.id, { onDelete: "cascade" }),
    origin: text("origin").notNull(),
    createdAt: integer("created_at", { mode: "timestamp_ms" }).notNull().default(sql`(unixepoch() * 1000)`),
  },
  (table) => [
    primaryKey({ columns: [table.tenantId, table.origin] }),
    index("tenant_origins_origin_idx").on(table.origin),
  ],
);

export type TenantRow = typeof tenants.$inferSelect;
export type TenantSecretKeyRow = typeof tenantSecretKeys.$inferSelect;
