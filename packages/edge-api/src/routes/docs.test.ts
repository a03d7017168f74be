import { endpoints, HOST_EVENT_TYPES } from "@ashby-kit/shared";
import { describe, expect, it } from "vitest";
import { api } from "../../test/helpers";

type Json = Record<string, unknown>;

function refsIn(value: unknown, out: string[] = []): string[] {
  if (Array.isArray(value)) {
    for (const item of value) {
      refsIn(item, out);
    }
  } else if (value && typeof value === "object") {
    for (const [key, inner] of Object.entries(value)) {
      if (key === "$ref" && typeof inner === "string") {
        out.push(inner);
      } else {
        refsIn(inner, out);
      }
    }
  }
  return out;
}

describe("/openapi.json", () => {
  it("is OpenAPI 3.1 and documents every endpoint of the shared contract", async () => {
    const res = await api("/openapi.json");
    expect(res.status).toBe(200);
    const doc = (await res.json()) as {
      openapi: string;
      paths: Record<string, Json>;
      components: { schemas: Json };
    };
    expect(doc.openapi).toBe("3.1.0");
    for (const [name, endpoint] of Object.entries(endpoints)) {
      const operation = doc.paths[endpoint.path]?.[endpoint.method.toLowerCase()];
      expect(operation, `${name} ${endpoint.method} ${endpoint.path}`).toBeDefined();
    }
  });

  it("describes bodies and responses with the shared schemas, and every $ref resolves", async () => {
    const doc = (await (await api("/openapi.json")).json()) as {
      paths: Record<string, Record<string, Json>>;
      components: { schemas: Record<string, Json>; securitySchemes: Json };
    };
    for (const name of [
      "Connection",
      "ConnectAshbyRequest",
      "CreateSessionRequest",
      "ErrorEnvelope",
      "AuditEventList",
    ]) {
      expect(doc.components.schemas[name], name).toBeDefined();
    }
    expect(Object.keys(doc.components.securitySchemes)).toEqual(
      expect.arrayContaining(["secretKey", "sessionToken", "adminToken"]),
    );
    for (const ref of refsIn(doc)) {
      const name = ref.replace("#/components/schemas/", "");
      expect(doc.components.schemas[name], ref).toBeDefined();
    }
    const connect = doc.paths["/v1/connection"]?.post as Json;
    expect(JSON.stringify(connect.requestBody)).toContain("ConnectAshbyRequest");
    const responses = connect.responses as Record<string, Json>;
    expect(Object.keys(responses)).toEqual(
      expect.arrayContaining(["201", "400", "401", "403", "409", "422"]),
    );
    expect(String(responses["422"]?.description)).toContain("ashby_permissions_missing");
    // Unknown fields are refused, and the document says so.
    const request = doc.components.schemas.ConnectAshbyRequest as Json;
    expect(request.additionalProperties).toBe(false);
  });

  it("documents every host webhook with its body schema", async () => {
    const doc = (await (await api("/openapi.json")).json()) as {
      webhooks: Record<string, { post?: { requestBody?: Json } }>;
      components: { schemas: Record<string, Json> };
    };
    expect(Object.keys(doc.webhooks).sort()).toEqual([...HOST_EVENT_TYPES].sort());
    for (const type of HOST_EVENT_TYPES) {
      expect(JSON.stringify(doc.webhooks[type]?.post?.requestBody), type).toContain(`"enum":["${type}"]`);
    }
    expect(JSON.stringify(doc.webhooks["records.changed"])).toContain("RecordsChangedData");
    expect(JSON.stringify(doc.components.schemas.RecordsChangedData)).toContain("truncated");
  });
});

describe("/docs", () => {
  it("serves a readable reference page with only same-origin assets", async () => {
    const res = await api("/docs");
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toContain("text/html");
    expect(res.headers.get("content-security-policy")).toContain("default-src 'none'");
    const html = await res.text();
    for (const endpoint of Object.values(endpoints)) {
      expect(html).toContain(endpoint.path);
    }
    expect(html).toContain("ashby_permissions_missing");
    expect(html).toContain("X-Workspace-Id");
    for (const type of HOST_EVENT_TYPES) {
      expect(html).toContain(`id="webhook-${type}"`);
    }
    const externals = [...html.matchAll(/(?:src|href)="([^"]+)"/g)].map((match) => match[1] ?? "");
    expect(externals.length).toBeGreaterThan(0);
    for (const url of externals) {
      expect(url, url).toMatch(/^(\/|#)/);
    }
  });

  it("serves its stylesheet itself", async () => {
    const res = await api("/docs/assets/docs.css");
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toContain("text/css");
    expect(await res.text()).toContain(".method.post");
  });

  it("escapes text taken from the document", async () => {
    const { escapeHtml } = await import("../docs/render-docs");
    expect(escapeHtml(`<script>alert("x")</script>&'`)).toBe(
      "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;&amp;&#39;",
    );
  });
});
