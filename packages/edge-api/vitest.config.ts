import { defineConfig } from "vitest/config";
import { workerdProject } from "./test/workerd-config.ts";

// Tests run inside workerd with real D1, real queues and the real scheduled/queue handlers, against one Ashby
// emulator served over HTTP (each test file creates its own org through the control API).
export default defineConfig(() =>
  workerdProject({
    include: ["src/**/*.test.ts", "test/**/*.test.ts"],
    exclude: ["test/conformance/**"],
    ashby: "http",
    // The worker logs one JSON line per request; show them only for failing tests.
    silentPassed: true,
    // Each test drives workerd, D1 and the emulator over loopback; on a busy 2-core machine the 5 s default
    // fails tests that are merely slow, not wrong.
    testTimeout: 20_000,
    hookTimeout: 30_000,
  }),
);
