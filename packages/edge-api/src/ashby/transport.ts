import {
  type AshbyResult,
  AshbyTimeoutSignal,
  classifyAshbyResponse,
  classifyThrown,
  type EnvelopeParser,
} from "./errors";

/**
 * The real global `fetch` fits, and so does the emulator's `fetch` (or a Hono app's `app.request`) in tests.
 * A URL and an init rather than a `Request`: a sync run makes thousands of calls, and a `Request` built here (with
 * its `Headers`) is one more pair of runtime objects per call for the garbage collector to destroy.
 */
export type AshbyFetch = (url: string, init: AshbyRequestInit) => Response | Promise<Response>;

/** What every Ashby call sends: a JSON POST with our headers, abortable by the client's timeout. */
export type AshbyRequestInit = {
  method: "POST";
  headers: Record<string, string>;
  body: string;
  signal: AbortSignal;
};

export type AshbyClientOptions = {
  /** The customer's Ashby API key; sent as the Basic-auth username with an empty password. */
  apiKey: string;
  /** `https://api.ashbyhq.com` in production; the emulator's origin in tests. No trailing path. */
  baseUrl: string;
  fetch: AshbyFetch;
  /** Per call, covering the response body too. Default 30 s. */
  timeoutMs?: number;
  userAgent?: string;
};

export const DEFAULT_TIMEOUT_MS = 30_000;
export const DEFAULT_USER_AGENT = "ashby-kit";

export type AshbyCall = <T>(
  method: string,
  body: object,
  parser: EnvelopeParser<T>,
) => Promise<AshbyResult<T>>;

function basicAuth(apiKey: string): string {
  // btoa only takes Latin-1; encoding the bytes first keeps a pasted key with odd characters from throwing.
  const bytes = new TextEncoder().encode(`${apiKey}:`);
  let binary = "";
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return `Basic ${btoa(binary)}`;
}

/**
 * One POST per call and nothing else: no retries (callers own the policy, e.g. queue retries with Retry-After),
 * no module state. The timeout races the whole exchange, because an injected fetch (like an in-process emulator)
 * may not honour the abort signal.
 */
export function createAshbyCall(options: AshbyClientOptions): AshbyCall {
  const baseUrl = options.baseUrl.replace(/\/+$/, "");
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const headers = {
    Authorization: basicAuth(options.apiKey),
    "Content-Type": "application/json",
    Accept: "application/json; version=1",
    "User-Agent": options.userAgent ?? DEFAULT_USER_AGENT,
  };

  const watchdog = createWatchdog(timeoutMs);

  return async <T>(method: string, body: object, parser: EnvelopeParser<T>): Promise<AshbyResult<T>> => {
    const controller = new AbortController();
    let unwatch = () => {};
    const timedOut = new Promise<never>((_, reject) => {
      unwatch = watchdog.watch(Date.now() + timeoutMs, () => {
        const reason = new AshbyTimeoutSignal(`Ashby ${method} did not answer within ${timeoutMs} ms`);
        controller.abort(reason);
        reject(reason);
      });
    });
    try {
      const init: AshbyRequestInit = {
        method: "POST",
        headers,
        body: JSON.stringify(body),
        signal: controller.signal,
      };
      const exchange = (async () => {
        const response = await options.fetch(`${baseUrl}/${method}`, init);
        return { status: response.status, headers: response.headers, text: await response.text() };
      })();
      const { status, headers: responseHeaders, text } = await Promise.race([exchange, timedOut]);
      return classifyAshbyResponse(status, responseHeaders, text, parser);
    } catch (error) {
      return { ok: false, error: classifyThrown(error) };
    } finally {
      unwatch();
    }
  };
}

/**
 * Timeouts for every call in flight on one client, on ONE timer that ticks while calls are in flight. A sync
 * message makes hundreds of calls; a timer set and cleared per call counts against workerd's cap on active timers
 * and, under vitest-pool-workers (whose patched setTimeout captures a stack trace per call), was a tenth of the
 * sync benchmark's CPU. A deadline fires at most one tick late: a quarter of the timeout, capped at one second.
 */
function createWatchdog(timeoutMs: number) {
  const tickMs = Math.max(5, Math.min(1_000, Math.floor(timeoutMs / 4)));
  const inFlight = new Set<{ at: number; fire: () => void }>();
  let ticking = false;
  const tick = () => {
    const now = Date.now();
    for (const deadline of inFlight) {
      if (deadline.at <= now) {
        inFlight.delete(deadline);
        deadline.fire();
      }
    }
    ticking = inFlight.size > 0;
    if (ticking) {
      setTimeout(tick, tickMs);
    }
  };
  return {
    watch(at: number, fire: () => void): () => void {
      const deadline = { at, fire };
      inFlight.add(deadline);
      if (!ticking) {
        ticking = true;
        setTimeout(tick, tickMs);
      }
      return () => {
        inFlight.delete(deadline);
      };
    },
  };
}
