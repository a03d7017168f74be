import { env } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { RETIRED_FANOUT_SQL } from "./task-store";

describe("sync task store", () => {
  it("finds a connection's retired tasks through an index, not by scanning every task of every run", async () => {
    // The read is on every run's start, and sync_tasks keeps all tasks of all runs: a scan grew with the table.
    const plan = await env.DB.prepare(`EXPLAIN QUERY PLAN ${RETIRED_FANOUT_SQL}`).bind("conn_x").all<{
      detail: string;
    }>();
    const details = plan.results.map((row) => row.detail);
    expect(details.some((d) => d.includes("USING INDEX sync_tasks_retired_idx"))).toBe(true);
    expect(details.some((d) => /^SCAN sync_tasks\b/.test(d))).toBe(false);
  });
});
