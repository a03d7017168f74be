import { describe, expect, it } from "vitest";
import { ApiErrorBodySchema, ERROR_CATALOG, isRetryableCode, statusForCode } from "./errors";

describe("error catalog", () => {
  it("gives caller mistakes a 4xx status and never marks them retryable", () => {
    for (const code of ["invalid_request", "malformed_json", "payload_too_large", "forbidden"] as const) {
      expect(statusForCode(code)).toBeGreaterThanOrEqual(400);
      expect(statusForCode(code)).toBeLessThan(500);
      expect(isRetryableCode(code)).toBe(false);
    }
  });
  it("marks transient Ashby failures retryable", () => {
    expect(isRetryableCode("ashby_rate_limited")).toBe(true);
    expect(isRetryableCode("ashby_unavailable")).toBe(true);
    expect(isRetryableCode("ashby_credentials_invalid")).toBe(false);
  });
  it("uses snake_case codes only", () => {
    for (const code of Object.keys(ERROR_CATALOG)) expect(code).toMatch(/^[a-z]+(_[a-z]+)*$/);
  });
  it("rejects envelopes with unknown codes or missing fields", () => {
    const ok = { error: { code: "not_found", message: "x", requestId: "r", retryable: false } };
    expect(ApiErrorBodySchema.safeParse(ok).success).toBe(true);
    expect(ApiErrorBodySchema.safeParse({ error: { ...ok.error, code: "nope" } }).success).toBe(false);
    expect(ApiErrorBodySchema.safeParse({ error: { code: "not_found" } }).success).toBe(false);
  });
});
