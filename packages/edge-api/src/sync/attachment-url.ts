import { type AttachmentUrl, AttachmentUrlSchema } from "@ashby-kit/shared";
import { handleAshbyAuthFailure } from "../connection/mark-needs-reauth";
import type { Deps } from "../deps";
import { ApiError } from "../lib/api-error";
import { acquireBudget, blockBudgetForRateLimit, budgetPolicyFrom } from "./budget";
import { getRecord, syncedConnectionOf } from "./records-reader";

/**
 * A link to a synced attachment's file, asked of Ashby now (file.info). Sync keeps only the handle: Ashby's links
 * are pre-signed and expire, so a stored one would be dead by the time anyone clicked it. The call is a person
 * waiting, so it takes a token of the connection's Ashby budget on the lane that sync cannot drain, and a 429
 * blocks the budget for sync and write-back as well.
 */
export async function fetchAttachmentUrl(
  deps: Deps,
  workspaceId: string,
  attachmentId: string,
): Promise<AttachmentUrl> {
  const connection = await syncedConnectionOf(deps.db, workspaceId);
  const record = await getRecord(deps.config.DB, connection.id, "attachments", attachmentId);
  if (!record) {
    throw new ApiError("not_found", `No synced attachment ${attachmentId}.`);
  }
  if (record.deletedAt !== null) {
    throw new ApiError(
      "not_found",
      `Attachment ${attachmentId} is no longer in Ashby (since ${record.deletedAt}).`,
    );
  }
  const data = record.data as { handle?: unknown; name?: unknown; candidateId?: unknown; isResume?: unknown };
  if (typeof data.handle !== "string" || data.handle === "") {
    throw new ApiError("not_found", `Ashby gave no file handle for attachment ${attachmentId}.`);
  }
  // Paused, needing re-auth or disconnected: the kit does not call Ashby for this workspace (the synced data
  // itself stays readable through the other read routes).
  const opened = await deps.ashbyFor(connection);
  if (!opened.ok) {
    throw new ApiError(opened.error.code, opened.error.message);
  }
  const nowMs = deps.clock.now().getTime();
  const budget = await acquireBudget(
    deps.config.DB,
    budgetPolicyFrom(deps.config),
    connection.id,
    "writeback",
    1,
    nowMs,
  );
  if (!budget.ok) {
    throw new ApiError(
      "ashby_rate_limited",
      "Ashby is rate limiting this workspace's calls; try again shortly.",
      undefined,
      { retryAfterSeconds: Math.ceil(budget.retryAfterMs / 1000) },
    );
  }

  // https://developers.ashbyhq.com/reference/fileinfo
  const result = await opened.value.file.info({ fileHandle: data.handle });
  if (!result.ok) {
    const error = result.error;
    if (await handleAshbyAuthFailure(deps, connection.id, error)) {
      throw new ApiError(
        "ashby_needs_reauth",
        "Ashby refused the stored key, so the connection now needs an owner or admin to reconnect it.",
      );
    }
    if (error.code === "ashby_rate_limited") {
      const waitSeconds = await blockBudgetForRateLimit(deps.config.DB, connection.id, error, nowMs);
      throw new ApiError("ashby_rate_limited", error.message, undefined, { retryAfterSeconds: waitSeconds });
    }
    if (error.code === "ashby_not_found") {
      throw new ApiError(
        "ashby_not_found",
        "Ashby no longer has this file; the next sync updates the candidate's attachments.",
      );
    }
    throw new ApiError(error.code, error.message);
  }
  const link = AttachmentUrlSchema.safeParse({
    attachmentId: record.id,
    candidateId: typeof data.candidateId === "string" ? data.candidateId : null,
    name: typeof data.name === "string" ? data.name : null,
    isResume: data.isResume === true,
    url: result.value.url,
    fetchedAt: new Date(nowMs).toISOString(),
  });
  if (!link.success) {
    // The browser will open this link: anything but a web URL from Ashby is not passed on.
    throw new ApiError("ashby_invalid_response", "Ashby answered file.info without a usable web link.");
  }
  return link.data;
}
