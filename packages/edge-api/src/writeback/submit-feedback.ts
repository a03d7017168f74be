import type { AshbyClient, AshbyError } from "../ashby";
import { handleAshbyAuthFailure } from "../connection/mark-needs-reauth";
import { findConnectionById } from "../db/queries/connections";
import type { WriteRow } from "../db/schema";
import { retryDelaySeconds } from "../sync/backoff";
import { acquireBudget, blockBudgetForRateLimit } from "../sync/budget";
import type { WritebackContext } from "./context";
import { submissionMatches } from "./feedback-form";
import { type FeedbackWritePayload, FeedbackWritePayloadSchema } from "./feedback-payload";
import { listEventFeedbackBy } from "./find-feedback";
import {
  claimWrite,
  type FailedWriteError,
  findWrite,
  markFinal,
  markSucceeded,
  release,
  type WriteError,
} from "./ledger";

/**
 * One attempt at one feedback write: the only place that calls applicationFeedback.submit.
 *
 * Exactly once, although the queue delivers at least once and Ashby takes no idempotency key:
 * 1. the ledger row is claimed with a lease before Ashby is called, so two deliveries never post concurrently;
 * 2. an attempt that follows an earlier one (which may have reached Ashby and then died, timed out or lost the
 *    answer) first lists the event's feedback by the same interviewer and adopts a submission carrying exactly
 *    our values instead of posting again; a different one is a person's feedback, which is never overwritten;
 * 3. success is recorded only by the holder of the current attempt.
 */

export type AttemptOutcome = { action: "ack" } | { action: "retry"; delaySeconds: number };

const ack: AttemptOutcome = { action: "ack" };

function plainAshbyReason(error: AshbyError): string {
  switch (error.code) {
    case "ashby_rejected":
    case "ashby_not_found":
      return `Ashby refused the feedback: ${error.message}`;
    default:
      return error.message;
  }
}

function writeError(error: AshbyError): FailedWriteError {
  return {
    code: error.code,
    message: plainAshbyReason(error),
    retryable: error.retryable,
    ashbyRequestId: error.ashbyRequestId,
  };
}

function loadConnection(ctx: WritebackContext, connectionId: string) {
  const cached = ctx.connectionCache?.get(connectionId);
  if (cached) return cached;
  const loading = findConnectionById(ctx.deps.db, connectionId);
  ctx.connectionCache?.set(connectionId, loading);
  return loading;
}

export async function processFeedbackWrite(
  ctx: WritebackContext,
  writeId: string,
  deliveryAttempt: number,
  /** The row as the batch consumer just read it, to save a second read. */
  prefetched?: WriteRow,
): Promise<AttemptOutcome> {
  const { deps, config } = ctx;
  const nowMs = () => deps.clock.now().getTime();
  const current = prefetched?.id === writeId ? prefetched : await findWrite(deps.db, writeId);
  if (
    !current ||
    current.status === "succeeded" ||
    current.status === "failed" ||
    current.status === "cancelled"
  ) {
    return ack;
  }
  if (current.status === "sending" && (current.leaseUntil ?? 0) > nowMs()) {
    return { action: "retry", delaySeconds: Math.ceil(((current.leaseUntil ?? 0) - nowMs()) / 1000) };
  }

  const connection = await loadConnection(ctx, current.connectionId);
  if (connection && (connection.status === "paused" || connection.status === "needs_reauth")) {
    // Held, not retried: the sweep re-enqueues held writes once the connection is active again.
    const claim = await claimWrite(deps.db, writeId, nowMs(), config.leaseMs);
    if (claim.outcome === "claimed") await release(deps.db, claim.row, "held", null, null, nowMs());
    return ack;
  }

  // One call, or two when an earlier attempt (or a person) may already have put feedback on the event.
  const payloadPeek = FeedbackWritePayloadSchema.safeParse(current.payload);
  const cost = current.attempts > 0 || (payloadPeek.success && payloadPeek.data.eventHadFeedback) ? 2 : 1;
  const budget = await waitForBudget(ctx, current.connectionId, cost);
  if (!budget.ok)
    return { action: "retry", delaySeconds: Math.max(1, Math.ceil(budget.retryAfterMs / 1000)) };

  const claim = await claimWrite(deps.db, writeId, nowMs(), config.leaseMs);
  if (claim.outcome === "missing" || claim.outcome === "final") return ack;
  if (claim.outcome === "busy")
    return { action: "retry", delaySeconds: Math.ceil(claim.retryAfterMs / 1000) };
  const row = claim.row;

  if (!payloadPeek.success) {
    await markFinal(
      deps.db,
      row,
      "failed",
      { code: "internal_error", message: "The stored feedback write is unreadable.", retryable: false },
      null,
      nowMs(),
    );
    deps.logger.error("writeback.payload_invalid", { writeId, issues: payloadPeek.error.issues.slice(0, 3) });
    return ack;
  }
  const payload = payloadPeek.data;

  if (!connection || connection.status === "disconnected") {
    await finishFailed(ctx, row, payload, {
      code: "ashby_not_connected",
      message: "The workspace was disconnected from Ashby before the feedback was sent.",
      retryable: false,
    });
    return ack;
  }
  const opened = await deps.ashbyFor(connection);
  if (!opened.ok) {
    if (opened.error.code === "ashby_connection_paused" || opened.error.code === "ashby_needs_reauth") {
      await release(deps.db, row, "held", null, null, nowMs());
      return ack;
    }
    return retryLater(ctx, row, deliveryAttempt, {
      code: opened.error.code,
      message: opened.error.message,
      retryable: true,
    });
  }
  const client = opened.value;

  if (claim.previousAttempts > 0 || payload.eventHadFeedback) {
    const landed = await checkAshbyFirst(ctx, client, row, payload, deliveryAttempt);
    if (landed) return landed;
  }

  // https://developers.ashbyhq.com/reference/applicationfeedbacksubmit
  const submitted = await client.applicationFeedback.submit(payload.submit);
  if (submitted.ok) {
    const instance = submitted.value.submittedFormInstance;
    await finishSucceeded(ctx, row, payload, instance.id, submitted.requestId ?? null, false);
    return ack;
  }
  return handleAshbyFailure(ctx, row, payload, submitted.error, deliveryAttempt);
}

/**
 * Take `cost` calls from the connection's budget. A short wait (the bucket refills within a second or two) is
 * waited out inside the invocation: re-queueing every message for a full second would make a burst of writes
 * poll the bucket in a thundering herd instead of flowing at the budget's rate.
 */
async function waitForBudget(ctx: WritebackContext, connectionId: string, cost: number) {
  const { deps, config } = ctx;
  let waitedMs = 0;
  for (;;) {
    const nowMs = deps.clock.now().getTime();
    const decision = await acquireBudget(
      deps.config.DB,
      config.budget,
      connectionId,
      "writeback",
      cost,
      nowMs,
    );
    if (
      decision.ok ||
      decision.retryAfterMs > MAX_INLINE_BUDGET_WAIT_MS ||
      waitedMs >= 3 * MAX_INLINE_BUDGET_WAIT_MS
    ) {
      return decision;
    }
    // Jitter within one token interval, so the waiters of a batch do not all hit D1 in the same millisecond.
    const tokenMs = 1000 / config.budget.ratePerSecond;
    const waitMs = decision.retryAfterMs + Math.floor(ctx.random() * Math.min(50, tokenMs));
    await ctx.sleep(waitMs);
    waitedMs += waitMs;
  }
}

const MAX_INLINE_BUDGET_WAIT_MS = 2000;

/** Returns an outcome when the attempt ends here (adopted, cancelled, or the check itself failed). */
async function checkAshbyFirst(
  ctx: WritebackContext,
  client: AshbyClient,
  row: WriteRow,
  payload: FeedbackWritePayload,
  deliveryAttempt: number,
): Promise<AttemptOutcome | null> {
  const { submit } = payload;
  const found = await listEventFeedbackBy(
    client,
    submit.applicationId,
    submit.interviewEventId,
    submit.userId,
  );
  if (!found.ok) return handleAshbyFailure(ctx, row, payload, found.error, deliveryAttempt);
  if (found.value.length === 0) return null;
  const ours = found.value.find((s) =>
    submissionMatches(s.submittedValues, submit.feedbackForm.fieldSubmissions),
  );
  if (ours) {
    ctx.deps.logger.info("writeback.feedback_adopted", { writeId: row.id, feedbackId: ours.id });
    await finishSucceeded(ctx, row, payload, ours.id, null, true, ours.submittedAt ?? null);
    return ack;
  }
  const theirs = found.value[0];
  await markFinal(
    ctx.deps.db,
    row,
    "cancelled",
    {
      code: "conflict",
      message:
        "This interviewer already submitted feedback for this interview in Ashby; it was not overwritten.",
      retryable: false,
    },
    {
      reason: "already_submitted_in_ashby",
      ashbyFeedbackId: theirs?.id ?? null,
      submittedAt: theirs?.submittedAt ?? null,
    },
    ctx.deps.clock.now().getTime(),
  );
  return ack;
}

async function handleAshbyFailure(
  ctx: WritebackContext,
  row: WriteRow,
  payload: FeedbackWritePayload,
  error: AshbyError,
  deliveryAttempt: number,
): Promise<AttemptOutcome> {
  const { deps } = ctx;
  const nowMs = deps.clock.now().getTime();
  if (await handleAshbyAuthFailure(deps, row.connectionId, error)) {
    await release(deps.db, row, "held", null, writeError(error), nowMs);
    return ack;
  }
  if (error.code === "ashby_rate_limited") {
    // Both lanes of the connection wait it out, not only this message.
    await blockBudgetForRateLimit(deps.config.DB, row.connectionId, error, nowMs);
    return retryLater(
      ctx,
      row,
      deliveryAttempt,
      writeError(error),
      error.retryAfterSeconds ?? (deliveryAttempt <= 1 ? 1 : undefined),
    );
  }
  if (error.retryable)
    return retryLater(ctx, row, deliveryAttempt, writeError(error), error.retryAfterSeconds);
  await finishFailed(ctx, row, payload, writeError(error));
  return ack;
}

async function retryLater(
  ctx: WritebackContext,
  row: WriteRow,
  deliveryAttempt: number,
  error: WriteError,
  retryAfterSeconds?: number,
): Promise<AttemptOutcome> {
  const delaySeconds = retryDelaySeconds(deliveryAttempt, ctx.random, retryAfterSeconds);
  const nowMs = ctx.deps.clock.now().getTime();
  await release(ctx.deps.db, row, "queued", nowMs + delaySeconds * 1000, error, nowMs);
  return { action: "retry", delaySeconds };
}

async function finishSucceeded(
  ctx: WritebackContext,
  row: WriteRow,
  payload: FeedbackWritePayload,
  feedbackId: string,
  ashbyRequestId: string | null,
  adopted: boolean,
  ashbySubmittedAt: string | null = null,
): Promise<void> {
  const nowMs = ctx.deps.clock.now().getTime();
  const submittedAt = ashbySubmittedAt ?? new Date(nowMs).toISOString();
  const updated = await markSucceeded(
    ctx.deps.db,
    row,
    { remoteId: feedbackId, ashbyRequestId, result: { submittedAt, adopted } },
    nowMs,
  );
  if (!updated) {
    // Our lease lapsed and another attempt owns the row; it will adopt this submission instead of posting.
    ctx.deps.logger.warn("writeback.lease_lost_after_success", { writeId: row.id, feedbackId });
    return;
  }
  await ctx.events.emit(ctx.deps, {
    type: "feedback.submitted",
    workspaceId: row.workspaceId,
    connectionId: row.connectionId,
    eventKey: `${row.id}:submitted`,
    data: {
      meetingId: payload.meetingId,
      writeId: row.id,
      ashbyFeedbackId: feedbackId,
      interviewEventId: payload.submit.interviewEventId,
      applicationId: payload.submit.applicationId,
      submittedAt,
      submittedBy: payload.submittedBy,
      overallRecommendation: payload.recommendation,
    },
  });
}

async function finishFailed(
  ctx: WritebackContext,
  row: WriteRow,
  payload: FeedbackWritePayload,
  error: FailedWriteError,
) {
  const updated = await markFinal(ctx.deps.db, row, "failed", error, null, ctx.deps.clock.now().getTime());
  if (!updated) return;
  await ctx.events.emit(ctx.deps, {
    type: "feedback.failed",
    workspaceId: row.workspaceId,
    connectionId: row.connectionId,
    eventKey: `${row.id}:failed`,
    data: {
      meetingId: payload.meetingId,
      writeId: row.id,
      interviewEventId: payload.submit.interviewEventId,
      code: error.code,
      message: error.message,
      retryable: error.retryable,
    },
  });
}
