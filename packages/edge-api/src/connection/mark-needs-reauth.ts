import { type AshbyError, isAuthFailure } from "../ashby";
import { findConnectionById } from "../db/queries/connections";
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
  const details = {
    code: error.code,
    ...(error.ashbyCode ? { ashbyCode: error.ashbyCode } : {}),
    ...(error.httpStatus ? { httpStatus: error.httpStatus } : {}),
    ...(error.ashbyRequestId ? { ashbyRequestId: error.ashbyRequestId } : {}),
  };
  // Raw D1 for SQLite's changes(): several consumers can meet a revoked key at once (list chains run
  // concurrently), and only the one whose update moved the row writes the audit event.
  const d1 = deps.config.DB;
  const [moved] = await d1.batch<{ id: string }>([
    d1
      .prepare(
        `UPDATE connections SET status = 'needs_reauth', needs_reauth_at = ?2, needs_reauth_code = ?3,
           needs_reauth_message = ?4, next_sync_at = NULL, updated_at = ?2
         WHERE id = ?1 AND status IN ('active', 'paused') RETURNING id`,
      )
      .bind(connectionId, now.getTime(), error.code, message),
    d1
      .prepare(
        `INSERT INTO audit_events
           (id, tenant_id, workspace_id, connection_id, type, actor_type, actor_email, actor_role, details, occurred_at)
         SELECT ?1, ?2, ?3, ?4, 'connection.needs_reauth', ?5, ?6, ?7, ?8, ?9 WHERE changes() > 0`,
      )
      .bind(
        deps.ids.make("aud"),
        connection.tenantId,
        connection.workspaceId,
        connectionId,
        SYSTEM_ACTOR.type,
        SYSTEM_ACTOR.email,
        SYSTEM_ACTOR.role,
        JSON.stringify(details),
        now.getTime(),
      ),
  ]);
  const updated = moved?.results ?? [];
  deps.logger.warn("connection.needs_reauth", {
    connectionId,
    code: error.code,
    ashbyCode: error.ashbyCode,
    ashbyRequestId: error.ashbyRequestId,
    moved: updated.length > 0,
  });
  return true;
}
