import { and, eq } from "drizzle-orm";
import type { Clock } from "../../lib/clock";
import type { Ids } from "../../lib/ids";
import type { Db } from "../client";
import { type WorkspaceRow, workspaces } from "../schema";

export async function findWorkspaceById(db: Db, workspaceId: string): Promise<WorkspaceRow | undefined> {
  const rows = await db.select().from(workspaces).where(eq(workspaces.id, workspaceId)).limit(1);
  return rows[0];
}

export async function findWorkspaceByExternalId(
  db: Db,
  tenantId: string,
  externalId: string,
): Promise<WorkspaceRow | undefined> {
  const rows = await db
    .select()
    .from(workspaces)
    .where(and(eq(workspaces.tenantId, tenantId), eq(workspaces.externalId, externalId)))
    .limit(1);
  return rows[0];
}

/**
 * Workspaces appear the first time a tenant names one; there is no separate "create workspace" step for hosts.
 * Insert-or-ignore then read, so two first requests racing end up with the same row.
 */
export async function ensureWorkspace(
  deps: { db: Db; ids: Ids; clock: Clock },
  tenantId: string,
  externalId: string,
): Promise<WorkspaceRow> {
  const existing = await findWorkspaceByExternalId(deps.db, tenantId, externalId);
  if (existing) {
    return existing;
  }
  await deps.db
    .insert(workspaces)
    .values({ id: deps.ids.make("ws"), tenantId, externalId, createdAt: deps.clock.now() })
    .onConflictDoNothing();
  const created = await findWorkspaceByExternalId(deps.db, tenantId, externalId);
  if (!created) {
    throw new Error("workspace vanished right after insert");
  }
  return created;
}
