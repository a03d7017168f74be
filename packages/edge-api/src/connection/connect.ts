import {
  type ConnectAshbyRequest,
  type Connection,
  DEFAULT_SYNC_INTERVAL,
  type PermissionsMissingDetails,
} from "@ashby-kit/shared";
import { type AshbyError, parseApiKeyScopes } from "../ashby";
import { insertAuditEventStatement } from "../db/queries/audit-events";
import {
  findConnectionById,
  findConnectionByWorkspace,
  upsertConnectionStatement,
} from "../db/queries/connections";
import type { Deps } from "../deps";
import type { AuthContext } from "../env";
import { ApiError } from "../lib/api-error";
import { actorOf } from "./actor";
import { notifyConnectionActive } from "./hooks";
import { missingRequirements, requirementFor } from "./requirements";
import { toConnectionView } from "./view";

/** An Ashby failure while checking a pasted key, as the error the caller sees. Ashby's own text is not echoed. */
function keyCheckError(error: AshbyError): ApiError {
  const details = error.ashbyRequestId ? { ashbyRequestId: error.ashbyRequestId } : undefined;
  switch (error.code) {
    case "ashby_credentials_invalid":
      return new ApiError(
        "ashby_credentials_invalid",
        "Ashby did not accept this API key: it is wrong, revoked or disabled. Copy a valid key from Admin → Integrations → API Keys.",
        details,
      );
    case "ashby_permissions_missing": {
      // Even apiKey.info was refused: the key works but lacks "API Keys: Read", so nothing else can be checked.
      const missing: PermissionsMissingDetails = { missing: [requirementFor("apiKeysRead")] };
      return new ApiError(
        "ashby_permissions_missing",
        "The API key lacks API Keys: Read, which the kit needs to check the key's permissions.",
        missing,
      );
    }
    default:
      return new ApiError(error.code, undefined, details);
  }
}

/**
 * POST /v1/connection. Checks the key with apiKey.info, compares its scopes with what the kit's features need,
 * and only then stores it, encrypted, with the connection id as associated data. A workspace that is already
 * connected must disconnect first: silently swapping a key could point the workspace at another Ashby account.
 */
export async function connectAshby(
  deps: Deps,
  auth: AuthContext,
  body: ConnectAshbyRequest,
): Promise<Connection> {
  const existing = await findConnectionByWorkspace(deps.db, auth.workspaceId);
  if (existing && (existing.status === "active" || existing.status === "paused")) {
    throw new ApiError(
      "conflict",
      "This workspace is already connected to Ashby. Disconnect it before connecting again.",
      {
        status: existing.status,
      },
    );
  }

  // https://developers.ashbyhq.com/reference/apikeyinfo
  const info = await deps.ashbyWithKey(body.apiKey).apiKey.info();
  if (!info.ok) {
    throw keyCheckError(info.error);
  }
  const scopes = info.value.scopes;
  const verified = Array.isArray(scopes);
  const parsed = parseApiKeyScopes(scopes ?? []);
  const granted = new Set<string>(parsed.permissions);
  const missing = verified ? missingRequirements(granted) : [];
  if (missing.length > 0) {
    const details: PermissionsMissingDetails = { missing };
    throw new ApiError(
      "ashby_permissions_missing",
      `The API key lacks ${missing.length} permission(s) the kit needs: ${missing.map((m) => m.adminLabel).join(", ")}.`,
      details,
    );
  }

  const now = deps.clock.now();
  const connectionId = existing?.id ?? deps.ids.make("conn");
  const sealed = await deps.encryptor.encrypt(body.apiKey, connectionId);
  const actor = actorOf(auth);
  const syncInterval = body.syncInterval ?? existing?.syncInterval ?? DEFAULT_SYNC_INTERVAL;
  await deps.db.batch([
    upsertConnectionStatement(deps.db, {
      id: connectionId,
      tenantId: auth.tenantId,
      workspaceId: auth.workspaceId,
      status: "active",
      syncInterval,
      apiKeyCiphertext: sealed.ciphertext,
      apiKeyEncryptionKeyId: sealed.keyId,
      apiKeyTitle: info.value.title ?? null,
      grantedScopes: [...parsed.permissions, ...parsed.unknown],
      missingPermissions: [],
      permissionsVerified: verified,
      adminEmail: body.adminEmail?.toLowerCase() ?? null,
      connectedByType: actor.type,
      connectedByEmail: actor.email,
      connectedAt: now,
      pausedAt: null,
      disconnectedAt: null,
      needsReauthAt: null,
      needsReauthCode: null,
      needsReauthMessage: null,
      lastSyncAt: existing?.lastSyncAt ?? null,
      // Due now: the initial sync starts from onConnected, or at the next cron tick if that hook does nothing.
      nextSyncAt: now,
      createdAt: now,
      updatedAt: now,
    }),
    insertAuditEventStatement(deps.db, {
      id: deps.ids.make("aud"),
      tenantId: auth.tenantId,
      workspaceId: auth.workspaceId,
      connectionId,
      type: "connection.connected",
      actor,
      details: {
        syncInterval,
        reconnect: existing !== undefined,
        ...(existing ? { previousStatus: existing.status } : {}),
        permissionsVerified: verified,
        ...(info.value.title ? { apiKeyTitle: info.value.title } : {}),
      },
      occurredAt: now,
    }),
  ]);
  const row = await findConnectionById(deps.db, connectionId);
  if (!row) {
    throw new Error("connection row missing right after upsert");
  }
  try {
    await deps.hooks.onConnected(deps, row);
  } catch (error) {
    // The connection stands; the cron picks up next_sync_at = now even if starting the sync here failed.
    deps.logger.error("connection.on_connected_failed", { connectionId, error });
  }
  if (existing) {
    // A reconnect (new key after needs_reauth, or after a disconnect): writes held for a key go out now.
    await notifyConnectionActive(deps, connectionId);
  }
  deps.logger.info("connection.connected", { connectionId, workspaceId: auth.workspaceId, verified });
  return toConnectionView(auth.workspaceExternalId, row);
}
