import { existsSync, statfsSync } from "node:fs";
import path from "node:path";
import { defineConfig } from "vitest/config";
import { unstable_readConfig } from "wrangler";
import { workerdProject } from "../test/workerd-config.ts";

// `pnpm bench:sync`: the sync engine inside workerd with real D1, against an Ashby emulator with an injected
// latency per call. It prints figures; it is not a pass/fail test.
//
// Ashby is served over HTTP from the vitest (Node) process by default, as in production Ashby's work is done on
// another machine: run in-process (BENCH_ASHBY=in-process) the emulator's rendering shares workerd's one thread
// with the engine and D1, and its CPU shows up as engine wall time.
const inProcess = process.env.BENCH_ASHBY === "in-process";

// Local D1 is SQLite files in miniflare's temporary directory, written by workerd's one thread. On a VM's shared disk
// a commit's fsync now and then blocks that thread (engine and D1 alike) for tens to hundreds of ms, time that
// production does not see: D1 is another machine there. So the bench keeps those files in memory when it can (the
// 100k org's database takes about 2 GB; a container's small /dev/shm is left alone).
const shmFreeBytes = (() => {
  if (!existsSync("/dev/shm")) return 0;
  const fs = statfsSync("/dev/shm");
  return fs.bavail * fs.bsize;
})();
if (!process.env.TMPDIR && shmFreeBytes > 4 * 1024 ** 3) {
  process.env.TMPDIR = "/dev/shm";
}
// The batch sizes the worker's queues are configured with, so the bench's consumers take the batches production does.
const wrangler = unstable_readConfig({ config: path.join(import.meta.dirname, "../wrangler.jsonc") });
const batchOf = (binding: string) => {
  const queue = wrangler.queues.producers?.find((p: { binding: string }) => p.binding === binding)?.queue;
  const size = wrangler.queues.consumers?.find((c: { queue: string }) => c.queue === queue)?.max_batch_size;
  if (size === undefined) throw new Error(`wrangler.jsonc: no consumer with max_batch_size for ${binding}`);
  return String(size);
};
const candidates = process.env.BENCH_CANDIDATES ?? "100000";
const latency = process.env.BENCH_LATENCY_MS ?? "300";

// One definition of the benchmark's Ashby org, whichever side of workerd the emulator runs on. The incremental
// run changes 1 % of records, far more than the incremental page cap the suite tests with, so the cap is lifted.
// The latency per call is not seeded here: the bench injects it per run through the control API (a fault).
const emulatorOptions = {
  seed: 42,
  candidates: Number(candidates),
  maxIncrementalPages: 100_000,
};

export default defineConfig(() =>
  workerdProject({
    include: ["bench/sync.bench-run.ts"],
    ashby: inProcess ? "in-process" : "http",
    ashbyOptions: emulatorOptions,
    bindings: {
      BENCH_ASHBY: inProcess ? "in-process" : "http",
      BENCH_EMULATOR_OPTIONS: JSON.stringify(emulatorOptions),
      BENCH_CANDIDATES: candidates,
      BENCH_LATENCY_MS: latency,
      BENCH_FULL_LATENCY_MS: process.env.BENCH_FULL_LATENCY_MS ?? "",
      BENCH_CONSUMERS: process.env.BENCH_CONSUMERS ?? "48",
      BENCH_PAGE_CONSUMERS: process.env.BENCH_PAGE_CONSUMERS ?? "10",
      BENCH_WORK_BATCH: process.env.BENCH_WORK_BATCH ?? batchOf("SYNC_QUEUE"),
      BENCH_PAGES_BATCH: process.env.BENCH_PAGES_BATCH ?? batchOf("SYNC_PAGES_QUEUE"),
      BENCH_CHANGE_FRACTION: process.env.BENCH_CHANGE_FRACTION ?? "0.01",
      BENCH_ROUNDS: process.env.BENCH_ROUNDS ?? "",
      BENCH_PAGES_PER_MESSAGE: process.env.BENCH_PAGES_PER_MESSAGE ?? "",
      BENCH_FANOUT_CONCURRENCY: process.env.BENCH_FANOUT_CONCURRENCY ?? "",
      BENCH_FANOUT_CHUNK: process.env.BENCH_FANOUT_CHUNK ?? "",
    },
    testTimeout: 60 * 60_000,
    hookTimeout: 10 * 60_000,
  }),
);
