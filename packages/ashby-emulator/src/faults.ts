import { AshbyError } from "./envelope.ts";
import { EmulatorState, type FaultState } from "./state.ts";

const RATE_WINDOW_MS = 1000;

export function abortError(signal: AbortSignal | undefined): Error {
  const reason: unknown = signal?.reason;
  return reason instanceof Error ? reason : new DOMException("The request was aborted.", "AbortError");
}

/** Resolves after `ms`, or rejects as soon as `signal` aborts. Real timers: latency is wall-clock by nature. */
export function defaultSleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(abortError(signal));
    const timer = setTimeout(() => {
      signal?.removeEventListener("abort", onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(abortError(signal));
    };
    signal?.addEventListener("abort", onAbort, { once: true });
  });
}

/** Never resolves; rejects when the caller aborts. */
function hangForever(signal: AbortSignal | undefined): Promise<never> {
  return new Promise((_, reject) => {
    if (signal?.aborted) return reject(abortError(signal));
    signal?.addEventListener("abort", () => reject(abortError(signal)), { once: true });
  });
}

function defaultStatusFor(code: string): number {
  if (code === "rate_limit_exceeded" || code === "concurrent_limit_exceeded") return 429;
  if (code === "internal_server_error" || code === "service_unavailable")
    return code === "internal_server_error" ? 500 : 503;
  if (code === "missing_endpoint_permission") return 403;
  return 200;
}

/**
 * Applies the faults of the key's scope, then the org's scope, to one request. Throws an AshbyError when
 * the request must fail, never returns when it must hang, and returns the latency the answer must take: the
 * caller answers that long after the request arrived, its own work included, as a remote server would (adding
 * the emulator's rendering on top would charge it to the client being measured).
 */
export async function applyFaults(
  state: EmulatorState,
  apiKey: string,
  orgId: string,
  method: string,
  signal: AbortSignal | undefined,
): Promise<number> {
  const scopes = [
    state.faults.get(EmulatorState.scopeKey({ apiKey })),
    state.faults.get(EmulatorState.scopeKey({ orgId })),
  ].filter((fault): fault is FaultState => fault !== undefined);

  const latency =
    state.settings.latencyMs + scopes.reduce((sum, scope) => sum + (scope.faults.latencyMs ?? 0), 0);
  for (const scope of scopes) {
    const hang = scope.faults.hang;
    if (!hang) continue;
    if (hang.afterMs === undefined) await hangForever(signal);
    else await state.settings.sleep(hang.afterMs, signal);
  }

  const now = state.settings.now();
  for (const scope of scopes) {
    const limit = scope.faults.rateLimit;
    if (!limit) continue;
    scope.recentRequests = scope.recentRequests.filter((at) => now - at < RATE_WINDOW_MS);
    if (scope.recentRequests.length >= limit.requestsPerSecond) {
      const headers: Record<string, string> =
        limit.retryAfterSeconds === undefined ? {} : { "Retry-After": String(limit.retryAfterSeconds) };
      throw new AshbyError(
        "rate_limit_exceeded",
        `Rate limit of ${limit.requestsPerSecond} requests per second exceeded.`,
        429,
        headers,
      );
    }
    scope.recentRequests.push(now);
  }

  for (const scope of scopes) {
    const rules = scope.faults.failNext ?? [];
    for (const [index, rule] of rules.entries()) {
      const remaining = scope.failNextRemaining[index] ?? 0;
      if (remaining <= 0 || (rule.method !== "*" && rule.method !== method)) continue;
      scope.failNextRemaining[index] = remaining - 1;
      const headers: Record<string, string> =
        rule.retryAfterSeconds === undefined ? {} : { "Retry-After": String(rule.retryAfterSeconds) };
      throw new AshbyError(
        rule.code,
        rule.message ?? `Injected failure (${rule.code}) for ${method}.`,
        rule.httpStatus ?? defaultStatusFor(rule.code),
        headers,
      );
    }
  }

  for (const scope of scopes) {
    const errors = scope.faults.serverErrors;
    if (!errors || !scope.serverErrorRng) continue;
    if (scope.serverErrorRng.next() < errors.rate) {
      throw new AshbyError("internal_server_error", "Injected server error.", errors.status ?? 500);
    }
  }
  return latency;
}
