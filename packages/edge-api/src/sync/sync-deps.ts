import type { SyncTaskMessage } from "@ashby-kit/shared";
import type { AshbyClient, AshbyError } from "../ashby";
import type { StoredConnectionKey } from "../connection/ashby-for-connection";
import type { BudgetPolicy } from "./budget";

/** Connection states as the sync engine needs to see them (issue 3 owns the table and the full lifecycle). */
export type SyncConnectionStatus = "active" | "paused" | "needs_reauth" | "disconnected";

export type SyncConnection = {
  id: string;
  status: SyncConnectionStatus;
  /** Present when the connection is active and its key could be opened. */
  client: AshbyClient | null;
};

export type SyncConfig = {
  /** Ashby's maximum page size (API-NOTES §2.1). */
  pageSize: number;
  /**
   * Pages of one list endpoint per message, the next fetched while the previous is written. It takes the D1 time
   * and the queue hop off a chain's critical path, and each page's commit asks whether the message may go on, so a
   * pause still stops the chain at its next page. Bounded, so one invocation's Ashby calls and D1 queries stay well
   * inside Workers Free's 50 subrequests and 50 queries. 16 saved the benchmark's 1 %-changed run its one hop
   * (20-30 ms) but no more than its noise: 1.118-1.213x, median 1.16x, as with 8.
   */
  pagesPerMessage: number;
  /**
   * Parents (candidates, plans, schedules) per fan-out message in a full pass: bounds one message's calls and CPU.
   * An incremental pass uses two rounds of `fanoutConcurrency`, the last page of any pass one (see fanoutChunkSize).
   */
  fanoutChunk: number;
  /** Concurrent Ashby calls inside one fan-out message (Workers allow 6 open connections per invocation). */
  fanoutConcurrency: number;
  /** An entity whose last full pass is older than this gets a full (reconciliation) pass on a scheduled run. */
  fullReconcileEveryMs: number;
  /** Cap on ids kept per entity for the batched `records.changed` event. */
  changedIdsCap: number;
};

export const DEFAULT_SYNC_CONFIG: SyncConfig = {
  pageSize: 100,
  pagesPerMessage: 8,
  fanoutChunk: 25,
  fanoutConcurrency: 6,
  fullReconcileEveryMs: 7 * 24 * 3600 * 1000,
  changedIdsCap: 1000,
};

/**
 * What the engine needs from the outside world. Handlers (queue, cron, routes) build it from `Deps`; tests build
 * it around an in-process emulator.
 */
export type SyncDeps = {
  db: D1Database;
  clock: { now(): Date };
  /** In [0, 1); jitter for backoff. */
  random(): number;
  newId(prefix: string): string;
  /**
   * The connection of a step's task, opened from its row as the step read it (beside the task, in the same D1
   * request): the Ashby client, with the key decrypted, when the connection is active.
   */
  openConnection(row: StoredConnectionKey): Promise<SyncConnection>;
  /** Ashby refused the stored key (401/403): the one place that moves a connection to needs_reauth. */
  onAuthFailure(connectionId: string, error: AshbyError): Promise<void>;
  config: SyncConfig;
  /** Per-connection Ashby call budget shared with write-back; null disables it. */
  budget: BudgetPolicy | null;
  /**
   * Sends messages while a step still runs: a list message hands over each page's fan-out (and what else the page
   * committed) as soon as that page is in D1, not after its last page, so per-parent work starts pages earlier
   * and arrives in page-sized rounds. Without it, the messages come back in the step's outcome.
   */
  send?: (messages: SyncTaskMessage[]) => Promise<void>;
};
