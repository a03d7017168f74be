import {
  type ConnectionStatus,
  type ErrorCode,
  ErrorCodeSchema,
  type FeedbackInterview,
  type FeedbackPreview,
  type FeedbackState,
} from "@ashby-kit/shared";
import type { AshbyClient } from "../ashby";
import { handleAshbyAuthFailure } from "../connection/mark-needs-reauth";
import { findConnectionByWorkspace } from "../db/queries/connections";
import type { ConnectionRow, MeetingRow, WriteRow } from "../db/schema";
import type { WritebackContext } from "../writeback/context";
import { buildPreview, type FeedbackFormFields, locateFeedbackFields } from "../writeback/feedback-form";
import { type FeedbackWritePayload, FeedbackWritePayloadSchema } from "../writeback/feedback-payload";
import { listEventFeedbackBy } from "../writeback/find-feedback";
import { findLatestWriteForSource } from "../writeback/ledger";
import { verifyFeedbackStillInAshby } from "../writeback/verify-feedback";
import {
  type InterviewContext,
  interviewerEmails,
  loadInterviewContext,
  resolveFeedbackForm,
  toFeedbackInterview,
} from "./interview-context";
import { normaliseEmail } from "./match-interview";
import { storedAlternatives } from "./meeting-store";

/**
 * The one state of a meeting's feedback for the calling user, decided in a fixed order: a write that exists
 * (in flight, submitted, deleted in Ashby, failed) wins over everything else, so re-opening after a submission
 * lands on "submitted" even if the match or the form changed since; then the connection, the match, whether the
 * user interviews, and whether the user already filled the scorecard in Ashby itself.
 */

/** What a submit needs beyond the state: computed together so GET and POST can never disagree. */
export type SubmitPlan = {
  connection: ConnectionRow;
  context: InterviewContext;
  interview: FeedbackInterview;
  fields: FeedbackFormFields;
  formDefinitionId: string;
  interviewerUserId: string;
  interviewerName: string | null;
  preview: FeedbackPreview;
};

export type ResolvedFeedback = { state: FeedbackState; plan: SubmitPlan | null; write: WriteRow | null };

function errorCode(code: string | null): ErrorCode {
  const parsed = ErrorCodeSchema.safeParse(code);
  return parsed.success ? parsed.data : "internal_error";
}

function payloadOf(write: WriteRow): FeedbackWritePayload | null {
  const parsed = FeedbackWritePayloadSchema.safeParse(write.payload);
  return parsed.success ? parsed.data : null;
}

function connectionStatus(connection: ConnectionRow | undefined): ConnectionStatus {
  return connection ? connection.status : "not_connected";
}

export async function resolveFeedbackState(
  ctx: WritebackContext,
  workspaceId: string,
  meeting: MeetingRow,
  userEmail: string | null,
): Promise<ResolvedFeedback> {
  const { deps } = ctx;
  const base = { meetingId: meeting.meetingId };
  const connection = await findConnectionByWorkspace(deps.db, workspaceId);
  const email = userEmail ? normaliseEmail(userEmail) : null;
  let client: AshbyClient | null = null;
  const clientFor = async (): Promise<AshbyClient | null> => {
    if (client || !connection || connection.status !== "active") return client;
    const opened = await deps.ashbyFor(connection);
    client = opened.ok ? opened.value : null;
    return client;
  };

  const write = email
    ? await findLatestWriteForSource(deps.db, workspaceId, "feedback", meeting.meetingId, email)
    : undefined;
  const payload = write ? payloadOf(write) : null;
  // A failed or refused write of another event (the match was corrected since) no longer describes this meeting.
  const writeCounts =
    write &&
    payload &&
    (write.status === "succeeded" ||
      write.status === "queued" ||
      write.status === "held" ||
      write.status === "sending" ||
      payload.submit.interviewEventId === meeting.matchedEventId);

  if (write && payload && writeCounts) {
    const ref = {
      writeId: write.id,
      overallRecommendation: payload.recommendation,
      preview: payload.preview,
    };
    const interview = payload.interview;
    switch (write.status) {
      case "queued":
      case "held": {
        // Why it waits is the connection's state now: a write held while the key was refused is re-sent once the
        // connection is active again, so it must not keep saying "paused" in between.
        const heldBecause =
          connection?.status === "needs_reauth"
            ? ("connection_needs_reauth" as const)
            : connection?.status === "paused"
              ? ("connection_paused" as const)
              : null;
        return {
          write,
          plan: null,
          state: {
            ...base,
            state: "queued",
            interview,
            ...ref,
            heldBecause,
            nextAttemptAt: write.nextAttemptAt ? new Date(write.nextAttemptAt).toISOString() : null,
            lastError: write.errorCode
              ? { code: errorCode(write.errorCode), message: write.errorMessage ?? "" }
              : null,
          },
        };
      }
      case "sending":
        return { write, plan: null, state: { ...base, state: "submitting", interview, ...ref } };
      case "succeeded": {
        let goneAt = write.goneAt;
        if (goneAt === null) {
          const c = await clientFor();
          if (c) {
            const verdict = await verifyFeedbackStillInAshby(ctx, c, write);
            if (verdict === "gone") goneAt = deps.clock.now().getTime();
          }
        }
        if (goneAt !== null) {
          const fresh = await resolveFresh(ctx, connection, meeting, email, clientFor);
          return {
            write,
            plan: fresh.plan,
            state: {
              ...base,
              state: "deleted_in_ashby",
              interview,
              ...ref,
              deletedDetectedAt: new Date(goneAt).toISOString(),
              nextPreview: fresh.plan?.preview ?? payload.preview,
            },
          };
        }
        const result = (write.result ?? {}) as { submittedAt?: string };
        return {
          write,
          plan: null,
          state: {
            ...base,
            state: "submitted",
            interview,
            ...ref,
            submittedAt: result.submittedAt ?? new Date(write.completedAt ?? write.updatedAt).toISOString(),
            submittedBy: payload.submittedBy,
            ashbyFeedbackId: write.remoteId ?? "",
            verifiedAt: write.verifiedAt ? new Date(write.verifiedAt).toISOString() : null,
          },
        };
      }
      case "failed":
        return {
          write,
          plan: (await resolveFresh(ctx, connection, meeting, email, clientFor)).plan,
          state: {
            ...base,
            state: "failed",
            interview,
            ...ref,
            code: errorCode(write.errorCode),
            message: write.errorMessage ?? "The feedback could not be sent.",
            retryable: true,
          },
        };
      case "cancelled": {
        const result = (write.result ?? {}) as { ashbyFeedbackId?: string; submittedAt?: string | null };
        return {
          write,
          plan: null,
          state: {
            ...base,
            state: "already_submitted_in_ashby",
            interview,
            ashbyFeedbackId: result.ashbyFeedbackId ?? "",
            submittedAt: result.submittedAt ?? null,
          },
        };
      }
      default:
        write.status satisfies never;
    }
  }

  const fresh = await resolveFresh(ctx, connection, meeting, email, clientFor);
  return { ...fresh, write: write ?? null };
}

async function resolveFresh(
  ctx: WritebackContext,
  connection: ConnectionRow | undefined,
  meeting: MeetingRow,
  email: string | null,
  clientFor: () => Promise<AshbyClient | null>,
): Promise<{ state: FeedbackState; plan: SubmitPlan | null }> {
  const { deps } = ctx;
  const db = deps.config.DB;
  const base = { meetingId: meeting.meetingId };
  if (!connection || connection.status === "disconnected" || connection.status === "needs_reauth") {
    return {
      plan: null,
      state: { ...base, state: "not_connected", connectionStatus: connectionStatus(connection) },
    };
  }
  if (meeting.matchStatus !== "matched" || !meeting.matchedEventId) {
    return {
      plan: null,
      state: {
        ...base,
        state: "no_match",
        reasonCode: meeting.matchReasonCode as "no_interview_in_time_window",
        reason: meeting.matchReason,
        alternatives: storedAlternatives(meeting),
      },
    };
  }
  const context = await loadInterviewContext(db, connection.id, meeting.matchedEventId);
  if (!context) {
    return {
      plan: null,
      state: {
        ...base,
        state: "no_match",
        reasonCode: "no_interview_in_time_window",
        reason: "The matched interview is no longer in the data synced from Ashby (cancelled or deleted).",
        alternatives: storedAlternatives(meeting),
      },
    };
  }
  const interview = toFeedbackInterview(context);
  const interviewers = interviewerEmails(context.event);
  const interviewer = email
    ? context.event.interviewers.find((i) => i.email && normaliseEmail(i.email) === email)
    : undefined;
  if (!interviewer) {
    return {
      plan: null,
      state: {
        ...base,
        state: "not_interviewer",
        interview,
        userEmail: email,
        interviewerEmails: interviewers,
        reason: email
          ? `${email} is not an interviewer on this interview in Ashby; only its interviewers may sync feedback.`
          : "The caller has no user email; only the interview's interviewers may sync feedback.",
      },
    };
  }

  if (context.event.hasSubmittedFeedback) {
    // Someone filled in feedback for the event; find out whether it was this interviewer (never overwrite it).
    const c = await clientFor();
    if (c && context.application) {
      const found = await listEventFeedbackBy(c, context.application.id, context.event.id, interviewer.id);
      if (found.ok && found.value[0]) {
        return {
          plan: null,
          state: {
            ...base,
            state: "already_submitted_in_ashby",
            interview,
            ashbyFeedbackId: found.value[0].id,
            submittedAt: found.value[0].submittedAt ?? null,
          },
        };
      }
      if (!found.ok) await handleAshbyAuthFailure(deps, connection.id, found.error);
    }
  }

  const content = { summary: meeting.summary, recordingUrl: meeting.recordingUrl };
  const form = await resolveFeedbackForm(db, await clientFor(), connection.id, context.event);
  const fields: FeedbackFormFields = form.ok
    ? locateFeedbackFields(form.form.formDefinition)
    : { recommendation: null, notes: null, otherRequiredFields: [] };
  const preview = buildPreview(fields, content);
  if (!form.ok) {
    preview.gaps = [{ content: "overall_recommendation", reason: form.reason }];
  }
  const plan: SubmitPlan | null =
    form.ok && context.application
      ? {
          connection,
          context,
          interview,
          fields,
          formDefinitionId: form.form.id,
          interviewerUserId: interviewer.id,
          interviewerName: `${interviewer.firstName} ${interviewer.lastName}`.trim() || null,
          preview,
        }
      : null;
  return {
    plan,
    state: {
      ...base,
      state: "ready",
      interview,
      preview,
    },
  };
}
