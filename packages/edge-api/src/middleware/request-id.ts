import type { MiddlewareHandler } from "hono";
import type { AppEnv } from "../env";

const SAFE_REQUEST_ID = /^[A-Za-z0-9._:-]{8,64}$/;

/**
 * Every response carries `X-Request-Id`, and every error envelope and log line the same id. A caller's own id is
 * kept when it is safe to echo (so a host can correlate its logs with ours); anything else is replaced.
 */
export function requestId(makeId: () => string): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const inbound = c.req.header("x-request-id");
    const id = inbound && SAFE_REQUEST_ID.test(inbound) ? inbound : makeId();
    c.set("requestId", id);
    c.header("X-Request-Id", id);
    await next();
  };
}
