// Every host event the suite makes the worker store must match the contract hosts parse deliveries with
// (HostEventSchema in packages/shared): checked after each test, whichever code path emitted it.
import { env } from "cloudflare:test";
import { HostEventSchema } from "@ashby-kit/shared";
import { afterEach, expect } from "vitest";

afterEach(async () => {
  const stored = await env.DB.prepare("SELECT id, type, payload FROM webhook_events")
    .all<{ id: string; type: string; payload: string }>()
    .catch(() => null); // a test that dropped the schema (reset) leaves nothing to check
  for (const event of stored?.results ?? []) {
    const parsed = HostEventSchema.safeParse(JSON.parse(event.payload));
    expect(parsed.success ? null : parsed.error.issues, `${event.type} ${event.id}`).toBeNull();
  }
});
