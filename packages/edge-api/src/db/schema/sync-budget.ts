import { integer, real, sqliteTable, text } from "drizzle-orm/sqlite-core";

/**
 * One token bucket of Ashby calls per connection, shared by the sync engine and write-back
 * (src/sync/budget.ts). `blocked_until` holds a 429's Retry-After so both lanes back off together.
 */
export const ashbyCallBudgets = sqliteTable("ashby_call_budgets", {
  connectionId: text("connection_id").primaryKey(),
  tokens: real("tokens").notNull(),
  /** ms since epoch of the last refill computation */
  updatedAt: integer("updated_at").notNull(),
  /** ms since epoch before which no lane may call Ashby (set from 429 Retry-After) */
  blockedUntil: integer("blocked_until").notNull().default(0),
});
