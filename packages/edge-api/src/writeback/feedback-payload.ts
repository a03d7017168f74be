import {
  FeedbackInterviewSchema,
  FeedbackPreviewSchema,
  RecommendationOptionSchema,
} from "@ashby-kit/shared";
import { z } from "zod";

/**
 * What a feedback write carries in the ledger: the exact applicationFeedback.submit body, fixed when the user
 * clicked (a later edit of the meeting or the form does not change what this write sends), plus what the UI
 * shows about it. Parsed on every read, so a row written by an older version fails loudly instead of posting
 * something half-formed.
 */
export const FeedbackSubmitBodySchema = z.object({
  formDefinitionId: z.string().min(1),
  applicationId: z.string().min(1),
  interviewEventId: z.string().min(1),
  userId: z.string().min(1),
  feedbackForm: z.object({
    fieldSubmissions: z.array(z.object({ path: z.string().min(1), value: z.unknown() })).min(1),
  }),
});
export type FeedbackSubmitBody = z.infer<typeof FeedbackSubmitBodySchema>;

export const FeedbackWritePayloadSchema = z.object({
  meetingId: z.string(),
  submit: FeedbackSubmitBodySchema,
  recommendation: RecommendationOptionSchema,
  interview: FeedbackInterviewSchema,
  preview: FeedbackPreviewSchema,
  submittedBy: z.object({ email: z.string().nullable(), name: z.string().nullable() }),
  /**
   * Whether Ashby already showed feedback on the event when the user clicked. Then even the first attempt lists
   * the event's feedback before posting, so a person's own scorecard is never doubled.
   */
  eventHadFeedback: z.boolean(),
});
export type FeedbackWritePayload = z.infer<typeof FeedbackWritePayloadSchema>;

export function feedbackTargetKey(interviewEventId: string, userId: string): string {
  return `${interviewEventId}:${userId}`;
}
