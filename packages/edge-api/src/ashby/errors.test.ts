import { describe, expect, it } from "vitest";
import { z } from "zod";
import { pageEnvelope, singleEnvelope } from "./envelope";
import { ashbyError, classifyAshbyResponse, classifyThrown, isAuthFailure, parseRetryAfter } from "./errors";
import { TagSchema } from "./types";

const tagParser = singleEnvelope(TagSchema);
const tagPageParser = pageEnvelope(TagSchema, { paginated: true });
const NOW = Date.parse("2026-03-01T12:00:00Z");

function headers(init: Record<string, string> = {}): Headers {
  return new Headers(init);
}

function classify(status: number, body: unknown, init: Record<string, string> = {}) {
  const text = typeof body === "string" ? body : JSON.stringify(body);
  return classifyAshbyResponse(status, headers(init), text, tagParser, NOW);
}

function errorOf(result: ReturnType<typeof classify>) {
  if (result.ok) throw new Error(`expected a failure, got ${JSON.stringify(result.value)}`);
  return result.error;
}

const tag = { id: "t1", title: "Senior", isArchived: false };

describe("classifyAshbyResponse: success", () => {
  it("returns the parsed results and the request id header", () => {
    const result = classify(200, { success: true, results: tag }, { "x-ashby-request-id": "01REQ" });
    expect(result).toEqual({ ok: true, value: tag, requestId: "01REQ" });
  });

  it("keeps unknown extra fields instead of failing", () => {
    const result = classify(200, { success: true, results: { ...tag, colour: "blue" } });
    expect(result.ok && result.value).toMatchObject({ colour: "blue" });
  });

  it("passes Ashby's warnings along with the value, only when there are some", () => {
    const warned = classify(200, { success: true, results: tag, warnings: ["Could not attach the source"] });
    expect(warned).toEqual({ ok: true, value: tag, warnings: ["Could not attach the source"] });
    expect(classify(200, { success: true, results: tag, warnings: [] })).toEqual({ ok: true, value: tag });
  });

  it("turns a page envelope into AshbyPage, dropping null cursor and token", () => {
    const body = {
      success: true,
      results: [tag],
      moreDataAvailable: false,
      nextCursor: null,
      syncToken: "tok",
    };
    const result = classifyAshbyResponse(200, headers(), JSON.stringify(body), tagPageParser, NOW);
    expect(result).toEqual({
      ok: true,
      value: { results: [tag], moreDataAvailable: false, syncToken: "tok" },
    });
  });
});

describe("classifyAshbyResponse: HTTP 200 with success:false", () => {
  it("reads errorInfo.code, message and requestId", () => {
    const error = errorOf(
      classify(200, {
        success: false,
        errors: ["application_not_found"],
        errorInfo: { code: "application_not_found", message: "No such application", requestId: "01ERR" },
      }),
    );
    expect(error).toEqual({
      code: "ashby_not_found",
      retryable: false,
      ashbyCode: "application_not_found",
      ashbyRequestId: "01ERR",
      httpStatus: 200,
      message: "No such application",
    });
  });

  it("prefers errorInfo.requestId over the header", () => {
    const error = errorOf(
      classify(
        200,
        { success: false, errorInfo: { code: "invalid_input", requestId: "body" } },
        {
          "x-ashby-request-id": "header",
        },
      ),
    );
    expect(error.ashbyRequestId).toBe("body");
    expect(error.code).toBe("ashby_rejected");
  });

  it("tolerates the deprecated errors array of strings with errorInfo null", () => {
    const error = errorOf(classify(200, { success: false, errors: ["sync_token_expired"], errorInfo: null }));
    expect(error.code).toBe("ashby_sync_token_expired");
    expect(error.ashbyCode).toBe("sync_token_expired");
  });

  it("tolerates errors as {message, parameter} objects and no errorInfo", () => {
    const error = errorOf(
      classify(200, { success: false, errors: [{ message: "must be a uuid", parameter: "candidateId" }] }),
    );
    expect(error.code).toBe("ashby_rejected");
    expect(error.message).toBe("candidateId: must be a uuid");
    expect(error.ashbyCode).toBeUndefined();
  });

  it("still reads a refusal whose errorInfo and errors are malformed", () => {
    const error = errorOf(
      classify(200, { success: false, errorInfo: "boom", errors: [42, "invalid_input"] }),
    );
    expect(error).toMatchObject({ code: "ashby_rejected", httpStatus: 200 });
    const coded = errorOf(
      classify(200, { success: false, errorInfo: { code: "sync_token_expired", requestId: 7 } }),
    );
    expect(coded).toMatchObject({ code: "ashby_sync_token_expired" });
    expect(coded.ashbyRequestId).toBeUndefined();
  });

  it("falls back to the catalog message when Ashby sends none", () => {
    const error = errorOf(classify(200, { success: false }));
    expect(error).toMatchObject({ code: "ashby_rejected", message: "Ashby refused the request." });
  });

  it.each([
    ["sync_token_expired", "ashby_sync_token_expired"],
    ["sync_token_invalid", "ashby_sync_token_invalid"],
    ["incremental_sync_too_large", "ashby_incremental_sync_too_large"],
    ["next_cursor_expired", "ashby_cursor_expired"],
    ["invalid_next_cursor", "ashby_cursor_invalid"],
    ["cursor_invalid", "ashby_cursor_invalid"],
    ["missing_endpoint_permission", "ashby_permissions_missing"],
    ["candidate_not_found", "ashby_not_found"],
    ["rate_limit_exceeded", "ashby_rate_limited"],
    ["invalid_input", "ashby_rejected"],
  ])("maps %s to %s", (ashbyCode, code) => {
    const error = errorOf(
      classify(200, { success: false, errors: [ashbyCode], errorInfo: { code: ashbyCode } }),
    );
    expect(error.code).toBe(code);
  });
});

describe("classifyAshbyResponse: HTTP errors", () => {
  it("401 is invalid credentials, even with a plain-text body", () => {
    const error = errorOf(classify(401, "Unauthorized", { "x-ashby-request-id": "01H" }));
    expect(error).toMatchObject({
      code: "ashby_credentials_invalid",
      retryable: false,
      httpStatus: 401,
      ashbyRequestId: "01H",
    });
    expect(isAuthFailure(error)).toBe(true);
  });

  it("403 without a code is invalid credentials (wrong or disabled key)", () => {
    expect(errorOf(classify(403, "Forbidden")).code).toBe("ashby_credentials_invalid");
  });

  it("403 missing_endpoint_permission is a permissions problem, and an auth failure", () => {
    const error = errorOf(
      classify(403, {
        success: false,
        errors: ["missing_endpoint_permission"],
        errorInfo: { code: "missing_endpoint_permission", message: "needs candidatesWrite" },
      }),
    );
    expect(error).toMatchObject({ code: "ashby_permissions_missing", message: "needs candidatesWrite" });
    expect(isAuthFailure(error)).toBe(true);
  });

  it("429 with Retry-After seconds", () => {
    const error = errorOf(
      classify(429, { success: false, errorInfo: { code: "rate_limit_exceeded" } }, { "Retry-After": "7" }),
    );
    expect(error).toMatchObject({ code: "ashby_rate_limited", retryable: true, retryAfterSeconds: 7 });
  });

  it("429 with Retry-After as an HTTP date", () => {
    const error = errorOf(classify(429, "", { "Retry-After": new Date(NOW + 90_000).toUTCString() }));
    expect(error).toMatchObject({ code: "ashby_rate_limited", retryAfterSeconds: 90 });
  });

  it("429 from partner-wide throttling carries X-RateLimit-Scope", () => {
    const error = errorOf(
      classify(429, "", { "X-RateLimit-Scope": "integration-partner", "Retry-After": "30" }),
    );
    expect(error).toMatchObject({
      code: "ashby_rate_limited",
      rateLimitScope: "integration-partner",
      retryAfterSeconds: 30,
    });
  });

  it("429 without Retry-After leaves the delay to the caller", () => {
    const error = errorOf(classify(429, "slow down"));
    expect(error.code).toBe("ashby_rate_limited");
    expect(error).not.toHaveProperty("retryAfterSeconds");
  });

  it.each([500, 502, 503, 504])("%i is retryable unavailability", (status) => {
    const error = errorOf(classify(status, "<html>bad gateway</html>"));
    expect(error).toMatchObject({ code: "ashby_unavailable", retryable: true, httpStatus: status });
  });

  it("other 4xx with an envelope maps by Ashby's code", () => {
    expect(errorOf(classify(404, { success: false, errorInfo: { code: "job_not_found" } })).code).toBe(
      "ashby_not_found",
    );
    expect(errorOf(classify(400, "bad")).code).toBe("ashby_rejected");
  });
});

describe("classifyAshbyResponse: bodies that are not what Ashby promised", () => {
  it("200 with a non-JSON body", () => {
    const error = errorOf(classify(200, "<html>maintenance</html>"));
    expect(error).toMatchObject({ code: "ashby_invalid_response", retryable: false, httpStatus: 200 });
  });

  it("200 JSON without a success flag", () => {
    expect(errorOf(classify(200, { results: tag })).code).toBe("ashby_invalid_response");
  });

  it("200 success:true whose results fail the schema, naming the field", () => {
    const error = errorOf(classify(200, { success: true, results: { id: "t1", isArchived: "no" } }));
    expect(error.code).toBe("ashby_invalid_response");
    expect(error.message).toMatch(/results\.title/);
  });

  it("a paginated page without moreDataAvailable is invalid, never a silent last page", () => {
    const result = classifyAshbyResponse(
      200,
      headers(),
      JSON.stringify({ success: true, results: [] }),
      tagPageParser,
    );
    expect(!result.ok && result.error.code).toBe("ashby_invalid_response");
  });

  it("accepts any zod parser, including one that transforms", () => {
    const parser = z
      .object({ success: z.literal(true), results: z.number() })
      .transform((b) => b.results * 2);
    expect(classifyAshbyResponse(200, headers(), '{"success":true,"results":21}', parser)).toEqual({
      ok: true,
      value: 42,
    });
  });
});

describe("parseRetryAfter", () => {
  it("reads seconds, dates in the past as 0, and ignores garbage", () => {
    expect(parseRetryAfter("0", NOW)).toBe(0);
    expect(parseRetryAfter(new Date(NOW - 5000).toUTCString(), NOW)).toBe(0);
    expect(parseRetryAfter("soon", NOW)).toBeUndefined();
    expect(parseRetryAfter(null, NOW)).toBeUndefined();
  });
});

describe("classifyThrown", () => {
  it("a TimeoutError is ashby_timeout", () => {
    expect(classifyThrown(new DOMException("t", "TimeoutError"))).toMatchObject({
      code: "ashby_timeout",
      retryable: true,
    });
  });

  it("anything else thrown by fetch is a network error carrying the cause", () => {
    const error = classifyThrown(new TypeError("connection refused"));
    expect(error).toMatchObject({ code: "ashby_network_error", retryable: true });
    expect(error.message).toContain("connection refused");
  });
});

describe("ashbyError / isAuthFailure", () => {
  it("takes retryable from the shared catalog", () => {
    expect(ashbyError("ashby_unavailable").retryable).toBe(true);
    expect(ashbyError("ashby_sync_token_expired").retryable).toBe(false);
  });

  it("is false for everything except credentials and permissions", () => {
    expect(isAuthFailure(ashbyError("ashby_rate_limited"))).toBe(false);
    expect(isAuthFailure(ashbyError("ashby_rejected"))).toBe(false);
  });
});
