/**
 * @module Workers entry: wiring only. Each handler parses env once, builds deps, and delegates.
 */
import { createApp } from "./app";
import { createDeps } from "./deps";
import { parseEnv } from "./env";

const app = createApp({ depsFor: (bindings) => createDeps(parseEnv(bindings)) });

export default {
  fetch(request, env, ctx) {
    return app.fetch(request, env, ctx);
  },
  async scheduled(_controller, _env, _ctx) {},
  async queue(batch, _env, _ctx) {
    batch.ackAll();
  },
} satisfies ExportedHandler<Env>;
