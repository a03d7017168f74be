/**
 * @module The edge API as a Hono app: middleware order, the one error renderer, and the mounted resources.
 * Workers entry (index.ts) only wires this to `fetch`; tests call it through the real worker.
 */
import { type Hook, OpenAPIHono } from "@hono/zod-openapi";
import type { Context } from "hono";
import { bodyLimit } from "hono/body-limit";
import { HTTPException } from "hono/http-exception";
import type { ContentfulStatusCode } from "hono/utils/http-status";
import type { Deps } from "./deps";
import { type AppEnv, EnvError } from "./env";
import { ApiError, codeForHttpException, errorBody } from "./lib/api-error";
import { systemClock } from "./lib/clock";
import { createIds } from "./lib/ids";
import { consoleSink, createLogger } from "./lib/logger";
import { accessLog } from "./middleware/access-log";
import { cors } from "./middleware/cors";
import { requestId } from "./middleware/request-id";
import { adminTenantRoutes } from "./routes/admin-tenants";
import { ashbyCustomFieldsRoutes } from "./routes/ashby-custom-fields";
import { auditEventsRoutes } from "./routes/audit-events";
import { connectionRoutes } from "./routes/connection";
import { docsRoutes, registerHostEvents, registerSecuritySchemes } from "./routes/docs";
import { healthRoutes } from "./routes/health";
import { allowedMethodsFor } from "./routes/known-routes";
import { meetingsRoutes } from "./routes/meetings";
import { pushSettingsRoutes } from "./routes/push-settings";
import { pushesRoutes } from "./routes/pushes";
import { recordsRoutes } from "./routes/records";
import { sessionsRoutes } from "./routes/sessions";
import { syncRunsRoutes } from "./routes/sync-runs";
import { webhookDeliveriesRoutes } from "./routes/webhook-deliveries";
import { webhookEndpointsRoutes } from "./routes/webhook-endpoints";
import { writesRoutes } from "./routes/writes";

/** Request bodies are small JSON documents; anything bigger is a mistake or an attack. */
export const MAX_BODY_BYTES = 64 * 1024;

export interface CreateAppOptions {
  /** Builds the per-request dependencies from the raw bindings (index.ts parses env here). */
  depsFor(bindings: Record<string, unknown>, c: Context<AppEnv>): Promise<Deps>;
}

/** zod failures anywhere (body, query, params) become one `invalid_request` envelope with the issues listed. */
export const validationHook: Hook<unknown, AppEnv, string, unknown> = (result) => {
  if (!result.success) {
    throw new ApiError("invalid_request", "The request does not match the schema.", {
      issues: result.error.issues.map((issue) => ({
        path: [result.target, ...issue.path.map(String)].join("."),
        code: issue.code,
        message: issue.message,
      })),
    });
  }
};

export function createApp(options: CreateAppOptions) {
  const app = new OpenAPIHono<AppEnv>({ defaultHook: validationHook });
  const fallbackIds = createIds(systemClock);

  app.use(requestId(() => fallbackIds.make("req")));
  app.use(async (c, next) => {
    c.set("deps", await options.depsFor(c.env, c));
    await next();
  });
  app.use(accessLog);
  app.use(cors);
  app.use(
    "*",
    bodyLimit({
      maxSize: MAX_BODY_BYTES,
      onError: () => {
        throw new ApiError("payload_too_large", `Request bodies are limited to ${MAX_BODY_BYTES} bytes.`);
      },
    }),
  );

  app.use("*", async (c, next) => {
    // An empty JSON body reads as `{}`: many HTTP clients send `content-type: application/json` on every POST, and
    // a route whose fields are all optional (POST /v1/sync-runs) should not answer them `malformed_json`. A route
    // with required fields still answers `invalid_request`, naming them.
    const method = c.req.method;
    if (
      (method === "POST" || method === "PUT" || method === "PATCH") &&
      /^application\/json\b/i.test(c.req.header("content-type") ?? "") &&
      (c.req.header("content-length") === "0" || c.req.raw.body === null)
    ) {
      c.req.raw = new Request(c.req.raw, { body: "{}" });
    }
    await next();
  });

  app.route("/", healthRoutes);
  app.route("/", sessionsRoutes);
  app.route("/", connectionRoutes);
  app.route("/", auditEventsRoutes);
  app.route("/", meetingsRoutes);
  app.route("/", pushSettingsRoutes);
  app.route("/", ashbyCustomFieldsRoutes);
  app.route("/", pushesRoutes);
  app.route("/", writesRoutes);
  app.route("/", adminTenantRoutes);
  app.route("/", syncRunsRoutes);
  app.route("/", recordsRoutes);
  app.route("/", webhookEndpointsRoutes);
  app.route("/", webhookDeliveriesRoutes);
  registerSecuritySchemes(app);
  registerHostEvents(app);
  app.route("/", docsRoutes(app));

  app.notFound((c) => {
    const allowed = allowedMethodsFor(app.routes, c.req.path);
    const requestIdValue = c.get("requestId") ?? "unknown";
    if (allowed.length > 0) {
      c.header("Allow", allowed.join(", "));
      return c.json(
        errorBody(
          "method_not_allowed",
          `${c.req.method} is not allowed here; use ${allowed.join(", ")}.`,
          requestIdValue,
        ),
        405,
      );
    }
    return c.json(
      errorBody("route_not_found", `No route ${c.req.method} ${c.req.path}.`, requestIdValue),
      404,
    );
  });

  app.onError((error, c) => {
    const requestIdValue = (c.get("requestId") as string | undefined) ?? "unknown";
    const deps = c.get("deps") as Deps | undefined;
    const logger = deps?.logger ?? createLogger(consoleSink, { service: "edge-api" });
    if (error instanceof ApiError) {
      if (error.retryAfterSeconds !== undefined) {
        c.header("Retry-After", String(Math.max(0, Math.ceil(error.retryAfterSeconds))));
      }
      return c.json(errorBody(error.code, error.message, requestIdValue, error.details), error.status);
    }
    if (error instanceof HTTPException) {
      const code = codeForHttpException(error);
      if (code !== "internal_error") {
        return c.json(errorBody(code, error.message, requestIdValue), error.status as ContentfulStatusCode);
      }
    }
    // Unknown failures: log what happened with the request id, answer with a generic message so no stack trace,
    // SQL or upstream body ever reaches the caller.
    logger.error(error instanceof EnvError ? "configuration_invalid" : "unhandled_error", {
      requestId: requestIdValue,
      error: error instanceof EnvError ? { name: error.name, issues: error.issues } : error,
      method: c.req.method,
      path: c.req.path,
    });
    return c.json(errorBody("internal_error", "Something went wrong on our side.", requestIdValue), 500);
  });

  return app;
}

export type App = ReturnType<typeof createApp>;
