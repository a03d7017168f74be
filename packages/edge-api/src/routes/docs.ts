/**
 * @module /openapi.json (OpenAPI 3.1, generated from the same zod schemas that validate requests) and /docs,
 * a readable reference page whose stylesheet the worker serves itself.
 */
import { HOST_EVENT_TYPES, type HostEventType, hostEventBodySchema } from "@ashby-kit/shared";
import type { OpenAPIHono } from "@hono/zod-openapi";
import { Hono } from "hono";
import { DOCS_CSS } from "../docs/docs-css";
import { renderDocsPage } from "../docs/render-docs";
import type { AppEnv } from "../env";

const DESCRIPTION =
  "The edge API of ashby-kit: host apps, widgets and partners use it to connect a workspace to Ashby and " +
  "manage that connection. Everything workspace-scoped lives under /v1.";

/** Called once when the app is built; the document is generated per request from the registry. */
export function registerSecuritySchemes(app: OpenAPIHono<AppEnv>): void {
  app.openAPIRegistry.registerComponent("securitySchemes", "secretKey", {
    type: "http",
    scheme: "bearer",
    description: "The tenant's secret key (server to server only). Send X-Workspace-Id on workspace routes.",
  });
  app.openAPIRegistry.registerComponent("securitySchemes", "adminToken", {
    type: "http",
    scheme: "bearer",
    description: "The operator's ADMIN_TOKEN (tenant provisioning only).",
  });
  app.openAPIRegistry.registerComponent("securitySchemes", "sessionToken", {
    type: "http",
    scheme: "bearer",
    bearerFormat: "JWT",
    description: "A session token from POST /v1/sessions (browsers and widgets).",
  });
}

/** What each host webhook tells the host, for the document's `webhooks` section. */
const HOST_EVENT_SUMMARIES: Record<HostEventType, string> = {
  "sync.completed": "A sync run finished; records seen, written and deleted per entity.",
  "sync.failed": "A sync run failed or was cancelled, with the error code and a plain-language message.",
  "records.changed": "Ids of the records a finished run wrote or deleted, per entity, batched.",
  "connection.needs_reauth":
    "Ashby refused the stored key; syncs and writes wait until Ashby is reconnected.",
  "feedback.submitted": "Interview feedback from a meeting landed in Ashby.",
  "feedback.failed":
    "Interview feedback could not be written; the reason says whether trying again can help.",
  "feedback.deleted_in_ashby": "Feedback the kit submitted was deleted in Ashby; it can be submitted again.",
  "write.failed": "A pushed custom field, tag or note could not be written.",
};

/**
 * Host webhooks in the document's `webhooks` section (OpenAPI 3.1): each is a POST of the Standard Webhooks body
 * (`type`, `timestamp`, `data`) with its data schema from the shared contract.
 */
export function registerHostEvents(app: OpenAPIHono<AppEnv>): void {
  for (const type of HOST_EVENT_TYPES) {
    app.openAPIRegistry.registerWebhook({
      method: "post",
      path: type,
      summary: HOST_EVENT_SUMMARIES[type],
      description:
        "Signed per Standard Webhooks (webhook-id, webhook-timestamp, webhook-signature headers); verify before " +
        "parsing. Retried until the endpoint answers 2xx; deduplicate on webhook-id.",
      request: {
        body: {
          content: {
            "application/json": {
              schema: hostEventBodySchema(type),
            },
          },
        },
      },
      responses: { 200: { description: "Any 2xx acknowledges the delivery." } },
    });
  }
}

export function openApiDocument(app: OpenAPIHono<AppEnv>) {
  return app.getOpenAPI31Document({
    openapi: "3.1.0",
    info: { title: "ashby-kit edge API", version: "1.0.0", description: DESCRIPTION },
  });
}

export function docsRoutes(app: OpenAPIHono<AppEnv>) {
  return new Hono<AppEnv>()
    .get("/openapi.json", (c) => c.json(openApiDocument(app)))
    .get("/docs", (c) => {
      c.header(
        "Content-Security-Policy",
        "default-src 'none'; style-src 'self'; base-uri 'none'; form-action 'none'",
      );
      return c.html(renderDocsPage(openApiDocument(app) as unknown as Record<string, unknown>));
    })
    .get("/docs/assets/docs.css", (c) => {
      c.header("Cache-Control", "public, max-age=3600");
      return c.body(DOCS_CSS, 200, { "Content-Type": "text/css; charset=utf-8" });
    });
}
