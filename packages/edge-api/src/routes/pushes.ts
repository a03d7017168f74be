/**
 * @module POST /v1/pushes: the host's AI outputs for a batch of candidates or applications, turned into one
 * ledger write per changed Ashby target (custom field, tag, note) and queued on `writeback`.
 */
import { CreatePushRequestSchema, CreatePushResponseSchema, MAX_PUSH_ITEMS } from "@ashby-kit/shared";
import { createRoute, OpenAPIHono } from "@hono/zod-openapi";
import { requireWorkspace } from "../auth/require-auth";
import type { AppEnv } from "../env";
import { acceptPush } from "../push/accept-push";
import { workspaceHeaders } from "./connection";
import { AUTH_ERRORS, BODY_ERRORS, errorResponses, jsonBody, jsonResponse } from "./openapi-helpers";

export const PUSHES_PATH = "/v1/pushes";

const route = createRoute({
  method: "post",
  path: PUSHES_PATH,
  summary: `Push AI outputs into Ashby (up to ${MAX_PUSH_ITEMS} items per request).`,
  description:
    "Idempotent by content: a target whose value is already in Ashby (or already queued) gets no write and is " +
    "listed under `unchanged`. A changed score updates the custom field and swaps the range tag; a note is " +
    "added only when its text changed. Outputs that do not fit their field are refused (`invalid_request`, " +
    "`details.items`) and nothing is queued. A paused connection holds the writes until it resumes; a " +
    "disconnected one refuses with `ashby_not_connected`. Follow the writes with GET /v1/writes?pushId=.",
  tags: ["push"],
  security: [{ secretKey: [] }, { sessionToken: [] }],
  middleware: [requireWorkspace] as const,
  request: { headers: workspaceHeaders, body: jsonBody(CreatePushRequestSchema) },
  responses: {
    202: jsonResponse("Accepted: the writes are queued (or held).", CreatePushResponseSchema),
    ...errorResponses(...AUTH_ERRORS, ...BODY_ERRORS, "ashby_not_connected"),
  },
});

export const pushesRoutes = new OpenAPIHono<AppEnv>().openapi(route, async (c) => {
  const auth = c.get("auth");
  const response = await acceptPush(
    c.get("deps"),
    { workspaceId: auth.workspaceId, email: auth.user.email },
    c.req.valid("json"),
  );
  return c.json(response, 202);
});
