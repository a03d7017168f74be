import { and, eq, inArray } from "drizzle-orm";
import type { Db } from "../client";
import { type ConnectionRow, connections } from "../schema";

export type ConnectionInsert = typeof connections.$inferInsert;

export async function findConnectionByWorkspace(
  db: Db,
  workspaceId: string,
): Promise<ConnectionRow | undefined> {
  const rows = await db.select().from(connections).where(eq(connections.workspaceId, workspaceId)).limit(1);
  return rows[0];
}

export async function findConnectionById(db: Db, connectionId: string): Promise<ConnectionRow | undefined> {
  const rows = await db.select().from(connections).where(eq(connections.id, connectionId)).limit(1);
  return rows[0];
}

/** One row per workspace: a reconnect overwrites the previous row in place and keeps its id (and synced data). */
export function upsertConnectionStatement(db: Db, row: ConnectionInsert) {
  const { id: _id, workspaceId: _workspaceId, tenantId: _tenantId, createdAt: _createdAt, ...changes } = row;
  return db
    .insert(connections)
    .values(row)
    .onConflictDoUpdate({ target: connections.workspaceId, set: changes });
}

export function updateConnectionStatement(db: Db, connectionId: string, changes: Partial<ConnectionInsert>) {
  return db.update(connections).set(changes).where(eq(connections.id, connectionId));
}

/** Moves a connection only if it is still in one of `from`; returns the updated row, or undefined if it was not. */
export async function transitionConnection(
  db: Db,
  connectionId: string,
  from: ConnectionRow["status"][],
  changes: Partial<ConnectionInsert>,
): Promise<ConnectionRow | undefined> {
  const rows = await db
    .update(connections)
    .set(changes)
    .where(and(eq(connections.id, connectionId), inArray(connections.status, from)))
    .returning();
  return rows[0];
}
