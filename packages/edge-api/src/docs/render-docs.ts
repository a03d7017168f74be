import { ERROR_CATALOG } from "@ashby-kit/shared";

/**
 * Renders the OpenAPI document as one static HTML page: every operation with its parameters, body and
 * responses, the schemas, and the error catalog. Server-rendered from the same document /openapi.json serves,
 * so the page cannot drift from the API and needs no JavaScript or third-party assets.
 */
type Json = Record<string, unknown>;

const METHODS = ["get", "post", "patch", "put", "delete"] as const;

export function escapeHtml(value: string): string {
  return value
    .replaceAll("&", "&amp;")
    .replaceAll("<", "&lt;")
    .replaceAll(">", "&gt;")
    .replaceAll('"', "&quot;")
    .replaceAll("'", "&#39;");
}

const pre = (value: unknown) => `<pre>${escapeHtml(JSON.stringify(value, null, 2))}</pre>`;
const anchor = (method: string, path: string) => `op-${method}-${path.replace(/[^A-Za-z0-9]+/g, "-")}`;

function asRecord(value: unknown): Json {
  return value !== null && typeof value === "object" ? (value as Json) : {};
}

/** The JSON schema of a request body or a response object (`content["application/json"].schema`), if any. */
function jsonSchemaOf(bodyOrResponse: unknown): unknown {
  return asRecord(asRecord(asRecord(bodyOrResponse).content)["application/json"]).schema;
}

function renderOperation(method: string, path: string, op: Json): string {
  const parameters = Array.isArray(op.parameters) ? (op.parameters as Json[]) : [];
  const body = jsonSchemaOf(op.requestBody);
  const responses = asRecord(op.responses);
  const security = Array.isArray(op.security)
    ? (op.security as Json[]).map((entry) => Object.keys(entry).join(" + ")).join(" or ")
    : "none";
  return `<section class="op" id="${anchor(method, path)}">
  <h3><span class="method ${method}">${method.toUpperCase()}</span><code>${escapeHtml(path)}</code></h3>
  <p>${escapeHtml(String(op.summary ?? ""))}</p>
  ${op.description ? `<p class="muted">${escapeHtml(String(op.description))}</p>` : ""}
  <p><strong>Auth:</strong> ${escapeHtml(security)}</p>
  ${
    parameters.length > 0
      ? `<table><tr><th>Parameter</th><th>In</th><th>Required</th><th>Description</th></tr>${parameters
          .map(
            (p) =>
              `<tr><td><code>${escapeHtml(String(p.name))}</code></td><td>${escapeHtml(String(p.in))}</td><td>${p.required ? "yes" : "no"}</td><td>${escapeHtml(String(p.description ?? asRecord(p.schema).description ?? ""))}</td></tr>`,
          )
          .join("")}</table>`
      : ""
  }
  ${body ? `<h4>Request body</h4>${pre(body)}` : ""}
  <h4>Responses</h4>
  <table><tr><th>Status</th><th>Description</th></tr>${Object.entries(responses)
    .map(
      ([status, response]) =>
        `<tr><td><code>${escapeHtml(status)}</code></td><td>${escapeHtml(String(asRecord(response).description ?? ""))}</td></tr>`,
    )
    .join("")}</table>
  <details><summary>Response schemas</summary>${pre(
    Object.fromEntries(
      Object.entries(responses).map(([status, response]) => [status, jsonSchemaOf(response) ?? null]),
    ),
  )}</details>
</section>`;
}

function renderWebhook(type: string, op: Json): string {
  return `<section class="op" id="webhook-${escapeHtml(type)}"><h3><code>${escapeHtml(type)}</code></h3>
  <p>${escapeHtml(String(op.summary ?? ""))}</p>
  <details><summary>Body</summary>${pre(jsonSchemaOf(op.requestBody) ?? null)}</details>
</section>`;
}

export function renderDocsPage(document: Json, assetsBase = "/docs/assets"): string {
  const info = asRecord(document.info);
  const paths = asRecord(document.paths);
  const schemas = asRecord(asRecord(document.components).schemas);
  const operations: { method: string; path: string; op: Json }[] = [];
  for (const [path, item] of Object.entries(paths)) {
    for (const method of METHODS) {
      const op = asRecord(item)[method];
      if (op) {
        operations.push({ method, path, op: asRecord(op) });
      }
    }
  }
  const nav = operations
    .map(
      ({ method, path }) =>
        `<a href="#${anchor(method, path)}"><strong>${method.toUpperCase()}</strong> ${escapeHtml(path)}</a>`,
    )
    .join("");
  // Host webhooks (OpenAPI 3.1 `webhooks`): one POST per event type, named by the type.
  const webhooks = Object.entries(asRecord(document.webhooks)).map(([type, item]) => ({
    type,
    op: asRecord(asRecord(item).post),
  }));
  const errors = Object.entries(ERROR_CATALOG)
    .map(
      ([code, row]) =>
        `<tr><td><code>${code}</code></td><td>${row.status}</td><td>${row.retryable ? "yes" : "no"}</td><td>${escapeHtml(row.message)}</td></tr>`,
    )
    .join("");
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(String(info.title ?? "API"))} reference</title>
<link rel="stylesheet" href="${assetsBase}/docs.css"></head>
<body><div class="layout"><nav><strong>${escapeHtml(String(info.title ?? ""))}</strong> <span class="muted">${escapeHtml(String(info.version ?? ""))}</span>
<h2>Guide</h2><a href="#auth">Authentication</a><a href="#errors">Errors</a><a href="/openapi.json">openapi.json</a>
<h2>Operations</h2>${nav}<h2>Webhooks</h2>${webhooks
    .map(({ type }) => `<a href="#webhook-${escapeHtml(type)}">${escapeHtml(type)}</a>`)
    .join("")}<h2>Schemas</h2><a href="#schemas">All schemas</a></nav>
<main><h1>${escapeHtml(String(info.title ?? ""))}</h1><p>${escapeHtml(String(info.description ?? ""))}</p>
<h2 id="auth">Authentication</h2>
<p><strong>Server to server:</strong> <code>Authorization: Bearer &lt;secret key&gt;</code> plus <code>X-Workspace-Id: &lt;your workspace id&gt;</code> on workspace routes. The key acts with owner rights; add <code>X-Acting-User-Email</code> to record who acted in the audit log. Never send a secret key from a browser: requests with an <code>Origin</code> header are refused.</p>
<p><strong>Browser (widgets):</strong> your backend calls <code>POST /v1/sessions</code> and hands the returned token to the browser, which sends <code>Authorization: Bearer &lt;token&gt;</code>. Tokens live at most an hour and carry the workspace, user email and role; the page's origin must be on your tenant's allow-list.</p>
<h2 id="errors">Errors</h2><p>Every failure has the same body: <code>{ "error": { "code", "message", "requestId", "retryable", "details"? } }</code>.</p>
<table><tr><th>Code</th><th>HTTP</th><th>Retryable</th><th>Meaning</th></tr>${errors}</table>
<h2>Operations</h2>${operations.map(({ method, path, op }) => renderOperation(method, path, op)).join("\n")}
<h2 id="webhooks">Webhooks</h2><p>Register endpoints with <code>POST /v1/webhook-endpoints</code>. Each event is a POST signed per Standard Webhooks (<code>webhook-id</code>, <code>webhook-timestamp</code>, <code>webhook-signature</code>): verify the signature with the endpoint's secret before parsing, answer 2xx, and deduplicate on <code>webhook-id</code> (failed deliveries are retried).</p>
${webhooks.map(({ type, op }) => renderWebhook(type, op)).join("\n")}
<h2 id="schemas">Schemas</h2>${Object.entries(schemas)
    .map(([name, schema]) => `<h3 id="schema-${escapeHtml(name)}">${escapeHtml(name)}</h3>${pre(schema)}`)
    .join("\n")}
</main></div></body></html>`;
}
