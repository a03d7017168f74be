import {
  type ApiErrorBody,
  defaultMessageForCode,
  type ErrorCode,
  isRetryableCode,
  statusForCode,
} from "@ashby-kit/shared";
import { HTTPException } from "hono/http-exception";
import type { ContentfulStatusCode } from "hono/utils/http-status";

/**
 * The one error type routes throw. It carries a code from the shared catalog, so status and retry flag are
 * never chosen by hand; `app.onError` renders it as the envelope.
 */
export class ApiError extends HTTPException {
  readonly code: ErrorCode;
  readonly details: unknown;
  /** Sent as `Retry-After` when the wait is known (Ashby said how long it is rate limiting us). */
  readonly retryAfterSeconds: number | undefined;

  constructor(
    code: ErrorCode,
    message?: string,
    details?: unknown,
    options: { retryAfterSeconds?: number } = {},
  ) {
    super(statusForCode(code) as ContentfulStatusCode, { message: message ?? defaultMessageForCode(code) });
    this.name = "ApiError";
    this.code = code;
    this.details = details;
    this.retryAfterSeconds = options.retryAfterSeconds;
  }
}

/** Hono and its validators throw plain HTTPExceptions for a few transport problems; give them our codes. */
export function codeForHttpException(error: HTTPException): ErrorCode {
  switch (error.status) {
    case 400:
      return /json/i.test(error.message) ? "malformed_json" : "invalid_request";
    case 401:
      return "unauthorized";
    case 403:
      return "forbidden";
    case 404:
      return "not_found";
    case 405:
      return "method_not_allowed";
    case 413:
      return "payload_too_large";
    case 415:
      return "unsupported_media_type";
    case 429:
      return "rate_limited";
    default:
      return error.status >= 500 ? "internal_error" : "invalid_request";
  }
}

export function errorBody(
  code: ErrorCode,
  message: string,
  requestId: string,
  details?: unknown,
): ApiErrorBody {
  return {
    error: {
      code,
      message,
      requestId,
      retryable: isRetryableCode(code),
      ...(details === undefined ? {} : { details }),
    },
  };
}
