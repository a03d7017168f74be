import type { FaultScope, Faults, OrgOptions } from "./control-contract.ts";
import { ORG_NAMES } from "./names.ts";
import { Org } from "./org.ts";
import { PERMISSIONS, type Permission } from "./permissions.ts";
import { createRng, hash32, type Rng } from "./prng.ts";

export interface ApiKeyRecord {
  apiKey: string;
  orgId: string;
  title: string;
  permissions: Permission[];
  revoked: boolean;
  createdAt: number;
}

/** Live fault settings for one scope, plus the state they need (PRNG, rate window, remaining failures). */
export interface FaultState {
  faults: Faults;
  serverErrorRng: Rng | null;
  recentRequests: number[];
  failNextRemaining: number[];
}

export interface EmulatorSettings {
  seed: number;
  candidates: number;
  now: () => number;
  baseUrl: string;
  syncTokenTtlMs: number;
  cursorTtlMs: number;
  maxIncrementalPages: number;
  latencyMs: number;
  sleep: (ms: number, signal?: AbortSignal) => Promise<void>;
}

const HOUR = 3_600_000;

function slugDomain(name: string): string {
  return `${name.toLowerCase().replace(/[^a-z0-9]+/g, "")}.example`;
}

function hex(value: number): string {
  return (value >>> 0).toString(16).padStart(8, "0");
}

/**
 * Everything an emulator instance knows. Held by createEmulator's closure, passed to the app; never global,
 * so two emulators in one process (or one per test file) never see each other.
 */
export class EmulatorState {
  orgs = new Map<string, Org>();
  keys = new Map<string, ApiKeyRecord>();
  faults = new Map<string, FaultState>();
  defaultOrg!: Org;
  defaultApiKey!: string;
  private orgCounter = 0;
  private keyCounter = 0;
  private requestCounter = 0;

  constructor(readonly settings: EmulatorSettings) {
    this.reset();
  }

  /** Drop extra orgs, keys, faults and counters; rebuild the default org exactly as first created. */
  reset(): void {
    this.orgs.clear();
    this.keys.clear();
    this.faults.clear();
    this.orgCounter = 0;
    this.keyCounter = 0;
    const created = this.createOrg(
      { seed: this.settings.seed, candidates: this.settings.candidates },
      "Default key",
    );
    this.defaultOrg = this.orgs.get(created.orgId) as Org;
    this.defaultApiKey = created.apiKey;
  }

  createOrg(options: OrgOptions, keyTitle = "Emulator key"): { orgId: string; apiKey: string } {
    this.orgCounter += 1;
    const seed = options.seed ?? this.settings.seed;
    const counter = this.orgCounter;
    const a = hash32(seed, "org", counter);
    const b = hash32(seed, "org-b", counter);
    const orgId = `${hex(a)}-${hex(b).slice(0, 4)}-4${hex(b).slice(4, 7)}-9${hex(a ^ b).slice(0, 3)}-${hex(hash32(seed, counter))}${hex(b).slice(0, 4)}`;
    const name =
      options.name ?? ORG_NAMES[hash32(seed, "orgname", counter) % ORG_NAMES.length] ?? "Emulated Org";
    // Seeded timelines hang off the current hour, so the same seed gives the same data within that hour
    // (and always, with an injected clock).
    const anchorMs = Math.floor(this.settings.now() / HOUR) * HOUR;
    const org = new Org({
      orgId,
      name,
      domain: options.domain ?? slugDomain(name),
      seed,
      candidates: options.candidates ?? this.settings.candidates,
      anchorMs,
    });
    this.orgs.set(orgId, org);
    const key = this.createApiKey(orgId, [...PERMISSIONS], keyTitle);
    return { orgId, apiKey: key.apiKey };
  }

  createApiKey(orgId: string, permissions: Permission[], title: string): ApiKeyRecord {
    const org = this.orgs.get(orgId);
    if (!org) throw new Error(`unknown org ${orgId}`);
    this.keyCounter += 1;
    const apiKey = `emu_${hex(hash32(org.config.seed, orgId, this.keyCounter))}${hex(hash32(this.keyCounter, orgId, "k"))}`;
    const record: ApiKeyRecord = {
      apiKey,
      orgId,
      title,
      permissions: [...new Set(permissions)],
      revoked: false,
      createdAt: this.settings.now(),
    };
    this.keys.set(apiKey, record);
    return record;
  }

  /** A 26-character, ULID-looking request id (Crockford base32 of the clock, then a counter). */
  nextRequestId(): string {
    const alphabet = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
    this.requestCounter += 1;
    let time = this.settings.now();
    let head = "";
    for (let i = 0; i < 10; i++) {
      head = alphabet[time % 32] + head;
      time = Math.floor(time / 32);
    }
    let counter = this.requestCounter;
    let tail = "";
    for (let i = 0; i < 16; i++) {
      tail = alphabet[counter % 32] + tail;
      counter = Math.floor(counter / 32);
    }
    return head + tail;
  }

  static scopeKey(scope: FaultScope): string {
    return "apiKey" in scope ? `key:${scope.apiKey}` : `org:${scope.orgId}`;
  }

  setFaults(scope: FaultScope, faults: Faults): void {
    this.faults.set(EmulatorState.scopeKey(scope), {
      faults,
      serverErrorRng: faults.serverErrors ? createRng(faults.serverErrors.seed ?? 1) : null,
      recentRequests: [],
      failNextRemaining: (faults.failNext ?? []).map((rule) => rule.count),
    });
  }

  clearFaults(scope?: FaultScope): void {
    if (scope) this.faults.delete(EmulatorState.scopeKey(scope));
    else this.faults.clear();
  }
}
