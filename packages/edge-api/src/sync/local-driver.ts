import type { SyncTaskMessage } from "@ashby-kit/shared";
import { LIST_ENTITIES } from "./entities";
import type { FinishedRun } from "./finalize-run";
import { runSyncBatch } from "./queues";
import { type EndedRun, failRunFromDeadLetter, runSyncStep, type StepOutcome } from "./step";
import type { SyncDeps } from "./sync-deps";

/**
 * Drives sync messages without Cloudflare Queues, with the same semantics the queue consumer gives them (ack,
 * retry with a retry budget and a dead-letter step, deferral that does not use up retries), and consumers in
 * parallel on each of the two queues (queues.ts): list-chain pages on one, everything else on the other. A consumer
 * takes a batch of up to `batchSize` messages, as Queues delivers them, and runs it as the worker's consumer does
 * (`runSyncBatch`). Used by the step tests (to interrupt and resume runs between any two messages) and by the
 * benchmark (with wrangler.jsonc's batch sizes).
 * The worker itself uses src/sync/consumer.ts on the real queue.
 */
export type DriveOptions = {
  /** Batches of the `work` queue processed at the same time (parallel consumer invocations). */
  concurrency?: number;
  /** The same for the `pages` queue (default: one per list entity, the most chains a run has). */
  pagesConcurrency?: number;
  /** Messages per batch of the `work` queue (max_batch_size; default 1). */
  batchSize?: number;
  /** The same for the `pages` queue (default 1). */
  pagesBatchSize?: number;
  /** Retries before a message is dead-lettered (wrangler.jsonc: max_retries). */
  maxRetries?: number;
  /** Waits for retry/defer delays; tests pass a scaled or zero wait. */
  sleep?: (seconds: number) => Promise<void>;
  /** Stop (leaving the rest of the queue undelivered) after this many processed messages. */
  stopAfter?: number;
  /** Called when a consumer picks a message up (the benchmark's timeline). */
  onStart?: (message: SyncTaskMessage) => void;
  onOutcome?: (message: SyncTaskMessage, outcome: StepOutcome) => void;
};

export type DriveResult = {
  processed: number;
  retries: number;
  deferrals: number;
  deadLettered: number;
  finished: FinishedRun[];
  ended: EndedRun[];
  /** Messages still queued when `stopAfter` cut the drive short. */
  undelivered: SyncTaskMessage[];
};

export async function driveMessages(
  deps: SyncDeps,
  initial: SyncTaskMessage[],
  options: DriveOptions = {},
): Promise<DriveResult> {
  const maxRetries = options.maxRetries ?? 10;
  const sleep = options.sleep ?? (async () => {});
  type Item = { message: SyncTaskMessage; attempts: number };
  const lanes = {
    pages: {
      queue: [] as Item[],
      inFlight: 0,
      batches: 0,
      concurrency: options.pagesConcurrency ?? LIST_ENTITIES.length,
      batchSize: Math.max(1, options.pagesBatchSize ?? 1),
      name: "pages" as const,
    },
    work: {
      queue: [] as Item[],
      inFlight: 0,
      batches: 0,
      concurrency: options.concurrency ?? 4,
      batchSize: Math.max(1, options.batchSize ?? 1),
      name: "work" as const,
    },
  };
  const laneOf = (message: SyncTaskMessage) => (message.lane === "pages" ? lanes.pages : lanes.work);
  const queue = {
    push(...items: Item[]) {
      for (const item of items) laneOf(item.message).queue.push(item);
    },
  };
  queue.push(...initial.map((message) => ({ message, attempts: 1 })));
  const result: DriveResult = {
    processed: 0,
    retries: 0,
    deferrals: 0,
    deadLettered: 0,
    finished: [],
    ended: [],
    undelivered: [],
  };
  let stopped = false;
  const inFlight = () => lanes.pages.inFlight + lanes.work.inFlight;
  const queued = () => lanes.pages.queue.length + lanes.work.queue.length;

  await new Promise<void>((resolve, reject) => {
    const pump = () => {
      if (stopped) {
        if (inFlight() === 0) {
          resolve();
        }
        return;
      }
      for (const lane of [lanes.pages, lanes.work]) {
        while (lane.batches < lane.concurrency && lane.queue.length > 0) {
          if (options.stopAfter !== undefined && result.processed + inFlight() >= options.stopAfter) {
            stopped = true;
            break;
          }
          const room =
            options.stopAfter === undefined
              ? lane.batchSize
              : options.stopAfter - result.processed - inFlight();
          const batch = lane.queue.splice(0, Math.min(lane.batchSize, room));
          if (batch.length === 0) {
            break;
          }
          lane.inFlight += batch.length;
          lane.batches++;
          runSyncBatch(lane.name, batch, handle)
            .then(() => {
              lane.inFlight -= batch.length;
              lane.batches--;
              pump();
            })
            .catch((error: unknown) => {
              stopped = true;
              reject(error);
            });
        }
      }
      if (inFlight() === 0 && (queued() === 0 || stopped)) {
        resolve();
      }
    };

    // As on the real queues, a list message's pages hand over their fan-out while the message still runs.
    const stepDeps: SyncDeps = {
      ...deps,
      send: async (messages) => {
        queue.push(...messages.map((message) => ({ message, attempts: 1 })));
        pump();
      },
    };

    const handle = async (item: Item) => {
      options.onStart?.(item.message);
      const outcome = await runSyncStep(stepDeps, item.message);
      result.processed++;
      options.onOutcome?.(item.message, outcome);
      switch (outcome.type) {
        case "done":
          queue.push(...outcome.enqueue.map((message) => ({ message, attempts: 1 })));
          if (outcome.finished) {
            result.finished.push(outcome.finished);
          }
          if (outcome.ended) {
            result.ended.push(outcome.ended);
          }
          return;
        case "dropped":
          return;
        case "defer":
          queue.push(...outcome.enqueue.map((message) => ({ message, attempts: 1 })));
          result.deferrals++;
          await sleep(outcome.delaySeconds);
          queue.push({ message: item.message, attempts: item.attempts });
          return;
        case "retry":
          queue.push(...outcome.enqueue.map((message) => ({ message, attempts: 1 })));
          if (item.attempts > maxRetries) {
            result.deadLettered++;
            const ended = await failRunFromDeadLetter(deps, item.message);
            if (ended) {
              result.ended.push(ended);
            }
            return;
          }
          result.retries++;
          await sleep(outcome.delaySeconds);
          queue.push({ message: item.message, attempts: item.attempts + 1 });
          return;
        default:
          outcome satisfies never;
      }
    };

    pump();
  });
  result.undelivered = [...lanes.pages.queue, ...lanes.work.queue].map((item) => item.message);
  return result;
}
