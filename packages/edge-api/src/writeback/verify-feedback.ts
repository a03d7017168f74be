import type { AshbyClient } from "../ashby";
import { handleAshbyAuthFailure } from "../connection/mark-needs-reauth";
import type { WriteRow } from "../db/schema";
import type { WritebackContext } from "./context";
import { FeedbackWritePayloadSchema } from "./feedback-payload";
import { listFeedbackIds } from "./find-feedback";
import { markGone, markVerified } from "./ledger";

/**
 * Is a feedback the kit submitted still in Ashby? Ashby signals no deletion (no webhook, no tombstone:
 * API-NOTES §3.4), so the only way to know is to list the application's feedback and look for the id. A recent
 * sighting is trusted for `verifyCacheMs`, so a UI polling the state does not turn into a stream of Ashby calls.
 * Any failure to ask counts as "present": a flaky Ashby must never make a submitted feedback look deleted.
 */
export async function verifyFeedbackStillInAshby(
  ctx: WritebackContext,
  client: AshbyClient,
  write: WriteRow,
): Promise<"present" | "gone" | "unknown"> {
  const { deps, config } = ctx;
  const nowMs = deps.clock.now().getTime();
  if (write.status !== "succeeded" || !write.remoteId) return "unknown";
  if (write.goneAt !== null) return "gone";
  if (write.verifiedAt !== null && nowMs - write.verifiedAt < config.verifyCacheMs) return "present";
  const payload = FeedbackWritePayloadSchema.safeParse(write.payload);
  if (!payload.success) return "unknown";

  const ids = await listFeedbackIds(client, payload.data.submit.applicationId);
  if (!ids.ok) {
    await handleAshbyAuthFailure(deps, write.connectionId, ids.error);
    return "unknown";
  }
  if (ids.value.has(write.remoteId)) {
    await markVerified(deps.db, write.id, nowMs);
    return "present";
  }
  if (await markGone(deps.db, write.id, nowMs)) {
    deps.logger.info("writeback.feedback_deleted_in_ashby", {
      writeId: write.id,
      feedbackId: write.remoteId,
    });
    await ctx.events.emit(deps, {
      type: "feedback.deleted_in_ashby",
      workspaceId: write.workspaceId,
      connectionId: write.connectionId,
      eventKey: `${write.id}:deleted_in_ashby`,
      data: {
        meetingId: payload.data.meetingId,
        writeId: write.id,
        ashbyFeedbackId: write.remoteId,
        interviewEventId: payload.data.submit.interviewEventId,
        applicationId: payload.data.submit.applicationId,
        detectedAt: new Date(nowMs).toISOString(),
      },
    });
  }
  return "gone";
}
