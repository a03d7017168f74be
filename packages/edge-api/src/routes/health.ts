/**
 * @module Liveness: answers without touching D1 or Ashby, so a deploy check never depends on either.
 */
import { createRoute, OpenAPIHono, z } from "@hono/zod-openapi";
import type { AppEnv } from "../env";

const HealthSchema = z
  .object({ ok: z.literal(true), service: z.literal("ashby-kit-edge-api") })
  .meta({ id: "Health" });

export const healthRoutes = new OpenAPIHono<AppEnv>().openapi(
  createRoute({
    method: "get",
    path: "/health",
    summary: "Liveness check.",
    tags: ["meta"],
    responses: {
      200: { description: "The worker is up.", content: { "application/json": { schema: HealthSchema } } },
    },
  }),
  (c) => c.json({ ok: true as const, service: "ashby-kit-edge-api" as const }, 200),
);
