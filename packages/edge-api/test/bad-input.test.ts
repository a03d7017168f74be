// Throws a few hundred malformed requests at every route and asserts each gets a 4xx with a known error code in
// the one envelope, never a 5xx. Generated from the route list so a new route is covered by adding it below.

import { env } from "cloudflare:test";
import { exports } from "cloudflare:workers";
import { ApiErrorBodySchema, endpoints } from "@ashby-kit/shared";
import { beforeAll, describe, expect, it } from "vitest";
import { api, BASE, DEV_KEY, freshDatabase, mintSession } from "./helpers";

interface Case {
  name: string;
  method: string;
  path: string;
  headers?: Record<string, string>;
  body?: BodyInit;
  stream?: boolean;
}

interface BodyRoute {
  method: string;
  path: string;
  auth: "tenant" | "admin" | "session";
  valid: Record<string, unknown>;
  /** Fields that must be present. */
  required: string[];
}

let ownerToken = "";
let tenantId = "";
const ADMIN = () => `Bearer ${env.ADMIN_TOKEN}`;

function authHeaders(kind: BodyRoute["auth"]): Record<string, string> {
  switch (kind) {
    case "tenant":
      return { authorization: `Bearer ${DEV_KEY}`, "x-workspace-id": "demo" };
    case "admin":
      return { authorization: ADMIN() };
    case "session":
      return { authorization: `Bearer ${ownerToken}` };
  }
}

const bodyRoutes = (): BodyRoute[] => [
  {
    method: "POST",
    path: endpoints.createSession.path,
    auth: "tenant",
    valid: { workspaceId: "demo", user: { email: "a@demo.test", role: "owner" }, ttlSeconds: 600 },
    required: ["workspaceId", "user"],
  },
  {
    method: "POST",
    path: endpoints.connect.path,
    auth: "session",
    valid: { apiKey: "definitely-not-a-valid-ashby-key", syncInterval: "6h", adminEmail: "x@y.test" },
    required: ["apiKey"],
  },
  {
    method: "PATCH",
    path: endpoints.updateConnection.path,
    auth: "tenant",
    valid: { syncInterval: "12h", paused: true },
    required: [],
  },
  {
    method: "POST",
    path: "/admin/tenants",
    auth: "admin",
    valid: { name: "Host", allowedOrigins: ["https://a.test"] },
    required: ["name"],
  },
  {
    method: "PATCH",
    path: `/admin/tenants/${"{tenantId}"}`,
    auth: "admin",
    valid: { name: "Renamed", allowedOrigins: ["https://b.test"] },
    required: [],
  },
];

const WRONG_VALUES: unknown[] = [null, -1, 1.5, true, "", "x".repeat(5000), {}, ["\u0000"], "🙂\u0000"];
const BAD_JSON = [
  "{",
  '{"a":',
  "nul",
  "[1,2",
  "{'a':1}",
  '{"a":1,}',
  '{"a":1}}',
  "\u00ef\u00bb\u00bf{}",
  '{"a":"\\x"}',
  "undefined",
];
const WRONG_CONTENT_TYPES = [
  "text/plain",
  "application/x-www-form-urlencoded",
  "multipart/form-data; boundary=x",
  "application/xml",
];

function bodyCases(route: BodyRoute): Case[] {
  const path = route.path.replace("{tenantId}", tenantId);
  const headers = { ...authHeaders(route.auth), "content-type": "application/json" };
  const send = (name: string, body: unknown): Case => ({
    name: `${route.method} ${route.path}: ${name}`,
    method: route.method,
    path,
    headers,
    body: JSON.stringify(body),
  });
  const cases: Case[] = [];
  for (const raw of BAD_JSON) {
    cases.push({
      name: `${route.method} ${route.path}: bad JSON ${JSON.stringify(raw)}`,
      method: route.method,
      path,
      headers,
      body: raw,
    });
  }
  for (const contentType of WRONG_CONTENT_TYPES) {
    cases.push({
      name: `${route.method} ${route.path}: content-type ${contentType}`,
      method: route.method,
      path,
      headers: { ...headers, "content-type": contentType },
      body: JSON.stringify(route.valid),
    });
  }
  for (const whole of [null, [], [route.valid], 42, "string", true, {}]) {
    if (route.required.length === 0 && JSON.stringify(whole) === "{}") {
      cases.push(send("empty object (nothing to change)", whole));
      continue;
    }
    cases.push(send(`body ${JSON.stringify(whole)?.slice(0, 30)}`, whole));
  }
  for (const field of Object.keys(route.valid)) {
    for (const wrong of WRONG_VALUES) {
      cases.push(
        send(`${field} = ${JSON.stringify(wrong).slice(0, 20)}`, { ...route.valid, [field]: wrong }),
      );
    }
  }
  for (const field of route.required) {
    const { [field]: _dropped, ...rest } = route.valid;
    cases.push(send(`missing ${field}`, rest));
  }
  for (const extra of [{ extra: 1 }, { id: "x" }, { status: "active" }, { tenantId: "ten_x" }]) {
    cases.push(send(`unknown field ${Object.keys(extra)[0]}`, { ...route.valid, ...extra }));
  }
  cases.push(send("oversized body (70 KB)", { ...route.valid, padding: "p".repeat(70 * 1024) }));
  cases.push({
    name: `${route.method} ${route.path}: oversized streamed body without content-length`,
    method: route.method,
    path,
    headers,
    body: `{"padding":"${"p".repeat(200 * 1024)}"}`,
    stream: true,
  });
  return cases;
}

const BAD_AUTH: Record<string, string>[] = [
  {},
  { authorization: "" },
  { authorization: "Bearer" },
  { authorization: "Bearer " },
  { authorization: "Basic dXNlcjpwYXNz" },
  { authorization: "Token abc" },
  { authorization: "Bearer a.b.c" },
  { authorization: "Bearer ..." },
  { authorization: `Bearer ${"x".repeat(300)}` },
  { authorization: `Bearer ${"e".repeat(20)}.${"f".repeat(20)}.${"g".repeat(20)}` },
  { authorization: "Bearer ak_sk_wrong_key_but_well_formed_000000000000000" },
  { authorization: `Bearer ${DEV_KEY}`, "x-workspace-id": "" },
  { authorization: `Bearer ${DEV_KEY}`, "x-workspace-id": "has space" },
  { authorization: `Bearer ${DEV_KEY}`, "x-workspace-id": "w".repeat(200) },
  { authorization: `Bearer ${DEV_KEY}`, "x-workspace-id": "-leading-dash" },
  { authorization: `Bearer ${DEV_KEY}`, "x-acting-user-email": "not-an-email", "x-workspace-id": "demo" },
  { authorization: `Bearer ${DEV_KEY}`, "x-workspace-id": "demo", origin: "https://not-allowed.test" },
];

/** This suite's own routes get every bad credential; the rest of the contract gets a sample of them. */
const OWN_ROUTES = new Set([
  endpoints.createSession,
  endpoints.getConnection,
  endpoints.connect,
  endpoints.updateConnection,
  endpoints.disconnect,
  endpoints.getRequirements,
  endpoints.listAuditEvents,
] as unknown[]);

function authCases(): Case[] {
  const cases: Case[] = [];
  for (const endpoint of Object.values(endpoints)) {
    const variants = OWN_ROUTES.has(endpoint) ? BAD_AUTH : [BAD_AUTH[0], BAD_AUTH[6], BAD_AUTH[10]];
    for (const headers of variants) {
      if (!headers) {
        continue;
      }
      const isSession = endpoint.path === endpoints.createSession.path;
      // For POST /v1/sessions a valid key with any workspace header is fine; only test credentials there.
      if (isSession && headers.authorization === `Bearer ${DEV_KEY}` && !headers.origin) {
        continue;
      }
      cases.push({
        name: `${endpoint.method} ${endpoint.path}: auth ${JSON.stringify(headers).slice(0, 60)}`,
        method: endpoint.method,
        path: endpoint.path,
        headers: { ...headers, "content-type": "application/json" },
        ...(endpoint.method === "GET" || endpoint.method === "DELETE" ? {} : { body: "{}" }),
      });
    }
  }
  for (const path of ["/admin/tenants", "/admin/tenants/ten_x"]) {
    for (const authorization of [
      "",
      "Bearer",
      `Bearer ${DEV_KEY}`,
      "Bearer wrong-admin-token-of-some-length-000000",
    ]) {
      cases.push({
        name: `admin ${path} auth ${authorization.slice(0, 20)}`,
        method: "GET",
        path,
        headers: { authorization },
      });
    }
  }
  return cases;
}

function routingCases(): Case[] {
  const cases: Case[] = [];
  const knownPaths = [...new Set(Object.values(endpoints).map((e) => e.path))];
  for (const path of knownPaths) {
    const own = [...OWN_ROUTES].some((route) => (route as { path: string }).path === path);
    for (const method of own ? ["PUT", "GET", "POST", "PATCH", "DELETE"] : ["PUT"]) {
      const exists = Object.values(endpoints).some((e) => e.path === path && e.method === method);
      if (!exists) {
        cases.push({
          name: `${method} ${path}: wrong method`,
          method,
          path,
          headers: { authorization: `Bearer ${ownerToken}` },
        });
      }
    }
  }
  for (const path of [
    "/",
    "/v1",
    "/v1/",
    "/v1/nope",
    "/v2/connection",
    "/v1/connection/",
    "/v1/connection/x",
    "/v1/connection/requirements/extra",
    "/v1/sessions/abc",
    "/v1/../admin/tenants",
    "/v1/connection%00",
    `/v1/${"a".repeat(2000)}`,
    "/admin",
    "/admin/tenants/ten_x/secret-keys/extra",
    "/openapi.yaml",
    "/docs/assets/app.js",
  ]) {
    cases.push({
      name: `GET ${path.slice(0, 40)}: unknown route`,
      method: "GET",
      path,
      headers: { authorization: `Bearer ${ownerToken}` },
    });
  }
  return cases;
}

function queryCases(): Case[] {
  const headers = { authorization: `Bearer ${ownerToken}` };
  const cases: Case[] = [];
  for (const query of [
    "limit=abc",
    "limit=0",
    "limit=-1",
    "limit=101",
    "limit=1.5",
    "limit=1e9",
    "cursor=!!!",
    `cursor=${"c".repeat(300)}`,
    "cursor=a%00b",
    "type=bogus",
    "type=",
    "limit=10&type=connection.nope",
  ]) {
    cases.push({
      name: `GET audit-events?${query.slice(0, 30)}`,
      method: "GET",
      path: `/v1/audit-events?${query}`,
      headers,
    });
  }
  for (const query of ["purge=yes", "purge=1", "purge=TRUE", "purge="]) {
    cases.push({
      name: `DELETE connection?${query}`,
      method: "DELETE",
      path: `/v1/connection?${query}`,
      headers,
    });
  }
  return cases;
}

async function send(testCase: Case): Promise<Response> {
  if (!testCase.stream) {
    return api(testCase.path, {
      method: testCase.method,
      ...(testCase.headers ? { headers: testCase.headers } : {}),
      ...(testCase.body === undefined ? {} : { body: testCase.body }),
    });
  }
  const bytes = new TextEncoder().encode(String(testCase.body));
  const stream = new ReadableStream<Uint8Array>({
    start(controller) {
      for (let offset = 0; offset < bytes.length; offset += 16 * 1024) {
        controller.enqueue(bytes.slice(offset, offset + 16 * 1024));
      }
      controller.close();
    },
  });
  return exports.default.fetch(
    new Request(`${BASE}${testCase.path}`, {
      method: testCase.method,
      ...(testCase.headers ? { headers: testCase.headers } : {}),
      body: stream,
      duplex: "half",
    } as RequestInit),
  );
}

describe("bad input never gets a 5xx", () => {
  beforeAll(async () => {
    await freshDatabase();
    ({ token: ownerToken } = await mintSession("demo", { email: "o@demo.test", role: "owner" }));
    const res = await api("/admin/tenants", {
      method: "POST",
      headers: { authorization: ADMIN(), "content-type": "application/json" },
      body: JSON.stringify({ name: "Fuzz host" }),
    });
    tenantId = ((await res.json()) as { tenant: { id: string } }).tenant.id;
    // PATCH /v1/connection needs a connection to reach its body checks past "not connected"; insert one directly.
    await env.DB.prepare(
      `INSERT INTO connections (id, tenant_id, workspace_id, status, sync_interval, granted_scopes, missing_permissions, created_at, updated_at)
       VALUES ('conn_fuzz', 'ten_demo', 'ws_demo', 'needs_reauth', '24h', '[]', '[]', 0, 0)`,
    ).run();
  });

  it("answers hundreds of malformed requests with 4xx and a known code in the envelope", async () => {
    const cases = [...bodyRoutes().flatMap(bodyCases), ...authCases(), ...routingCases(), ...queryCases()];
    expect(cases.length).toBeGreaterThanOrEqual(300);
    const failures: string[] = [];
    const codes = new Map<string, number>();
    // Four at a time: D1 round trips dominate, and the worker must cope with concurrent bad requests anyway.
    const results: { testCase: Case; res: Response; text: string }[] = [];
    for (let i = 0; i < cases.length; i += 4) {
      results.push(
        ...(await Promise.all(
          cases.slice(i, i + 4).map(async (testCase) => {
            const res = await send(testCase);
            return { testCase, res, text: await res.text() };
          }),
        )),
      );
    }
    for (const { testCase, res, text } of results) {
      let parsed: ReturnType<typeof ApiErrorBodySchema.safeParse> | undefined;
      try {
        parsed = ApiErrorBodySchema.safeParse(JSON.parse(text));
      } catch {
        parsed = undefined;
      }
      if (res.status < 400 || res.status >= 500 || !parsed?.success) {
        failures.push(`${testCase.name} → ${res.status} ${text.slice(0, 160)}`);
        continue;
      }
      expect(parsed.data.error.requestId).toBe(res.headers.get("x-request-id"));
      codes.set(parsed.data.error.code, (codes.get(parsed.data.error.code) ?? 0) + 1);
    }
    expect(failures).toEqual([]);
    console.info(`bad-input: ${cases.length} requests, codes ${JSON.stringify(Object.fromEntries(codes))}`);
    // The suite really reaches each kind of refusal, not just the first gate.
    for (const code of [
      "invalid_request",
      "malformed_json",
      "unsupported_media_type",
      "payload_too_large",
      "unauthorized",
      "token_invalid",
      "forbidden",
      "route_not_found",
      "method_not_allowed",
    ]) {
      expect(codes.get(code) ?? 0, `code ${code} in ${JSON.stringify([...codes])}`).toBeGreaterThan(0);
    }
  }, 120_000);
});
