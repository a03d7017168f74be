import { describe, expect, it } from "vitest";
import { ApiKeyInfoSchema, InterviewEventSchema, ScoreValueSchema, TagSchema, UserSchema } from "./types";

const user = {
  id: "u1",
  firstName: "Ada",
  lastName: "Lovelace",
  email: "ada@example.com",
  globalRole: "Organization Admin",
  isEnabled: true,
  updatedAt: "2026-01-01T00:00:00.000Z",
};

describe("wire schemas", () => {
  it("keep unknown fields Ashby adds later", () => {
    expect(TagSchema.parse({ id: "t", title: "x", isArchived: false, colour: "red" })).toMatchObject({
      colour: "red",
    });
  });

  it("accept null where the spec says optional", () => {
    expect(UserSchema.parse({ ...user, email: null, managerId: null }).email).toBeNull();
  });

  it("reject a missing required field", () => {
    const { firstName: _, ...withoutName } = user;
    expect(UserSchema.safeParse(withoutName).success).toBe(false);
  });

  it("read interviewers with their emails and roles", () => {
    const event = InterviewEventSchema.parse({
      id: "e1",
      interviewId: "i1",
      interviewScheduleId: "s1",
      interviewers: [{ ...user, trainingRole: null, interviewerPool: null, isFeedbackRequired: true }],
      createdAt: "2026-01-01T00:00:00Z",
      updatedAt: "2026-01-01T00:00:00Z",
      startTime: "2026-01-02T10:00:00Z",
      endTime: "2026-01-02T11:00:00Z",
      feedbackLink: "https://app.ashbyhq.com/feedback/e1",
      hasSubmittedFeedback: false,
    });
    expect(event.interviewers[0]?.email).toBe("ada@example.com");
  });

  it("tell an absent scopes list apart from an empty one", () => {
    expect(ApiKeyInfoSchema.parse({ title: "k" }).scopes).toBeUndefined();
    expect(ApiKeyInfoSchema.parse({ title: "k", scopes: [] }).scopes).toEqual([]);
  });
});

describe("ScoreValueSchema", () => {
  it.each([[{ score: "4" }], [{ score: 4 }], ["4"], [4]])("reads %j as 4", (raw) => {
    expect(ScoreValueSchema.parse(raw)).toBe(4);
  });

  it("rejects what is not a score", () => {
    expect(ScoreValueSchema.safeParse({ score: "great" }).success).toBe(false);
    expect(ScoreValueSchema.safeParse(undefined).success).toBe(false);
  });
});
