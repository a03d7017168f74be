/**
 * @module GET /v1/audit-events: who connected, paused, resumed, changed the interval or disconnected the
 * workspace's Ashby connection, and when (newest first, cursor-paginated). Owners and admins only.
 */
import { AuditEventListSchema, endpoints, ListAuditEventsQuerySchema } from "@ashby-kit/shared";
import { createRoute, OpenAPIHono } from "@hono/zod-openapi";
import { requireRole, requireWorkspace } from "../auth/require-auth";
import { listAuditEvents, toAuditEvent } from "../db/queries/audit-events";
import type { AppEnv } from "../env";
import { workspaceHeaders } from "./connection";
import { AUTH_ERRORS, errorResponses, jsonResponse } from "./openapi-helpers";

const DEFAULT_LIMIT = 50;

const route = createRoute({
  method: "get",
  path: endpoints.listAuditEvents.path,
  summary: endpoints.listAuditEvents.summary,
  tags: ["audit"],
  security: [{ secretKey: [] }, { sessionToken: [] }],
  middleware: [requireWorkspace, requireRole("owner", "admin")] as const,
  request: { headers: workspaceHeaders, query: ListAuditEventsQuerySchema },
  responses: {
    200: jsonResponse("A page of events.", AuditEventListSchema),
    ...errorResponses(...AUTH_ERRORS),
  },
});

export const auditEventsRoutes = new OpenAPIHono<AppEnv>().openapi(route, async (c) => {
  const query = c.req.valid("query");
  const page = await listAuditEvents(c.get("deps").db, c.get("auth").workspaceId, {
    limit: query.limit ?? DEFAULT_LIMIT,
    ...(query.cursor === undefined ? {} : { before: query.cursor }),
    ...(query.type === undefined ? {} : { type: query.type }),
  });
  return c.json({ events: page.events.map(toAuditEvent), nextCursor: page.nextCursor }, 200);
});
