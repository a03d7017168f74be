import { describe, expect, it } from "vitest";
import type { BudgetDecision } from "../sync/budget";
import { acquireSpaced, nextSpacingStep } from "./spacing";

describe("nextSpacingStep", () => {
  it("calls at once when the budget pays", () => {
    expect(nextSpacingStep({ ok: true }, 0, 2000)).toEqual({ action: "go" });
  });
  it("waits in place when the bucket refills soon", () => {
    expect(nextSpacingStep({ ok: false, retryAfterMs: 300 }, 1500, 2000)).toEqual({
      action: "sleep",
      ms: 300,
    });
  });
  it("sends the message back to the queue when the wait is long (a 429 block, an empty bucket)", () => {
    expect(nextSpacingStep({ ok: false, retryAfterMs: 300 }, 1900, 2000)).toEqual({
      action: "defer",
      delaySeconds: 1,
    });
    expect(nextSpacingStep({ ok: false, retryAfterMs: 30_500 }, 0, 2000)).toEqual({
      action: "defer",
      delaySeconds: 31,
    });
  });
});

describe("acquireSpaced", () => {
  it("sleeps for what the bucket asks until it pays", async () => {
    const answers: BudgetDecision[] = [
      { ok: false, retryAfterMs: 100 },
      { ok: false, retryAfterMs: 250 },
      { ok: true },
    ];
    const slept: number[] = [];
    const result = await acquireSpaced({
      acquire: async () => answers.shift() ?? { ok: true },
      sleep: async (ms) => {
        slept.push(ms);
      },
      maxInlineWaitMs: 2000,
    });
    expect(result).toEqual({ ok: true, waitedMs: 350 });
    expect(slept).toEqual([100, 250]);
  });

  it("gives up in place once the total wait would pass the limit", async () => {
    const result = await acquireSpaced({
      acquire: async () => ({ ok: false, retryAfterMs: 800 }),
      sleep: async () => {},
      maxInlineWaitMs: 2000,
    });
    expect(result).toEqual({ ok: false, delaySeconds: 1 });
  });
});
