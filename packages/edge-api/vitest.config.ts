import { createServer } from "node:net";
import path from "node:path";
import { cloudflareTest, readD1Migrations } from "@cloudflare/vitest-pool-workers";
import { defineConfig } from "vitest/config";

/** A free loopback port for the one Ashby emulator the suite shares (the worker reaches it with real fetch). */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() =>
        typeof address === "object" && address ? resolve(address.port) : reject(new Error("no port")),
      );
    });
  });
}

// Test-only secrets: fixed so failures reproduce, never used outside this suite. Two keys per ring so tests can
// prove rotation (old key id still decrypts / verifies).
export const TEST_SECRETS = {
  ENCRYPTION_KEYS: JSON.stringify({
    k0: "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=",
    k1: "ICEiIyQlJicoKSorLC0uLzAxMjM0NTY3ODk6Ozw9Pj8=",
  }),
  ENCRYPTION_CURRENT_KEY_ID: "k1",
  SESSION_SIGNING_KEYS: JSON.stringify({
    s0: "QEFCQ0RFRkdISUpLTE1OT1BRUlNUVVZXWFlaW1xdXl8=",
    s1: "YGFiY2RlZmdoaWprbG1ub3BxcnN0dXZ3eHl6e3x9fn8=",
  }),
  SESSION_CURRENT_KEY_ID: "s1",
  ADMIN_TOKEN: "test_admin_token_0123456789abcdef0123456789",
};

// Tests run inside workerd with real D1, real queues and the real scheduled/queue handlers.
export default defineConfig(async () => {
  const migrations = await readD1Migrations(path.join(import.meta.dirname, "migrations"));
  process.env.ASHBY_EMULATOR_PORT ??= String(await freePort());
  const ashbyBaseUrl = `http://127.0.0.1:${process.env.ASHBY_EMULATOR_PORT}`;
  return {
    plugins: [
      cloudflareTest({
        main: "./src/index.ts",
        wrangler: { configPath: "./wrangler.jsonc" },
        miniflare: {
          bindings: {
            TEST_MIGRATIONS: migrations,
            ENVIRONMENT: "test",
            ASHBY_BASE_URL: ashbyBaseUrl,
            ...TEST_SECRETS,
          },
        },
      }),
    ],
    test: {
      include: ["src/**/*.test.ts", "test/**/*.test.ts"],
      exclude: ["test/conformance/**"],
      // The worker logs one JSON line per request; show them only for failing tests.
      silent: "passed-only" as const,
      // Each test drives workerd, D1 and the emulator over loopback; on a busy 2-core machine the 5 s default
      // fails tests that are merely slow, not wrong.
      testTimeout: 20_000,
      hookTimeout: 30_000,
      globalSetup: ["./test/ashby-emulator-server.ts"],
      setupFiles: ["./test/apply-migrations.ts"],
    },
  };
});
