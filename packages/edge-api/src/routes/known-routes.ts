/**
 * The methods the app really serves on a path, read from the mounted routes (not from a list that could
 * drift), so a wrong method gets 405 with `Allow` rather than a bare 404.
 */
export interface MountedRoute {
  method: string;
  path: string;
}

export function allowedMethodsFor(routes: readonly MountedRoute[], path: string): string[] {
  const methods = new Set<string>();
  for (const route of routes) {
    // Middleware registrations (`ALL`, wildcards) say nothing about which methods a path serves.
    if (route.method === "ALL" || route.path.includes("*")) {
      continue;
    }
    if (pathPattern(route.path).test(path)) {
      methods.add(route.method);
    }
  }
  return [...methods].sort();
}

function pathPattern(template: string): RegExp {
  const escaped = template.replace(/[.*+?^$()|[\]\\{}]/g, "\\$&").replace(/:[A-Za-z0-9_]+/g, "[^/]+");
  return new RegExp(`^${escaped}$`);
}
