import type { Connection, UpdateConnectionRequest } from "@ashby-kit/shared";
import { insertAuditEventStatement, type NewAuditEvent } from "../db/queries/audit-events";
import type { ConnectionInsert } from "../db/queries/connections";
import {
  findConnectionById,
  findConnectionByWorkspace,
  updateConnectionStatement,
} from "../db/queries/connections";
import type { ConnectionRow } from "../db/schema";
import type { Deps } from "../deps";
import type { AuthContext } from "../env";
import { ApiError } from "../lib/api-error";
import { actorOf } from "./actor";
import { notifyConnectionActive } from "./hooks";
import { handleAshbyAuthFailure } from "./mark-needs-reauth";
import { nextSyncAfter } from "./schedule";
import { toConnectionView } from "./view";

/**
 * Resuming checks the stored key first: a key revoked while the connection was paused should surface now, as
 * needs_reauth, not at the next sync. A transient Ashby failure does not block resuming; the sync retries anyway.
 */
async function assertKeyStillAccepted(deps: Deps, connection: ConnectionRow): Promise<void> {
  const opened = await deps.ashbyFor({ ...connection, status: "active" });
  if (!opened.ok) {
    throw new ApiError(opened.error.code, opened.error.message);
  }
  // https://developers.ashbyhq.com/reference/apikeyinfo
  const info = await opened.value.apiKey.info();
  if (info.ok) {
    return;
  }
  if (await handleAshbyAuthFailure(deps, connection.id, info.error)) {
    throw new ApiError(
      "ashby_needs_reauth",
      "Ashby no longer accepts the stored key, so the connection cannot resume. Reconnect Ashby with a valid key.",
    );
  }
  deps.logger.warn("connection.resume_check_skipped", { connectionId: connection.id, code: info.error.code });
}

/** PATCH /v1/connection: interval and pause/resume. Each real change is one audit event; no-ops record nothing. */
export async function updateConnection(
  deps: Deps,
  auth: AuthContext,
  body: UpdateConnectionRequest,
): Promise<Connection> {
  const connection = await findConnectionByWorkspace(deps.db, auth.workspaceId);
  if (!connection || connection.status === "disconnected") {
    throw new ApiError("ashby_not_connected", "Connect Ashby before changing the connection.");
  }
  const now = deps.clock.now();
  const actor = actorOf(auth);
  const changes: Partial<ConnectionInsert> = {};
  const events: Omit<
    NewAuditEvent,
    "id" | "tenantId" | "workspaceId" | "connectionId" | "actor" | "occurredAt"
  >[] = [];
  let status = connection.status;
  const interval = body.syncInterval ?? connection.syncInterval;

  if (body.paused === true && status !== "paused") {
    if (status === "needs_reauth") {
      throw new ApiError(
        "ashby_needs_reauth",
        "Reconnect Ashby first; a connection that needs reauth is already stopped.",
      );
    }
    status = "paused";
    Object.assign(changes, { status, pausedAt: now, nextSyncAt: null });
    events.push({ type: "connection.paused", details: {} });
  } else if (body.paused === false && status === "paused") {
    await assertKeyStillAccepted(deps, connection);
    status = "active";
    Object.assign(changes, {
      status,
      pausedAt: null,
      nextSyncAt: nextSyncAfter(interval, connection.lastSyncAt, connection.connectedAt, now),
    });
    events.push({ type: "connection.resumed", details: {} });
  } else if (body.paused === false && status === "needs_reauth") {
    throw new ApiError(
      "ashby_needs_reauth",
      "Reconnect Ashby with a valid key; resuming cannot fix a rejected key.",
    );
  }

  if (body.syncInterval !== undefined && body.syncInterval !== connection.syncInterval) {
    changes.syncInterval = body.syncInterval;
    if (status === "active") {
      changes.nextSyncAt = nextSyncAfter(
        body.syncInterval,
        connection.lastSyncAt,
        connection.connectedAt,
        now,
      );
    }
    events.push({
      type: "connection.interval_changed",
      details: { from: connection.syncInterval, to: body.syncInterval },
    });
  }

  if (events.length > 0) {
    await deps.db.batch([
      updateConnectionStatement(deps.db, connection.id, { ...changes, updatedAt: now }),
      ...events.map((event) =>
        insertAuditEventStatement(deps.db, {
          ...event,
          id: deps.ids.make("aud"),
          tenantId: auth.tenantId,
          workspaceId: auth.workspaceId,
          connectionId: connection.id,
          actor,
          occurredAt: now,
        }),
      ),
    ]);
  }
  if (events.some((event) => event.type === "connection.resumed")) {
    await notifyConnectionActive(deps, connection.id);
  }
  return toConnectionView(
    auth.workspaceExternalId,
    (await findConnectionById(deps.db, connection.id)) ?? connection,
  );
}
