import { ApiErrorBodySchema, ERROR_CATALOG, type ErrorCode } from "@ashby-kit/shared";

/**
 * OpenAPI `responses` entries for the error codes a route can answer with, grouped by status, so the document
 * lists exactly which codes each operation produces (and they come from the same catalog the renderer uses).
 */
export function errorResponses(...codes: ErrorCode[]) {
  const byStatus = new Map<number, ErrorCode[]>();
  for (const code of new Set<ErrorCode>([...codes, "invalid_request", "internal_error"])) {
    const status = ERROR_CATALOG[code].status;
    byStatus.set(status, [...(byStatus.get(status) ?? []), code]);
  }
  const out: Record<
    number,
    { description: string; content: { "application/json": { schema: typeof ApiErrorBodySchema } } }
  > = {};
  for (const [status, statusCodes] of [...byStatus.entries()].sort(([a], [b]) => a - b)) {
    out[status] = {
      description: `Error envelope; code is one of: ${statusCodes.map((code) => `\`${code}\``).join(", ")}.`,
      content: { "application/json": { schema: ApiErrorBodySchema } },
    };
  }
  return out;
}

export const AUTH_ERRORS: ErrorCode[] = ["unauthorized", "token_expired", "token_invalid", "forbidden"];
export const BODY_ERRORS: ErrorCode[] = ["malformed_json", "unsupported_media_type", "payload_too_large"];

/** A JSON request body; `required: false` for a route whose fields are all optional (an empty body reads as {}). */
export const jsonBody = <T>(schema: T, { required = true }: { required?: boolean } = {}) => ({
  required,
  content: { "application/json": { schema } },
});

export const jsonResponse = <T>(description: string, schema: T) => ({
  description,
  content: { "application/json": { schema } },
});
