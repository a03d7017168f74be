// Runs in Node (vitest globalSetup): one Ashby emulator over HTTP on the port workerd-config.ts chose, in this
// process rather than inside workerd, as Ashby is another machine in production. The suite's test files each create
// their own org and keys through the control API, so files do not see each other's data. The sync benchmark
// passes the size and latency of its org in ASHBY_EMULATOR_OPTIONS and reads the default org's key via `inject`.
import { serveEmulator } from "@ashby-kit/ashby-emulator/node";
import type { TestProject } from "vitest/node";

export type ServedAshby = { url: string; apiKey: string; orgId: string };

declare module "vitest" {
  export interface ProvidedContext {
    ashbyEmulator: ServedAshby;
  }
}

export default async function setup(project: TestProject) {
  const port = Number(process.env.ASHBY_EMULATOR_PORT);
  if (!Number.isInteger(port) || port <= 0) {
    throw new Error("ASHBY_EMULATOR_PORT is not set; test/workerd-config.ts picks it");
  }
  const options = JSON.parse(process.env.ASHBY_EMULATOR_OPTIONS ?? '{"seed":1,"candidates":5}') as Parameters<
    typeof serveEmulator
  >[0];
  const served = await serveEmulator({ ...options, port, host: "127.0.0.1" });
  project.provide("ashbyEmulator", { url: served.url, apiKey: served.apiKey, orgId: served.orgId });
  return async () => {
    await served.close();
  };
}
