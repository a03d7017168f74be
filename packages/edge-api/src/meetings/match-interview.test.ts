import { describe, expect, it } from "vitest";
import { type MatchableEvent, matchMeetingToInterview } from "./match-interview";

function event(
  id: string,
  start: string,
  end: string,
  interviewers: string[],
  candidateEmails: string[] = [],
): MatchableEvent {
  return {
    interviewEventId: id,
    startTime: start,
    endTime: end,
    interviewerEmails: interviewers,
    candidateEmails,
    interviewTitle: `Interview ${id}`,
    candidateName: `Candidate ${id}`,
    jobTitle: "Engineer",
  };
}

const recorder = "Rita.Recorder@Acme.test";

describe("matching a meeting to an Ashby interview event", () => {
  it("matches the event whose time equals the meeting and lists the recorder as interviewer", () => {
    const outcome = matchMeetingToInterview(
      {
        startTime: "2026-03-02T10:00:00Z",
        endTime: "2026-03-02T10:45:00Z",
        recorderEmail: recorder,
        attendeeEmails: [],
      },
      [
        event("ev-1", "2026-03-02T10:00:00Z", "2026-03-02T10:45:00Z", ["rita.recorder@acme.test"]),
        event("ev-far", "2026-03-02T15:00:00Z", "2026-03-02T15:45:00Z", ["rita.recorder@acme.test"]),
      ],
    );
    expect(outcome).toMatchObject({
      status: "matched",
      interviewEventId: "ev-1",
      reasonCode: "recorder_is_interviewer_and_times_overlap",
      alternatives: [],
    });
  });

  it("matches a recording that started late and overran, and one started after the scheduled end", () => {
    const events = [
      event("ev-1", "2026-03-02T10:00:00Z", "2026-03-02T10:30:00Z", ["RITA.RECORDER@acme.test"]),
    ];
    const late = matchMeetingToInterview(
      {
        startTime: "2026-03-02T10:12:00Z",
        endTime: "2026-03-02T10:55:00Z",
        recorderEmail: recorder,
        attendeeEmails: [],
      },
      events,
    );
    expect(late).toMatchObject({ status: "matched", interviewEventId: "ev-1" });
    const veryLate = matchMeetingToInterview(
      {
        startTime: "2026-03-02T10:50:00Z",
        endTime: "2026-03-02T11:20:00Z",
        recorderEmail: recorder,
        attendeeEmails: [],
      },
      events,
    );
    expect(veryLate).toMatchObject({ status: "matched", interviewEventId: "ev-1" });
    expect(veryLate.status === "matched" && veryLate.alternatives).toEqual([]);
    const tooLate = matchMeetingToInterview(
      {
        startTime: "2026-03-02T11:01:00Z",
        endTime: "2026-03-02T11:30:00Z",
        recorderEmail: recorder,
        attendeeEmails: [],
      },
      events,
    );
    expect(tooLate).toMatchObject({ status: "no_match", reasonCode: "no_interview_in_time_window" });
  });

  it("uses attendee emails to pick between two overlapping interviews of the recorder", () => {
    const events = [
      event(
        "ev-a",
        "2026-03-02T10:00:00Z",
        "2026-03-02T11:00:00Z",
        [recorder, "pat@acme.test"],
        ["alice@example.com"],
      ),
      event(
        "ev-b",
        "2026-03-02T10:00:00Z",
        "2026-03-02T11:00:00Z",
        [recorder, "sam@acme.test"],
        ["bob@example.com"],
      ),
    ];
    const meeting = {
      startTime: "2026-03-02T10:02:00Z",
      endTime: "2026-03-02T10:58:00Z",
      recorderEmail: recorder,
      attendeeEmails: [recorder, "BOB@example.com", "sam@acme.test"],
    };
    const outcome = matchMeetingToInterview(meeting, events);
    expect(outcome).toMatchObject({
      status: "matched",
      interviewEventId: "ev-b",
      reasonCode: "attendees_broke_tie",
    });
    expect(outcome.alternatives.map((a) => a.interviewEventId)).toEqual(["ev-a"]);
    expect(outcome.alternatives[0]).toMatchObject({ recorderIsInterviewer: true, matchedAttendees: 0 });
    // Row order must not matter.
    expect(matchMeetingToInterview(meeting, [...events].reverse()).interviewEventId).toBe("ev-b");
  });

  it("falls back to the larger overlap when attendees do not tell two interviews apart, and says so", () => {
    const outcome = matchMeetingToInterview(
      {
        startTime: "2026-03-02T10:30:00Z",
        endTime: "2026-03-02T11:30:00Z",
        recorderEmail: recorder,
        attendeeEmails: [],
      },
      [
        event("ev-early", "2026-03-02T10:00:00Z", "2026-03-02T10:45:00Z", [recorder]),
        event("ev-late", "2026-03-02T10:45:00Z", "2026-03-02T11:30:00Z", [recorder]),
      ],
    );
    expect(outcome).toMatchObject({
      status: "matched",
      interviewEventId: "ev-late",
      reasonCode: "largest_overlap",
    });
    expect(outcome.reason).toMatch(/Pick another/);
    expect(outcome.alternatives.map((a) => a.interviewEventId)).toEqual(["ev-early"]);
  });

  it("refuses to match when the recorder is not an interviewer, and lists the overlapping events", () => {
    const outcome = matchMeetingToInterview(
      {
        startTime: "2026-03-02T10:00:00Z",
        endTime: "2026-03-02T10:45:00Z",
        recorderEmail: "someone@acme.test",
        attendeeEmails: [],
      },
      [event("ev-1", "2026-03-02T10:00:00Z", "2026-03-02T10:45:00Z", [recorder])],
    );
    expect(outcome).toMatchObject({
      status: "no_match",
      interviewEventId: null,
      reasonCode: "recorder_not_an_interviewer",
    });
    expect(outcome.reason).toContain("someone@acme.test is not an interviewer");
    expect(outcome.alternatives.map((a) => a.interviewEventId)).toEqual(["ev-1"]);
  });

  it("reports no match when there is no interview at all", () => {
    const outcome = matchMeetingToInterview(
      {
        startTime: "2026-03-02T10:00:00Z",
        endTime: "2026-03-02T10:45:00Z",
        recorderEmail: recorder,
        attendeeEmails: [],
      },
      [],
    );
    expect(outcome).toEqual({
      status: "no_match",
      interviewEventId: null,
      reasonCode: "no_interview_in_time_window",
      reason: "No Ashby interview is scheduled around the time of this meeting.",
      alternatives: [],
    });
  });

  it("ranks an eligible event above a better-overlapping event the recorder is not on", () => {
    const outcome = matchMeetingToInterview(
      {
        startTime: "2026-03-02T10:00:00Z",
        endTime: "2026-03-02T11:00:00Z",
        recorderEmail: recorder,
        attendeeEmails: [],
      },
      [
        event("ev-other", "2026-03-02T10:00:00Z", "2026-03-02T11:00:00Z", ["pat@acme.test"]),
        event("ev-mine", "2026-03-02T10:40:00Z", "2026-03-02T11:10:00Z", [recorder]),
      ],
    );
    expect(outcome).toMatchObject({ status: "matched", interviewEventId: "ev-mine" });
    expect(outcome.alternatives).toMatchObject([
      { interviewEventId: "ev-other", recorderIsInterviewer: false, overlapSeconds: 3600 },
    ]);
  });
});
