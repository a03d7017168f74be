/**
 * One token bucket of Ashby calls per connection, in D1, shared by the sync engine and write-back.
 *
 * Ashby publishes no numeric rate limit for its list endpoints (API-NOTES §1.5), so the bucket's rate is a policy
 * knob, and a 429 from Ashby blocks the bucket for Retry-After (or the backoff) so both lanes wait it out together.
 * The two lanes never starve each other: sync may only spend down to a reserve that is kept for write-back, and
 * write-back (a few human-triggered calls) may use the whole bucket.
 */

export type BudgetLane = "sync" | "writeback";

export type BudgetPolicy = {
  /** Sustained calls per second per connection. */
  ratePerSecond: number;
  /** Bucket size: the burst a connection may spend at once. */
  capacity: number;
  /** Tokens sync leaves untouched so write-back always finds some. */
  writebackReserve: number;
};

export const DEFAULT_BUDGET_POLICY: BudgetPolicy = { ratePerSecond: 10, capacity: 60, writebackReserve: 10 };

/** The policy the worker runs with: the defaults, with the rate and burst from its vars when they are set. */
export function budgetPolicyFrom(config: {
  ASHBY_CALLS_PER_SECOND?: number | undefined;
  ASHBY_CALL_BURST?: number | undefined;
}): BudgetPolicy {
  return {
    ...DEFAULT_BUDGET_POLICY,
    ratePerSecond: config.ASHBY_CALLS_PER_SECOND ?? DEFAULT_BUDGET_POLICY.ratePerSecond,
    capacity: config.ASHBY_CALL_BURST ?? DEFAULT_BUDGET_POLICY.capacity,
  };
}

/** Tokens a lane must leave in the bucket: sync leaves write-back's reserve, so a person never waits behind a sync. */
function reserveBeyond(policy: BudgetPolicy, lane: BudgetLane): number {
  return lane === "sync" ? policy.writebackReserve : 0;
}

export type BudgetDecision = { ok: true } | { ok: false; retryAfterMs: number };

/**
 * Take `cost` tokens for `lane`, atomically (one statement: refill by elapsed time, check, spend). When the bucket
 * cannot pay, nothing is spent and the caller learns how long to wait.
 */
export async function acquireBudget(
  db: D1Database,
  policy: BudgetPolicy,
  connectionId: string,
  lane: BudgetLane,
  cost: number,
  nowMs: number,
): Promise<BudgetDecision> {
  const reserve = reserveBeyond(policy, lane);
  // A single message may need more than the bucket holds (a fan-out chunk); it then waits for a full bucket.
  const need = Math.min(cost, policy.capacity - reserve);
  const granted = await acquireBudgetStatement(db, policy, connectionId, lane, need, nowMs).first<{
    tokens: number;
  }>();
  if (granted) {
    return { ok: true };
  }
  const state = await db
    .prepare(`SELECT tokens, updated_at, blocked_until FROM ashby_call_budgets WHERE connection_id = ?1`)
    .bind(connectionId)
    .first<{ tokens: number; updated_at: number; blocked_until: number }>();
  if (!state) {
    return { ok: true };
  }
  const available = Math.min(
    policy.capacity,
    state.tokens + (Math.max(nowMs - state.updated_at, 0) * policy.ratePerSecond) / 1000,
  );
  const refillWait = Math.ceil(((need + reserve - available) / policy.ratePerSecond) * 1000);
  return { ok: false, retryAfterMs: Math.max(state.blocked_until - nowMs, refillWait, 1) };
}

/**
 * The atomic take of `cost` tokens as a statement, so a caller can put it in a D1 batch it sends anyway (a list
 * message takes a later page's token inside the commit of the page two before it). Granted when it returns a row.
 */
export function acquireBudgetStatement(
  db: D1Database,
  policy: BudgetPolicy,
  connectionId: string,
  lane: BudgetLane,
  cost: number,
  nowMs: number,
): D1PreparedStatement {
  const reserve = reserveBeyond(policy, lane);
  const refilled = "MIN(?3, tokens + (MAX(?2 - updated_at, 0) * ?4 / 1000.0))";
  return db
    .prepare(
      `INSERT INTO ashby_call_budgets (connection_id, tokens, updated_at, blocked_until)
       VALUES (?1, ?3 - ?5, ?2, 0)
       ON CONFLICT (connection_id) DO UPDATE SET tokens = ${refilled} - ?5, updated_at = ?2
       WHERE blocked_until <= ?2 AND ${refilled} - ?5 >= ?6
       RETURNING tokens`,
    )
    .bind(connectionId, nowMs, policy.capacity, policy.ratePerSecond, cost, reserve);
}

/**
 * Settles tokens taken ahead with the calls really made: a positive `delta` gives back tokens taken for a call
 * that was not made (never beyond the bucket's size), a negative one charges calls made beyond those paid for
 * (a refused sync token's fallback call).
 */
export function settleBudgetStatement(
  db: D1Database,
  policy: BudgetPolicy,
  connectionId: string,
  delta: number,
): D1PreparedStatement {
  return db
    .prepare("UPDATE ashby_call_budgets SET tokens = MIN(?3, tokens + ?2) WHERE connection_id = ?1")
    .bind(connectionId, delta, policy.capacity);
}

/**
 * Ashby said 429 to a call a person waits on: both lanes of the connection wait out its Retry-After. Without one,
 * a second: Ashby does not document its window, and a per-second limit clears after one (repeated 429s still back
 * off through the caller's own retries). Returns the wait, in seconds.
 */
export async function blockBudgetForRateLimit(
  db: D1Database,
  connectionId: string,
  error: { retryAfterSeconds?: number | undefined },
  nowMs: number,
): Promise<number> {
  const waitSeconds = error.retryAfterSeconds ?? 1;
  await blockBudget(db, connectionId, nowMs + waitSeconds * 1000, nowMs);
  return waitSeconds;
}

/** Ashby said 429: nobody on this connection calls again before `untilMs`. */
export async function blockBudget(db: D1Database, connectionId: string, untilMs: number, nowMs: number) {
  await db
    .prepare(
      `INSERT INTO ashby_call_budgets (connection_id, tokens, updated_at, blocked_until) VALUES (?1, 0, ?3, ?2)
       ON CONFLICT (connection_id) DO UPDATE SET blocked_until = MAX(blocked_until, ?2)`,
    )
    .bind(connectionId, untilMs, nowMs)
    .run();
}
