import { spawn } from "node:child_process";
import { createServer } from "node:net";
import path from "node:path";
import { createInterface } from "node:readline";
import { describe, expect, it } from "vitest";
import { serveEmulator } from "./node.ts";
import { ashby } from "./test-support/ashby-call.ts";

const packageRoot = path.resolve(import.meta.dirname, "..");

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      const port = typeof address === "object" && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

describe("serveEmulator", () => {
  it("serves the Ashby API and the control API over HTTP and closes cleanly", async () => {
    const served = await serveEmulator({ port: 0, seed: 4, candidates: 12 });
    try {
      const viaHttp = {
        fetch: (input: string | URL | Request, init?: RequestInit) =>
          fetch(new URL(String(input), served.url), init),
      };
      const answer = await ashby(viaHttp, "candidate.list", {}, served.apiKey);
      expect(answer.status).toBe(200);
      expect(answer.body.results).toHaveLength(12);
      expect(answer.headers.get("x-ashby-request-id")).toBeTruthy();
      const org = await served.emulator.control.org(served.orgId);
      expect(org.seed).toBe(4);
    } finally {
      await served.close();
    }
  });
});

describe("CLI", () => {
  it("prints exactly one ready line with url and apiKey, answers, and exits on SIGTERM", async () => {
    const port = await freePort();
    const tsx = path.join(packageRoot, "node_modules", ".bin", "tsx");
    const child = spawn(tsx, ["src/cli.ts", "--port", String(port), "--seed", "2", "--candidates", "20"], {
      cwd: packageRoot,
      stdio: ["ignore", "pipe", "pipe"],
    });
    try {
      const lines = createInterface({ input: child.stdout });
      const line = await new Promise<string>((resolve, reject) => {
        lines.once("line", resolve);
        child.once("exit", (code) => reject(new Error(`CLI exited early with ${code}`)));
        setTimeout(() => reject(new Error("no ready line within 15s")), 15_000);
      });
      const ready = JSON.parse(line);
      expect(ready).toMatchObject({ ready: true, url: `http://127.0.0.1:${port}` });
      expect(typeof ready.apiKey).toBe("string");
      const response = await fetch(`${ready.url}/apiKey.info`, {
        method: "POST",
        headers: { authorization: `Basic ${btoa(`${ready.apiKey}:`)}`, "content-type": "application/json" },
        body: "{}",
      });
      const body = await response.json();
      expect(body.success).toBe(true);
      expect(body.results.scopes).toContain("candidates:read");
      const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
      child.kill("SIGTERM");
      expect(await exited).toBe(0);
    } finally {
      if (child.exitCode === null) child.kill("SIGKILL");
    }
  });

  it("rejects bad flags with a message and exit code 2", async () => {
    const tsx = path.join(packageRoot, "node_modules", ".bin", "tsx");
    const child = spawn(tsx, ["src/cli.ts", "--candidates", "lots"], {
      cwd: packageRoot,
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stderr = "";
    child.stderr.on("data", (chunk) => {
      stderr += String(chunk);
    });
    const code = await new Promise<number | null>((resolve) => child.once("exit", (c) => resolve(c)));
    expect(code).toBe(2);
    expect(stderr).toContain("--candidates must be a non-negative integer");
  });
});
