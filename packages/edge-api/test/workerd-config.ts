import { createServer } from "node:net";
import path from "node:path";
import { cloudflareTest, readD1Migrations } from "@cloudflare/vitest-pool-workers";
import type { ViteUserConfig } from "vitest/config";

/**
 * The one way this package runs code inside workerd under vitest: the real worker (`src/index.ts`, wrangler.jsonc
 * bindings), D1 migrated in setup, test-only secrets. The suite (vitest.config.ts) and the benchmarks
 * (bench/vitest.*.config.ts) differ only in what they include, extra bindings and time limits.
 */

const packageRoot = path.join(import.meta.dirname, "..");

/** A free loopback port for an Ashby emulator served over HTTP (the worker reaches it with real fetch). */
export function freePort(): Promise<number> {
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

// Test-only secrets: fixed so failures reproduce, never used outside this package's tests and benchmarks. Two
// keys per ring so tests can prove rotation (old key id still decrypts / verifies).
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

export interface WorkerdProjectOptions {
  include: string[];
  exclude?: string[];
  /** Where the worker's Ashby client points: an HTTP emulator (`"http"`, started by globalSetup) or none. */
  ashby: "http" | "in-process";
  /** Options of the HTTP emulator's default org (seed, size, latency); the suite's default is a small org. */
  ashbyOptions?: Record<string, unknown>;
  bindings?: Record<string, string>;
  queueConsumers?: Record<string, object>;
  testTimeout: number;
  hookTimeout: number;
  silentPassed?: boolean;
}

export async function workerdProject(options: WorkerdProjectOptions): Promise<ViteUserConfig> {
  const migrations = await readD1Migrations(path.join(packageRoot, "migrations"));
  let ashbyBaseUrl = "http://ashby.emulator.test";
  if (options.ashby === "http") {
    process.env.ASHBY_EMULATOR_PORT ??= String(await freePort());
    ashbyBaseUrl = `http://127.0.0.1:${process.env.ASHBY_EMULATOR_PORT}`;
    if (options.ashbyOptions) {
      process.env.ASHBY_EMULATOR_OPTIONS = JSON.stringify(options.ashbyOptions);
    }
  }
  return {
    root: packageRoot,
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
            ...options.bindings,
          },
          ...(options.queueConsumers ? { queueConsumers: options.queueConsumers } : {}),
        },
      }),
    ],
    test: {
      include: options.include,
      ...(options.exclude ? { exclude: options.exclude } : {}),
      ...(options.silentPassed ? { silent: "passed-only" as const } : {}),
      testTimeout: options.testTimeout,
      hookTimeout: options.hookTimeout,
      ...(options.ashby === "http" ? { globalSetup: ["./test/ashby-emulator-server.ts"] } : {}),
      setupFiles: ["./test/apply-migrations.ts", "./test/host-events-contract.ts"],
    },
  };
}
