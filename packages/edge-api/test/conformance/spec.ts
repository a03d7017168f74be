import { type AshbySpec, loadAshbySpec } from "@ashby-kit/ashby-emulator/conformance";

/**
 * Ashby's OpenAPI document is read in place from ../shared/ashby/openapi.yml (never copied into the repo).
 * On a machine without it the conformance suites skip, saying why, instead of passing silently.
 */
export const spec: AshbySpec | null = loadAshbySpec();
export const SKIP_REASON =
  "Ashby's OpenAPI document (../shared/ashby/openapi.yml or $ASHBY_OPENAPI_PATH) is absent";

if (!spec) console.warn(`[conformance] skipped: ${SKIP_REASON}`);
