/**
 * @module /v1/webhook-endpoints: a tenant's endpoints for signed host events (sync.completed, sync.failed,
 * records.changed, connection.needs_reauth). Tenant-level, so only the host backend's secret key may call it.
 */
import {
  CreatedWebhookEndpointSchema,
  CreateWebhookEndpointRequestSchema,
  RecordIdParamSchema,
  syncEndpoints,
  WebhookEndpointListSchema,
} from "@ashby-kit/shared";
import { createRoute, OpenAPIHono } from "@hono/zod-openapi";
import { requireSecretKey } from "../auth/require-auth";
import type { AppEnv } from "../env";
import { ApiError } from "../lib/api-error";
import { createEndpoint, deleteEndpoint, listEndpoints, toEndpointView } from "../webhooks/endpoint-store";
import { AUTH_ERRORS, BODY_ERRORS, errorResponses, jsonBody, jsonResponse } from "./openapi-helpers";

const security = [{ secretKey: [] }];

const create = createRoute({
  method: "post",
  path: syncEndpoints.createWebhookEndpoint.path,
  summary: syncEndpoints.createWebhookEndpoint.summary,
  description:
    "Events are signed per Standard Webhooks (`webhook-id`, `webhook-timestamp`, `webhook-signature`) with the " +
    "returned secret; verify them with any Standard Webhooks library. The secret is shown only here.",
  tags: ["webhooks"],
  security,
  middleware: [requireSecretKey] as const,
  request: { body: jsonBody(CreateWebhookEndpointRequestSchema) },
  responses: {
    201: jsonResponse("The endpoint, with its signing secret.", CreatedWebhookEndpointSchema),
    ...errorResponses(...AUTH_ERRORS, ...BODY_ERRORS),
  },
});

const list = createRoute({
  method: "get",
  path: syncEndpoints.listWebhookEndpoints.path,
  summary: syncEndpoints.listWebhookEndpoints.summary,
  tags: ["webhooks"],
  security,
  middleware: [requireSecretKey] as const,
  responses: {
    200: jsonResponse("Endpoints (no secrets).", WebhookEndpointListSchema),
    ...errorResponses(...AUTH_ERRORS),
  },
});

const remove = createRoute({
  method: "delete",
  path: syncEndpoints.deleteWebhookEndpoint.path,
  summary: syncEndpoints.deleteWebhookEndpoint.summary,
  tags: ["webhooks"],
  security,
  middleware: [requireSecretKey] as const,
  request: { params: RecordIdParamSchema },
  responses: { 204: { description: "Deleted." }, ...errorResponses(...AUTH_ERRORS, "not_found") },
});

export const webhookEndpointsRoutes = new OpenAPIHono<AppEnv>()
  .openapi(create, async (c) => {
    const deps = c.get("deps");
    const created = await createEndpoint(deps.config.DB, deps.encryptor, {
      id: deps.ids.make("whe"),
      tenantId: c.get("tenantId"),
      nowMs: deps.clock.now().getTime(),
      ...c.req.valid("json"),
    });
    return c.json(created, 201);
  })
  .openapi(list, async (c) => {
    const rows = await listEndpoints(c.get("deps").config.DB, c.get("tenantId"));
    return c.json({ endpoints: rows.map(toEndpointView) }, 200);
  })
  .openapi(remove, async (c) => {
    const deleted = await deleteEndpoint(c.get("deps").config.DB, c.get("tenantId"), c.req.valid("param").id);
    if (!deleted) {
      throw new ApiError("not_found", "No such webhook endpoint.");
    }
    return c.body(null, 204);
  });
