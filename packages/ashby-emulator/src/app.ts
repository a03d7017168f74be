import type { Context } from "hono";
import { Hono } from "hono";
import { createControlRoutes } from "./control-routes.ts";
import type { EndpointContext } from "./endpoint.ts";
import { ENDPOINTS } from "./endpoints/index.ts";
import { AshbyError, errorBody, successBody } from "./envelope.ts";
import { applyFaults } from "./faults.ts";
import type { EmulatorState } from "./state.ts";

type AppEnv = { Variables: { requestId: string } };

/** `Authorization: Basic base64("<apiKey>:")`; the password is ignored, as Ashby ignores it. */
function apiKeyFrom(header: string | undefined): string | null {
  if (!header) return null;
  const match = /^Basic\s+(.+)$/i.exec(header.trim());
  if (!match?.[1]) return null;
  let decoded: string;
  try {
    decoded = atob(match[1]);
  } catch {
    return null;
  }
  const colon = decoded.indexOf(":");
  const key = colon === -1 ? decoded : decoded.slice(0, colon);
  return key.length > 0 ? key : null;
}

function zodMessage(issues: ReadonlyArray<{ path: ReadonlyArray<PropertyKey>; message: string }>): string {
  return issues
    .slice(0, 5)
    .map((issue) => `${issue.path.length > 0 ? issue.path.map(String).join(".") : "body"}: ${issue.message}`)
    .join("; ");
}

function renderError(c: Context<AppEnv>, error: AshbyError) {
  for (const [name, value] of Object.entries(error.headers)) c.header(name, value);
  return c.json(
    errorBody(error.code, error.message, c.get("requestId"), error.meta),
    error.httpStatus as 200 | 401 | 403 | 404 | 429 | 500,
  );
}

export function createApp(state: EmulatorState): Hono<AppEnv> {
  const app = new Hono<AppEnv>({ strict: false });

  app.use("*", async (c, next) => {
    const requestId = state.nextRequestId();
    c.set("requestId", requestId);
    await next();
    c.res.headers.set("x-ashby-request-id", requestId);
  });

  app.route("/_emulator", createControlRoutes(state));

  app.post("/:method{[A-Za-z]+\\.[A-Za-z.]+}", async (c) => {
    const arrived = Date.now();
    let latencyMs = 0;
    const response = await answer(c, (ms) => {
      latencyMs = ms;
    });
    const remaining = latencyMs - (Date.now() - arrived);
    if (remaining > 0) await state.settings.sleep(remaining, c.req.raw.signal);
    return response;
  });

  async function answer(c: Context<AppEnv>, setLatency: (ms: number) => void): Promise<Response> {
    const method = c.req.param("method") ?? "";
    try {
      const apiKey = apiKeyFrom(c.req.header("authorization"));
      if (apiKey === null) {
        throw new AshbyError(
          "unauthenticated",
          "Authentication required: send HTTP Basic auth with your API key as the username and an empty password.",
          401,
          { "WWW-Authenticate": 'Basic realm="Ashby API"' },
        );
      }
      const key = state.keys.get(apiKey);
      const org = key ? state.orgs.get(key.orgId) : undefined;
      if (!key || !org) throw new AshbyError("invalid_api_key", "The API key is not valid.", 403);
      if (key.revoked) throw new AshbyError("invalid_api_key", "The API key has been revoked.", 403);

      org.countRequest(apiKey, method);
      setLatency(await applyFaults(state, apiKey, org.id, method, c.req.raw.signal));

      const definition = ENDPOINTS[method];
      if (!definition) {
        throw new AshbyError("endpoint_not_found", `The emulator does not implement ${method}.`, 404);
      }
      if (!key.permissions.includes(definition.permission)) {
        throw new AshbyError(
          "missing_endpoint_permission",
          `This API key lacks the ${definition.permission} permission required by ${method}.`,
          403,
        );
      }

      const text = await c.req.text();
      let raw: unknown = {};
      if (text.trim().length > 0) {
        try {
          raw = JSON.parse(text);
        } catch {
          throw new AshbyError("invalid_input", "Request payload is malformed: the body is not valid JSON.");
        }
      }
      if (raw === null || typeof raw !== "object" || Array.isArray(raw)) {
        throw new AshbyError(
          "invalid_input",
          "Request payload is malformed: the body must be a JSON object.",
        );
      }
      const parsed = definition.request.safeParse(raw);
      if (!parsed.success) {
        throw new AshbyError(
          "invalid_input",
          `Request payload is invalid: ${zodMessage(parsed.error.issues)}`,
        );
      }
      const context: EndpointContext = {
        state,
        org,
        key,
        method,
        requestId: c.get("requestId"),
        now: state.settings.now(),
      };
      return c.json(successBody(definition.handle(context, parsed.data)));
    } catch (error) {
      if (error instanceof AshbyError) return renderError(c, error);
      throw error;
    }
  }

  app.notFound((c) =>
    c.json(
      errorBody("endpoint_not_found", `No route ${c.req.method} ${c.req.path}.`, c.get("requestId")),
      404,
    ),
  );
  app.onError((error, c) => {
    if (error instanceof DOMException && error.name === "AbortError") throw error;
    console.error(`[ashby-emulator] ${c.get("requestId")}`, error);
    return c.json(
      errorBody("internal_server_error", "The emulator failed unexpectedly.", c.get("requestId")),
      500,
    );
  });
  return app;
}
