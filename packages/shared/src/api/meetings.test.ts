import { describe, expect, it } from "vitest";
import { SubmitFeedbackRequestSchema } from "./feedback";
import { UpsertMeetingRequestSchema } from "./meetings";
import { WritebackMessageSchema } from "./writes";

const meeting = {
  title: "Interview with Ada",
  startTime: "2026-03-02T10:00:00Z",
  endTime: "2026-03-02T10:45:00Z",
  recorderEmail: "rita@acme.test",
  attendeeEmails: ["ada@example.com"],
  recordingUrl: "https://rec.example.com/m/1",
  summary: "## Notes\nStrong on systems design.",
};

describe("UpsertMeetingRequestSchema", () => {
  it("accepts a full meeting and one without calendar data", () => {
    expect(UpsertMeetingRequestSchema.safeParse(meeting).success).toBe(true);
    const { title: _t, attendeeEmails: _a, ...bare } = meeting;
    expect(UpsertMeetingRequestSchema.safeParse(bare).success).toBe(true);
  });

  it("rejects an end before the start, a bad email, a non-http recording link and unknown fields", () => {
    const bad = [
      { ...meeting, endTime: "2026-03-02T09:00:00Z" },
      { ...meeting, recorderEmail: "rita" },
      { ...meeting, recordingUrl: "javascript:alert(1)" },
      { ...meeting, extra: true },
      { ...meeting, startTime: "yesterday" },
    ];
    for (const body of bad) expect(UpsertMeetingRequestSchema.safeParse(body).success).toBe(false);
  });
});

describe("SubmitFeedbackRequestSchema", () => {
  it("requires a recommendation and an idempotency key", () => {
    expect(
      SubmitFeedbackRequestSchema.safeParse({ overallRecommendation: "hire", idempotencyKey: "k-12345678" })
        .success,
    ).toBe(true);
    expect(SubmitFeedbackRequestSchema.safeParse({ idempotencyKey: "k-12345678" }).success).toBe(false);
    expect(SubmitFeedbackRequestSchema.safeParse({ overallRecommendation: "hire" }).success).toBe(false);
  });
});

describe("WritebackMessageSchema", () => {
  it("accepts only versioned writeback messages", () => {
    expect(WritebackMessageSchema.safeParse({ kind: "writeback", version: 1, writeId: "w_1" }).success).toBe(
      true,
    );
    expect(WritebackMessageSchema.safeParse({ kind: "sync", version: 1, writeId: "w_1" }).success).toBe(
      false,
    );
    expect(WritebackMessageSchema.safeParse({ kind: "writeback", version: 2, writeId: "w_1" }).success).toBe(
      false,
    );
  });
});
