import type { Connection } from "@ashby-kit/shared";
import { insertAuditEventStatement } from "../db/queries/audit-events";
import {
  findConnectionById,
  findConnectionByWorkspace,
  updateConnectionStatement,
} from "../db/queries/connections";
import type { Deps } from "../deps";
import type { AuthContext } from "../env";
import { ApiError } from "../lib/api-error";
import { actorOf } from "./actor";
import { toConnectionView } from "./view";

/**
 * DELETE /v1/connection. The key's ciphertext is overwritten with NULL (not kept "just in case"); synced data
 * stays readable unless `purge`. Repeating the call is harmless, and a later purge of an already disconnected
 * workspace still works. The row stays so a reconnect keeps the same workspace, connection id and history.
 */
export async function disconnectAshby(deps: Deps, auth: AuthContext, purge: boolean): Promise<Connection> {
  const connection = await findConnectionByWorkspace(deps.db, auth.workspaceId);
  if (!connection) {
    throw new ApiError("ashby_not_connected", "This workspace was never connected to Ashby.");
  }
  const now = deps.clock.now();
  if (connection.status !== "disconnected" || purge) {
    await deps.db.batch([
      updateConnectionStatement(deps.db, connection.id, {
        status: "disconnected",
        apiKeyCiphertext: null,
        apiKeyEncryptionKeyId: null,
        disconnectedAt: connection.status === "disconnected" ? connection.disconnectedAt : now,
        pausedAt: null,
        needsReauthAt: null,
        needsReauthCode: null,
        needsReauthMessage: null,
        nextSyncAt: null,
        ...(purge ? { lastSyncAt: null } : {}),
        updatedAt: now,
      }),
      insertAuditEventStatement(deps.db, {
        id: deps.ids.make("aud"),
        tenantId: auth.tenantId,
        workspaceId: auth.workspaceId,
        connectionId: connection.id,
        type: "connection.disconnected",
        actor: actorOf(auth),
        details: { purged: purge, previousStatus: connection.status },
        occurredAt: now,
      }),
    ]);
  }
  if (purge) {
    await deps.hooks.purgeSyncedData(deps, connection.id);
  }
  return toConnectionView(
    auth.workspaceExternalId,
    (await findConnectionById(deps.db, connection.id)) ?? connection,
  );
}
