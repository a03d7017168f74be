import { describe, expect, it } from "vitest";
import { createLogger } from "./logger";

describe("structured logger", () => {
  it("writes one JSON object per line with level, time, message and fields", () => {
    const lines: string[] = [];
    const logger = createLogger(
      (line) => lines.push(line),
      { service: "t" },
      () => new Date("2026-01-01T00:00:00Z"),
    );
    logger.info("hello", { requestId: "req_1" });
    expect(JSON.parse(lines[0] ?? "")).toEqual({
      level: "info",
      time: "2026-01-01T00:00:00.000Z",
      message: "hello",
      service: "t",
      requestId: "req_1",
    });
  });

  it("redacts secret-looking fields at any depth, in children too", () => {
    const lines: string[] = [];
    const logger = createLogger((line) => lines.push(line)).child({ authorization: "Bearer sk" });
    logger.warn("x", {
      apiKey: "ak_1",
      nested: { sessionToken: "t", list: [{ secret_key: "s" }] },
      ok: "visible",
    });
    const line = lines[0] ?? "";
    for (const secret of ["ak_1", "Bearer sk", '"t"', '"s"']) {
      expect(line).not.toContain(secret);
    }
    expect(JSON.parse(line)).toMatchObject({
      authorization: "[redacted]",
      apiKey: "[redacted]",
      nested: { sessionToken: "[redacted]", list: [{ secret_key: "[redacted]" }] },
      ok: "visible",
    });
  });

  it("logs errors by name and message only", () => {
    const lines: string[] = [];
    createLogger((line) => lines.push(line)).error("boom", { error: new TypeError("bad") });
    expect(JSON.parse(lines[0] ?? "").error).toEqual({ name: "TypeError", message: "bad" });
  });
});
