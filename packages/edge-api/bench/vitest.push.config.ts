import path from "node:path";
import { cloudflareTest, readD1Migrations } from "@cloudflare/vitest-pool-workers";
import { defineConfig } from "vitest/config";
import { TEST_SECRETS } from "../vitest.config";

// `pnpm bench:push`: the push-back writer inside workerd (real D1), against an in-process emulator that is
// rate-limited to R requests/s. It prints figures; it is not a pass/fail test.
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
            BENCH_CANDIDATES: process.env.BENCH_CANDIDATES ?? "10000",
            BENCH_RATE: process.env.BENCH_RATE ?? "500",
            BENCH_CONSUMERS: process.env.BENCH_CONSUMERS ?? "16",
            ...TEST_SECRETS,
          },
        },
      }),
    ],
    test: {
      include: ["bench/push.bench-run.ts"],
      setupFiles: ["./test/apply-migrations.ts"],
      testTimeout: 30 * 60_000,
      hookTimeout: 10 * 60_000,
    },
  };
});
