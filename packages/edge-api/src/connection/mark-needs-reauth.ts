import { and, eq, inArray } from "drizzle-orm";
import { type AshbyError, isAuthFailure } from "../ashby";
import { insertAuditEventAfterChangeStatement } from "../db/queries/audit-events";
import { findConnectionById } from "../db/queries/connections";
import { connections } from "../db/schema";
import type { Deps } from "../deps";
import { SYSTEM_ACTOR } from "./actor";

/**
 * The one place that decides what a 401/403 from Ashby on a stored key means: the connection moves to
 * `needs_reauth`, its syncs and writes stop (ashbyFor refuses it, next_sync_at is cleared), and the reason is
 * recorded on the row and in the audit log. Everyone that calls Ashby with a stored key (connection checks,
 * the sync engine, write-back) hands its failures here.
 *
 * Returns true when the error was an auth failure (whether or not this call was the one that moved the row).
 */
export async function handleAshbyAuthFailure(
  deps: Deps,
  connectionId: string,
  error: AshbyError,
): Promise<boolean> {
  if (!isAuthFailure(error)) {
    return false;
  }
  const connection = await findConnectionById(deps.db, connectionId);
  if (!connection || (connection.status !== "active" && connection.status !== "paused")) {
    return true;
  }
  const now = deps.clock.now();
  const message =
    error.code === "ashby_permissions_missing"
      ? "Ashby says the stored key lacks a permission the kit uses. Reconnect with a key that has every listed permission."
      : "Ashby rejected the stored key (revoked, disabled or wrong). Reconnect with a valid key.";
  const [updated] = await deps.db.batch([
    deps.db
      .update(connections)
      .set({
        status: "needs_reauth",
        needsReauthAt: now,
        needsReauthCode: error.code,
        needsReauthMessage: message,
        nextSyncAt: null,
        updatedAt: now,
      })
      .where(and(eq(connections.id, connectionId), inArray(connections.status, ["active", "paused"])))
      .returning({ id: connections.id }),
    // Several consumers can meet a revoked key at once (list chains run concurrently): the event is written by
    // the one whose update above moved the row, once.
    insertAuditEventAfterChangeStatement(deps.db, {
      id: deps.ids.make("aud"),
      tenantId: connection.tenantId,
      workspaceId: connection.workspaceId,
      connectionId,
      type: "connection.needs_reauth",
      actor: SYSTEM_ACTOR,
      details: {
        code: error.code,
        ...(error.ashbyCode ? { ashbyCode: error.ashbyCode } : {}),
        ...(error.httpStatus ? { httpStatus: error.httpStatus } : {}),
        ...(error.ashbyRequestId ? { ashbyRequestId: error.ashbyRequestId } : {}),
      },
      occurredAt: now,
    }),
  ]);
  deps.logger.warn("connection.needs_reauth", {
    connectionId,
    code: error.code,
    ashbyCode: error.ashbyCode,
    ashbyRequestId: error.ashbyRequestId,
    moved: updated.length > 0,
  });
  return true;
}
