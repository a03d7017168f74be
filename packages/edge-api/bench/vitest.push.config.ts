import { defineConfig } from "vitest/config";
import { workerdProject } from "../test/workerd-config.ts";

// `pnpm bench:push`: the push-back writer inside workerd (real D1), against an in-process emulator that is
// rate-limited to R requests/s. It prints figures; it is not a pass/fail test.
export default defineConfig(() =>
  workerdProject({
    include: ["bench/push.bench-run.ts"],
    ashby: "in-process",
    bindings: {
      BENCH_CANDIDATES: process.env.BENCH_CANDIDATES ?? "10000",
      BENCH_RATE: process.env.BENCH_RATE ?? "500",
      BENCH_CONSUMERS: process.env.BENCH_CONSUMERS ?? "16",
    },
    testTimeout: 30 * 60_000,
    hookTimeout: 10 * 60_000,
  }),
);
