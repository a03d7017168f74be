import type { SyncTaskMessage } from "@ashby-kit/shared";
import { sendAll } from "../lib/send-all";

/**
 * Sync work travels on two queues. `pages` carries the next pages of each list chain (at most one message per
 * chain at a time): a chain's pace is the whole sync's wall time, so its next message must not wait behind the
 * thousands of per-parent messages a big org produces, nor behind other chains in the same batch (the pages
 * consumer handles a batch's messages at once; each holds at most one Ashby call open, under Workers' six
 * connections). `work` carries everything else: per-parent chunks and host webhook deliveries.
 */
export type SyncQueues = { work: Queue; pages: Queue };

/** wrangler.jsonc names, as `MessageBatch.queue` reports them to the queue handler. */
export const SYNC_WORK_QUEUE = "ashby-kit-sync";
export const SYNC_PAGES_QUEUE = "ashby-kit-sync-pages";

export type SyncLane = "work" | "pages";

/**
 * One batch of a sync queue, as its consumer runs it: a `pages` batch all at once (each chain message holds at
 * most one Ashby call open), a `work` batch one message after the other (a per-parent chunk alone keeps the six
 * connections busy, which is why wrangler.jsonc gives that queue batches of one). The worker's consumer and the
 * local driver both run batches through here.
 */
export async function runSyncBatch<T>(
  lane: SyncLane,
  items: readonly T[],
  handle: (item: T) => Promise<void>,
): Promise<void> {
  if (lane === "pages") {
    await Promise.all(items.map(handle));
    return;
  }
  for (const item of items) {
    await handle(item);
  }
}

export function queueFor(queues: SyncQueues, message: SyncTaskMessage): Queue {
  return message.lane === "pages" ? queues.pages : queues.work;
}

export async function sendSyncMessages(queues: SyncQueues, messages: SyncTaskMessage[]): Promise<void> {
  await sendAll(
    queues.pages,
    messages.filter((message) => message.lane === "pages"),
  );
  await sendAll(
    queues.work,
    messages.filter((message) => message.lane !== "pages"),
  );
}
