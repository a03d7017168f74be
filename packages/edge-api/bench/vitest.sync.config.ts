import path from "node:path";
import { cloudflareTest, readD1Migrations } from "@cloudflare/vitest-pool-workers";
import { defineConfig } from "vitest/config";
import { TEST_SECRETS } from "../vitest.config";

// `pnpm bench:sync`: the sync engine inside workerd with real D1, against an in-process Ashby emulator with an
// injected latency per call. It prints figures; it is not a pass/fail test.
export default defineConfig(async () => {
  const root = path.join(import.meta.dirname, "..");
  const migrations = await readD1Migrations(path.join(root, "migrations"));
  return {
    root,
    plugins: [
      cloudflareTest({
        main: "./src/index.ts",
        wrangler: { configPath: "./wrangler.jsonc" },
        miniflare: {
          bindings: {
            TEST_MIGRATIONS: migrations,
            ENVIRONMENT: "test",
            ASHBY_BASE_URL: "http://ashby.emulator.test",
            BENCH_CANDIDATES: process.env.BENCH_CANDIDATES ?? "100000",
            BENCH_LATENCY_MS: process.env.BENCH_LATENCY_MS ?? "300",
            BENCH_CONSUMERS: process.env.BENCH_CONSUMERS ?? "48",
            BENCH_CHANGE_FRACTION: process.env.BENCH_CHANGE_FRACTION ?? "0.01",
            ...TEST_SECRETS,
          },
        },
      }),
    ],
    test: {
      include: ["bench/sync.bench-run.ts"],
      setupFiles: ["./test/apply-migrations.ts"],
      testTimeout: 60 * 60_000,
      hookTimeout: 10 * 60_000,
    },
  };
});
