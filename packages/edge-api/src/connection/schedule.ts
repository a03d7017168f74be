import { SYNC_INTERVAL_SECONDS, type SyncInterval } from "@ashby-kit/shared";

/**
 * When the next scheduled sync is due: one interval after the last sync (or after connecting, before any sync
 * finished), but never in the past — a connection that was paused past its slot syncs at the next cron tick.
 */
export function nextSyncAfter(
  interval: SyncInterval,
  lastSyncAt: Date | null,
  connectedAt: Date | null,
  now: Date,
): Date {
  const anchor = lastSyncAt ?? connectedAt ?? now;
  const due = anchor.getTime() + SYNC_INTERVAL_SECONDS[interval] * 1000;
  return new Date(Math.max(due, now.getTime()));
}
