import { defineConfig } from "vitest/config";
import { workerdProject } from "../test/workerd-config.ts";

// `pnpm bench:sync`: the sync engine inside workerd with real D1, against an in-process Ashby emulator with an
// injected latency per call. It prints figures; it is not a pass/fail test.
export default defineConfig(() =>
  workerdProject({
    include: ["bench/sync.bench-run.ts"],
    ashby: "in-process",
    bindings: {
      BENCH_CANDIDATES: process.env.BENCH_CANDIDATES ?? "100000",
      BENCH_LATENCY_MS: process.env.BENCH_LATENCY_MS ?? "300",
      BENCH_CONSUMERS: process.env.BENCH_CONSUMERS ?? "48",
      BENCH_CHANGE_FRACTION: process.env.BENCH_CHANGE_FRACTION ?? "0.01",
      BENCH_PAGES_PER_MESSAGE: process.env.BENCH_PAGES_PER_MESSAGE ?? "",
      BENCH_FANOUT_CHUNK: process.env.BENCH_FANOUT_CHUNK ?? "",
    },
    testTimeout: 60 * 60_000,
    hookTimeout: 10 * 60_000,
  }),
);
