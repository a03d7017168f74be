import { Hono } from "hono";

const app = new Hono<{ Bindings: Env }>();
app.get("/health", (c) => c.json({ ok: true, service: "ashby-kit-edge-api" }));

export default {
  fetch: app.fetch,
  async scheduled(_controller, _env, _ctx) {},
  async queue(batch, _env, _ctx) {
    batch.ackAll();
  },
} satisfies ExportedHandler<Env>;
