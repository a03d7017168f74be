import { exports } from "cloudflare:workers";
import { describe, expect, it } from "vitest";

describe("/health", () => {
  it("answers ok from inside workerd", async () => {
    const res = await exports.default.fetch("http://edge.test/health");
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ ok: true });
  });
});
