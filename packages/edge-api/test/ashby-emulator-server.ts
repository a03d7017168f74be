// Runs in Node (vitest globalSetup): one Ashby emulator over HTTP for the whole suite, on the port
// vitest.config.ts chose. Each test file creates its own org and keys through the control API, so files do not
// see each other's data.
import { serveEmulator } from "@ashby-kit/ashby-emulator/node";

export default async function setup() {
  const port = Number(process.env.ASHBY_EMULATOR_PORT);
  if (!Number.isInteger(port) || port <= 0) {
    throw new Error("ASHBY_EMULATOR_PORT is not set; vitest.config.ts picks it");
  }
  const served = await serveEmulator({ port, host: "127.0.0.1", seed: 1, candidates: 5 });
  return async () => {
    await served.close();
  };
}
