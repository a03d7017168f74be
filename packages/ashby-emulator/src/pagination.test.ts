import { describe, expect, it } from "vitest";
import { createEmulator } from "./emulator.ts";
import { type AshbyAnswer, ashby } from "./test-support/ashby-call.ts";

const START = Date.parse("2026-11-20T12:00:00.000Z");

function setup(options: { candidates?: number; maxIncrementalPages?: number } = {}) {
  let clock = START;
  const emu = createEmulator({
    seed: 3,
    candidates: options.candidates ?? 250,
    now: () => clock,
    ...options,
  });
  return {
    emu,
    call: (method: string, body: unknown = {}) => ashby(emu, method, body, emu.apiKey),
    advance: (ms: number) => {
      clock += ms;
    },
  };
}

async function drain(
  call: (method: string, body: unknown) => Promise<AshbyAnswer>,
  method: string,
  first: object,
) {
  const ids: string[] = [];
  let body: object = first;
  let syncToken: string | undefined;
  let pages = 0;
  for (;;) {
    const answer = (await call(method, body)).body;
    expect(answer.success, JSON.stringify(answer.errorInfo)).toBe(true);
    pages += 1;
    ids.push(...answer.results.map((record: { id: string }) => record.id));
    if (!answer.moreDataAvailable) {
      syncToken = answer.syncToken;
      expect(answer.nextCursor).toBeUndefined();
      break;
    }
    expect(answer.syncToken).toBeUndefined();
    body = { ...first, cursor: answer.nextCursor };
  }
  return { ids, syncToken, pages };
}

describe("pagination", () => {
  it("defaults to 100 per page, clamps larger limits to 100, and gives the syncToken only on the last page", async () => {
    const { call } = setup();
    const first = (await call("candidate.list", {})).body;
    expect(first.results).toHaveLength(100);
    expect(first.moreDataAvailable).toBe(true);
    expect(typeof first.nextCursor).toBe("string");
    expect(first.syncToken).toBeUndefined();
    const big = (await call("candidate.list", { limit: 1000 })).body;
    expect(big.results).toHaveLength(100);
    const small = await drain(call, "candidate.list", { limit: 40 });
    expect(small.pages).toBe(7);
    expect(small.ids).toHaveLength(250);
    expect(new Set(small.ids).size).toBe(250);
    expect(typeof small.syncToken).toBe("string");
  });

  it("rejects limits below 1 and non-numeric limits as invalid_input", async () => {
    const { call } = setup();
    for (const limit of [0, -5, "10", 2.5]) {
      const answer = (await call("candidate.list", { limit })).body;
      expect(answer.success).toBe(false);
      expect(answer.errorInfo.code).toBe("invalid_input");
    }
  });

  it("answers invalid_next_cursor for garbage and for a cursor of another method", async () => {
    const { call } = setup();
    expect((await call("candidate.list", { cursor: "G8" })).body.errorInfo.code).toBe("invalid_next_cursor");
    const cursor = (await call("application.list", { limit: 5 })).body.nextCursor;
    expect((await call("candidate.list", { cursor })).body.errorInfo.code).toBe("invalid_next_cursor");
  });

  it("expires cursors after their TTL and on expire-tokens", async () => {
    const { emu, call, advance } = setup();
    const cursor = (await call("candidate.list", { limit: 10 })).body.nextCursor;
    advance(60 * 60 * 1000 + 1);
    expect((await call("candidate.list", { cursor })).body.errorInfo.code).toBe("next_cursor_expired");
    const fresh = (await call("candidate.list", { limit: 10 })).body.nextCursor;
    await emu.control.expireTokens(emu.orgId);
    expect((await call("candidate.list", { cursor: fresh })).body.errorInfo.code).toBe("next_cursor_expired");
  });

  it("returns everything at once for non-paginated lists", async () => {
    const { call } = setup();
    const sources = (await call("source.list", {})).body;
    expect(sources.moreDataAvailable).toBe(false);
    expect(sources.nextCursor).toBeUndefined();
    expect(sources.results.length).toBeGreaterThan(3);
    const reasons = (await call("archiveReason.list", {})).body;
    const withArchived = (await call("archiveReason.list", { includeArchived: true })).body;
    expect(withArchived.results.length).toBe(reasons.results.length + 1);
  });
});

describe("incremental sync", () => {
  it("returns only records created or changed since the token, and nothing deleted", async () => {
    const { emu, call, advance } = setup();
    const full = await drain(call, "candidate.list", {});
    expect(full.ids).toHaveLength(250);
    const none = await drain(call, "candidate.list", { syncToken: full.syncToken });
    expect(none.ids).toEqual([]);

    advance(60_000);
    const [a, b, c] = full.ids as [string, string, string];
    await emu.control.mutate(emu.orgId, { type: "candidate.update", candidateId: a, name: "Renamed Person" });
    const created = await emu.control.mutate(emu.orgId, { type: "candidate.create", name: "Brand New" });
    await emu.control.mutate(emu.orgId, { type: "candidate.delete", candidateId: b });
    // Changed twice: returned once, in its latest form.
    await emu.control.mutate(emu.orgId, { type: "candidate.update", candidateId: c, company: "First" });
    await emu.control.mutate(emu.orgId, { type: "candidate.update", candidateId: c, company: "Second" });

    const answer = (await call("candidate.list", { syncToken: full.syncToken })).body;
    const ids = answer.results.map((record: { id: string }) => record.id);
    expect(ids.sort()).toEqual([a, (created.record as { candidateId: string }).candidateId, c].sort());
    expect(answer.results.find((r: { id: string }) => r.id === a).name).toBe("Renamed Person");
    expect(answer.results.find((r: { id: string }) => r.id === c).company).toBe("Second");
    expect(answer.results.find((r: { id: string }) => r.id === a).updatedAt).toBe(
      new Date(START + 60_000).toISOString(),
    );
    expect(typeof answer.syncToken).toBe("string");

    // The new token covers everything so far.
    expect((await call("candidate.list", { syncToken: answer.syncToken })).body.results).toEqual([]);
    // The deleted candidate is gone from full listings too.
    const again = await drain(call, "candidate.list", {});
    expect(again.ids).not.toContain(b);
    expect(again.ids).toHaveLength(250);
  });

  it("accepts both follow-up patterns: syncToken repeated with the cursor, or the cursor alone", async () => {
    const { emu, call } = setup({ candidates: 300, maxIncrementalPages: 10 });
    const token = (await drain(call, "candidate.list", {})).syncToken as string;
    for (let i = 0; i < 25; i++) {
      await emu.control.mutate(emu.orgId, { type: "candidate.create", name: `New ${i}` });
    }
    const withToken = await drain(call, "candidate.list", { syncToken: token, limit: 10 });
    const page1 = (await call("candidate.list", { syncToken: token, limit: 10 })).body;
    const cursorOnly: string[] = page1.results.map((r: { id: string }) => r.id);
    let cursor = page1.nextCursor;
    while (cursor) {
      const page = (await call("candidate.list", { cursor, limit: 10 })).body;
      cursorOnly.push(...page.results.map((r: { id: string }) => r.id));
      cursor = page.nextCursor;
    }
    expect(withToken.ids).toHaveLength(25);
    expect(cursorOnly).toEqual(withToken.ids);
  });

  it("sees changes made mid-pass on the next incremental pass", async () => {
    const { emu, call } = setup();
    const page1 = (await call("candidate.list", { limit: 100 })).body;
    const early = page1.results[0].id;
    await emu.control.mutate(emu.orgId, {
      type: "candidate.update",
      candidateId: early,
      name: "Changed Mid Pass",
    });
    const rest = await drain(call, "candidate.list", { cursor: page1.nextCursor });
    const next = (await call("candidate.list", { syncToken: rest.syncToken })).body;
    expect(next.results.map((r: { id: string }) => r.id)).toEqual([early]);
  });

  it("answers incremental_sync_too_large past the incremental page cap", async () => {
    const { emu, call } = setup({ maxIncrementalPages: 2 });
    const token = (await drain(call, "candidate.list", {})).syncToken;
    for (let i = 0; i < 30; i++) {
      await emu.control.mutate(emu.orgId, { type: "candidate.create", name: `Wave ${i}` });
    }
    const page1 = (await call("candidate.list", { syncToken: token, limit: 10 })).body;
    const page2 = (await call("candidate.list", { syncToken: token, cursor: page1.nextCursor, limit: 10 }))
      .body;
    expect(page2.success).toBe(true);
    const page3 = (await call("candidate.list", { syncToken: token, cursor: page2.nextCursor, limit: 10 }))
      .body;
    expect(page3.success).toBe(false);
    expect(page3.errorInfo.code).toBe("incremental_sync_too_large");
    // Full passes are never capped.
    expect((await drain(call, "candidate.list", { limit: 10 })).pages).toBe(28);
  });

  it("answers sync_token_invalid for garbage or foreign tokens and sync_token_expired for old ones", async () => {
    const { emu, call, advance } = setup();
    expect((await call("candidate.list", { syncToken: "not-a-token" })).body.errorInfo.code).toBe(
      "sync_token_invalid",
    );
    const jobToken = (await drain(call, "job.list", {})).syncToken;
    expect((await call("candidate.list", { syncToken: jobToken })).body.errorInfo.code).toBe(
      "sync_token_invalid",
    );
    const other = await emu.control.createOrg({ candidates: 5 });
    const otherToken = (await ashby(emu, "candidate.list", {}, other.apiKey)).body.syncToken;
    expect((await call("candidate.list", { syncToken: otherToken })).body.errorInfo.code).toBe(
      "sync_token_invalid",
    );

    const token = (await drain(call, "candidate.list", {})).syncToken;
    advance(30 * 24 * 3_600_000 + 1);
    expect((await call("candidate.list", { syncToken: token })).body.errorInfo.code).toBe(
      "sync_token_expired",
    );
    const fresh = (await drain(call, "candidate.list", {})).syncToken;
    await emu.control.expireTokens(emu.orgId);
    expect((await call("candidate.list", { syncToken: fresh })).body.errorInfo.code).toBe(
      "sync_token_expired",
    );
  });

  it("tracks stage changes, job status changes, notes and feedback per list", async () => {
    const { emu, call } = setup({ candidates: 60 });
    const appToken = (await drain(call, "application.list", {})).syncToken;
    const jobToken = (await drain(call, "job.list", {})).syncToken;
    const app = (await call("application.list", { limit: 1 })).body.results[0];
    const stages = (
      await call("interviewStage.list", {
        interviewPlanId: (await call("job.info", { id: app.job.id })).body.results.defaultInterviewPlanId,
      })
    ).body.results;
    const offer = stages.find((stage: { type: string }) => stage.type === "Offer");
    await emu.control.mutate(emu.orgId, {
      type: "application.changeStage",
      applicationId: app.id,
      interviewStageId: offer.id,
    });
    const changed = (await call("application.list", { syncToken: appToken })).body.results;
    expect(changed.map((a: { id: string }) => a.id)).toEqual([app.id]);
    expect(changed[0].currentInterviewStage.id).toBe(offer.id);

    await emu.control.mutate(emu.orgId, { type: "job.archive", jobId: app.job.id });
    const jobs = (await call("job.list", { syncToken: jobToken })).body.results;
    expect(jobs.map((j: { id: string; status: string }) => [j.id, j.status])).toEqual([
      [app.job.id, "Archived"],
    ]);
  });
  it("returns a schedule again on the incremental pass after one of its events is rescheduled", async () => {
    const { emu, call } = setup({ candidates: 30 });
    const full = await drain(call, "interviewSchedule.list", {});
    const schedule = (await call("interviewSchedule.list", { limit: 1 })).body.results[0];
    const event = schedule.interviewEvents[0];
    await emu.control.mutate(emu.orgId, {
      type: "interviewEvent.reschedule",
      interviewEventId: event.id,
      startTime: "2030-01-01T10:00:00.000Z",
      endTime: "2030-01-01T11:00:00.000Z",
    });
    const changed = (await call("interviewSchedule.list", { syncToken: full.syncToken })).body.results;
    expect(changed.map((s: { id: string }) => s.id)).toEqual([schedule.id]);
    const moved = changed[0].interviewEvents.find((e: { id: string }) => e.id === event.id);
    expect(moved.startTime).toBe("2030-01-01T10:00:00.000Z");
  });
});
