/**
 * @module GET /v1/writes: the write-back ledger, every kind (feedback, custom fields, tags, notes): what the kit
 * sent to Ashby, when, the result and Ashby's request id, so a host can show "what did we send to Ashby".
 */
import { ListWritesQuerySchema, WriteListSchema } from "@ashby-kit/shared";
import { createRoute, OpenAPIHono } from "@hono/zod-openapi";
import { requireWorkspace } from "../auth/require-auth";
import type { AppEnv } from "../env";
import { ApiError } from "../lib/api-error";
import { listWrites } from "../push/write-view";
import { workspaceHeaders } from "./connection";
import { AUTH_ERRORS, errorResponses, jsonResponse } from "./openapi-helpers";

export const WRITES_PATH = "/v1/writes";

const route = createRoute({
  method: "get",
  path: WRITES_PATH,
  summary: "The write-back ledger, newest first; filter by status, kind, target (any Ashby id) or pushId.",
  tags: ["push"],
  security: [{ secretKey: [] }, { sessionToken: [] }],
  middleware: [requireWorkspace] as const,
  request: { headers: workspaceHeaders, query: ListWritesQuerySchema },
  responses: { 200: jsonResponse("A page of writes.", WriteListSchema), ...errorResponses(...AUTH_ERRORS) },
});

export const writesRoutes = new OpenAPIHono<AppEnv>().openapi(route, async (c) => {
  const page = await listWrites(c.get("deps").db, c.get("auth").workspaceId, c.req.valid("query"));
  if (page === "bad_cursor")
    throw new ApiError("invalid_request", "The cursor is not one this API returned.");
  return c.json(page, 200);
});
