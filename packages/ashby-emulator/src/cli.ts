#!/usr/bin/env node
import { parseArgs } from "node:util";
import { serveEmulator } from "./node.ts";

const HELP = `ashby-emulator — an offline emulator of Ashby's public API

Usage: ashby-emulator [options]

  --port <n>              Port to listen on (default 4010; 0 = any free port)
  --host <addr>           Interface to bind (default 127.0.0.1)
  --seed <n>              Seed of the default org's data (default 1)
  --candidates <n>        Candidates in the default org (default 50)
  --latency-ms <n>        Every Ashby call answers n ms after it arrives (default 0)
  --cursor-ttl-ms <n>     Cursor lifetime (default 3600000)
  --sync-token-ttl-ms <n> Sync token lifetime (default 2592000000)
  --max-incremental-pages <n>  Incremental page cap before incremental_sync_too_large (default 5)
  -h, --help              Show this help

When listening, prints one JSON line to stdout: {"ready":true,"url":"…","apiKey":"…","orgId":"…"}`;

function integer(name: string, value: string | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  const parsed = Number(value);
  if (!Number.isInteger(parsed) || parsed < 0) {
    process.stderr.write(`ashby-emulator: --${name} must be a non-negative integer, got "${value}"\n`);
    process.exit(2);
  }
  return parsed;
}

async function main(): Promise<void> {
  let values: Record<string, string | boolean | undefined>;
  try {
    ({ values } = parseArgs({
      // pnpm passes a literal "--" through when called as `pnpm start -- --port 1`.
      args: process.argv.slice(2).filter((arg) => arg !== "--"),
      options: {
        port: { type: "string" },
        host: { type: "string" },
        seed: { type: "string" },
        candidates: { type: "string" },
        "latency-ms": { type: "string" },
        "cursor-ttl-ms": { type: "string" },
        "sync-token-ttl-ms": { type: "string" },
        "max-incremental-pages": { type: "string" },
        help: { type: "boolean", short: "h" },
      },
      strict: true,
    }));
  } catch (error) {
    process.stderr.write(`ashby-emulator: ${(error as Error).message}\n\n${HELP}\n`);
    process.exit(2);
  }
  if (values.help) {
    process.stdout.write(`${HELP}\n`);
    return;
  }
  const str = (name: string) => values[name] as string | undefined;
  const served = await serveEmulator({
    port: integer("port", str("port"), 4010),
    host: str("host") ?? "127.0.0.1",
    seed: integer("seed", str("seed"), 1),
    candidates: integer("candidates", str("candidates"), 50),
    latencyMs: integer("latency-ms", str("latency-ms"), 0),
    cursorTtlMs: integer("cursor-ttl-ms", str("cursor-ttl-ms"), 3_600_000),
    syncTokenTtlMs: integer("sync-token-ttl-ms", str("sync-token-ttl-ms"), 30 * 24 * 3_600_000),
    maxIncrementalPages: integer("max-incremental-pages", str("max-incremental-pages"), 5),
  });
  process.stdout.write(
    `${JSON.stringify({ ready: true, url: served.url, apiKey: served.apiKey, orgId: served.orgId })}\n`,
  );
  let closing = false;
  const shutdown = (signal: string) => {
    if (closing) return;
    closing = true;
    served.close().then(
      () => process.exit(0),
      (error: unknown) => {
        process.stderr.write(`ashby-emulator: error while closing after ${signal}: ${String(error)}\n`);
        process.exit(1);
      },
    );
  };
  process.on("SIGINT", () => shutdown("SIGINT"));
  process.on("SIGTERM", () => shutdown("SIGTERM"));
}

main().catch((error: unknown) => {
  process.stderr.write(`ashby-emulator: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
