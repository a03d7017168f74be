import { createServer } from "node:net";
import path from "node:path";
import { cloudflareTest, readD1Migrations } from "@cloudflare/vitest-pool-workers";
import { defineConfig } from "vitest/config";
import { TEST_SECRETS } from "../vitest.config";

/**
 * `pnpm bench:writeback`: the write-back benchmark runs inside workerd like the tests (real D1, real local
 * queues, the real worker), with the Ashby emulator served over HTTP beside it. The write-back queue's batch
 * timeout is shortened here, as a deployment tuned for latency would set it.
 */
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

export default defineConfig(async () => {
  const root = path.join(import.meta.dirname, "..");
  const migrations = await readD1Migrations(path.join(root, "migrations"));
  process.env.ASHBY_EMULATOR_PORT ??= String(await freePort());
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
            ASHBY_BASE_URL: `http://127.0.0.1:${process.env.ASHBY_EMULATOR_PORT}`,
            ...TEST_SECRETS,
          },
          queueConsumers: {
            "ashby-kit-writeback": {
              maxBatchSize: 10,
              maxBatchTimeout: 0.05,
              maxRetries: 10,
              deadLetterQueue: "ashby-kit-writeback-dlq",
            },
          },
        },
      }),
    ],
    test: {
      include: ["bench/**/*.bench.test.ts"],
      globalSetup: ["./test/ashby-emulator-server.ts"],
      setupFiles: ["./test/apply-migrations.ts"],
      testTimeout: 300_000,
      hookTimeout: 300_000,
    },
  };
});
