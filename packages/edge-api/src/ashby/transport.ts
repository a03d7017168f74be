import {
  type AshbyResult,
  AshbyTimeoutSignal,
  classifyAshbyResponse,
  classifyThrown,
  type EnvelopeParser,
} from "./errors";

/** The real global `fetch` fits, and so does a Hono app's `app.fetch` (the emulator in tests). */
export type AshbyFetch = (request: Request) => Response | Promise<Response>;

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

  return async <T>(method: string, body: object, parser: EnvelopeParser<T>): Promise<AshbyResult<T>> => {
    const controller = new AbortController();
    let timer: ReturnType<typeof setTimeout> | undefined;
    const timedOut = new Promise<never>((_, reject) => {
      timer = setTimeout(() => {
        const reason = new AshbyTimeoutSignal(`Ashby ${method} did not answer within ${timeoutMs} ms`);
        controller.abort(reason);
        reject(reason);
      }, timeoutMs);
    });
    try {
      const request = new Request(`${baseUrl}/${method}`, {
        method: "POST",
        headers,
        body: JSON.stringify(body),
        signal: controller.signal,
      });
      const exchange = (async () => {
        const response = await options.fetch(request);
        return { status: response.status, headers: response.headers, text: await response.text() };
      })();
      const { status, headers: responseHeaders, text } = await Promise.race([exchange, timedOut]);
      return classifyAshbyResponse(status, responseHeaders, text, parser);
    } catch (error) {
      return { ok: false, error: classifyThrown(error) };
    } finally {
      clearTimeout(timer);
    }
  };
}
