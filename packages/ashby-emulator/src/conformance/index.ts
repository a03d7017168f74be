// Node-only entry: ajv compiles validators with `new Function`, and the loader reads the file system.
export { defaultSpecPath, loadAshbySpec } from "./load-spec.ts";
export type { AshbySpec, SpecValidationResult, SpecValidator } from "./spec-validator.ts";
export { createSpecValidator } from "./spec-validator.ts";
