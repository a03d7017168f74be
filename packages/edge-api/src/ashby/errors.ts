import { ERROR_CATALOG, type ErrorCode } from "@ashby-kit/shared";
import { z } from "zod";

/**
 * Every way an Ashby call can fail, as data. `classifyAshbyResponse` and `classifyThrown` are the only places
 * that decide which code a failure gets, so the edge API, the sync engine and the write-back consumer never
 * look at HTTP statuses or Ashby's own codes themselves.
 */
export const ASHBY_CLIENT_ERROR_CODES = [
  "ashby_credentials_invalid",
  "ashby_permissions_missing",
  "ashby_rejected",
  "ashby_not_found",
  "ashby_rate_limited",
  "ashby_unavailable",
  "ashby_timeout",
  "ashby_network_error",
  "ashby_invalid_response",
  "ashby_sync_token_expired",
  "ashby_sync_token_invalid",
  "ashby_incremental_sync_too_large",
  "ashby_cursor_expired",
  "ashby_cursor_invalid",
] as const satisfies readonly ErrorCode[];

export const AshbyErrorCodeSchema = z.enum(ASHBY_CLIENT_ERROR_CODES);
export type AshbyErrorCode = z.infer<typeof AshbyErrorCodeSchema>;

/** Serialisable, so the write-back consumer can keep the last error on a job row and read it back. */
export const AshbyErrorSchema = z.object({
  code: AshbyErrorCodeSchema,
  retryable: z.boolean(),
  retryAfterSeconds: z.number().nonnegative().optional(),
  ashbyCode: z.string().optional(),
  ashbyRequestId: z.string().optional(),
  httpStatus: z.number().int().optional(),
  /**
   * `X-RateLimit-Scope` of a 429. Ashby sends `integration-partner` when it throttles a partner's traffic across
   * all organisations (a per-key 429 has no such header), which calls for backing off every connection, not one.
   */
  rateLimitScope: z.string().optional(),
  message: z.string(),
});
export type AshbyError = z.infer<typeof AshbyErrorSchema>;

/** Ashby's envelope codes that get a code of their own; everything else under success:false is `ashby_rejected`. */
const ASHBY_CODE_MAP: Readonly<Record<string, AshbyErrorCode>> = {
  missing_endpoint_permission: "ashby_permissions_missing",
  sync_token_expired: "ashby_sync_token_expired",
  sync_token_invalid: "ashby_sync_token_invalid",
  incremental_sync_too_large: "ashby_incremental_sync_too_large",
  next_cursor_expired: "ashby_cursor_expired",
  invalid_next_cursor: "ashby_cursor_invalid",
  // Older spelling seen in Airbyte's fixtures ("Invalid cursor '…'").
  cursor_invalid: "ashby_cursor_invalid",
  rate_limit_exceeded: "ashby_rate_limited",
  concurrent_limit_exceeded: "ashby_rate_limited",
  // An unknown method is our mistake, not a missing record.
  endpoint_not_found: "ashby_rejected",
};

export function ashbyError(
  code: AshbyErrorCode,
  details: Omit<Partial<AshbyError>, "code" | "retryable"> = {},
): AshbyError {
  const error: AshbyError = {
    code,
    retryable: ERROR_CATALOG[code].retryable,
    message: details.message ?? ERROR_CATALOG[code].message,
  };
  if (details.retryAfterSeconds !== undefined) error.retryAfterSeconds = details.retryAfterSeconds;
  if (details.ashbyCode !== undefined) error.ashbyCode = details.ashbyCode;
  if (details.ashbyRequestId !== undefined) error.ashbyRequestId = details.ashbyRequestId;
  if (details.httpStatus !== undefined) error.httpStatus = details.httpStatus;
  if (details.rateLimitScope !== undefined) error.rateLimitScope = details.rateLimitScope;
  return error;
}

/** The one predicate the edge API uses to move a connection to `needs_reauth`. */
export function isAuthFailure(error: AshbyError): boolean {
  return error.code === "ashby_credentials_invalid" || error.code === "ashby_permissions_missing";
}

/**
 * `warnings` are Ashby's "succeeded, but something minor failed" notes (e.g. created, but some metadata was not
 * attached); present only when Ashby sent some.
 */
export type AshbyResult<T> =
  | { ok: true; value: T; requestId?: string; warnings?: string[] }
  | { ok: false; error: AshbyError };

/** What the parse step of a 200 success body may return (a zod schema's safeParse fits). */
export type EnvelopeParser<T> = {
  safeParse(
    input: unknown,
  ): { success: true; data: T } | { success: false; error: { issues: readonly unknown[] } };
};

/**
 * Ashby's error envelope, read leniently: `errors` is deprecated and seen both as strings and as objects, and
 * `errorInfo` may be null. A malformed part is ignored (`.catch`) rather than turning a refusal into
 * `ashby_invalid_response`: `success:false` alone is enough to know Ashby said no.
 */
const ErrorEnvelopeSchema = z.looseObject({
  success: z.literal(false),
  errorInfo: z
    .looseObject({
      code: z.string().optional().catch(undefined),
      message: z.string().optional().catch(undefined),
      requestId: z.string().optional().catch(undefined),
    })
    .nullish()
    .catch(undefined),
  errors: z
    .array(
      z
        .union([
          z.string(),
          z.looseObject({ message: z.string().optional(), parameter: z.string().optional() }),
        ])
        .catch(() => ({})),
    )
    .nullish()
    .catch(undefined),
});

type EnvelopeDetails = { ashbyCode?: string; message?: string; requestId?: string };

function readErrorEnvelope(body: unknown): EnvelopeDetails | null {
  const parsed = ErrorEnvelopeSchema.safeParse(body);
  if (!parsed.success) return null;
  const { errorInfo, errors } = parsed.data;
  const details: EnvelopeDetails = {};
  if (errorInfo?.requestId) details.requestId = errorInfo.requestId;
  if (errorInfo?.code) details.ashbyCode = errorInfo.code;
  if (errorInfo?.message) details.message = errorInfo.message;
  const first = errors?.[0];
  if (typeof first === "string") {
    details.ashbyCode ??= first;
  } else if (first) {
    const text = first.parameter ? `${first.parameter}: ${first.message ?? "invalid"}` : first.message;
    if (text) details.message ??= text;
  }
  return details;
}

/** Retry-After is either delta-seconds or an HTTP date; anything else is ignored rather than guessed at. */
export function parseRetryAfter(value: string | null, nowMs: number): number | undefined {
  if (value === null) return undefined;
  const trimmed = value.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed);
  const at = Date.parse(trimmed);
  if (Number.isNaN(at)) return undefined;
  return Math.max(0, Math.ceil((at - nowMs) / 1000));
}

function parseJson(text: string): { ok: true; value: unknown } | { ok: false } {
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch {
    return { ok: false };
  }
}

function codeForEnvelope(ashbyCode: string | undefined): AshbyErrorCode {
  if (ashbyCode === undefined) return "ashby_rejected";
  const mapped = ASHBY_CODE_MAP[ashbyCode];
  if (mapped) return mapped;
  if (ashbyCode.endsWith("_not_found")) return "ashby_not_found";
  return "ashby_rejected";
}

function codeForStatus(status: number, ashbyCode: string | undefined): AshbyErrorCode {
  if (ashbyCode === "missing_endpoint_permission") return "ashby_permissions_missing";
  if (status === 401 || status === 403) return "ashby_credentials_invalid";
  if (status === 429) return "ashby_rate_limited";
  if (status === 408) return "ashby_timeout";
  if (status >= 500) return "ashby_unavailable";
  return codeForEnvelope(ashbyCode);
}

/**
 * Turn one HTTP exchange with Ashby into a result. Ashby answers most failures with HTTP 200 and
 * `success:false`, so the status alone never decides success; `parser` validates the success body and a
 * shape mismatch is `ashby_invalid_response` (never a silent empty page).
 */
export function classifyAshbyResponse<T>(
  status: number,
  headers: Headers,
  body: string,
  parser: EnvelopeParser<T>,
  nowMs: number = Date.now(),
): AshbyResult<T> {
  const headerRequestId = headers.get("x-ashby-request-id") ?? undefined;
  const json = parseJson(body);
  // Only a `success:false` body can be an error envelope; checking first spares every good answer a schema pass.
  const envelope = json.ok && isFailureFlagged(json.value) ? readErrorEnvelope(json.value) : null;
  const requestId = envelope?.requestId ?? headerRequestId;
  const base = {
    httpStatus: status,
    ...(requestId !== undefined && { ashbyRequestId: requestId }),
    ...(envelope?.ashbyCode !== undefined && { ashbyCode: envelope.ashbyCode }),
  };

  if (status !== 200) {
    const code = codeForStatus(status, envelope?.ashbyCode);
    const retryAfterSeconds = parseRetryAfter(headers.get("retry-after"), nowMs);
    const rateLimitScope = headers.get("x-ratelimit-scope") ?? undefined;
    return {
      ok: false,
      error: ashbyError(code, {
        ...base,
        ...(envelope?.message !== undefined && { message: envelope.message }),
        ...(retryAfterSeconds !== undefined && (code === "ashby_rate_limited" || code === "ashby_unavailable")
          ? { retryAfterSeconds }
          : {}),
        ...(rateLimitScope !== undefined && code === "ashby_rate_limited" && { rateLimitScope }),
      }),
    };
  }

  if (!json.ok) {
    return {
      ok: false,
      error: ashbyError("ashby_invalid_response", {
        ...base,
        message: "Ashby answered HTTP 200 with a body that is not JSON.",
      }),
    };
  }
  if (envelope) {
    return {
      ok: false,
      error: ashbyError(codeForEnvelope(envelope.ashbyCode), {
        ...base,
        ...(envelope.message !== undefined && { message: envelope.message }),
      }),
    };
  }
  const success = json.value as { success?: unknown } | null;
  if (typeof success !== "object" || success === null || success.success !== true) {
    return {
      ok: false,
      error: ashbyError("ashby_invalid_response", {
        ...base,
        message: "Ashby answered HTTP 200 without a success flag.",
      }),
    };
  }
  const parsed = parser.safeParse(json.value);
  if (!parsed.success) {
    return {
      ok: false,
      error: ashbyError("ashby_invalid_response", {
        ...base,
        message: `Ashby's response did not match the expected shape: ${summariseIssues(parsed.error.issues)}`,
      }),
    };
  }
  const result: AshbyResult<T> = { ok: true, value: parsed.data };
  if (requestId !== undefined) result.requestId = requestId;
  const warnings = readWarnings(json.value);
  if (warnings.length > 0) result.warnings = warnings;
  return result;
}

function isFailureFlagged(body: unknown): boolean {
  return typeof body === "object" && body !== null && (body as { success?: unknown }).success === false;
}

function readWarnings(body: unknown): string[] {
  const warnings = (body as { warnings?: unknown }).warnings;
  return Array.isArray(warnings) ? warnings.filter((w): w is string => typeof w === "string") : [];
}

function summariseIssues(issues: readonly unknown[]): string {
  return issues
    .slice(0, 3)
    .map((issue) => {
      const { path, message } = issue as { path?: readonly PropertyKey[]; message?: string };
      const where = path && path.length > 0 ? path.map(String).join(".") : "(root)";
      return `${where}: ${message ?? "invalid"}`;
    })
    .join("; ");
}

/** Marks the abort reason the client uses for its own timeout, so it is never confused with other aborts. */
export class AshbyTimeoutSignal extends Error {
  override readonly name = "AshbyTimeoutSignal";
}

/** Failures that never produced an HTTP response: our timeout, or the network (DNS, TLS, reset, refused). */
export function classifyThrown(error: unknown): AshbyError {
  const name = typeof error === "object" && error !== null && "name" in error ? String(error.name) : "";
  if (error instanceof AshbyTimeoutSignal || name === "TimeoutError" || name === "AshbyTimeoutSignal") {
    return ashbyError("ashby_timeout");
  }
  const detail = error instanceof Error ? error.message : String(error);
  return ashbyError("ashby_network_error", { message: `Ashby could not be reached: ${detail}` });
}
