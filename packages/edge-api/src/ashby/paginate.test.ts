import { describe, expect, it } from "vitest";
import type { AshbyPage } from "./envelope";
import { type AshbyErrorCode, type AshbyResult, ashbyError } from "./errors";
import { listAll, paginate, paginationFallback } from "./paginate";
import type { PageParams } from "./requests";

type Params = PageParams & { includeArchived?: boolean };

/** A list endpoint over `items` with `size` per page and cursors "c<offset>", recording every request. */
function fakeList(items: number[], size: number, syncToken = "token-after-pass") {
  const requests: Params[] = [];
  const listFn = async (params: Params): Promise<AshbyResult<AshbyPage<number>>> => {
    requests.push(params);
    const offset = params.cursor ? Number(params.cursor.slice(1)) : 0;
    const results = items.slice(offset, offset + size);
    const more = offset + size < items.length;
    return {
      ok: true,
      requestId: `req-${requests.length}`,
      value: more
        ? { results, moreDataAvailable: true, nextCursor: `c${offset + size}` }
        : { results, moreDataAvailable: false, syncToken },
    };
  };
  return { listFn, requests };
}

async function collect<T>(gen: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const item of gen) out.push(item);
  return out;
}

describe("paginate", () => {
  it("walks every page, marks only the last, and hands out the syncToken there", async () => {
    const { listFn, requests } = fakeList([1, 2, 3, 4, 5, 6, 7], 3);
    const steps = await collect(paginate(listFn, { syncToken: "old", includeArchived: true }));
    const pages = steps.map((s) => (s.ok ? s.value : null));
    expect(pages.map((p) => p?.results)).toEqual([[1, 2, 3], [4, 5, 6], [7]]);
    expect(pages.map((p) => p?.isLastPage)).toEqual([false, false, true]);
    expect(pages.map((p) => p?.cursor)).toEqual([undefined, "c3", "c6"]);
    expect(pages[2]?.syncToken).toBe("token-after-pass");
    expect(pages[0]?.syncToken).toBeUndefined();
    // The syncToken and filters ride along with the cursor on every page; the first page has no cursor key.
    expect(requests).toEqual([
      { syncToken: "old", includeArchived: true },
      { syncToken: "old", includeArchived: true, cursor: "c3" },
      { syncToken: "old", includeArchived: true, cursor: "c6" },
    ]);
    expect(steps[1]).toMatchObject({ ok: true, requestId: "req-2" });
  });

  it("resumes from a saved cursor", async () => {
    const { listFn, requests } = fakeList([1, 2, 3, 4, 5, 6, 7], 3);
    const steps = await collect(paginate(listFn, { cursor: "c3", syncToken: "old" }));
    expect(requests[0]).toEqual({ cursor: "c3", syncToken: "old" });
    expect(steps.map((s) => s.ok && s.value.results)).toEqual([[4, 5, 6], [7]]);
    expect(steps.map((s) => s.ok && s.value.pageIndex)).toEqual([0, 1]);
  });

  it("a single page is both first and last", async () => {
    const { listFn } = fakeList([], 3);
    const steps = await collect(paginate(listFn, {}));
    expect(steps).toEqual([
      {
        ok: true,
        requestId: "req-1",
        value: {
          results: [],
          moreDataAvailable: false,
          syncToken: "token-after-pass",
          pageIndex: 0,
          cursor: undefined,
          isLastPage: true,
        },
      },
    ]);
  });

  it("yields the error once and stops", async () => {
    let calls = 0;
    const listFn = async (_: Params): Promise<AshbyResult<AshbyPage<number>>> => {
      calls++;
      if (calls === 1)
        return { ok: true, value: { results: [1], moreDataAvailable: true, nextCursor: "c1" } };
      return { ok: false, error: ashbyError("ashby_cursor_expired", { ashbyCode: "next_cursor_expired" }) };
    };
    const steps = await collect(paginate(listFn, {}));
    expect(steps).toHaveLength(2);
    expect(steps[1]).toMatchObject({ ok: false, error: { code: "ashby_cursor_expired" } });
    expect(calls).toBe(2);
  });

  it("refuses moreDataAvailable without a nextCursor, and a cursor that repeats", async () => {
    const noCursor = async (_: Params): Promise<AshbyResult<AshbyPage<number>>> => ({
      ok: true,
      value: { results: [1], moreDataAvailable: true },
    });
    const [step] = await collect(paginate(noCursor, {}));
    expect(step).toMatchObject({ ok: false, error: { code: "ashby_invalid_response" } });

    const stuck = async (_: Params): Promise<AshbyResult<AshbyPage<number>>> => ({
      ok: true,
      value: { results: [1], moreDataAvailable: true, nextCursor: "same" },
    });
    const steps = await collect(paginate(stuck, {}));
    expect(steps.map((s) => s.ok)).toEqual([true, false]);
  });

  it("stops at maxPages", async () => {
    const { listFn } = fakeList([1, 2, 3, 4, 5], 1);
    const steps = await collect(paginate(listFn, {}, { maxPages: 2 }));
    expect(steps.map((s) => s.ok)).toEqual([true, true, false]);
  });
});

describe("listAll", () => {
  it("concatenates every page and returns the last page's syncToken", async () => {
    const { listFn } = fakeList([1, 2, 3, 4], 3);
    expect(await listAll(listFn, {})).toEqual({
      ok: true,
      value: { results: [1, 2, 3, 4], syncToken: "token-after-pass" },
    });
  });

  it("returns the first error", async () => {
    const listFn = async (_: Params): Promise<AshbyResult<AshbyPage<number>>> => ({
      ok: false,
      error: ashbyError("ashby_unavailable"),
    });
    expect(await listAll(listFn, {})).toMatchObject({ ok: false, error: { code: "ashby_unavailable" } });
  });
});

describe("paginationFallback", () => {
  it.each<[AshbyErrorCode, string | null]>([
    ["ashby_sync_token_expired", "full_resync"],
    ["ashby_sync_token_invalid", "full_resync"],
    ["ashby_incremental_sync_too_large", "full_resync"],
    ["ashby_cursor_expired", "restart_pass"],
    ["ashby_cursor_invalid", "restart_pass"],
    ["ashby_rate_limited", null],
    ["ashby_credentials_invalid", null],
    ["ashby_invalid_response", null],
  ])("%s → %s", (code, expected) => {
    expect(paginationFallback(ashbyError(code))).toBe(expected);
  });
});
