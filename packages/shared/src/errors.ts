import { z } from "zod";

/**
 * One vocabulary of error codes for the whole kit: the edge API renders them, the widgets read them,
 * and Ashby failures are classified into the `ashby_*` ones exactly once (edge-api/src/ashby/errors.ts).
 * Adding a code means adding a row to ERROR_CATALOG below; nothing else hand-writes a status or a retry flag.
 */
export const ERROR_CATALOG = {
  // Caller mistakes (4xx, never retried as-is)
  invalid_request: { status: 400, retryable: false, message: "The request is invalid." },
  malformed_json: { status: 400, retryable: false, message: "The request body is not valid JSON." },
  unsupported_media_type: { status: 415, retryable: false, message: "Send the body as application/json." },
  payload_too_large: { status: 413, retryable: false, message: "The request body is too large." },
  unauthorized: { status: 401, retryable: false, message: "Authentication is required." },
  token_expired: { status: 401, retryable: false, message: "The session token has expired." },
  token_invalid: { status: 401, retryable: false, message: "The session token is invalid." },
  forbidden: { status: 403, retryable: false, message: "You are not allowed to do this." },
  not_found: { status: 404, retryable: false, message: "Not found." },
  route_not_found: { status: 404, retryable: false, message: "No such route." },
  method_not_allowed: { status: 405, retryable: false, message: "Method not allowed on this route." },
  conflict: { status: 409, retryable: false, message: "The request conflicts with the current state." },
  idempotency_conflict: {
    status: 409,
    retryable: false,
    message: "This idempotency key was already used with a different request body.",
  },
  rate_limited: { status: 429, retryable: true, message: "Too many requests." },

  // Connection state
  ashby_not_connected: {
    status: 409,
    retryable: false,
    message: "This workspace is not connected to Ashby.",
  },
  ashby_connection_paused: { status: 409, retryable: false, message: "The Ashby connection is paused." },
  ashby_needs_reauth: {
    status: 409,
    retryable: false,
    message: "Ashby rejected the stored API key. Reconnect Ashby with a valid key.",
  },

  // Ashby, classified once by the Ashby client
  ashby_credentials_invalid: {
    status: 422,
    retryable: false,
    message: "Ashby rejected the API key (missing, wrong or disabled).",
  },
  ashby_permissions_missing: {
    status: 422,
    retryable: false,
    message: "The Ashby API key lacks permissions the kit needs.",
  },
  ashby_rejected: { status: 422, retryable: false, message: "Ashby refused the request." },
  ashby_not_found: { status: 404, retryable: false, message: "Ashby has no such record." },
  ashby_rate_limited: { status: 503, retryable: true, message: "Ashby is rate limiting requests." },
  ashby_unavailable: { status: 503, retryable: true, message: "Ashby is temporarily unavailable." },
  ashby_timeout: { status: 504, retryable: true, message: "Ashby did not answer in time." },
  ashby_network_error: { status: 502, retryable: true, message: "Ashby could not be reached." },
  ashby_invalid_response: {
    status: 502,
    retryable: false,
    message: "Ashby answered with an unexpected shape.",
  },
  ashby_sync_token_expired: { status: 422, retryable: false, message: "Ashby's sync token has expired." },
  ashby_sync_token_invalid: { status: 422, retryable: false, message: "Ashby's sync token is invalid." },
  ashby_incremental_sync_too_large: {
    status: 422,
    retryable: false,
    message: "Too much changed since the last sync for an incremental pass.",
  },
  ashby_cursor_expired: { status: 422, retryable: false, message: "Ashby's pagination cursor has expired." },
  ashby_cursor_invalid: { status: 422, retryable: false, message: "Ashby's pagination cursor is invalid." },

  // Push-back
  push_mapping_invalid: {
    status: 422,
    retryable: false,
    message: "The push settings do not fit the custom fields of the workspace's Ashby.",
  },

  // Ours
  internal_error: { status: 500, retryable: true, message: "Something went wrong on our side." },
} as const satisfies Record<string, { status: number; retryable: boolean; message: string }>;

export type ErrorCode = keyof typeof ERROR_CATALOG;
export const ERROR_CODES = Object.keys(ERROR_CATALOG) as [ErrorCode, ...ErrorCode[]];
export const ErrorCodeSchema = z.enum(ERROR_CODES);

export function statusForCode(code: ErrorCode): number {
  return ERROR_CATALOG[code].status;
}
export function isRetryableCode(code: ErrorCode): boolean {
  return ERROR_CATALOG[code].retryable;
}
export function defaultMessageForCode(code: ErrorCode): string {
  return ERROR_CATALOG[code].message;
}

/** The single error envelope every failure of the edge API is rendered as. */
export const ApiErrorBodySchema = z
  .object({
    error: z.object({
      code: ErrorCodeSchema,
      message: z.string(),
      requestId: z.string(),
      retryable: z.boolean(),
      details: z.unknown().optional(),
    }),
  })
  .meta({ id: "ErrorEnvelope" });
export type ApiErrorBody = z.infer<typeof ApiErrorBodySchema>;
