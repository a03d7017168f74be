import { endpoints } from "@ashby-kit/shared";

/** Paths the app serves outside the contract (not workspace API). */
const EXTRA_ROUTES: ReadonlyArray<{ method: string; path: string }> = [
  { method: "GET", path: "/health" },
  { method: "GET", path: "/openapi.json" },
  { method: "GET", path: "/docs" },
  { method: "GET", path: "/docs/assets/docs.css" },
];

/** The methods that exist for a path, so a wrong method gets 405 with `Allow` rather than a bare 404. */
export function allowedMethodsFor(path: string): string[] {
  const methods = new Set<string>();
  for (const route of [...Object.values(endpoints), ...EXTRA_ROUTES]) {
    if (route.path === path) {
      methods.add(route.method);
    }
  }
  return [...methods].sort();
}
