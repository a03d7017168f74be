import type { ErrorObject, ValidateFunction } from "ajv";
import Ajv2020 from "ajv/dist/2020.js";
import addFormats from "ajv-formats";

export type AshbySpec = { paths: Record<string, Record<string, unknown>> } & Record<string, unknown>;

export interface SpecValidationResult {
  valid: boolean;
  /** `instancePath message` lines, empty when valid. */
  errors: string[];
  /** The same errors, structured (JSON pointer into the validated body, ajv keyword, message). */
  issues: Array<{ instancePath: string; keyword: string; message: string }>;
  /** JSON pointer (inside the spec) of the schema that was applied, or null when none exists. */
  schemaPointer: string | null;
}

export interface SpecValidator {
  /** Validates a request body against `paths./<endpoint>.post.requestBody`. `endpoint` is `candidate.list` or `/candidate.list`. */
  validateRequest(endpoint: string, body: unknown): SpecValidationResult;
  /**
   * Validates a response body against the spec's schema for that HTTP status. Ashby documents 200 for most
   * endpoints only; for any other status without its own schema the spec's shared error envelope (the
   * "Error response" schema, first declared under report.generate's 429) applies.
   */
  validateResponse(endpoint: string, httpStatus: number, body: unknown): SpecValidationResult;
  /** Endpoints (`candidate.list`, …) the document declares. */
  endpoints(): string[];
}

const DOC_ID = "ashby-openapi";
const SHARED_ERROR_POINTER = "/paths/~1report.generate/post/responses/429/content/application~1json/schema";

function escapePointerToken(token: string): string {
  return token.replace(/~/g, "~0").replace(/\//g, "~1");
}

function formatErrors(errors: ErrorObject[] | null | undefined): string[] {
  return (errors ?? []).map((error) => `${error.instancePath || "/"} ${error.message ?? error.keyword}`);
}

function toIssues(errors: ErrorObject[] | null | undefined): SpecValidationResult["issues"] {
  return (errors ?? []).map((error) => ({
    instancePath: error.instancePath,
    keyword: error.keyword,
    message: error.message ?? error.keyword,
  }));
}

/**
 * One ajv instance holds the whole OpenAPI document as a single schema, because the spec's schemas point
 * into each other by document pointers (`#/paths/~1job.info/...`) rather than through `components`.
 * Validators compile lazily, per pointer, and are cached.
 */
export function createSpecValidator(spec: AshbySpec): SpecValidator {
  const ajv = new Ajv2020({ strict: false, allErrors: true, validateFormats: true });
  addFormats(ajv);
  // Ashby annotates money amounts with a non-standard `format: currency`; it constrains nothing.
  ajv.addFormat("currency", true);
  ajv.addSchema(spec as object, DOC_ID);
  const cache = new Map<string, ValidateFunction | null>();

  function operation(endpoint: string): Record<string, unknown> | null {
    const path = endpoint.startsWith("/") ? endpoint : `/${endpoint}`;
    const op = spec.paths[path]?.post;
    return op && typeof op === "object" ? (op as Record<string, unknown>) : null;
  }

  function compiled(pointer: string): ValidateFunction | null {
    if (!cache.has(pointer)) cache.set(pointer, ajv.getSchema(`${DOC_ID}#${pointer}`) ?? null);
    return cache.get(pointer) ?? null;
  }

  function run(pointer: string | null, body: unknown, missing: string): SpecValidationResult {
    if (pointer === null) {
      return {
        valid: false,
        errors: [missing],
        issues: [{ instancePath: "", keyword: "schema", message: missing }],
        schemaPointer: null,
      };
    }
    const validate = compiled(pointer);
    if (!validate) {
      const message = `no schema at ${pointer}`;
      return {
        valid: false,
        errors: [message],
        issues: [{ instancePath: "", keyword: "schema", message }],
        schemaPointer: pointer,
      };
    }
    const valid = validate(body) === true;
    return {
      valid,
      errors: valid ? [] : formatErrors(validate.errors),
      issues: valid ? [] : toIssues(validate.errors),
      schemaPointer: pointer,
    };
  }

  return {
    validateRequest(endpoint, body) {
      const op = operation(endpoint);
      const path = escapePointerToken(endpoint.startsWith("/") ? endpoint : `/${endpoint}`);
      const requestBody = op?.requestBody as { content?: Record<string, { schema?: unknown }> } | undefined;
      const contentType = requestBody?.content
        ? Object.keys(requestBody.content).find((type) => requestBody.content?.[type]?.schema !== undefined)
        : undefined;
      const pointer =
        op && contentType
          ? `/paths/${path}/post/requestBody/content/${escapePointerToken(contentType)}/schema`
          : null;
      return run(pointer, body, `the spec declares no request body for ${endpoint}`);
    },
    validateResponse(endpoint, httpStatus, body) {
      const op = operation(endpoint);
      if (!op) return run(null, body, `the spec declares no endpoint ${endpoint}`);
      const path = escapePointerToken(endpoint.startsWith("/") ? endpoint : `/${endpoint}`);
      const responses = (op.responses ?? {}) as Record<string, { content?: Record<string, unknown> }>;
      const key = [String(httpStatus), `${String(httpStatus).charAt(0)}XX`, "default"].find(
        (candidate) => responses[candidate]?.content?.["application/json"] !== undefined,
      );
      const pointer = key
        ? `/paths/${path}/post/responses/${key}/content/application~1json/schema`
        : httpStatus === 200
          ? null
          : SHARED_ERROR_POINTER;
      return run(pointer, body, `the spec declares no JSON response for ${endpoint} ${httpStatus}`);
    },
    endpoints() {
      return Object.keys(spec.paths)
        .filter((path) => operation(path) !== null)
        .map((path) => path.slice(1));
    },
  };
}
