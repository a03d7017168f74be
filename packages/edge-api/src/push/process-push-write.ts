import type { AshbyClient, AshbyError, AshbyResult } from "../ashby";
import { ashbyError } from "../ashby/errors";
import { handleAshbyAuthFailure } from "../connection/mark-needs-reauth";
import { findConnectionById } from "../db/queries/connections";
import type { WriteRow } from "../db/schema";
import { retryDelaySeconds } from "../sync/backoff";
import { acquireBudget, blockBudget } from "../sync/budget";
import type { WritebackContext } from "../writeback/context";
import { type FailedWriteError, findWrite, markFinal, markSucceeded, release } from "../writeback/ledger";
import type { AttemptOutcome } from "../writeback/submit-feedback";
import { ashbyObjectType } from "./custom-field-definitions";
import type { DesiredWrite } from "./desired-writes";
import { type PendingWrite, type PlannedCall, planWrites } from "./plan";
import { acquireSpaced } from "./spacing";
import {
  claimTagCreation,
  claimWrites,
  findGroup,
  findTag,
  loadTargets,
  recordWritten,
  releaseTagClaim,
  rememberTag,
  toTargetState,
} from "./store";
import { parseWritePayload } from "./write-payload";

/**
 * One attempt at the push writes of one candidate in one push (the writeback consumer hands us any of them; the
 * others of the group come along so a candidate's fields share one `customField.setValues` call).
 *
 * - A write that is no longer its target's newest is cancelled (`superseded`): an old retried message can never
 *   overwrite a newer score.
 * - Content already written is a no-op (no Ashby call); the rest follows the minimal plan of plan.ts.
 * - Calls are spaced inside the connection's shared budget; a 429 blocks the whole connection for Retry-After.
 * - State is recorded after every call, so a retry resumes where the last attempt stopped and never repeats a
 *   landed call; a note attempted before is first looked up in Ashby (createNote has no idempotency key).
 */

const ack: AttemptOutcome = { action: "ack" };

export type PushWriteOptions = {
  sleep: (ms: number) => Promise<void>;
  /** Longest in-place wait for the budget before the message goes back to the queue. */
  maxInlineWaitMs: number;
};

export const DEFAULT_PUSH_WRITE_OPTIONS: PushWriteOptions = {
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
  maxInlineWaitMs: 3000,
};

type Claimed = { row: WriteRow; write: DesiredWrite };

/**
 * Another attempt holds the write, usually the one writing its whole group right now. Look again soon rather than
 * at the end of the lease: a group takes seconds, and the lease only matters if that attempt died.
 */
const BUSY_RECHECK_SECONDS = 5;
function busy(row: WriteRow, nowMs: number): AttemptOutcome {
  const leaseSeconds = Math.ceil(((row.leaseUntil ?? nowMs) - nowMs) / 1000);
  return { action: "retry", delaySeconds: Math.max(1, Math.min(leaseSeconds, BUSY_RECHECK_SECONDS)) };
}

function writeError(error: AshbyError, what: string): FailedWriteError {
  const reason =
    error.code === "ashby_rejected" || error.code === "ashby_not_found"
      ? `Ashby refused ${what}: ${error.message}`
      : error.message;
  return {
    code: error.code,
    message: reason,
    retryable: error.retryable,
    ashbyRequestId: error.ashbyRequestId,
  };
}

function describeCall(call: PlannedCall): string {
  switch (call.type) {
    case "set_fields":
      return `the custom field values of ${call.objectType} ${call.objectId}`;
    case "remove_tag":
      return `removing the tag "${call.tagTitle}"`;
    case "add_tag":
      return `the tag "${call.tagTitle}"`;
    case "create_note":
      return "the note";
    default:
      return call satisfies never;
  }
}

export function createPushWriteHandler(options: PushWriteOptions = DEFAULT_PUSH_WRITE_OPTIONS) {
  return (ctx: WritebackContext, writeId: string, deliveryAttempt: number) =>
    processPushWrite(ctx, writeId, deliveryAttempt, options);
}

export async function processPushWrite(
  ctx: WritebackContext,
  writeId: string,
  deliveryAttempt: number,
  options: PushWriteOptions = DEFAULT_PUSH_WRITE_OPTIONS,
): Promise<AttemptOutcome> {
  const { deps, config } = ctx;
  const nowMs = () => deps.clock.now().getTime();
  const current = await findWrite(deps.db, writeId);
  if (
    !current ||
    current.status === "succeeded" ||
    current.status === "failed" ||
    current.status === "cancelled"
  ) {
    return ack;
  }
  if (current.status === "sending" && (current.leaseUntil ?? 0) > nowMs()) return busy(current, nowMs());

  const connection = await findConnectionById(deps.db, current.connectionId);
  const group = await findGroup(deps.db, current, nowMs());
  const rows = await claimWrites(
    deps.db,
    group.map((row) => row.id),
    nowMs(),
    config.leaseMs,
  );
  if (!rows.some((row) => row.id === writeId)) {
    // Another attempt took this write between our read and the claim; its message or ours will see it through.
    const again = await findWrite(deps.db, writeId);
    return again?.status === "sending" ? busy(again, nowMs()) : ack;
  }

  if (connection && (connection.status === "paused" || connection.status === "needs_reauth")) {
    // Held, not retried: the writeback sweep re-enqueues held writes once the connection is active again.
    for (const row of rows) await release(deps.db, row, "held", null, null, nowMs());
    return ack;
  }
  if (!connection || connection.status === "disconnected") {
    for (const row of rows) {
      await finishFailed(ctx, row, {
        code: "ashby_not_connected",
        message: "The workspace was disconnected from Ashby before this write was sent.",
        retryable: false,
      });
    }
    return ack;
  }

  const claimed: Claimed[] = [];
  for (const row of rows) {
    const write = parseWritePayload(row.payload);
    if (write) {
      claimed.push({ row, write });
    } else {
      deps.logger.error("push.payload_invalid", { writeId: row.id });
      await finishFailed(ctx, row, {
        code: "internal_error",
        message: "The stored push write is unreadable.",
        retryable: false,
      });
    }
  }

  // Only a target's newest write is sent; older ones end `cancelled` without a call.
  const targets = await loadTargets(
    deps.db,
    current.connectionId,
    claimed.map((c) => c.write.targetKey),
  );
  const live: Claimed[] = [];
  for (const item of claimed) {
    const target = targets.get(item.write.targetKey);
    if (target && target.desiredWriteId !== null && target.desiredWriteId !== item.row.id) {
      await markFinal(
        deps.db,
        item.row,
        "cancelled",
        {
          code: "superseded",
          message: "A newer push for the same target replaced this write before it was sent.",
          retryable: false,
        },
        { supersededBy: target.desiredWriteId },
        nowMs(),
      );
    } else {
      live.push(item);
    }
  }

  const byId = new Map(live.map((item) => [item.row.id, item]));
  const pending: PendingWrite[] = live.map((item) => ({ ...item.write, writeId: item.row.id }));
  const states = new Map(
    pending.map((write) => [write.targetKey, toTargetState(targets.get(write.targetKey), write.targetKey)]),
  );
  const plan = planWrites(pending, states);

  for (const id of plan.unchanged) {
    const item = byId.get(id);
    if (item) await finishSucceeded(ctx, item, null, null, { unchanged: true });
  }
  if (plan.calls.length === 0) return ack;

  const opened = await deps.ashbyFor(connection);
  if (!opened.ok) {
    const pendingRows = plan.calls.flatMap((call) => call.writeIds).map((id) => byId.get(id)?.row);
    for (const row of new Set(pendingRows)) if (row) await release(deps.db, row, "held", null, null, nowMs());
    return ack;
  }
  const client = opened.value;

  // What this attempt may spend: every call, and a look-up per retried note. (Creating a new tag, once per
  // connection, takes its own token in resolveTag.)
  let cost = plan.calls.length;
  for (const call of plan.calls) {
    if (call.type === "create_note" && (byId.get(call.writeIds[0] ?? "")?.row.attempts ?? 0) > 1) cost += 1;
  }
  const budget = await acquireSpaced({
    acquire: () => acquireBudget(deps.config.DB, config.budget, connection.id, "writeback", cost, nowMs()),
    sleep: options.sleep,
    maxInlineWaitMs: options.maxInlineWaitMs,
  });
  if (!budget.ok) {
    const at = nowMs() + budget.delaySeconds * 1000;
    for (const row of uniqueRows(plan.calls, byId)) await release(deps.db, row, "queued", at, null, nowMs());
    return { action: "retry", delaySeconds: budget.delaySeconds };
  }

  const callsLeft = new Map<string, number>();
  for (const call of plan.calls)
    for (const id of call.writeIds) callsLeft.set(id, (callsLeft.get(id) ?? 0) + 1);
  const finished = new Set<string>();
  const removedTags = new Map<string, string>();

  for (let index = 0; index < plan.calls.length; index++) {
    const call = plan.calls[index] as PlannedCall;
    const open = call.writeIds.filter((id) => !finished.has(id));
    if (open.length === 0) continue;
    const outcome = await executeCall(ctx, client, connection.id, call, byId, options);
    if (outcome.ok) {
      for (const id of open) {
        const item = byId.get(id);
        if (!item) continue;
        const left = (callsLeft.get(id) ?? 1) - 1;
        callsLeft.set(id, left);
        if (call.type === "remove_tag") {
          removedTags.set(id, call.tagTitle);
          await recordWritten(
            deps.db,
            connection.id,
            item.write.targetKey,
            { contentKey: null, tagId: null, tagTitle: null, writeId: id },
            nowMs(),
          );
        } else {
          await recordWritten(
            deps.db,
            connection.id,
            item.write.targetKey,
            {
              contentKey: item.write.contentKey,
              tagId: call.type === "add_tag" ? outcome.remoteId : null,
              tagTitle: call.type === "add_tag" ? call.tagTitle : null,
              writeId: id,
            },
            nowMs(),
          );
        }
        if (left === 0) {
          finished.add(id);
          const removed = removedTags.get(id);
          await finishSucceeded(ctx, item, outcome.remoteId, outcome.requestId, {
            ...outcome.result,
            ...(removed === undefined ? {} : { removedTag: removed }),
          });
        }
      }
      continue;
    }

    const error = outcome.error;
    if (await handleAshbyAuthFailure(deps, connection.id, error)) {
      for (const row of uniqueRows(plan.calls.slice(index), byId, finished)) {
        await release(deps.db, row, "held", null, writeError(error, describeCall(call)), nowMs());
      }
      return ack;
    }
    if (error.retryable) {
      const delaySeconds = retryDelaySeconds(deliveryAttempt, ctx.random, error.retryAfterSeconds);
      if (error.code === "ashby_rate_limited") {
        // Both lanes of the connection wait it out, not only this message.
        await blockBudget(deps.config.DB, connection.id, nowMs() + delaySeconds * 1000, nowMs());
      }
      const at = nowMs() + delaySeconds * 1000;
      for (const row of uniqueRows(plan.calls.slice(index), byId, finished)) {
        await release(deps.db, row, "queued", at, writeError(error, describeCall(call)), nowMs());
      }
      return { action: "retry", delaySeconds };
    }
    if (call.type === "remove_tag") {
      // The old range tag is already gone from the candidate (a recruiter removed it, or the tag was archived):
      // the swap goes on and adds the new one.
      deps.logger.warn("push.remove_tag_refused", {
        writeIds: open,
        code: error.code,
        ashbyCode: error.ashbyCode,
      });
      for (const id of open) {
        const item = byId.get(id);
        callsLeft.set(id, (callsLeft.get(id) ?? 1) - 1);
        if (item) {
          await recordWritten(
            deps.db,
            connection.id,
            item.write.targetKey,
            { contentKey: null, tagId: null, tagTitle: null, writeId: id },
            nowMs(),
          );
          if (callsLeft.get(id) === 0) {
            finished.add(id);
            await finishSucceeded(ctx, item, null, error.ashbyRequestId ?? null, {
              removedTag: call.tagTitle,
              alreadyGone: true,
            });
          }
        }
      }
      continue;
    }
    for (const id of open) {
      const item = byId.get(id);
      finished.add(id);
      if (item) await finishFailed(ctx, item.row, writeError(error, describeCall(call)), item.write);
    }
  }
  return ack;
}

function uniqueRows(
  calls: readonly PlannedCall[],
  byId: ReadonlyMap<string, Claimed>,
  finished: ReadonlySet<string> = new Set(),
) {
  const out = new Map<string, WriteRow>();
  for (const call of calls) {
    for (const id of call.writeIds) {
      const item = byId.get(id);
      if (item && !finished.has(id)) out.set(id, item.row);
    }
  }
  return [...out.values()];
}

type CallOutcome =
  | { ok: true; remoteId: string | null; requestId: string | null; result: Record<string, unknown> }
  | { ok: false; error: AshbyError };

function fromResult<T>(
  result: AshbyResult<T>,
  done: (value: T) => { remoteId: string | null; result: Record<string, unknown> },
): CallOutcome {
  if (!result.ok) return { ok: false, error: result.error };
  return { ok: true, requestId: result.requestId ?? null, ...done(result.value) };
}

/** A placeholder older than this belongs to an attempt that died; candidateTag.create is idempotent by title anyway. */
const TAG_CLAIM_STALE_MS = 30_000;
const TAG_WAIT_STEP_MS = 100;
const TAG_WAIT_MAX_MS = 5_000;

/**
 * The tag's Ashby id: from the kit's catalogue or the synced one, else created once per connection (the first
 * attempt to claim the title creates it; the others wait briefly for its id).
 */
async function resolveTag(
  ctx: WritebackContext,
  client: AshbyClient,
  connectionId: string,
  title: string,
  options: PushWriteOptions,
): Promise<{ ok: true; tagId: string; created: boolean } | { ok: false; error: AshbyError }> {
  const { deps } = ctx;
  for (let waited = 0; ; waited += TAG_WAIT_STEP_MS) {
    const known = await findTag(deps.db, connectionId, title);
    if (known && "tagId" in known) return { ok: true, tagId: known.tagId, created: false };
    const nowMs = deps.clock.now().getTime();
    if (known === null || waited >= TAG_WAIT_MAX_MS) {
      if (
        known === null &&
        !(await claimTagCreation(deps.db, connectionId, title, nowMs, TAG_CLAIM_STALE_MS))
      )
        continue;
      const budget = await acquireSpaced({
        acquire: () =>
          acquireBudget(
            deps.config.DB,
            ctx.config.budget,
            connectionId,
            "writeback",
            1,
            deps.clock.now().getTime(),
          ),
        sleep: options.sleep,
        maxInlineWaitMs: options.maxInlineWaitMs,
      });
      if (!budget.ok) {
        await releaseTagClaim(deps.db, connectionId, title);
        return {
          ok: false,
          error: ashbyError("ashby_rate_limited", {
            message: "The connection's Ashby budget is spent; the tag is created on the next attempt.",
            retryAfterSeconds: budget.delaySeconds,
          }),
        };
      }
      // https://developers.ashbyhq.com/reference/candidatetagcreate (returns the existing tag when the title exists)
      const made = await client.candidateTag.create({ title });
      if (!made.ok) {
        await releaseTagClaim(deps.db, connectionId, title);
        return { ok: false, error: made.error };
      }
      await rememberTag(
        deps.db,
        connectionId,
        { tagId: made.value.id, title: made.value.title },
        "created",
        nowMs,
      );
      return { ok: true, tagId: made.value.id, created: true };
    }
    await options.sleep(TAG_WAIT_STEP_MS);
  }
}

const normalize = (text: string) => text.replace(/\s+/g, " ").trim();

async function executeCall(
  ctx: WritebackContext,
  client: AshbyClient,
  connectionId: string,
  call: PlannedCall,
  byId: ReadonlyMap<string, Claimed>,
  options: PushWriteOptions,
): Promise<CallOutcome> {
  switch (call.type) {
    case "set_fields":
      // https://developers.ashbyhq.com/reference/customfieldsetvalues (one call for every changed field of the object)
      return fromResult(
        await client.customField.setValues({
          objectId: call.objectId,
          objectType: ashbyObjectType(call.objectType),
          values: call.values,
        }),
        () => ({ remoteId: call.objectId, result: { values: call.values } }),
      );
    case "remove_tag":
      // https://developers.ashbyhq.com/reference/candidateremovetag
      return fromResult(
        await client.candidate.removeTag({ candidateId: call.candidateId, tagId: call.tagId }),
        () => ({
          remoteId: call.tagId,
          result: { removedTag: call.tagTitle },
        }),
      );
    case "add_tag": {
      const resolved = await resolveTag(ctx, client, connectionId, call.tagTitle, options);
      if (!resolved.ok) return { ok: false, error: resolved.error };
      const { tagId, created } = resolved;
      // https://developers.ashbyhq.com/reference/candidateaddtag
      return fromResult(await client.candidate.addTag({ candidateId: call.candidateId, tagId }), () => ({
        remoteId: tagId,
        result: { tagId, title: call.tagTitle, tagCreated: created },
      }));
    }
    case "create_note": {
      const row = byId.get(call.writeIds[0] ?? "")?.row;
      if (row && row.attempts > 1) {
        // An earlier attempt may have landed and died before recording it: adopt a note with our text instead
        // of posting it twice. https://developers.ashbyhq.com/reference/candidatelistnotes
        const listed = await client.candidate.listNotes({ candidateId: call.candidateId, limit: 100 });
        if (!listed.ok) return { ok: false, error: listed.error };
        const ours = listed.value.results.find(
          (note) => note.content && normalize(note.content) === normalize(call.content),
        );
        if (ours)
          return {
            ok: true,
            remoteId: ours.id,
            requestId: listed.requestId ?? null,
            result: { noteId: ours.id, adopted: true },
          };
      }
      // https://developers.ashbyhq.com/reference/candidatecreatenote
      return fromResult(
        await client.candidate.createNote({ candidateId: call.candidateId, note: call.content }),
        (note) => ({
          remoteId: note.id,
          result: { noteId: note.id },
        }),
      );
    }
    default:
      return call satisfies never;
  }
}

async function finishSucceeded(
  ctx: WritebackContext,
  item: Claimed,
  remoteId: string | null,
  ashbyRequestId: string | null,
  result: Record<string, unknown>,
): Promise<void> {
  const updated = await markSucceeded(
    ctx.deps.db,
    item.row,
    { remoteId: remoteId ?? item.write.objectId, ashbyRequestId, result },
    ctx.deps.clock.now().getTime(),
  );
  if (!updated) ctx.deps.logger.warn("push.lease_lost_after_success", { writeId: item.row.id });
}

async function finishFailed(
  ctx: WritebackContext,
  row: WriteRow,
  error: FailedWriteError,
  write?: DesiredWrite,
): Promise<void> {
  const updated = await markFinal(ctx.deps.db, row, "failed", error, null, ctx.deps.clock.now().getTime());
  if (!updated) return;
  await ctx.events.emit(ctx.deps, {
    type: "write.failed",
    workspaceId: row.workspaceId,
    connectionId: row.connectionId,
    eventKey: `${row.id}:failed`,
    data: {
      writeId: row.id,
      kind: row.kind,
      pushId: row.sourceId,
      target: row.target,
      ...(write ? { candidateId: write.candidateId } : {}),
      code: error.code,
      message: error.message,
      retryable: error.retryable,
      ashbyRequestId: error.ashbyRequestId ?? null,
    },
  });
}
