#!/usr/bin/env node
// `pnpm dev`: the whole kit on this machine, no cloud account and no network.
//   1. the Ashby emulator on 127.0.0.1:4010 (seeded demo org),
//   2. the edge API under `wrangler dev` on 127.0.0.1:8787 with local D1 (migrated first), local Queues and
//      the cron trigger reachable at /__scheduled,
// then prints the URLs. Ctrl-C stops everything.
import { spawn, spawnSync } from "node:child_process";
import { copyFileSync, existsSync } from "node:fs";
import path from "node:path";
import { createInterface } from "node:readline";

const root = path.resolve(import.meta.dirname, "..");
const edgeDir = path.join(root, "packages/edge-api");
const EMULATOR_PORT = Number(process.env.ASHBY_EMULATOR_PORT ?? 4010);
const EDGE_PORT = Number(process.env.EDGE_API_PORT ?? 8787);
const SEED = process.env.ASHBY_EMULATOR_SEED ?? "1";
const env = {
  ...process.env,
  WRANGLER_SEND_METRICS: "false",
  CLOUDFLARE_CF_FETCH_ENABLED: "false",
  FORCE_COLOR: "0",
};
const children = [];

function stopAll(code = 0) {
  for (const child of children) if (child.exitCode === null) child.kill("SIGTERM");
  process.exit(code);
}
process.on("SIGINT", () => stopAll(0));
process.on("SIGTERM", () => stopAll(0));

function startEmulator() {
  return new Promise((resolve, reject) => {
    const child = spawn(
      "pnpm",
      [
        "--silent",
        "--filter",
        "@ashby-kit/ashby-emulator",
        "start",
        "--",
        "--host",
        "127.0.0.1",
        "--port",
        String(EMULATOR_PORT),
        "--seed",
        SEED,
      ],
      { cwd: root, env, stdio: ["ignore", "pipe", "inherit"] },
    );
    children.push(child);
    child.on("exit", (code) => reject(new Error(`the Ashby emulator exited with code ${code}`)));
    // The emulator prints exactly one JSON line {"ready":true,...} once it listens.
    createInterface({ input: child.stdout }).on("line", (line) => {
      try {
        const msg = JSON.parse(line);
        if (msg.ready) resolve(msg);
      } catch {
        process.stdout.write(`[emulator] ${line}\n`);
      }
    });
  });
}

function migrateLocalD1() {
  const result = spawnSync("pnpm", ["exec", "wrangler", "d1", "migrations", "apply", "DB", "--local"], {
    cwd: edgeDir,
    env,
    stdio: ["ignore", "pipe", "pipe"],
    encoding: "utf8",
  });
  if (result.status !== 0) {
    process.stderr.write(result.stdout + result.stderr);
    throw new Error("applying local D1 migrations failed");
  }
}

function startEdgeApi(ashbyUrl) {
  return new Promise((resolve, reject) => {
    const child = spawn(
      "pnpm",
      [
        "exec",
        "wrangler",
        "dev",
        "--ip",
        "127.0.0.1",
        "--port",
        String(EDGE_PORT),
        "--test-scheduled",
        "--show-interactive-dev-session=false",
        "--var",
        `ASHBY_BASE_URL:${ashbyUrl}`,
        "--var",
        "ENVIRONMENT:development",
      ],
      { cwd: edgeDir, env, stdio: ["ignore", "pipe", "pipe"] },
    );
    children.push(child);
    child.on("exit", (code) => reject(new Error(`wrangler dev exited with code ${code}`)));
    const onLine = (line) => {
      process.stdout.write(`[edge-api] ${line}\n`);
      if (line.includes("Ready on")) resolve(`http://127.0.0.1:${EDGE_PORT}`);
    };
    createInterface({ input: child.stdout }).on("line", onLine);
    createInterface({ input: child.stderr }).on("line", onLine);
  });
}

try {
  // Local secrets: wrangler reads .dev.vars; the committed example holds dev-only defaults.
  const devVars = path.join(edgeDir, ".dev.vars");
  const example = path.join(edgeDir, ".dev.vars.example");
  if (!existsSync(devVars) && existsSync(example)) copyFileSync(example, devVars);

  const emulator = await startEmulator();
  migrateLocalD1();
  const edgeUrl = await startEdgeApi(emulator.url);
  const check = await fetch(`${edgeUrl}/health`).then((r) => r.json());
  console.log(
    [
      "",
      "ashby-kit is running:",
      `  Ashby emulator   ${emulator.url}   (API key: ${emulator.apiKey})`,
      `  Edge API         ${edgeUrl}   (health: ${JSON.stringify(check)})`,
      `  API reference    ${edgeUrl}/docs`,
      `  Run the cron     curl '${edgeUrl}/__scheduled?cron=*/5+*+*+*+*'`,
      "Ctrl-C stops everything.",
      "",
    ].join("\n"),
  );
} catch (error) {
  console.error(`pnpm dev failed: ${error instanceof Error ? error.message : String(error)}`);
  stopAll(1);
}
