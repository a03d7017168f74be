import type { BudgetDecision } from "../sync/budget";

/**
 * Spacing push calls inside the connection's shared Ashby budget (sync/budget.ts). When the bucket is short by
 * a little, the consumer waits in place (the wall-clock cost of a short sleep is nothing next to a queue round
 * trip, whose delay has whole-second granularity); when it is short by more, or Ashby blocked the connection
 * after a 429, the message goes back to the queue with that delay and the claimed writes are released.
 */

export type SpacingStep =
  | { action: "go" }
  | { action: "sleep"; ms: number }
  | { action: "defer"; delaySeconds: number };

export function nextSpacingStep(
  decision: BudgetDecision,
  waitedMs: number,
  maxInlineWaitMs: number,
): SpacingStep {
  if (decision.ok) return { action: "go" };
  if (waitedMs + decision.retryAfterMs <= maxInlineWaitMs)
    return { action: "sleep", ms: decision.retryAfterMs };
  return { action: "defer", delaySeconds: Math.max(1, Math.ceil(decision.retryAfterMs / 1000)) };
}

/** Ask the budget until it pays or says "later"; `sleep` is injected (scheduler.wait in Workers, a fake in tests). */
export async function acquireSpaced(options: {
  acquire: () => Promise<BudgetDecision>;
  sleep: (ms: number) => Promise<void>;
  maxInlineWaitMs: number;
}): Promise<{ ok: true; waitedMs: number } | { ok: false; delaySeconds: number }> {
  let waitedMs = 0;
  for (;;) {
    const step = nextSpacingStep(await options.acquire(), waitedMs, options.maxInlineWaitMs);
    if (step.action === "go") return { ok: true, waitedMs };
    if (step.action === "defer") return { ok: false, delaySeconds: step.delaySeconds };
    await options.sleep(step.ms);
    waitedMs += step.ms;
  }
}
