import type { SyncTaskMessage } from "@ashby-kit/shared";
import type { FinishedRun } from "./finalize-run";
import { type EndedRun, failRunFromDeadLetter, runSyncStep, type StepOutcome } from "./step";
import type { SyncDeps } from "./sync-deps";

/**
 * Drives sync messages without Cloudflare Queues, with the same semantics the queue consumer gives them (ack,
 * retry with a retry budget and a dead-letter step, deferral that does not use up retries), and N consumers in
 * parallel. Used by the step tests (to interrupt and resume runs between any two messages) and by the benchmark.
 * The worker itself uses src/sync/consumer.ts on the real queue.
 */
export type DriveOptions = {
  /** Messages processed at the same time (parallel queue consumers). */
  concurrency?: number;
  /** Retries before a message is dead-lettered (wrangler.jsonc: max_retries). */
  maxRetries?: number;
  /** Waits for retry/defer delays; tests pass a scaled or zero wait. */
  sleep?: (seconds: number) => Promise<void>;
  /** Stop (leaving the rest of the queue undelivered) after this many processed messages. */
  stopAfter?: number;
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
  const concurrency = options.concurrency ?? 4;
  const maxRetries = options.maxRetries ?? 10;
  const sleep = options.sleep ?? (async () => {});
  const queue: { message: SyncTaskMessage; attempts: number }[] = initial.map((message) => ({
    message,
    attempts: 1,
  }));
  const result: DriveResult = {
    processed: 0,
    retries: 0,
    deferrals: 0,
    deadLettered: 0,
    finished: [],
    ended: [],
    undelivered: [],
  };
  let inFlight = 0;
  let stopped = false;

  await new Promise<void>((resolve, reject) => {
    const pump = () => {
      if (stopped) {
        if (inFlight === 0) {
          resolve();
        }
        return;
      }
      while (inFlight < concurrency && queue.length > 0) {
        if (options.stopAfter !== undefined && result.processed + inFlight >= options.stopAfter) {
          stopped = true;
          break;
        }
        const item = queue.shift();
        if (!item) {
          break;
        }
        inFlight++;
        handle(item)
          .then(() => {
            inFlight--;
            pump();
          })
          .catch((error: unknown) => {
            stopped = true;
            reject(error);
          });
      }
      if (inFlight === 0 && (queue.length === 0 || stopped)) {
        resolve();
      }
    };

    const handle = async (item: { message: SyncTaskMessage; attempts: number }) => {
      const outcome = await runSyncStep(deps, item.message);
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
  result.undelivered = queue.map((item) => item.message);
  return result;
}
