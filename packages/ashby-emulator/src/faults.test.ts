import { describe, expect, it } from "vitest";
import { createEmulator } from "./emulator.ts";
import { ashby } from "./test-support/ashby-call.ts";

describe("authentication and permissions", () => {
  it("answers 401 without a key, 403 for unknown or revoked keys, and ignores the password", async () => {
    const emu = createEmulator({ candidates: 5 });
    const missing = await ashby(emu, "candidate.list", {}, null);
    expect(missing.status).toBe(401);
    expect(missing.headers.get("www-authenticate")).toContain("Basic");
    expect((await ashby(emu, "candidate.list", {}, "emu_nope")).status).toBe(403);
    const withPassword = await emu.fetch("/candidate.list", {
      method: "POST",
      headers: {
        authorization: `Basic ${btoa(`${emu.apiKey}:${emu.apiKey}`)}`,
        "content-type": "application/json",
      },
      body: "{}",
    });
    expect(withPassword.status).toBe(200);
    const key = await emu.control.createApiKey(emu.orgId, { title: "Temp" });
    expect((await ashby(emu, "apiKey.info", {}, key.apiKey)).body.results.title).toBe("Temp");
    await emu.control.revokeApiKey(key.apiKey);
    const revoked = await ashby(emu, "apiKey.info", {}, key.apiKey);
    expect(revoked.status).toBe(403);
    expect(revoked.body.success).toBe(false);
  });

  it("enforces the spec's permission per endpoint and reports scopes in apiKey.info", async () => {
    const emu = createEmulator({ candidates: 5 });
    const key = await emu.control.createApiKey(emu.orgId, { permissions: ["candidatesRead", "apiKeysRead"] });
    const info = (await ashby(emu, "apiKey.info", {}, key.apiKey)).body.results;
    expect(info.scopes).toEqual(["candidates:read", "apiKeys:read"]);
    expect((await ashby(emu, "candidate.list", {}, key.apiKey)).status).toBe(200);
    const cases: Array<[string, string]> = [
      ["candidate.createNote", "candidatesWrite"],
      ["user.list", "organizationRead"],
      ["job.list", "jobsRead"],
      ["interviewSchedule.list", "interviewsRead"],
      ["candidateTag.create", "hiringProcessMetadataWrite"],
      ["feedbackFormDefinition.list", "hiringProcessMetadataRead"],
      ["webhook.create", "apiKeysWrite"],
    ];
    for (const [method, permission] of cases) {
      const answer = await ashby(emu, method, {}, key.apiKey);
      expect(answer.status, method).toBe(403);
      expect(answer.body.errorInfo.code).toBe("missing_endpoint_permission");
      expect(answer.body.errorInfo.message).toContain(permission);
    }
  });

  it("keeps orgs isolated: a key sees only its own org's records", async () => {
    const emu = createEmulator({ candidates: 5 });
    const other = await emu.control.createOrg({ seed: 99, candidates: 3 });
    const mine = (await ashby(emu, "candidate.list", {}, emu.apiKey)).body.results[0].id;
    expect((await ashby(emu, "candidate.list", {}, other.apiKey)).body.results).toHaveLength(3);
    const foreign = (await ashby(emu, "candidate.info", { id: mine }, other.apiKey)).body;
    expect(foreign.success).toBe(false);
    expect(foreign.errorInfo.code).toBe("candidate_not_found");
  });

  it("counts requests per method and per key", async () => {
    const emu = createEmulator({ candidates: 5 });
    await ashby(emu, "candidate.list", {}, emu.apiKey);
    await ashby(emu, "candidate.list", {}, emu.apiKey);
    await ashby(emu, "user.list", {}, emu.apiKey);
    const counts = await emu.control.requestCounts(emu.orgId);
    expect(counts.total).toBe(3);
    expect(counts.byMethod).toEqual({ "candidate.list": 2, "user.list": 1 });
    expect(counts.byApiKey[emu.apiKey]).toBe(3);
    expect(counts.byApiKeyAndMethod[`${emu.apiKey} candidate.list`]).toBe(2);
  });
});

describe("faults", () => {
  it("rate-limits per key with and without Retry-After, in a rolling second of the injected clock", async () => {
    let clock = 1_000_000;
    const emu = createEmulator({ candidates: 5, now: () => clock });
    const other = await emu.control.createApiKey(emu.orgId, {});
    await emu.control.setFaults({ apiKey: emu.apiKey }, { rateLimit: { requestsPerSecond: 2 } });
    expect((await ashby(emu, "user.list", {}, emu.apiKey)).status).toBe(200);
    expect((await ashby(emu, "user.list", {}, emu.apiKey)).status).toBe(200);
    const limited = await ashby(emu, "user.list", {}, emu.apiKey);
    expect(limited.status).toBe(429);
    expect(limited.body.errorInfo.code).toBe("rate_limit_exceeded");
    expect(limited.headers.get("retry-after")).toBeNull();
    expect((await ashby(emu, "user.list", {}, other.apiKey)).status).toBe(200);
    clock += 1000;
    expect((await ashby(emu, "user.list", {}, emu.apiKey)).status).toBe(200);

    await emu.control.setFaults(
      { orgId: emu.orgId },
      { rateLimit: { requestsPerSecond: 0, retryAfterSeconds: 7 } },
    );
    const orgLimited = await ashby(emu, "user.list", {}, other.apiKey);
    expect(orgLimited.status).toBe(429);
    expect(orgLimited.headers.get("retry-after")).toBe("7");
    await emu.control.clearFaults();
    expect((await ashby(emu, "user.list", {}, other.apiKey)).status).toBe(200);
  });

  it("fails a seeded fraction of requests with 5xx, identically for the same seed", async () => {
    const run = async () => {
      const emu = createEmulator({ candidates: 5 });
      await emu.control.setFaults({ orgId: emu.orgId }, { serverErrors: { rate: 0.3, seed: 42 } });
      const statuses: number[] = [];
      for (let i = 0; i < 200; i++) statuses.push((await ashby(emu, "source.list", {}, emu.apiKey)).status);
      return statuses;
    };
    const first = await run();
    const failures = first.filter((status) => status === 500).length;
    expect(failures).toBeGreaterThan(40);
    expect(failures).toBeLessThan(80);
    expect(await run()).toEqual(first);
  });

  it("adds latency and can answer a hung request late or never (until aborted)", async () => {
    const emu = createEmulator({ candidates: 5 });
    await emu.control.setFaults({ apiKey: emu.apiKey }, { latencyMs: 120 });
    let started = performance.now();
    expect((await ashby(emu, "source.list", {}, emu.apiKey)).status).toBe(200);
    expect(performance.now() - started).toBeGreaterThanOrEqual(110);

    await emu.control.setFaults({ apiKey: emu.apiKey }, { hang: { afterMs: 150 } });
    started = performance.now();
    expect((await ashby(emu, "source.list", {}, emu.apiKey)).status).toBe(200);
    expect(performance.now() - started).toBeGreaterThanOrEqual(140);

    await emu.control.setFaults({ apiKey: emu.apiKey }, { hang: {} });
    const controller = new AbortController();
    const pending = ashby(emu, "source.list", {}, emu.apiKey, { signal: controller.signal });
    let settled = false;
    pending.then(
      () => {
        settled = true;
      },
      () => {
        settled = true;
      },
    );
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(settled).toBe(false);
    controller.abort();
    await expect(pending).rejects.toThrow();
  });

  it("forces the next N calls of a method to fail with a chosen code", async () => {
    const emu = createEmulator({ candidates: 5 });
    await emu.control.setFaults(
      { orgId: emu.orgId },
      {
        failNext: [
          { method: "candidate.list", count: 2, code: "sync_token_expired" },
          { method: "user.list", count: 1, code: "internal_server_error" },
        ],
      },
    );
    const first = await ashby(emu, "candidate.list", {}, emu.apiKey);
    expect([first.status, first.body.errorInfo.code]).toEqual([200, "sync_token_expired"]);
    expect((await ashby(emu, "candidate.list", {}, emu.apiKey)).body.success).toBe(false);
    expect((await ashby(emu, "candidate.list", {}, emu.apiKey)).body.success).toBe(true);
    expect((await ashby(emu, "user.list", {}, emu.apiKey)).status).toBe(500);
    expect((await ashby(emu, "user.list", {}, emu.apiKey)).status).toBe(200);
  });

  it("rejects malformed control requests with a clear error", async () => {
    const emu = createEmulator({ candidates: 5 });
    await expect(
      emu.control.setFaults({ orgId: emu.orgId }, { serverErrors: { rate: 2 } } as never),
    ).rejects.toMatchObject({ status: 400, code: "invalid_request" });
    await expect(emu.control.org("nope")).rejects.toMatchObject({ status: 404, code: "org_not_found" });
  });
});
