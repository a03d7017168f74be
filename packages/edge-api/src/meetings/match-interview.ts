import type { MatchCandidate, MatchReasonCode } from "@ashby-kit/shared";

/**
 * Which Ashby interview event a recorded meeting belongs to. Pure: the caller loads the events around the
 * meeting's time (synced, refreshed when stale) and this decides.
 *
 * Rules: an event is a candidate when its scheduled time, widened by a tolerance, overlaps the recording; it is
 * eligible when the recorder is one of its interviewers (emails compared case-insensitively). Among eligible
 * events, attendee emails (the candidate's, other interviewers') break ties, then the larger real overlap, then
 * the closer start time, then the id (so the answer never depends on row order).
 */

/** Recordings start late and interviews overrun; these widen the event's window on each side. */
export const MATCH_TOLERANCE = {
  /** A recorder started this long before the scheduled start still belongs to the interview. */
  beforeStartMs: 15 * 60_000,
  /** A recording starting up to this long after the scheduled end (a very late start or an overrun) still does. */
  afterEndMs: 30 * 60_000,
} as const;

export type MatchableMeeting = {
  startTime: string;
  endTime: string;
  recorderEmail: string;
  attendeeEmails: readonly string[];
};

export type MatchableEvent = {
  interviewEventId: string;
  startTime: string;
  endTime: string;
  interviewerEmails: readonly string[];
  candidateEmails: readonly string[];
  interviewTitle: string | null;
  candidateName: string | null;
  jobTitle: string | null;
};

export type MatchOutcome =
  | {
      status: "matched";
      interviewEventId: string;
      reasonCode: MatchReasonCode;
      reason: string;
      alternatives: MatchCandidate[];
    }
  | {
      status: "no_match";
      interviewEventId: null;
      reasonCode: MatchReasonCode;
      reason: string;
      alternatives: MatchCandidate[];
    };

export function normaliseEmail(email: string): string {
  return email.trim().toLowerCase();
}

function toCandidate(meeting: MatchableMeeting, event: MatchableEvent): MatchCandidate | null {
  const meetingStart = Date.parse(meeting.startTime);
  const meetingEnd = Date.parse(meeting.endTime);
  const eventStart = Date.parse(event.startTime);
  const eventEnd = Date.parse(event.endTime);
  if ([meetingStart, meetingEnd, eventStart, eventEnd].some(Number.isNaN)) return null;
  const windowStart = eventStart - MATCH_TOLERANCE.beforeStartMs;
  const windowEnd = eventEnd + MATCH_TOLERANCE.afterEndMs;
  // Touching windows count: a zero-length recording exactly at the start is still this interview.
  if (meetingStart > windowEnd || meetingEnd < windowStart) return null;

  const interviewerEmails = event.interviewerEmails.map(normaliseEmail);
  const onEvent = new Set([...interviewerEmails, ...event.candidateEmails.map(normaliseEmail)]);
  const recorder = normaliseEmail(meeting.recorderEmail);
  const attendees = new Set(meeting.attendeeEmails.map(normaliseEmail));
  attendees.delete(recorder);
  let matchedAttendees = 0;
  for (const email of attendees) if (onEvent.has(email)) matchedAttendees += 1;

  const overlapMs = Math.max(0, Math.min(meetingEnd, eventEnd) - Math.max(meetingStart, eventStart));
  return {
    interviewEventId: event.interviewEventId,
    interviewTitle: event.interviewTitle,
    candidateName: event.candidateName,
    jobTitle: event.jobTitle,
    startTime: event.startTime,
    endTime: event.endTime,
    interviewerEmails,
    overlapSeconds: Math.floor(overlapMs / 1000),
    recorderIsInterviewer: interviewerEmails.includes(recorder),
    matchedAttendees,
  };
}

function compare(meetingStart: number) {
  return (a: MatchCandidate, b: MatchCandidate): number => {
    if (a.recorderIsInterviewer !== b.recorderIsInterviewer) return a.recorderIsInterviewer ? -1 : 1;
    if (a.matchedAttendees !== b.matchedAttendees) return b.matchedAttendees - a.matchedAttendees;
    if (a.overlapSeconds !== b.overlapSeconds) return b.overlapSeconds - a.overlapSeconds;
    const distance = (c: MatchCandidate) => Math.abs(Date.parse(c.startTime) - meetingStart);
    if (distance(a) !== distance(b)) return distance(a) - distance(b);
    return a.interviewEventId < b.interviewEventId ? -1 : a.interviewEventId > b.interviewEventId ? 1 : 0;
  };
}

export function matchMeetingToInterview(
  meeting: MatchableMeeting,
  events: readonly MatchableEvent[],
): MatchOutcome {
  const seen = new Set<string>();
  const candidates: MatchCandidate[] = [];
  for (const event of events) {
    if (seen.has(event.interviewEventId)) continue;
    seen.add(event.interviewEventId);
    const candidate = toCandidate(meeting, event);
    if (candidate) candidates.push(candidate);
  }
  candidates.sort(compare(Date.parse(meeting.startTime)));

  const eligible = candidates.filter((c) => c.recorderIsInterviewer);
  const [best, second] = eligible;
  if (!best) {
    if (candidates.length === 0) {
      return {
        status: "no_match",
        interviewEventId: null,
        reasonCode: "no_interview_in_time_window",
        reason: "No Ashby interview is scheduled around the time of this meeting.",
        alternatives: [],
      };
    }
    return {
      status: "no_match",
      interviewEventId: null,
      reasonCode: "recorder_not_an_interviewer",
      reason: `${candidates.length === 1 ? "An Ashby interview overlaps" : `${candidates.length} Ashby interviews overlap`} this meeting, but ${normaliseEmail(meeting.recorderEmail)} is not an interviewer on ${candidates.length === 1 ? "it" : "any of them"}.`,
      alternatives: candidates,
    };
  }

  const alternatives = candidates.filter((c) => c !== best);
  const describe = (c: MatchCandidate) =>
    [c.interviewTitle ?? "Interview", c.candidateName ? `with ${c.candidateName}` : null]
      .filter(Boolean)
      .join(" ");
  if (!second) {
    return {
      status: "matched",
      interviewEventId: best.interviewEventId,
      reasonCode: "recorder_is_interviewer_and_times_overlap",
      reason: `${describe(best)}: the recorder is an interviewer and the times overlap.`,
      alternatives,
    };
  }
  if (best.matchedAttendees > second.matchedAttendees) {
    return {
      status: "matched",
      interviewEventId: best.interviewEventId,
      reasonCode: "attendees_broke_tie",
      reason: `${describe(best)}: ${eligible.length} interviews of the recorder overlap; this one shares the most attendees with the meeting.`,
      alternatives,
    };
  }
  return {
    status: "matched",
    interviewEventId: best.interviewEventId,
    reasonCode: "largest_overlap",
    reason: `${describe(best)}: ${eligible.length} interviews of the recorder overlap and the attendees do not tell them apart; this one overlaps the meeting the most. Pick another if it is wrong.`,
    alternatives,
  };
}
