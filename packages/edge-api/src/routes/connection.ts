/**
 * @module /v1/connection: the workspace's Ashby connection lifecycle (read, connect, pause/resume/interval,
 * disconnect) and the permission requirements the connect screen shows. Never returns the API key.
 */
import {
  ConnectAshbyRequestSchema,
  ConnectionSchema,
  DisconnectQuerySchema,
  endpoints,
  RequirementsResponseSchema,
  UpdateConnectionRequestSchema,
  WorkspaceExternalIdSchema,
} from "@ashby-kit/shared";
import { createRoute, OpenAPIHono, z } from "@hono/zod-openapi";
import { requireRole, requireWorkspace } from "../auth/require-auth";
import { connectAshby } from "../connection/connect";
import { disconnectAshby } from "../connection/disconnect";
import { requirementsResponse } from "../connection/requirements";
import { updateConnection } from "../connection/update";
import { toConnectionView } from "../connection/view";
import { findConnectionByWorkspace } from "../db/queries/connections";
import type { AppEnv } from "../env";
import { AUTH_ERRORS, BODY_ERRORS, errorResponses, jsonBody, jsonResponse } from "./openapi-helpers";

export const workspaceHeaders = z.object({
  "x-workspace-id": WorkspaceExternalIdSchema.optional().describe(
    "The host's workspace id. Required with a secret key; optional with a session token (must then match it).",
  ),
});
const security = [{ secretKey: [] }, { sessionToken: [] }];

const getConnection = createRoute({
  method: "get",
  path: endpoints.getConnection.path,
  summary: endpoints.getConnection.summary,
  tags: ["connection"],
  security,
  middleware: [requireWorkspace] as const,
  request: { headers: workspaceHeaders },
  responses: { 200: jsonResponse("The connection.", ConnectionSchema), ...errorResponses(...AUTH_ERRORS) },
});

const connect = createRoute({
  method: "post",
  path: endpoints.connect.path,
  summary: endpoints.connect.summary,
  description:
    "Owner/admin only. Refused with `ashby_credentials_invalid` for a wrong or disabled key, and with " +
    "`ashby_permissions_missing` (details.missing lists each permission by its Ashby admin label and purpose) " +
    "when the key lacks a permission the kit needs. `conflict` if already connected.",
  tags: ["connection"],
  security,
  middleware: [requireWorkspace, requireRole("owner", "admin")],
  request: { headers: workspaceHeaders, body: jsonBody(ConnectAshbyRequestSchema) },
  responses: {
    201: jsonResponse("Connected; the initial sync is starting.", ConnectionSchema),
    ...errorResponses(
      ...AUTH_ERRORS,
      ...BODY_ERRORS,
      "conflict",
      "ashby_credentials_invalid",
      "ashby_permissions_missing",
      "ashby_rate_limited",
      "ashby_unavailable",
      "ashby_timeout",
      "ashby_network_error",
      "ashby_invalid_response",
    ),
  },
});

const update = createRoute({
  method: "patch",
  path: endpoints.updateConnection.path,
  summary: endpoints.updateConnection.summary,
  description:
    "Owner/admin only. `paused: true` keeps the key and the data and stops syncs and writes; `paused: false` " +
    "re-checks the key with Ashby and resumes. Changing `syncInterval` reschedules the next sync.",
  tags: ["connection"],
  security,
  middleware: [requireWorkspace, requireRole("owner", "admin")],
  request: { headers: workspaceHeaders, body: jsonBody(UpdateConnectionRequestSchema) },
  responses: {
    200: jsonResponse("The updated connection.", ConnectionSchema),
    ...errorResponses(...AUTH_ERRORS, ...BODY_ERRORS, "ashby_not_connected", "ashby_needs_reauth"),
  },
});

const disconnect = createRoute({
  method: "delete",
  path: endpoints.disconnect.path,
  summary: endpoints.disconnect.summary,
  tags: ["connection"],
  security,
  middleware: [requireWorkspace, requireRole("owner", "admin")],
  request: { headers: workspaceHeaders, query: DisconnectQuerySchema },
  responses: {
    200: jsonResponse("Disconnected.", ConnectionSchema),
    ...errorResponses(...AUTH_ERRORS, "ashby_not_connected"),
  },
});

const requirements = createRoute({
  method: "get",
  path: endpoints.getRequirements.path,
  summary: endpoints.getRequirements.summary,
  tags: ["connection"],
  security,
  middleware: [requireWorkspace] as const,
  request: { headers: workspaceHeaders },
  responses: {
    200: jsonResponse("What the key needs.", RequirementsResponseSchema),
    ...errorResponses(...AUTH_ERRORS),
  },
});

export const connectionRoutes = new OpenAPIHono<AppEnv>()
  .openapi(getConnection, async (c) => {
    const auth = c.get("auth");
    const row = await findConnectionByWorkspace(c.get("deps").db, auth.workspaceId);
    return c.json(toConnectionView(auth.workspaceExternalId, row), 200);
  })
  .openapi(requirements, (c) => c.json(requirementsResponse(), 200))
  .openapi(connect, async (c) =>
    c.json(await connectAshby(c.get("deps"), c.get("auth"), c.req.valid("json")), 201),
  )
  .openapi(update, async (c) =>
    c.json(await updateConnection(c.get("deps"), c.get("auth"), c.req.valid("json")), 200),
  )
  .openapi(disconnect, async (c) => {
    const purge = c.req.valid("query").purge === "true";
    return c.json(await disconnectAshby(c.get("deps"), c.get("auth"), purge), 200);
  });
