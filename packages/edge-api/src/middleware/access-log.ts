import type { MiddlewareHandler } from "hono";
import type { AppEnv } from "../env";

/**
 * One structured line per request: method, path (no query string), status, duration, request id and who called.
 * Headers and bodies are never logged: they carry secret keys, session tokens and Ashby API keys.
 */
export const accessLog: MiddlewareHandler<AppEnv> = async (c, next) => {
  const started = Date.now();
  await next();
  const deps = c.get("deps") as AppEnv["Variables"]["deps"] | undefined;
  if (!deps) {
    return;
  }
  const auth = c.get("auth") as AppEnv["Variables"]["auth"] | undefined;
  deps.logger.info("request", {
    requestId: c.get("requestId"),
    method: c.req.method,
    path: c.req.path,
    status: c.res.status,
    durationMs: Date.now() - started,
    tenantId: auth?.tenantId ?? (c.get("tenantId") as string | undefined),
    workspaceId: auth?.workspaceId,
    via: auth?.via,
  });
};
