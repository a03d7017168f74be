import { z } from "zod";
import { ErrorCodeSchema } from "../errors";
import { ConnectionStatusSchema } from "./connection";
import { MatchCandidateSchema, MatchReasonCodeSchema } from "./meetings";

/**
 * Interview feedback from a recorded meeting: the one state the "Sync feedback to Ashby" button and its modal
 * render, and the submit request. Every state carries what the UI needs to draw it, so the widget never
 * combines several calls to decide what to show.
 */

/** An overall-recommendation choice, in the order and with the label the interview's form shows in Ashby. */
export const RecommendationOptionSchema = z
  .object({ value: z.string(), label: z.string() })
  .meta({ id: "RecommendationOption" });
export type RecommendationOption = z.infer<typeof RecommendationOptionSchema>;

export const FeedbackInterviewSchema = z
  .object({
    interviewEventId: z.string(),
    interviewTitle: z.string().nullable(),
    startTime: z.string(),
    endTime: z.string(),
    candidateName: z.string().nullable(),
    jobTitle: z.string().nullable(),
    /** The candidate's page in Ashby, for "Open in Ashby". */
    candidateProfileUrl: z.string().nullable(),
  })
  .meta({ id: "FeedbackInterview" });
export type FeedbackInterview = z.infer<typeof FeedbackInterviewSchema>;

/** Content of the meeting that the interview's form has no place for: shown, never silently dropped. */
export const FeedbackGapSchema = z
  .object({
    content: z.enum(["summary", "recording_link", "overall_recommendation"]),
    reason: z.string(),
  })
  .meta({ id: "FeedbackGap" });
export type FeedbackGap = z.infer<typeof FeedbackGapSchema>;

/** What will be (or was) sent to Ashby, field by field, as the user will find it there. */
export const FeedbackPreviewSchema = z
  .object({
    recommendation: z
      .object({ fieldTitle: z.string(), options: z.array(RecommendationOptionSchema) })
      .nullable()
      .describe("null when the form has no overall-recommendation field."),
    /** The long-text field receiving the summary and the recording link, or null when the form has none. */
    notesFieldTitle: z.string().nullable(),
    summary: z.string(),
    recordingUrl: z.string().nullable(),
    /** Exactly the text that goes into the long-text field. */
    notesText: z.string().nullable(),
    gaps: z.array(FeedbackGapSchema),
    /** Required fields of the form the kit cannot fill: Ashby would refuse the submission. */
    unfillableRequiredFields: z.array(z.string()),
  })
  .meta({ id: "FeedbackPreview" });
export type FeedbackPreview = z.infer<typeof FeedbackPreviewSchema>;

export const SubmittedBySchema = z.object({ email: z.string().nullable(), name: z.string().nullable() });

export const FEEDBACK_STATES = [
  "not_connected",
  "no_match",
  "not_interviewer",
  "ready",
  "queued",
  "submitting",
  "submitted",
  "failed",
  "deleted_in_ashby",
  "already_submitted_in_ashby",
] as const;
export const FeedbackStateNameSchema = z.enum(FEEDBACK_STATES).meta({ id: "FeedbackStateName" });
export type FeedbackStateName = z.infer<typeof FeedbackStateNameSchema>;

const base = { meetingId: z.string() };
const writeRef = {
  writeId: z.string(),
  overallRecommendation: RecommendationOptionSchema,
  preview: FeedbackPreviewSchema,
};

export const FeedbackStateSchema = z
  .discriminatedUnion("state", [
    z.object({ ...base, state: z.literal("not_connected"), connectionStatus: ConnectionStatusSchema }),
    z.object({
      ...base,
      state: z.literal("no_match"),
      reasonCode: MatchReasonCodeSchema,
      reason: z.string(),
      alternatives: z.array(MatchCandidateSchema),
    }),
    z.object({
      ...base,
      state: z.literal("not_interviewer"),
      interview: FeedbackInterviewSchema,
      userEmail: z.string().nullable(),
      interviewerEmails: z.array(z.string()),
      reason: z.string(),
    }),
    z.object({
      ...base,
      state: z.literal("ready"),
      interview: FeedbackInterviewSchema,
      preview: FeedbackPreviewSchema,
    }),
    z.object({
      ...base,
      state: z.literal("queued"),
      interview: FeedbackInterviewSchema,
      ...writeRef,
      /** Why it waits beyond the normal queue delay: the connection is paused or needs a new key. */
      heldBecause: z.enum(["connection_paused", "connection_needs_reauth"]).nullable(),
      nextAttemptAt: z.iso.datetime().nullable(),
      lastError: z.object({ code: ErrorCodeSchema, message: z.string() }).nullable(),
    }),
    z.object({ ...base, state: z.literal("submitting"), interview: FeedbackInterviewSchema, ...writeRef }),
    z.object({
      ...base,
      state: z.literal("submitted"),
      interview: FeedbackInterviewSchema,
      ...writeRef,
      submittedAt: z.iso.datetime(),
      submittedBy: SubmittedBySchema,
      ashbyFeedbackId: z.string(),
      /** When the kit last saw the feedback in Ashby. */
      verifiedAt: z.iso.datetime().nullable(),
    }),
    z.object({
      ...base,
      state: z.literal("failed"),
      interview: FeedbackInterviewSchema,
      ...writeRef,
      code: ErrorCodeSchema,
      message: z.string(),
      retryable: z.boolean(),
    }),
    z.object({
      ...base,
      state: z.literal("deleted_in_ashby"),
      interview: FeedbackInterviewSchema,
      ...writeRef,
      deletedDetectedAt: z.iso.datetime(),
      /** A fresh preview, so the user can submit again from the beginning. */
      nextPreview: FeedbackPreviewSchema,
    }),
    z.object({
      ...base,
      state: z.literal("already_submitted_in_ashby"),
      interview: FeedbackInterviewSchema,
      ashbyFeedbackId: z.string(),
      submittedAt: z.string().nullable(),
    }),
  ])
  .meta({ id: "FeedbackState" });
export type FeedbackState = z.infer<typeof FeedbackStateSchema>;

export const SubmitFeedbackRequestSchema = z
  .strictObject({
    /** One of the `value`s of the form's recommendation options. */
    overallRecommendation: z.string().trim().min(1).max(200),
    /** Generated by the widget once per modal opening: a double click or a resend is the same write. */
    idempotencyKey: z.string().trim().min(8).max(200),
  })
  .meta({ id: "SubmitFeedbackRequest" });
export type SubmitFeedbackRequest = z.infer<typeof SubmitFeedbackRequestSchema>;
