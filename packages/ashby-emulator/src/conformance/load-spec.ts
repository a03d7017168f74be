import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { parse } from "yaml";
import type { AshbySpec } from "./spec-validator.ts";

/**
 * Where Ashby's OpenAPI document lives on a development machine: `../shared/ashby/openapi.yml` next to the
 * repository. The document is Ashby's, so it is read in place and never copied into the repo.
 */
export function defaultSpecPath(): string {
  const here = path.dirname(fileURLToPath(import.meta.url));
  // src/conformance (or dist/conformance) → package → packages → repo root
  const repoRoot = path.resolve(here, "../../../..");
  return process.env.ASHBY_OPENAPI_PATH ?? path.resolve(repoRoot, "../shared/ashby/openapi.yml");
}

/** Reads and parses the spec; `null` when the file is absent, so suites can skip with a message. */
export function loadAshbySpec(specPath: string = defaultSpecPath()): AshbySpec | null {
  if (!existsSync(specPath)) return null;
  const document: unknown = parse(readFileSync(specPath, "utf8"), { maxAliasCount: -1 });
  if (!document || typeof document !== "object" || !("paths" in document)) {
    throw new Error(`${specPath} is not an OpenAPI document (no "paths").`);
  }
  return document as AshbySpec;
}
