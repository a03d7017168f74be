/**
 * @module /v1/webhook-deliveries: every delivery of a host event with each attempt (status, duration, error), and a
 * replay that sends one again. Tenant-level (secret key).
 */
import {
  ListWebhookDeliveriesQuerySchema,
  RecordIdParamSchema,
  syncEndpoints,
  WebhookDeliveryListSchema,
} from "@ashby-kit/shared";
import { createRoute, OpenAPIHono, z } from "@hono/zod-openapi";
import { requireSecretKey } from "../auth/require-auth";
import type { AppEnv } from "../env";
import { ApiError } from "../lib/api-error";
import { replayDelivery } from "../webhooks/deliver";
import { listDeliveries } from "../webhooks/delivery-store";
import { webhookDepsFrom } from "../webhooks/from-deps";
import { AUTH_ERRORS, errorResponses, jsonResponse } from "./openapi-helpers";

const security = [{ secretKey: [] }];

const list = createRoute({
  method: "get",
  path: syncEndpoints.listWebhookDeliveries.path,
  summary: syncEndpoints.listWebhookDeliveries.summary,
  tags: ["webhooks"],
  security,
  middleware: [requireSecretKey] as const,
  request: { query: ListWebhookDeliveriesQuerySchema },
  responses: {
    200: jsonResponse("Deliveries, newest first.", WebhookDeliveryListSchema),
    ...errorResponses(...AUTH_ERRORS),
  },
});

const ReplayResponseSchema = z
  .object({ id: z.string(), status: z.literal("pending") })
  .openapi("WebhookReplay");

const replay = createRoute({
  method: "post",
  path: syncEndpoints.replayWebhookDelivery.path,
  summary: syncEndpoints.replayWebhookDelivery.summary,
  tags: ["webhooks"],
  security,
  middleware: [requireSecretKey] as const,
  request: { params: RecordIdParamSchema },
  responses: {
    202: jsonResponse("Queued again; the new attempt appears in the list.", ReplayResponseSchema),
    ...errorResponses(...AUTH_ERRORS, "not_found"),
  },
});

export const webhookDeliveriesRoutes = new OpenAPIHono<AppEnv>()
  .openapi(list, async (c) => {
    const page = await listDeliveries(c.get("deps").config.DB, c.get("tenantId"), c.req.valid("query"));
    return c.json(page, 200);
  })
  .openapi(replay, async (c) => {
    const { id } = c.req.valid("param");
    const replayed = await replayDelivery(webhookDepsFrom(c.get("deps")), c.get("tenantId"), id);
    if (!replayed) {
      throw new ApiError("not_found", "No such webhook delivery.");
    }
    return c.json({ id, status: "pending" as const }, 202);
  });
