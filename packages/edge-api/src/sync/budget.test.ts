import { env } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { acquireBudget, acquireBudgetStatement, blockBudget, settleBudgetStatement } from "./budget";

const policy = { ratePerSecond: 10, capacity: 20, writebackReserve: 5 };

describe("the per-connection Ashby call budget", () => {
  it("lets sync spend down to the write-back reserve, then makes it wait for the refill", async () => {
    const id = `conn_${crypto.randomUUID()}`;
    const t0 = 1_000_000;
    expect(await acquireBudget(env.DB, policy, id, "sync", 10, t0)).toEqual({ ok: true });
    expect(await acquireBudget(env.DB, policy, id, "sync", 5, t0)).toEqual({ ok: true });
    // 5 tokens left = the reserve: sync may not take them.
    const denied = await acquireBudget(env.DB, policy, id, "sync", 1, t0);
    expect(denied).toEqual({ ok: false, retryAfterMs: 100 });
    // Write-back can, so a long sync never starves a human's note.
    expect(await acquireBudget(env.DB, policy, id, "writeback", 5, t0)).toEqual({ ok: true });
    expect((await acquireBudget(env.DB, policy, id, "writeback", 1, t0)).ok).toBe(false);
    // 1 s later the bucket refilled 10 tokens.
    expect(await acquireBudget(env.DB, policy, id, "sync", 5, t0 + 1000)).toEqual({ ok: true });
  });

  it("takes a token inside a batch, and settles what was paid ahead with the calls really made", async () => {
    const id = `conn_${crypto.randomUUID()}`;
    const t0 = 3_000_000;
    const tokens = () =>
      env.DB.prepare("SELECT tokens FROM ashby_call_budgets WHERE connection_id = ?1")
        .bind(id)
        .first<number>("tokens");
    expect((await acquireBudget(env.DB, policy, id, "sync", 12, t0)).ok).toBe(true);
    // Granted when the statement returns a row; refused (nothing spent) when it does not.
    const [granted] = await env.DB.batch([acquireBudgetStatement(env.DB, policy, id, "sync", 3, t0)]);
    expect(granted?.results).toHaveLength(1);
    const [refused] = await env.DB.batch([acquireBudgetStatement(env.DB, policy, id, "sync", 1, t0)]);
    expect(refused?.results).toHaveLength(0);
    expect(await tokens()).toBe(5);
    // A token paid for a page never fetched comes back, never beyond the bucket's size...
    await settleBudgetStatement(env.DB, policy, id, 2).run();
    expect(await tokens()).toBe(7);
    await settleBudgetStatement(env.DB, policy, id, 100).run();
    expect(await tokens()).toBe(policy.capacity);
    // ...and a fallback call made beyond what was paid is charged, even into debt that the refill pays off.
    await settleBudgetStatement(env.DB, policy, id, -25).run();
    expect(await tokens()).toBe(-5);
    expect(await acquireBudget(env.DB, policy, id, "writeback", 1, t0)).toEqual({
      ok: false,
      retryAfterMs: 600,
    });
    expect((await acquireBudget(env.DB, policy, id, "writeback", 1, t0 + 600)).ok).toBe(true);
  });

  it("a 429 blocks both lanes until Retry-After has passed", async () => {
    const id = `conn_${crypto.randomUUID()}`;
    const t0 = 2_000_000;
    expect((await acquireBudget(env.DB, policy, id, "sync", 1, t0)).ok).toBe(true);
    await blockBudget(env.DB, id, t0 + 30_000, t0);
    expect(await acquireBudget(env.DB, policy, id, "writeback", 1, t0 + 1000)).toEqual({
      ok: false,
      retryAfterMs: 29_000,
    });
    expect((await acquireBudget(env.DB, policy, id, "sync", 1, t0 + 10_000)).ok).toBe(false);
    expect((await acquireBudget(env.DB, policy, id, "sync", 1, t0 + 30_000)).ok).toBe(true);
  });
});
