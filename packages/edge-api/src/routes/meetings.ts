/**
 * @module /v1/meetings: recorded meetings pushed by the host, their match to an Ashby interview event, and the
 * calling user's interview feedback for them (state + submit, written to Ashby exactly once by the queue).
 */
import {
  endpoints,
  FeedbackStateSchema,
  MeetingIdSchema,
  MeetingSchema,
  SetMeetingMatchRequestSchema,
  SubmitFeedbackRequestSchema,
  UpsertMeetingRequestSchema,
  type WritebackMessage,
} from "@ashby-kit/shared";
import { createRoute, OpenAPIHono, z } from "@hono/zod-openapi";
import { requireWorkspace } from "../auth/require-auth";
import { findConnectionByWorkspace } from "../db/queries/connections";
import type { AppEnv } from "../env";
import { ApiError } from "../lib/api-error";
import { resolveFeedbackState } from "../meetings/feedback-state";
import { loadInterviewContext, toMatchable } from "../meetings/interview-context";
import { type MatchOutcome, matchMeetingToInterview, normaliseEmail } from "../meetings/match-interview";
import { matchMeeting } from "../meetings/match-meeting";
import {
  findMeeting,
  saveMatch,
  storedAlternatives,
  toMeeting,
  upsertMeeting,
} from "../meetings/meeting-store";
import { writebackContextFor } from "../writeback/context-for";
import { buildFieldSubmissions } from "../writeback/feedback-form";
import { type FeedbackWritePayload, feedbackTargetKey } from "../writeback/feedback-payload";
import { createWrite, findWriteByIdempotencyKey, requestHash } from "../writeback/ledger";
import { workspaceHeaders } from "./connection";
import { AUTH_ERRORS, BODY_ERRORS, errorResponses, jsonBody, jsonResponse } from "./openapi-helpers";

const security = [{ secretKey: [] }, { sessionToken: [] }];
const params = z.object({ meetingId: MeetingIdSchema });

const upsertRoute = createRoute({
  method: "put",
  path: endpoints.upsertMeeting.path,
  summary: endpoints.upsertMeeting.summary,
  description:
    "Idempotent: the same body again changes nothing but `updatedAt`. Matching uses the synced Ashby data and " +
    "re-reads the interview schedules around a meeting that ended in the last day. A match a user chose with " +
    "PUT …/match is kept when the meeting is re-sent.",
  tags: ["meetings"],
  security,
  middleware: [requireWorkspace] as const,
  request: { headers: workspaceHeaders, params, body: jsonBody(UpsertMeetingRequestSchema) },
  responses: {
    200: jsonResponse("The meeting and its match.", MeetingSchema),
    ...errorResponses(...AUTH_ERRORS, ...BODY_ERRORS),
  },
});

const matchRoute = createRoute({
  method: "put",
  path: endpoints.setMeetingMatch.path,
  summary: endpoints.setMeetingMatch.summary,
  tags: ["meetings"],
  security,
  middleware: [requireWorkspace] as const,
  request: { headers: workspaceHeaders, params, body: jsonBody(SetMeetingMatchRequestSchema) },
  responses: {
    200: jsonResponse("The meeting with the chosen match.", MeetingSchema),
    ...errorResponses(...AUTH_ERRORS, ...BODY_ERRORS, "not_found", "ashby_not_connected"),
  },
});

const getFeedbackRoute = createRoute({
  method: "get",
  path: endpoints.getMeetingFeedback.path,
  summary: endpoints.getMeetingFeedback.summary,
  description:
    "One of not_connected, no_match, not_interviewer, ready, queued, submitting, submitted, failed, " +
    "deleted_in_ashby, already_submitted_in_ashby. Reading a submitted feedback checks that it still exists in " +
    "Ashby (at most once a minute).",
  tags: ["meetings"],
  security,
  middleware: [requireWorkspace] as const,
  request: { headers: workspaceHeaders, params },
  responses: {
    200: jsonResponse("The calling user's feedback state.", FeedbackStateSchema),
    ...errorResponses(...AUTH_ERRORS, "not_found"),
  },
});

const submitFeedbackRoute = createRoute({
  method: "post",
  path: endpoints.submitMeetingFeedback.path,
  summary: endpoints.submitMeetingFeedback.summary,
  description:
    "Answers 202 with the state once the write is in the ledger and queued. The same idempotencyKey with the " +
    "same body returns the same write; with another body, 409 `idempotency_conflict`. A second click with a new " +
    "key while a write of the same feedback is live returns that write. `overallRecommendation` must be one of " +
    "the form's options (400 lists them).",
  tags: ["meetings"],
  security,
  middleware: [requireWorkspace] as const,
  request: { headers: workspaceHeaders, params, body: jsonBody(SubmitFeedbackRequestSchema) },
  responses: {
    202: jsonResponse(
      "The write is queued (or an earlier identical write is returned).",
      FeedbackStateSchema,
    ),
    ...errorResponses(
      ...AUTH_ERRORS,
      ...BODY_ERRORS,
      "not_found",
      "conflict",
      "idempotency_conflict",
      "ashby_not_connected",
      "ashby_needs_reauth",
    ),
  },
});

function userMatch(outcome: MatchOutcome, alternatives: MatchOutcome["alternatives"]): MatchOutcome {
  return { ...outcome, alternatives };
}

export const meetingsRoutes = new OpenAPIHono<AppEnv>()
  .openapi(upsertRoute, async (c) => {
    const deps = c.get("deps");
    const auth = c.get("auth");
    const { meetingId } = c.req.valid("param");
    const body = c.req.valid("json");
    const connection = await findConnectionByWorkspace(deps.db, auth.workspaceId);
    const existing = await findMeeting(deps.db, auth.workspaceId, meetingId);
    const auto = await matchMeeting(deps, connection, {
      startTime: body.startTime,
      endTime: body.endTime,
      recorderEmail: body.recorderEmail,
      attendeeEmails: body.attendeeEmails ?? [],
    });
    const keepUserChoice = existing?.matchSource === "user" && existing.matchedEventId !== null;
    const match = keepUserChoice
      ? {
          status: "matched" as const,
          interviewEventId: existing.matchedEventId as string,
          reasonCode: "chosen_by_user" as const,
          reason: existing.matchReason,
          alternatives: auto.alternatives.filter((a) => a.interviewEventId !== existing.matchedEventId),
          source: "user" as const,
        }
      : { ...auto, source: "auto" as const };
    const row = await upsertMeeting(
      deps.db,
      auth.workspaceId,
      meetingId,
      body,
      match,
      deps.clock.now().getTime(),
    );
    return c.json(toMeeting(row), 200);
  })
  .openapi(matchRoute, async (c) => {
    const deps = c.get("deps");
    const auth = c.get("auth");
    const { meetingId } = c.req.valid("param");
    const { interviewEventId } = c.req.valid("json");
    const meeting = await findMeeting(deps.db, auth.workspaceId, meetingId);
    if (!meeting) throw new ApiError("not_found", `No meeting ${meetingId} in this workspace.`);
    const connection = await findConnectionByWorkspace(deps.db, auth.workspaceId);
    if (!connection || connection.status === "disconnected") {
      throw new ApiError("ashby_not_connected", "Connect Ashby before choosing an interview.");
    }
    const context = await loadInterviewContext(deps.config.DB, connection.id, interviewEventId);
    if (!context) {
      throw new ApiError(
        "not_found",
        `Ashby interview event ${interviewEventId} is not in the synced data.`,
        {
          alternatives: storedAlternatives(meeting).map((a) => a.interviewEventId),
        },
      );
    }
    // The other events keep their ranking from the matcher, so the UI can offer them again.
    const ranked = matchMeetingToInterview(
      {
        startTime: meeting.startTime,
        endTime: meeting.endTime,
        recorderEmail: meeting.recorderEmail,
        attendeeEmails: meeting.attendeeEmails,
      },
      [toMatchable(context)],
    );
    const others = storedAlternatives(meeting).filter((a) => a.interviewEventId !== interviewEventId);
    const chosen = userMatch(
      {
        status: "matched",
        interviewEventId,
        reasonCode: "chosen_by_user",
        reason: `Chosen by ${auth.user.email ?? "the host"}${
          ranked.status === "no_match" ? ` (note: ${ranked.reason})` : ""
        }`,
        alternatives: [],
      },
      others,
    );
    const row = await saveMatch(deps.db, meeting, { ...chosen, source: "user" }, deps.clock.now().getTime());
    return c.json(toMeeting(row), 200);
  })
  .openapi(getFeedbackRoute, async (c) => {
    const deps = c.get("deps");
    const auth = c.get("auth");
    const { meetingId } = c.req.valid("param");
    const meeting = await findMeeting(deps.db, auth.workspaceId, meetingId);
    if (!meeting) throw new ApiError("not_found", `No meeting ${meetingId} in this workspace.`);
    const { state } = await resolveFeedbackState(
      writebackContextFor(deps),
      auth.workspaceId,
      meeting,
      auth.user.email,
    );
    return c.json(state, 200);
  })
  .openapi(submitFeedbackRoute, async (c) => {
    const deps = c.get("deps");
    const auth = c.get("auth");
    const ctx = writebackContextFor(deps);
    const { meetingId } = c.req.valid("param");
    const body = c.req.valid("json");
    const meeting = await findMeeting(deps.db, auth.workspaceId, meetingId);
    if (!meeting) throw new ApiError("not_found", `No meeting ${meetingId} in this workspace.`);
    const email = auth.user.email ? normaliseEmail(auth.user.email) : null;
    if (!email) {
      throw new ApiError(
        "forbidden",
        "Only an interviewer can submit feedback; send X-Acting-User-Email with a secret key.",
      );
    }
    // What identifies this request for the idempotency key: who, which meeting, what they chose.
    const request = {
      route: "meetings.feedback.submit",
      meetingId,
      email,
      overallRecommendation: body.overallRecommendation,
    };

    const replay = await findWriteByIdempotencyKey(deps.db, auth.workspaceId, body.idempotencyKey);
    if (replay) {
      if (replay.requestHash !== (await requestHash(request))) {
        throw new ApiError("idempotency_conflict", undefined, { writeId: replay.id });
      }
      const { state } = await resolveFeedbackState(ctx, auth.workspaceId, meeting, email);
      return c.json(state, 202);
    }

    const resolved = await resolveFeedbackState(ctx, auth.workspaceId, meeting, email);
    const { state, plan } = resolved;
    switch (state.state) {
      case "queued":
      case "submitting":
      case "submitted":
        // A double click with a fresh key: the live write is the answer, nothing new is created.
        return c.json(state, 202);
      case "not_connected":
        throw new ApiError(
          state.connectionStatus === "needs_reauth" ? "ashby_needs_reauth" : "ashby_not_connected",
          undefined,
        );
      case "no_match":
        throw new ApiError("conflict", `This meeting is not matched to an Ashby interview: ${state.reason}`, {
          state: state.state,
        });
      case "not_interviewer":
        throw new ApiError("forbidden", state.reason, { state: state.state });
      case "already_submitted_in_ashby":
        throw new ApiError(
          "conflict",
          "You already submitted feedback for this interview in Ashby; it is never overwritten.",
          { state: state.state, ashbyFeedbackId: state.ashbyFeedbackId },
        );
      case "ready":
      case "failed":
      case "deleted_in_ashby":
        break;
      default:
        state satisfies never;
    }
    if (!plan) {
      throw new ApiError(
        "conflict",
        "The interview's feedback form is unknown, so nothing can be sent yet.",
        {
          state: state.state,
        },
      );
    }
    const content = { summary: meeting.summary, recordingUrl: meeting.recordingUrl };
    const built = buildFieldSubmissions(plan.fields, body.overallRecommendation, content);
    if (!built.ok) {
      if (built.reason === "no_recommendation_field") {
        throw new ApiError("conflict", "The interview's feedback form has no overall-recommendation field.");
      }
      const valid = built.validOptions.map((o) => `${o.value} (${o.label})`).join(", ");
      throw new ApiError("invalid_request", `overallRecommendation must be one of: ${valid}.`, {
        issues: [{ path: "json.overallRecommendation", message: `Must be one of: ${valid}.` }],
        validOptions: built.validOptions,
      });
    }
    const application = plan.context.application;
    if (!application)
      throw new ApiError("conflict", "The interview's application is not in the synced data yet.");
    const payload: FeedbackWritePayload = {
      meetingId,
      submit: {
        formDefinitionId: plan.formDefinitionId,
        applicationId: application.id,
        interviewEventId: plan.context.event.id,
        userId: plan.interviewerUserId,
        feedbackForm: { fieldSubmissions: built.fieldSubmissions },
      },
      recommendation: built.recommendation,
      interview: plan.interview,
      preview: plan.preview,
      submittedBy: { email, name: auth.user.name ?? plan.interviewerName },
      eventHadFeedback: plan.context.event.hasSubmittedFeedback,
    };
    const nowMs = deps.clock.now().getTime();
    const created = await createWrite(
      deps.db,
      {
        id: deps.ids.make("wr"),
        workspaceId: auth.workspaceId,
        connectionId: plan.connection.id,
        kind: "feedback",
        target: {
          applicationId: application.id,
          interviewEventId: plan.context.event.id,
          userId: plan.interviewerUserId,
          formDefinitionId: plan.formDefinitionId,
        },
        targetKey: feedbackTargetKey(plan.context.event.id, plan.interviewerUserId),
        sourceId: meetingId,
        actorEmail: email,
        idempotencyKey: body.idempotencyKey,
        request,
        payload: payload as unknown as Record<string, unknown>,
      },
      nowMs,
    );
    if (created.outcome === "key_conflict") {
      throw new ApiError("idempotency_conflict", undefined, { writeId: created.row.id });
    }
    if (created.outcome === "created") {
      const message: WritebackMessage = { kind: "writeback", version: 1, writeId: created.row.id };
      try {
        await deps.queues.writeback.send(message, { contentType: "json" });
      } catch (error) {
        // The row is queued in D1: the scheduled sweep re-sends its message, so the user's click is not lost.
        deps.logger.error("writeback.enqueue_failed", { writeId: created.row.id, error });
      }
    }
    const after = await resolveFeedbackState(ctx, auth.workspaceId, meeting, email);
    return c.json(after.state, 202);
  });
