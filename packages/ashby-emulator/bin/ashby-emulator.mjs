#!/usr/bin/env node
// Runs the built CLI (dist/cli.js) when present; in a source checkout falls back to tsx on src/cli.ts.
import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const built = path.join(root, "dist", "cli.js");

if (existsSync(built)) {
  await import(pathToFileURL(built).href);
} else {
  const require = createRequire(import.meta.url);
  let tsxCli;
  try {
    tsxCli = require.resolve("tsx/cli");
  } catch {
    process.stderr.write(
      "ashby-emulator: dist/ is missing and tsx is not installed; run `pnpm build` first.\n",
    );
    process.exit(1);
  }
  const child = spawn(
    process.execPath,
    [tsxCli, path.join(root, "src", "cli.ts"), ...process.argv.slice(2)],
    {
      stdio: "inherit",
    },
  );
  for (const signal of ["SIGINT", "SIGTERM"]) process.on(signal, () => child.kill(signal));
  child.on("exit", (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
}
