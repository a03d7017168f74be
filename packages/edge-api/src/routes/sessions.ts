/**
 * @module POST /v1/sessions: the host backend trades its secret key for a short-lived session token that its
 * browser code hands to the widgets. The browser never sees the secret key or the Ashby key.
 */
import {
  CreateSessionRequestSchema,
  CreateSessionResponseSchema,
  endpoints,
  SESSION_TTL_DEFAULT_SECONDS,
} from "@ashby-kit/shared";
import { createRoute, OpenAPIHono } from "@hono/zod-openapi";
import { requireSecretKey } from "../auth/require-auth";
import { mintSessionToken } from "../auth/session-token";
import { ensureWorkspace } from "../db/queries/workspaces";
import type { AppEnv } from "../env";
import { AUTH_ERRORS, BODY_ERRORS, errorResponses, jsonBody, jsonResponse } from "./openapi-helpers";

const route = createRoute({
  method: "post",
  path: endpoints.createSession.path,
  summary: endpoints.createSession.summary,
  description:
    "Call from your backend with your secret key. The token is scoped to one workspace and user, carries the " +
    "role you assert, and lives `ttlSeconds` (default 900, at most 3600). Widgets send it as `Authorization: Bearer`.",
  tags: ["sessions"],
  security: [{ secretKey: [] }],
  middleware: [requireSecretKey] as const,
  request: { body: jsonBody(CreateSessionRequestSchema) },
  responses: {
    201: jsonResponse("A session token.", CreateSessionResponseSchema),
    ...errorResponses(...AUTH_ERRORS, ...BODY_ERRORS),
  },
});

export const sessionsRoutes = new OpenAPIHono<AppEnv>().openapi(route, async (c) => {
  const deps = c.get("deps");
  const tenantId = c.get("tenantId");
  const body = c.req.valid("json");
  const workspace = await ensureWorkspace(deps, tenantId, body.workspaceId);
  const { token, expiresAt } = await mintSessionToken(
    deps.sessionKeys,
    {
      jti: deps.ids.make("ses"),
      tid: tenantId,
      wid: workspace.id,
      wsx: workspace.externalId,
      email: body.user.email.toLowerCase(),
      role: body.user.role,
      ...(body.user.name === undefined ? {} : { name: body.user.name }),
    },
    deps.clock.now(),
    body.ttlSeconds ?? SESSION_TTL_DEFAULT_SECONDS,
  );
  return c.json({ token, expiresAt: expiresAt.toISOString() }, 201);
});
