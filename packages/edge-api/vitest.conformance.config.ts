import { defineConfig } from "vitest/config";

// Request conformance runs in Node, not workerd: ajv compiles validators with `new Function`, which workerd forbids,
// and the spec is read from ../shared on disk.
export default defineConfig({
  test: {
    name: "conformance",
    environment: "node",
    include: ["test/conformance/**/*.test.ts"],
  },
});
