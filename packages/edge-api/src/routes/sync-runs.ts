/**
 * @module /v1/sync-runs: start a sync now (owner/admin; returns the run in flight if there is one), the latest run
 * with per-entity progress and the next scheduled time, and the run history.
 */
import {
  LatestSyncRunSchema,
  ListSyncRunsQuerySchema,
  StartSyncRunRequestSchema,
  StartSyncRunResponseSchema,
  SyncRunListSchema,
  syncEndpoints,
} from "@ashby-kit/shared";
import { createRoute, OpenAPIHono } from "@hono/zod-openapi";
import { requireRole, requireWorkspace } from "../auth/require-auth";
import { findConnectionByWorkspace } from "../db/queries/connections";
import type { ConnectionRow } from "../db/schema";
import type { AppEnv } from "../env";
import { ApiError } from "../lib/api-error";
import { syncDepsFrom, syncQueuesFrom } from "../sync/from-deps";
import { sendSyncMessages } from "../sync/queues";
import { getRun, type SyncRunRow } from "../sync/run-store";
import { listRuns, loadSyncRunView } from "../sync/run-view";
import { startSyncRun } from "../sync/start-run";
import { workspaceHeaders } from "./connection";
import { AUTH_ERRORS, BODY_ERRORS, errorResponses, jsonBody, jsonResponse } from "./openapi-helpers";

const security = [{ secretKey: [] }, { sessionToken: [] }];

const start = createRoute({
  method: "post",
  path: syncEndpoints.startSyncRun.path,
  summary: syncEndpoints.startSyncRun.summary,
  description:
    "Owner/admin only. At most one run per connection: while one is queued or running, this returns it " +
    "(`created: false`). `mode: full` forces a reconciliation pass that also finds records deleted in Ashby.",
  tags: ["sync"],
  security,
  middleware: [requireWorkspace, requireRole("owner", "admin")],
  request: { headers: workspaceHeaders, body: jsonBody(StartSyncRunRequestSchema, { required: false }) },
  responses: {
    202: jsonResponse("The run (new or already in flight).", StartSyncRunResponseSchema),
    ...errorResponses(
      ...AUTH_ERRORS,
      ...BODY_ERRORS,
      "ashby_not_connected",
      "ashby_connection_paused",
      "ashby_needs_reauth",
    ),
  },
});

const latest = createRoute({
  method: "get",
  path: syncEndpoints.latestSyncRun.path,
  summary: syncEndpoints.latestSyncRun.summary,
  tags: ["sync"],
  security,
  middleware: [requireWorkspace] as const,
  request: { headers: workspaceHeaders },
  responses: {
    200: jsonResponse("The latest run, or null.", LatestSyncRunSchema),
    ...errorResponses(...AUTH_ERRORS),
  },
});

const list = createRoute({
  method: "get",
  path: syncEndpoints.listSyncRuns.path,
  summary: syncEndpoints.listSyncRuns.summary,
  tags: ["sync"],
  security,
  middleware: [requireWorkspace] as const,
  request: { headers: workspaceHeaders, query: ListSyncRunsQuerySchema },
  responses: {
    200: jsonResponse("Runs, newest first.", SyncRunListSchema),
    ...errorResponses(...AUTH_ERRORS),
  },
});

function nextScheduledAt(connection: ConnectionRow | undefined): number | null {
  return connection?.status === "active" && connection.nextSyncAt ? connection.nextSyncAt.getTime() : null;
}

function requireActive(connection: ConnectionRow | undefined): ConnectionRow {
  switch (connection?.status) {
    case "active":
      return connection;
    case "paused":
      throw new ApiError("ashby_connection_paused", "The Ashby connection is paused; resume it to sync.");
    case "needs_reauth":
      throw new ApiError("ashby_needs_reauth", "Ashby rejected the stored key; reconnect Ashby to sync.");
    default:
      throw new ApiError("ashby_not_connected", "This workspace is not connected to Ashby.");
  }
}

export const syncRunsRoutes = new OpenAPIHono<AppEnv>()
  .openapi(start, async (c) => {
    const deps = c.get("deps");
    const connection = requireActive(await findConnectionByWorkspace(deps.db, c.get("auth").workspaceId));
    const body = c.req.valid("json");
    const started = await startSyncRun(syncDepsFrom(deps), {
      connectionId: connection.id,
      trigger: "manual",
      ...(body.mode && { mode: body.mode }),
    });
    await sendSyncMessages(syncQueuesFrom(deps), started.enqueue);
    const run = (await getRun(deps.config.DB, started.runId)) as SyncRunRow;
    const view = await loadSyncRunView(deps.config.DB, run, nextScheduledAt(connection));
    return c.json({ run: view, created: started.created }, 202);
  })
  .openapi(latest, async (c) => {
    const deps = c.get("deps");
    const connection = await findConnectionByWorkspace(deps.db, c.get("auth").workspaceId);
    const next = nextScheduledAt(connection);
    if (!connection) {
      return c.json({ run: null, nextScheduledAt: null }, 200);
    }
    const { runs } = await listRuns(deps.config.DB, connection.id, 1, undefined);
    const run = runs[0];
    return c.json(
      {
        run: run ? await loadSyncRunView(deps.config.DB, run, next) : null,
        nextScheduledAt: next === null ? null : new Date(next).toISOString(),
      },
      200,
    );
  })
  .openapi(list, async (c) => {
    const deps = c.get("deps");
    const query = c.req.valid("query");
    const connection = await findConnectionByWorkspace(deps.db, c.get("auth").workspaceId);
    if (!connection) {
      return c.json({ runs: [], nextCursor: null }, 200);
    }
    const page = await listRuns(deps.config.DB, connection.id, query.limit ?? 20, query.cursor);
    const next = nextScheduledAt(connection);
    const runs = [];
    for (const run of page.runs) {
      runs.push(await loadSyncRunView(deps.config.DB, run, next));
    }
    return c.json({ runs, nextCursor: page.nextCursor }, 200);
  });
