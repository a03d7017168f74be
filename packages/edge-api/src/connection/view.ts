import { type Connection, DEFAULT_SYNC_INTERVAL, PERMISSION_IDS, type PermissionId } from "@ashby-kit/shared";
import type { ConnectionRow } from "../db/schema";

const iso = (date: Date | null) => (date ? date.toISOString() : null);
const isPermissionId = (value: string): value is PermissionId =>
  (PERMISSION_IDS as readonly string[]).includes(value);

/** The public view of a connection row. It is built field by field, so the key's ciphertext cannot slip in. */
export function toConnectionView(workspaceExternalId: string, row: ConnectionRow | undefined): Connection {
  if (!row) {
    return {
      workspaceId: workspaceExternalId,
      status: "not_connected",
      syncInterval: DEFAULT_SYNC_INTERVAL,
      permissions: { granted: [], missing: [], verified: false },
      apiKeyTitle: null,
      adminEmail: null,
      connectedBy: null,
      connectedAt: null,
      pausedAt: null,
      disconnectedAt: null,
      needsReauth: null,
      lastSyncAt: null,
      nextSyncAt: null,
    };
  }
  return {
    workspaceId: workspaceExternalId,
    status: row.status,
    syncInterval: row.syncInterval,
    permissions: {
      granted: row.grantedScopes,
      missing: row.missingPermissions.filter(isPermissionId),
      verified: row.permissionsVerified,
    },
    apiKeyTitle: row.apiKeyTitle,
    adminEmail: row.adminEmail,
    connectedBy: row.connectedByType ? { type: row.connectedByType, email: row.connectedByEmail } : null,
    connectedAt: iso(row.connectedAt),
    pausedAt: iso(row.pausedAt),
    disconnectedAt: iso(row.disconnectedAt),
    needsReauth:
      row.status === "needs_reauth" && row.needsReauthAt
        ? {
            code: row.needsReauthCode ?? "ashby_credentials_invalid",
            message: row.needsReauthMessage ?? "",
            at: row.needsReauthAt.toISOString(),
          }
        : null,
    lastSyncAt: iso(row.lastSyncAt),
    nextSyncAt: iso(row.nextSyncAt),
  };
}
