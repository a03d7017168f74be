import type { MiddlewareHandler } from "hono";
import type { AppEnv } from "../env";
import { ApiError } from "../lib/api-error";
import { constantTimeEqual } from "../lib/crypto";

/**
 * The operator's admin API (tenant provisioning) is enabled only when ADMIN_TOKEN is set; the token is compared
 * in constant time. It is not a tenant credential and reaches no workspace data.
 */
export const requireAdmin: MiddlewareHandler<AppEnv> = async (c, next) => {
  const expected = c.get("deps").config.ADMIN_TOKEN;
  if (!expected) {
    throw new ApiError("forbidden", "The admin API is disabled (ADMIN_TOKEN is not set).");
  }
  const header = c.req.header("authorization") ?? "";
  const presented = /^Bearer[ ]+(\S+)\s*$/i.exec(header)?.[1];
  if (!presented) {
    throw new ApiError("unauthorized", "Send Authorization: Bearer <admin token>.");
  }
  if (!constantTimeEqual(presented, expected)) {
    throw new ApiError("unauthorized", "The admin token is not valid.");
  }
  await next();
};
