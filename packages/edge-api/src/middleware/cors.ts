import type { MiddlewareHandler } from "hono";
import { isOriginAllowedForAnyTenant } from "../db/queries/tenants";
import type { AppEnv } from "../env";
import { ApiError } from "../lib/api-error";

const ALLOWED_HEADERS = "Authorization, Content-Type, X-Workspace-Id, X-Request-Id";
const ALLOWED_METHODS = "GET, POST, PUT, PATCH, DELETE, OPTIONS";

/**
 * CORS from each tenant's allow-list. A preflight carries no credentials, so it can only be answered with
 * "some tenant allows this origin"; the actual request is then checked against the caller's own tenant in the
 * auth middleware (assertOriginAllowed). Responses to allowed origins, errors included, carry the CORS headers so
 * the widget can read the error envelope.
 */
export const cors: MiddlewareHandler<AppEnv> = async (c, next) => {
  const origin = c.req.header("origin");
  if (!origin) {
    await next();
    return;
  }
  const allowed = await isOriginAllowedForAnyTenant(c.get("deps").db, origin);
  const isPreflight =
    c.req.method === "OPTIONS" && c.req.header("access-control-request-method") !== undefined;
  if (isPreflight) {
    if (!allowed) {
      throw new ApiError("forbidden", `Origin ${origin} is not on any tenant's allow-list.`);
    }
    return c.body(null, 204, {
      "Access-Control-Allow-Origin": origin,
      "Access-Control-Allow-Methods": ALLOWED_METHODS,
      "Access-Control-Allow-Headers": ALLOWED_HEADERS,
      "Access-Control-Max-Age": "600",
      "Access-Control-Expose-Headers": "X-Request-Id",
      Vary: "Origin",
    });
  }
  try {
    await next();
  } finally {
    if (allowed) {
      c.res.headers.set("Access-Control-Allow-Origin", origin);
      c.res.headers.set("Access-Control-Expose-Headers", "X-Request-Id");
      c.res.headers.append("Vary", "Origin");
    }
  }
};
