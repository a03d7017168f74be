import type { RequestCounts, WriteRecord } from "./control-contract.ts";
import { makeId, orgSalt } from "./ids.ts";
import { type OrgSizes, type OrgTables, seedOrg } from "./org-seed.ts";
import type { WebhookRecord } from "./records.ts";

export interface OrgConfig {
  orgId: string;
  name: string;
  domain: string;
  seed: number;
  candidates: number;
  anchorMs: number;
}

/** Index space for records created after seeding, far above any seeded index. */
const CREATED_INDEX_BASE = 2 ** 39;

/**
 * One tenant: its records, its change sequence and what clients did to it. Everything is in memory and
 * owned by the emulator instance; nothing here is module-level state.
 */
export class Org {
  readonly salt: string;
  tables: OrgTables;
  sizes: OrgSizes;
  /** Monotonic change sequence; every create/update takes the next value. Sync tokens encode it. */
  changeSeq = 0;
  /** Bumped to expire every sync token and cursor issued so far. */
  tokenGeneration = 0;
  private createdCounter = 0;
  writes: WriteRecord[] = [];
  counts: RequestCounts = { total: 0, byMethod: {}, byApiKey: {}, byApiKeyAndMethod: {} };
  webhooks = new Map<string, WebhookRecord>();
  /** Children created after seeding, by parent id (seeded children are found by index arithmetic). */
  createdNotesByCandidate = new Map<string, string[]>();
  createdFeedbackByApplication = new Map<string, string[]>();

  constructor(readonly config: OrgConfig) {
    this.salt = orgSalt(config.orgId);
    const seeded = seedOrg({ ...config, salt: this.salt });
    this.tables = seeded.tables;
    this.sizes = seeded.sizes;
  }

  get id(): string {
    return this.config.orgId;
  }

  nextSeq(): number {
    this.changeSeq += 1;
    return this.changeSeq;
  }

  newId(kind: Parameters<typeof makeId>[1]): string {
    this.createdCounter += 1;
    return makeId(this.salt, kind, CREATED_INDEX_BASE + this.createdCounter);
  }

  countRequest(apiKey: string, method: string): void {
    const counts = this.counts;
    counts.total += 1;
    counts.byMethod[method] = (counts.byMethod[method] ?? 0) + 1;
    counts.byApiKey[apiKey] = (counts.byApiKey[apiKey] ?? 0) + 1;
    const both = `${apiKey} ${method}`;
    counts.byApiKeyAndMethod[both] = (counts.byApiKeyAndMethod[both] ?? 0) + 1;
  }

  /** The admin user every API key acts as unless a request names another user. */
  get apiUserId(): string {
    return makeId(this.salt, "user", 0);
  }
}
