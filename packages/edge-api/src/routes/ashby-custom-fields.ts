/**
 * @module GET /v1/ashby/custom-fields: the custom fields of the workspace's Ashby (from synced data), with the
 * kind of value each takes and whether push-back can write into it; the mapping screen lists these.
 */
import { AshbyCustomFieldListSchema, ListAshbyCustomFieldsQuerySchema } from "@ashby-kit/shared";
import { createRoute, OpenAPIHono } from "@hono/zod-openapi";
import { requireWorkspace } from "../auth/require-auth";
import { findConnectionByWorkspace } from "../db/queries/connections";
import type { AppEnv } from "../env";
import { loadCustomFields } from "../push/store";
import { workspaceHeaders } from "./connection";
import { AUTH_ERRORS, errorResponses, jsonResponse } from "./openapi-helpers";

export const ASHBY_CUSTOM_FIELDS_PATH = "/v1/ashby/custom-fields";

const CREATE_IN_ASHBY =
  "Create the field in Ashby first (Admin → Custom Fields, on Candidates or Applications, of type Number, Text, " +
  "Long Text, Boolean, Date or a select), then wait for the next sync or start one with POST /v1/sync-runs.";

const route = createRoute({
  method: "get",
  path: ASHBY_CUSTOM_FIELDS_PATH,
  summary: "Custom fields of the workspace's Ashby that push-back can map outputs to (from synced data).",
  tags: ["push"],
  security: [{ secretKey: [] }, { sessionToken: [] }],
  middleware: [requireWorkspace] as const,
  request: { headers: workspaceHeaders, query: ListAshbyCustomFieldsQuerySchema },
  responses: {
    200: jsonResponse("The fields.", AshbyCustomFieldListSchema),
    ...errorResponses(...AUTH_ERRORS),
  },
});

export const ashbyCustomFieldsRoutes = new OpenAPIHono<AppEnv>().openapi(route, async (c) => {
  const deps = c.get("deps");
  const query = c.req.valid("query");
  const connection = await findConnectionByWorkspace(deps.db, c.get("auth").workspaceId);
  const all = connection ? await loadCustomFields(deps.db, connection.id) : [];
  const fields = all.filter(
    (field) =>
      (query.objectType === undefined || field.objectType === query.objectType) &&
      (query.valueKind === undefined || field.valueKind === query.valueKind) &&
      (query.pushable === undefined || field.pushable === (query.pushable === "true")),
  );
  const syncedAt = connection?.lastSyncAt ? connection.lastSyncAt.toISOString() : null;
  let hint: string | null = null;
  if (!connection) hint = "Connect Ashby first; custom fields are read from the synced data.";
  else if (syncedAt === null && all.length === 0)
    hint = `The first sync has not finished yet. ${CREATE_IN_ASHBY}`;
  else if (!fields.some((field) => field.pushable)) hint = `No custom field fits. ${CREATE_IN_ASHBY}`;
  return c.json({ fields, syncedAt, hint }, 200);
});
