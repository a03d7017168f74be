import { createApp } from "./app.ts";
import { createEmulatorControl, type EmulatorControl, type FetchLike } from "./control-client.ts";
import { defaultSleep } from "./faults.ts";
import { EmulatorState } from "./state.ts";

export interface EmulatorOptions {
  /** Seed of the default org's data (default 1). Same seed + size + clock hour → same data. */
  seed?: number;
  /** Candidates in the default org (default 50); applications ≈ 1.5×, jobs ≈ candidates/200 (min 6). */
  candidates?: number;
  /** Millisecond clock (default Date.now). Drives createdAt/updatedAt, token expiry and rate windows. */
  now?: () => number;
  /** Origin reported by `emu.baseUrl` and used in file URLs (default http://ashby.emulator). */
  baseUrl?: string;
  /** A sync token unused for longer than this answers `sync_token_expired` (default 30 days). */
  syncTokenTtlMs?: number;
  /** A cursor older than this answers `next_cursor_expired` (default 1 hour). */
  cursorTtlMs?: number;
  /** Pages an incremental pass may take before `incremental_sync_too_large` (default 5). */
  maxIncrementalPages?: number;
  /** Every Ashby call answers this long after it arrives, the emulator's own work included (default 0). */
  latencyMs?: number;
  /** How waits happen (latency, hang-with-timeout). Injectable for tests; default setTimeout. */
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
}

export interface Emulator {
  /** Ashby's API (`POST /<category>.<method>`) and the control API (`/_emulator/*`). Any origin works. */
  fetch: FetchLike;
  /** An API key with every permission on the default org. */
  readonly apiKey: string;
  /** The default org's id. */
  readonly orgId: string;
  readonly baseUrl: string;
  /** Typed control client bound to this instance. */
  readonly control: EmulatorControl;
}

export const DEFAULT_BASE_URL = "http://ashby.emulator";

export function createEmulator(options: EmulatorOptions = {}): Emulator {
  const baseUrl = (options.baseUrl ?? DEFAULT_BASE_URL).replace(/\/+$/, "");
  const state = new EmulatorState({
    seed: options.seed ?? 1,
    candidates: options.candidates ?? 50,
    now: options.now ?? (() => Date.now()),
    baseUrl,
    syncTokenTtlMs: options.syncTokenTtlMs ?? 30 * 24 * 3_600_000,
    cursorTtlMs: options.cursorTtlMs ?? 3_600_000,
    maxIncrementalPages: options.maxIncrementalPages ?? 5,
    latencyMs: options.latencyMs ?? 0,
    sleep: options.sleep ?? defaultSleep,
  });
  const app = createApp(state);

  const fetch: FetchLike = async (input, init) => {
    // Relative paths ("/candidate.list") are resolved against the emulator's own origin.
    const request =
      input instanceof Request
        ? init
          ? new Request(input, init)
          : input
        : new Request(new URL(String(input), `${baseUrl}/`), init);
    return app.fetch(request);
  };

  return {
    fetch,
    get apiKey() {
      return state.defaultApiKey;
    },
    get orgId() {
      return state.defaultOrg.id;
    },
    baseUrl,
    control: createEmulatorControl(fetch, baseUrl),
  };
}
