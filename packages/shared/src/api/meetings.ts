import { z } from "zod";
import { EmailSchema } from "./tenants";

/**
 * Recorded meetings, as the host pushes them, and how each is matched to an Ashby interview event.
 * The host's own meeting id is the key, so a re-sent meeting updates in place.
 */

/** The host's id of a meeting (path parameter). Opaque to us. */
export const MeetingIdSchema = z
  .string()
  .min(1)
  .max(200)
  .regex(
    /^[A-Za-z0-9][A-Za-z0-9._:@-]*$/,
    "Use letters, digits and . _ : @ - (starting with a letter or digit).",
  )
  .meta({ id: "MeetingId", description: "The host product's own id of the recorded meeting." });
export type MeetingId = z.infer<typeof MeetingIdSchema>;

const IsoDateTimeSchema = z.iso.datetime({ offset: true });

/** AI notes of a meeting: generous, yet inside the API's 64 KB body limit (app.ts MAX_BODY_BYTES) with the other fields. */
export const MAX_SUMMARY_LENGTH = 60_000;

export const UpsertMeetingRequestSchema = z
  .strictObject({
    /** Calendar data (title, attendees) is optional: matching works from the time and the recorder alone. */
    title: z.string().trim().max(500).nullable().optional(),
    startTime: IsoDateTimeSchema,
    endTime: IsoDateTimeSchema,
    recorderEmail: EmailSchema,
    attendeeEmails: z.array(EmailSchema).max(500).optional(),
    recordingUrl: z
      .url({ protocol: /^https?$/ })
      .max(2000)
      .nullable()
      .optional(),
    summary: z.string().max(MAX_SUMMARY_LENGTH),
  })
  .refine((m) => Date.parse(m.endTime) >= Date.parse(m.startTime), {
    message: "endTime must not be before startTime.",
    path: ["endTime"],
  })
  .meta({ id: "UpsertMeetingRequest" });
export type UpsertMeetingRequest = z.infer<typeof UpsertMeetingRequestSchema>;

/** Why a meeting was matched to an event, or why to none: machine-readable, with plain words beside it. */
export const MATCH_REASONS = [
  /** Auto match: the recorder is an interviewer and the times overlap. */
  "recorder_is_interviewer_and_times_overlap",
  /** Auto match among several overlapping events of the recorder, decided by attendee emails. */
  "attendees_broke_tie",
  /** Auto match among several candidates that stayed tied: the one with the largest overlap wins. */
  "largest_overlap",
  /** A user picked the event. */
  "chosen_by_user",
  /** No Ashby interview event overlaps the meeting's time (with tolerance). */
  "no_interview_in_time_window",
  /** Events overlap, but the recorder is an interviewer on none of them. */
  "recorder_not_an_interviewer",
] as const;
export const MatchReasonCodeSchema = z.enum(MATCH_REASONS).meta({ id: "MatchReasonCode" });
export type MatchReasonCode = z.infer<typeof MatchReasonCodeSchema>;

/** One interview event the meeting could belong to, with what the UI needs to tell them apart. */
export const MatchCandidateSchema = z
  .object({
    interviewEventId: z.string(),
    interviewTitle: z.string().nullable(),
    candidateName: z.string().nullable(),
    jobTitle: z.string().nullable(),
    startTime: z.string(),
    endTime: z.string(),
    interviewerEmails: z.array(z.string()),
    /** Seconds of overlap with the meeting (0 when only the tolerance made them meet). */
    overlapSeconds: z.number().int().nonnegative(),
    recorderIsInterviewer: z.boolean(),
    /** Attendee emails of the meeting found on the event (interviewers) or as the candidate's email. */
    matchedAttendees: z.number().int().nonnegative(),
  })
  .meta({ id: "MatchCandidate" });
export type MatchCandidate = z.infer<typeof MatchCandidateSchema>;

export const MeetingMatchSchema = z
  .object({
    status: z.enum(["matched", "no_match"]),
    /** `auto` from the matcher, `user` when someone picked the event with PUT …/match. */
    source: z.enum(["auto", "user"]),
    interviewEventId: z.string().nullable(),
    reasonCode: MatchReasonCodeSchema,
    reason: z.string(),
    /** Other events of the time window, best first (the chosen one excluded). */
    alternatives: z.array(MatchCandidateSchema),
    matchedAt: z.iso.datetime(),
  })
  .meta({ id: "MeetingMatch" });
export type MeetingMatch = z.infer<typeof MeetingMatchSchema>;

export const MeetingSchema = z
  .object({
    meetingId: MeetingIdSchema,
    title: z.string().nullable(),
    startTime: z.string(),
    endTime: z.string(),
    recorderEmail: z.string(),
    attendeeEmails: z.array(z.string()),
    recordingUrl: z.string().nullable(),
    summary: z.string(),
    match: MeetingMatchSchema,
    createdAt: z.iso.datetime(),
    updatedAt: z.iso.datetime(),
  })
  .meta({ id: "Meeting" });
export type Meeting = z.infer<typeof MeetingSchema>;

export const SetMeetingMatchRequestSchema = z
  .strictObject({ interviewEventId: z.string().trim().min(1).max(100) })
  .meta({ id: "SetMeetingMatchRequest" });
export type SetMeetingMatchRequest = z.infer<typeof SetMeetingMatchRequestSchema>;
