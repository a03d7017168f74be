import type { WritebackMessage } from "@ashby-kit/shared";
import { and, asc, eq, inArray, isNull, lte, or } from "drizzle-orm";
import { connections, writes } from "../db/schema";
import { sendAll } from "../lib/send-all";
import type { WritebackContext } from "./context";
import { verifyFeedbackStillInAshby } from "./verify-feedback";

/**
 * The cron's part of write-back (runs beside the sync scheduling):
 * - re-send the message of writes that wait without one: held writes whose connection is active again (resume,
 *   reconnect), queued writes whose message was lost (a failed send after the row was stored), and claims whose
 *   consumer died. Sending twice is harmless: the consumer's claim lets one attempt through.
 * - re-check submitted feedback in Ashby now and then, so a deletion is noticed (and its webhook sent) even if
 *   nobody opens the meeting again.
 */

/** A queued write's own message normally arrives within seconds; only rows overdue by this much are re-sent. */
const LOST_MESSAGE_GRACE_MS = 5 * 60_000;
const MAX_RESENT_PER_TICK = 500;

/** `connectionId`: only that connection's writes (it was just resumed or reconnected, see ConnectionHooks). */
export async function resendWaitingWrites(
  ctx: WritebackContext,
  scope: { connectionId?: string } = {},
): Promise<number> {
  const { deps } = ctx;
  const nowMs = deps.clock.now().getTime();
  const rows = await deps.db
    .select({ id: writes.id })
    .from(writes)
    .innerJoin(connections, eq(connections.id, writes.connectionId))
    .where(
      and(
        eq(connections.status, "active"),
        scope.connectionId === undefined ? undefined : eq(writes.connectionId, scope.connectionId),
        or(
          eq(writes.status, "held"),
          and(eq(writes.status, "queued"), lte(writes.nextAttemptAt, nowMs - LOST_MESSAGE_GRACE_MS)),
          and(eq(writes.status, "sending"), lte(writes.leaseUntil, nowMs - LOST_MESSAGE_GRACE_MS)),
        ),
      ),
    )
    .orderBy(asc(writes.createdAt))
    .limit(MAX_RESENT_PER_TICK);
  await sendAll(
    deps.queues.writeback,
    rows.map(({ id }) => ({ kind: "writeback", version: 1, writeId: id }) satisfies WritebackMessage),
    "json",
  );
  if (rows.length > 0) deps.logger.info("writeback.resent", { count: rows.length });
  return rows.length;
}

export async function reverifySubmittedFeedback(
  ctx: WritebackContext,
): Promise<{ checked: number; gone: number }> {
  const { deps, config } = ctx;
  const nowMs = deps.clock.now().getTime();
  const due = await deps.db
    .select()
    .from(writes)
    .innerJoin(connections, eq(connections.id, writes.connectionId))
    .where(
      and(
        eq(writes.kind, "feedback"),
        eq(writes.status, "succeeded"),
        isNull(writes.goneAt),
        inArray(connections.status, ["active"]),
        or(isNull(writes.verifiedAt), lte(writes.verifiedAt, nowMs - config.reverifyEveryMs)),
      ),
    )
    .orderBy(asc(writes.verifiedAt))
    .limit(config.reverifyBatch);
  let gone = 0;
  for (const { writes: write, connections: connection } of due) {
    const opened = await deps.ashbyFor(connection);
    if (!opened.ok) continue;
    if ((await verifyFeedbackStillInAshby(ctx, opened.value, write)) === "gone") gone += 1;
  }
  return { checked: due.length, gone };
}
