/**
 * @module /openapi.json (OpenAPI 3.1, generated from the same zod schemas that validate requests) and /docs,
 * a readable reference page whose stylesheet the worker serves itself.
 */
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
