import { env } from "cloudflare:test";
import { ApiErrorBodySchema } from "@ashby-kit/shared";
import { afterEach, describe, expect, it, vi } from "vitest";
import { createApp } from "./app";
import { createDeps } from "./deps";
import { EnvError, parseEnv } from "./env";

const lines: string[] = [];
afterEach(() => {
  vi.restoreAllMocks();
  lines.length = 0;
});
function captureLogs() {
  vi.spyOn(console, "log").mockImplementation((...args: unknown[]) => {
    lines.push(args.map(String).join(" "));
  });
}

describe("the error envelope", () => {
  it("renders unexpected failures as internal_error without their message, and logs them with the request id", async () => {
    captureLogs();
    const app = createApp({ depsFor: async () => createDeps(parseEnv(env)) });
    app.get("/boom", () => {
      throw new Error("db password is hunter2");
    });
    const res = await app.request("/boom", {}, env);
    expect(res.status).toBe(500);
    const text = await res.text();
    expect(text).not.toContain("hunter2");
    const body = ApiErrorBodySchema.parse(JSON.parse(text));
    expect(body.error).toMatchObject({ code: "internal_error", retryable: true });
    const logged = lines.map((line) => JSON.parse(line)).find((entry) => entry.message === "unhandled_error");
    expect(logged).toMatchObject({ level: "error", requestId: body.error.requestId, path: "/boom" });
  });

  it("answers a misconfigured worker with internal_error and logs which settings are wrong", async () => {
    captureLogs();
    const app = createApp({
      depsFor: async () =>
        createDeps(parseEnv({ ...env, ENCRYPTION_KEYS: "{}", SESSION_SIGNING_KEYS: "nope" })),
    });
    const res = await app.request("/v1/connection", {}, env);
    expect(res.status).toBe(500);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe("internal_error");
    const logged = lines
      .map((line) => JSON.parse(line))
      .find((entry) => entry.message === "configuration_invalid");
    expect(JSON.stringify(logged)).toContain("ENCRYPTION_KEYS");
    expect(JSON.stringify(logged)).toContain("SESSION_SIGNING_KEYS");
  });

  it("keeps a caller's safe request id and replaces an unsafe one", async () => {
    const app = createApp({ depsFor: async () => createDeps(parseEnv(env)) });
    const kept = await app.request("/v1/nope", { headers: { "x-request-id": "host-trace-1234" } }, env);
    expect(kept.headers.get("x-request-id")).toBe("host-trace-1234");
    expect(((await kept.json()) as { error: { requestId: string } }).error.requestId).toBe("host-trace-1234");
    const replaced = await app.request("/v1/nope", { headers: { "x-request-id": "<script>" } }, env);
    expect(replaced.headers.get("x-request-id")).toMatch(/^req_[0-9a-f]{28}$/);
  });

  it("is an EnvError, not a crash, when a binding is missing", () => {
    const { DB: _db, ...rest } = env;
    expect(() => parseEnv(rest)).toThrow(EnvError);
  });
});
