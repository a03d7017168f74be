import { ErrorCodeSchema, WritebackMessageSchema, type WriteKind } from "@ashby-kit/shared";
import type { WriteRow } from "../db/schema";
import { createPushWriteHandler } from "../push/process-push-write";
import { retryDelaySeconds } from "../sync/backoff";
import type { WritebackContext } from "./context";
import { failExhausted, findWrite } from "./ledger";
import { type AttemptOutcome, processFeedbackWrite } from "./submit-feedback";

/**
 * The `writeback` queue consumer: one ledger id per message, dispatched on the row's kind, each message acked
 * or retried on its own so one slow or failing write never holds back the others of its batch.
 */

/** `prefetched` is the row the consumer just read; a handler may use it instead of reading it again. */
export type WriteHandler = (
  ctx: WritebackContext,
  writeId: string,
  deliveryAttempt: number,
  prefetched?: WriteRow,
) => Promise<AttemptOutcome>;

const pushWriteHandler = createPushWriteHandler();

/** Kinds not listed here are written by other modules, which add their handler when they exist. */
export const DEFAULT_WRITE_HANDLERS: Partial<Record<WriteKind, WriteHandler>> = {
  feedback: processFeedbackWrite,
  // Push-back (src/push): one handler for its three kinds; it takes the candidate's other writes of the push along.
  custom_field: pushWriteHandler,
  tag: pushWriteHandler,
  note: pushWriteHandler,
};

/** Workers allow six open connections per invocation; leave one for D1. */
const CONCURRENCY = 5;

export async function handleWritebackBatch(
  batch: MessageBatch<unknown>,
  ctx: WritebackContext,
  handlers: Partial<Record<WriteKind, WriteHandler>> = DEFAULT_WRITE_HANDLERS,
): Promise<void> {
  const batchCtx: WritebackContext = { ...ctx, connectionCache: new Map() };
  const queue = [...batch.messages];
  const worker = async () => {
    for (let message = queue.shift(); message; message = queue.shift()) {
      await handleMessage(message, batchCtx, handlers);
    }
  };
  await Promise.all(Array.from({ length: Math.min(CONCURRENCY, queue.length) }, worker));
}

async function handleMessage(
  message: Message<unknown>,
  ctx: WritebackContext,
  handlers: Partial<Record<WriteKind, WriteHandler>>,
): Promise<void> {
  const parsed = WritebackMessageSchema.safeParse(message.body);
  if (!parsed.success) {
    // Retrying a malformed message cannot make it valid.
    ctx.deps.logger.error("writeback.message_invalid", {
      messageId: message.id,
      issues: parsed.error.issues.slice(0, 3),
    });
    message.ack();
    return;
  }
  const { writeId } = parsed.data;
  try {
    const row = await findWrite(ctx.deps.db, writeId);
    if (!row) {
      ctx.deps.logger.warn("writeback.write_missing", { writeId });
      message.ack();
      return;
    }
    const handler = handlers[row.kind];
    if (!handler) {
      ctx.deps.logger.error("writeback.no_handler", { writeId, kind: row.kind });
      message.retry({ delaySeconds: 300 });
      return;
    }
    const outcome = await handler(ctx, writeId, message.attempts, row);
    if (outcome.action === "ack") message.ack();
    else message.retry({ delaySeconds: Math.max(0, Math.min(outcome.delaySeconds, 43_200)) });
  } catch (error) {
    // A bug or a D1 hiccup: the row is still claimable (its lease lapses), so a retry is always safe.
    ctx.deps.logger.error("writeback.attempt_crashed", { writeId, error });
    message.retry({ delaySeconds: retryDelaySeconds(message.attempts, ctx.random) });
  }
}

/**
 * The dead-letter consumer: a write whose retries ran out is failed with its last error, so the UI shows a
 * retry button instead of "queued" forever.
 */
export async function handleWritebackDeadLetters(
  batch: MessageBatch<unknown>,
  ctx: WritebackContext,
): Promise<void> {
  for (const message of batch.messages) {
    const parsed = WritebackMessageSchema.safeParse(message.body);
    if (parsed.success) {
      const row = await findWrite(ctx.deps.db, parsed.data.writeId);
      if (row && (row.status === "queued" || row.status === "sending")) {
        // Conditioned on the attempt count, so a consumer that is still running wins over the give-up.
        await failExhausted(
          ctx.deps.db,
          row,
          {
            // The last error an attempt recorded, if it is one of the catalog (always, for a write still in flight).
            code: ErrorCodeSchema.safeParse(row.errorCode).data ?? "ashby_unavailable",
            message: `Gave up after ${row.attempts} attempts. Last error: ${row.errorMessage ?? "none recorded"}`,
            retryable: true,
          },
          ctx.deps.clock.now().getTime(),
        );
      }
    }
    message.ack();
  }
}
