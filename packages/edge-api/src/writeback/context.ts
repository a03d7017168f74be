import type { HostEventData } from "@ashby-kit/shared";
import type { ConnectionRow } from "../db/schema";
import type { Deps } from "../deps";
import { type BudgetPolicy, DEFAULT_BUDGET_POLICY } from "../sync/budget";

/** Host webhook events the write-back emits (delivered by the webhook module, signed, retried). */
export type WritebackEventType =
  | "feedback.submitted"
  | "feedback.failed"
  | "feedback.deleted_in_ashby"
  // Push-back (src/push): a custom field, tag or note write that ended `failed`.
  | "write.failed";

/** One write-back outcome; `data` is its host event's (packages/shared host-events.ts) less the workspace. */
export type WritebackEventOf<T extends WritebackEventType> = {
  type: T;
  workspaceId: string;
  connectionId: string;
  /** Stable per event and write, so the webhook module can deduplicate a replay. */
  eventKey: string;
  data: Omit<HostEventData<T>, "workspaceId">;
};
export type WritebackEvent = { [T in WritebackEventType]: WritebackEventOf<T> }[WritebackEventType];

export interface WritebackEvents {
  emit(deps: Deps, event: WritebackEvent): Promise<void>;
}

export type WritebackConfig = {
  /** Shared with the sync engine: one token bucket of Ashby calls per connection. */
  budget: BudgetPolicy;
  /** How long a consumer owns a claimed write: longer than the Ashby client's timeout, so a live call is never raced. */
  leaseMs: number;
  /** A submitted feedback seen in Ashby this recently is not checked again on read (a busy UI polls). */
  verifyCacheMs: number;
  /** The scheduled re-check of submitted feedback, oldest first, this many per tick. */
  reverifyBatch: number;
  reverifyEveryMs: number;
};

export const DEFAULT_WRITEBACK_CONFIG: WritebackConfig = {
  budget: DEFAULT_BUDGET_POLICY,
  leaseMs: 45_000,
  verifyCacheMs: 60_000,
  reverifyBatch: 25,
  reverifyEveryMs: 6 * 3600_000,
};

/** Everything write-back needs: the app's deps plus its own policy and the webhook port. */
export type WritebackContext = {
  deps: Deps;
  config: WritebackConfig;
  events: WritebackEvents;
  /** Jitter source for backoff; injected so tests are deterministic. */
  random: () => number;
  /** How the consumer waits for the call budget inside an invocation (tests with a fake clock advance it). */
  sleep: (ms: number) => Promise<void>;
  /**
   * Connections read during one queue batch (most messages of a batch share one): saves a D1 round trip per
   * message. Lives only as long as the batch, so a pause is seen by the next batch at the latest.
   */
  connectionCache?: Map<string, Promise<ConnectionRow | undefined>>;
};
