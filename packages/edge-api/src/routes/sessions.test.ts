import { describe, expect, it } from "vitest";
import { api, DEV_KEY, expectError } from "../../test/helpers";

describe("smoke", () => {
  it("mints a session", async () => {
    const res = await api("/v1/sessions", {
      method: "POST",
      headers: { authorization: `Bearer ${DEV_KEY}`, "content-type": "application/json" },
      body: JSON.stringify({ workspaceId: "demo", user: { email: "a@b.co", role: "owner" } }),
    });
    expect(res.status, await res.clone().text()).toBe(201);
  });
  it("404s", async () => {
    await expectError(await api("/nope"), 404, "route_not_found");
  });
});
