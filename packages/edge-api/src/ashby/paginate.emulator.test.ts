import { createEmulator, type Emulator, type EmulatorOptions } from "@ashby-kit/ashby-emulator";
import { describe, expect, it } from "vitest";
import { type AshbyClient, createAshbyClient } from "./client";
import type { AshbyError, AshbyResult } from "./errors";
import { listAll, type PaginatedPage, paginate, paginationFallback } from "./paginate";
import type { Candidate } from "./types";

function setup(options: EmulatorOptions = {}): { emulator: Emulator; client: AshbyClient } {
  const emulator = createEmulator({ seed: 3, candidates: 250, ...options });
  const client = createAshbyClient({
    apiKey: emulator.apiKey,
    baseUrl: emulator.baseUrl,
    fetch: emulator.fetch,
  });
  return { emulator, client };
}

type Step = AshbyResult<PaginatedPage<Candidate>>;

async function walk(steps: AsyncIterable<Step>) {
  const pages: PaginatedPage<Candidate>[] = [];
  let error: AshbyError | undefined;
  for await (const step of steps) {
    if (step.ok) pages.push(step.value);
    else error = step.error;
  }
  return { pages, error, ids: pages.flatMap((p) => p.results.map((c) => c.id)) };
}

describe("paginate against the emulator", () => {
  it("walks a full pass over many pages; only the last page carries the syncToken", async () => {
    const { client } = setup();
    const { pages, error, ids } = await walk(paginate(client.candidate.list, { limit: 100 }));
    expect(error).toBeUndefined();
    expect(pages.map((p) => p.results.length)).toEqual([100, 100, 50]);
    expect(new Set(ids).size).toBe(250);
    expect(pages.map((p) => p.isLastPage)).toEqual([false, false, true]);
    expect(pages.slice(0, 2).every((p) => p.syncToken === undefined && p.nextCursor !== undefined)).toBe(
      true,
    );
    expect(pages[2]?.syncToken).toEqual(expect.any(String));
  });

  it("resumes a pass from a saved cursor and still ends with the syncToken", async () => {
    const { client } = setup();
    const first = await walk(paginate(client.candidate.list, { limit: 100 }));
    const saved = first.pages[0]?.nextCursor;
    expect(saved).toBeDefined();
    const resumed = await walk(
      paginate(client.candidate.list, { limit: 100, ...(saved && { cursor: saved }) }),
    );
    expect(resumed.ids).toEqual(first.ids.slice(100));
    expect(resumed.pages.at(-1)?.syncToken).toEqual(expect.any(String));
  });

  it("an incremental pass after a change returns only the changed record, then nothing", async () => {
    const { emulator, client } = setup();
    const full = await listAll(client.candidate.list, { limit: 100 });
    expect(full.ok).toBe(true);
    if (!full.ok) return;
    const target = full.value.results[17];
    expect(target).toBeDefined();
    if (!target) return;
    await emulator.control.mutate(emulator.orgId, {
      type: "candidate.update",
      candidateId: target.id,
      name: "Renamed In Ashby",
    });

    const incremental = await listAll(client.candidate.list, { syncToken: full.value.syncToken ?? "" });
    expect(incremental.ok).toBe(true);
    if (!incremental.ok) return;
    expect(incremental.value.results.map((c) => [c.id, c.name])).toEqual([[target.id, "Renamed In Ashby"]]);
    expect(incremental.value.syncToken).toEqual(expect.any(String));

    const quiet = await listAll(client.candidate.list, { syncToken: incremental.value.syncToken ?? "" });
    expect(quiet.ok && quiet.value.results).toEqual([]);
  });

  it("an expired syncToken → ashby_sync_token_expired → full_resync", async () => {
    const { emulator, client } = setup();
    const full = await listAll(client.candidate.list, {});
    const token = full.ok ? full.value.syncToken : undefined;
    expect(token).toBeDefined();
    await emulator.control.expireTokens(emulator.orgId);
    const { pages, error } = await walk(paginate(client.candidate.list, { syncToken: token ?? "" }));
    expect(pages).toEqual([]);
    expect(error).toMatchObject({ code: "ashby_sync_token_expired", ashbyCode: "sync_token_expired" });
    expect(error && paginationFallback(error)).toBe("full_resync");
  });

  it("an undecodable syncToken → ashby_sync_token_invalid → full_resync", async () => {
    const { client } = setup();
    const { error } = await walk(paginate(client.candidate.list, { syncToken: "not-a-token" }));
    expect(error).toMatchObject({ code: "ashby_sync_token_invalid", ashbyCode: "sync_token_invalid" });
    expect(error && paginationFallback(error)).toBe("full_resync");
  });

  it("too many changed pages → ashby_incremental_sync_too_large after the allowed pages → full_resync", async () => {
    const { emulator, client } = setup({ maxIncrementalPages: 2 });
    const full = await listAll(client.candidate.list, {});
    const token = full.ok ? full.value.syncToken : undefined;
    const ids = full.ok ? full.value.results.slice(0, 5).map((c) => c.id) : [];
    for (const candidateId of ids) {
      await emulator.control.mutate(emulator.orgId, {
        type: "candidate.update",
        candidateId,
        position: "Staff",
      });
    }
    const { pages, error } = await walk(
      paginate(client.candidate.list, { syncToken: token ?? "", limit: 1 }),
    );
    expect(pages).toHaveLength(2);
    expect(error).toMatchObject({ code: "ashby_incremental_sync_too_large" });
    expect(error && paginationFallback(error)).toBe("full_resync");
  });

  it("a cursor that aged out mid-pass → ashby_cursor_expired → restart_pass", async () => {
    let now = Date.parse("2026-03-01T10:00:00Z");
    const { client } = setup({ now: () => now, cursorTtlMs: 60_000 });
    const steps = paginate(client.candidate.list, { limit: 100 });
    const first = await steps.next();
    expect(first.value).toMatchObject({ ok: true, value: { pageIndex: 0 } });
    now += 5 * 60_000; // the pass stalls, e.g. the Worker was evicted and the retry came late
    const { pages, error } = await walk(steps);
    expect(pages).toEqual([]);
    expect(error).toMatchObject({ code: "ashby_cursor_expired", ashbyCode: "next_cursor_expired" });
    expect(error && paginationFallback(error)).toBe("restart_pass");
  });

  it("a cursor Ashby cannot decode → ashby_cursor_invalid → restart_pass", async () => {
    const { client } = setup();
    const { error } = await walk(paginate(client.candidate.list, { cursor: "garbage" }));
    expect(error).toMatchObject({ code: "ashby_cursor_invalid", ashbyCode: "invalid_next_cursor" });
    expect(error && paginationFallback(error)).toBe("restart_pass");
  });

  it("a transient failure mid-pass is not a pagination fallback; the saved cursor resumes the pass", async () => {
    const { emulator, client } = setup();
    await emulator.control.setFaults(
      { apiKey: emulator.apiKey },
      { failNext: [{ method: "candidate.list", count: 1, code: "internal_server_error" }] },
    );
    const failed = await walk(paginate(client.candidate.list, { limit: 100 }));
    expect(failed.error).toMatchObject({ code: "ashby_unavailable", retryable: true });
    expect(failed.error && paginationFallback(failed.error)).toBeNull();

    const first = await walk(paginate(client.candidate.list, { limit: 100 }));
    const afterFirst = first.pages[0]?.nextCursor;
    await emulator.control.setFaults(
      { apiKey: emulator.apiKey },
      {
        failNext: [{ method: "candidate.list", count: 1, code: "rate_limit_exceeded", retryAfterSeconds: 2 }],
      },
    );
    const interrupted = await walk(
      paginate(client.candidate.list, { limit: 100, ...(afterFirst && { cursor: afterFirst }) }),
    );
    expect(interrupted.error).toMatchObject({ code: "ashby_rate_limited", retryAfterSeconds: 2 });
    const resumed = await walk(
      paginate(client.candidate.list, { limit: 100, ...(afterFirst && { cursor: afterFirst }) }),
    );
    expect(resumed.error).toBeUndefined();
    expect([...(first.pages[0]?.results.map((c) => c.id) ?? []), ...resumed.ids]).toEqual(first.ids);
  });
});
