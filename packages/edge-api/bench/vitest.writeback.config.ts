import { defineConfig } from "vitest/config";
import { workerdProject } from "../test/workerd-config.ts";

/**
 * `pnpm bench:writeback`: the write-back benchmark runs inside workerd like the tests (real D1, real local
 * queues, the real worker), with the Ashby emulator served over HTTP beside it. The write-back queue's batch
 * timeout is shortened here, as a deployment tuned for latency would set it.
 */
export default defineConfig(() =>
  workerdProject({
    include: ["bench/**/*.bench.test.ts"],
    ashby: "http",
    queueConsumers: {
      "ashby-kit-writeback": {
        maxBatchSize: 10,
        maxBatchTimeout: 0.05,
        maxRetries: 10,
        deadLetterQueue: "ashby-kit-writeback-dlq",
      },
    },
    testTimeout: 300_000,
    hookTimeout: 300_000,
  }),
);
