import { env } from "cloudflare:test";
import type { FeedbackState, Meeting } from "@ashby-kit/shared";
import { beforeAll, describe, expect, it } from "vitest";
import { expectError } from "../../test/helpers";
import {
  connectAndSync,
  getFeedback,
  meetingBody,
  openEvent,
  postFeedback,
  putMeeting,
  sessionFor,
  syncedEvents,
  tenantHeaders,
  type World,
  waitForState,
} from "../meetings/testing";

let world: World;

beforeAll(async () => {
  world = await connectAndSync();
});

function ready(state: FeedbackState) {
  if (state.state !== "ready") throw new Error(`expected ready, got ${JSON.stringify(state)}`);
  return state;
}

describe("PUT /v1/meetings/{meetingId}", () => {
  it("matches a meeting at the exact time of an interview the recorder conducts, idempotently", async () => {
    const { event, interviewer } = await openEvent(world.connectionId);
    const body = meetingBody(event, interviewer.email.toUpperCase());
    const first = await putMeeting("m-exact", body);
    expect(first.status, await first.clone().text()).toBe(200);
    const meeting = (await first.json()) as Meeting;
    expect(meeting.match).toMatchObject({
      status: "matched",
      source: "auto",
      interviewEventId: event.id,
      reasonCode: "recorder_is_interviewer_and_times_overlap",
    });
    const again = (await (await putMeeting("m-exact", body)).json()) as Meeting;
    expect(again.match.interviewEventId).toBe(event.id);
    expect(again.createdAt).toBe(meeting.createdAt);
    const count = await env.DB.prepare(
      "SELECT COUNT(*) AS n FROM meetings WHERE meeting_id = 'm-exact'",
    ).first<{ n: number }>();
    expect(count?.n).toBe(1);
  });

  it("rejects a bad body with the error envelope, never a 500", async () => {
    const res = await putMeeting("m-bad", { startTime: "nope", recorderEmail: "x" });
    await expectError(res, 400, "invalid_request");
  });
});

describe("feedback states through the API", () => {
  it("goes ready → queued/submitting → submitted, and re-opening lands on submitted", async () => {
    const { event, interviewer } = await openEvent(world.connectionId, []);
    await putMeeting("m-flow", meetingBody(event, interviewer.email));
    const headers = await sessionFor(interviewer.email);
    const state = ready(await getFeedback("m-flow", headers));
    expect(state.interview.interviewEventId).toBe(event.id);
    expect(state.interview.candidateName).toBeTruthy();
    expect(state.preview.recommendation?.options.length).toBeGreaterThan(1);
    expect(state.preview.notesText).toContain("https://rec.example.com/r/1");
    const option = state.preview.recommendation?.options[0]?.value as string;

    const res = await postFeedback("m-flow", headers, {
      overallRecommendation: option,
      idempotencyKey: "key-flow-0001",
    });
    expect(res.status, await res.clone().text()).toBe(202);
    const accepted = (await res.json()) as FeedbackState;
    expect(["queued", "submitting", "submitted"]).toContain(accepted.state);

    const submitted = await waitForState("m-flow", headers, ["submitted"]);
    if (submitted.state !== "submitted") throw new Error("unreachable");
    expect(submitted.submittedBy.email).toBe(interviewer.email.toLowerCase());
    expect(submitted.interview.candidateProfileUrl).toBeTruthy();
    const writes = await world.control.writes(world.orgId, "feedback");
    const mine = writes.filter(
      (w) => (w.body as { interviewEventId?: string }).interviewEventId === event.id,
    );
    expect(mine).toHaveLength(1);
    expect((mine[0]?.result as { feedbackId: string }).feedbackId).toBe(submitted.ashbyFeedbackId);

    // Re-opening the modal later: still submitted, not the form.
    expect((await getFeedback("m-flow", headers)).state).toBe("submitted");
  });
});

describe("events", () => {
  it("has synced events to work with", async () => {
    expect((await syncedEvents(world.connectionId)).length).toBeGreaterThan(2);
    expect(tenantHeaders()).toHaveProperty("x-workspace-id");
  });
});
