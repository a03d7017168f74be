import { endpoints } from "@ashby-kit/shared";

/** Paths the app serves outside the contract (not workspace API). */
const EXTRA_ROUTES: ReadonlyArray<{ method: string; path: string }> = [
  { method: "GET", path: "/health" },
  { method: "GET", path: "/openapi.json" },
  { method: "GET", path: "/docs" },
  { method: "GET", path: "/docs/assets/docs.css" },
  { method: "POST", path: "/admin/tenants" },
  { method: "GET", path: "/admin/tenants/{tenantId}" },
  { method: "PATCH", path: "/admin/tenants/{tenantId}" },
  { method: "POST", path: "/admin/tenants/{tenantId}/secret-keys" },
];

/** The methods that exist for a path, so a wrong method gets 405 with `Allow` rather than a bare 404. */
export function allowedMethodsFor(path: string): string[] {
  const methods = new Set<string>();
  for (const route of [...Object.values(endpoints), ...EXTRA_ROUTES]) {
    if (pathPattern(route.path).test(path)) {
      methods.add(route.method);
    }
  }
  return [...methods].sort();
}

function pathPattern(template: string): RegExp {
  const escaped = template.replace(/[.*+?^$()|[\]\\]/g, "\\$&").replace(/\\?\{[^}]+\\?\}/g, "[^/]+");
  return new RegExp(`^${escaped}$`);
}
