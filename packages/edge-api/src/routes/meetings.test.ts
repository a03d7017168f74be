import { env } from "cloudflare:test";
import type { FeedbackState, Meeting } from "@ashby-kit/shared";
import { beforeAll, describe, expect, it } from "vitest";
import { api, expectError } from "../../test/helpers";
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
/** Events already used by a test, so each test works on an interview of its own. */
const used: string[] = [];

async function freshEvent() {
  const found = await openEvent(world.connectionId, used);
  used.push(found.event.id);
  return found;
}

async function patchConnection(body: unknown) {
  const res = await api("/v1/connection", {
    method: "PATCH",
    headers: { ...tenantHeaders(), "content-type": "application/json" },
    body: JSON.stringify(body),
  });
  expect(res.status, await res.clone().text()).toBe(200);
}

beforeAll(async () => {
  world = await connectAndSync();
  // A host endpoint subscribed to the feedback events, so emitted events are stored (and delivered).
  const res = await api("/v1/webhook-endpoints", {
    method: "POST",
    headers: { authorization: tenantHeaders().authorization as string, "content-type": "application/json" },
    body: JSON.stringify({
      url: `${env.ASHBY_BASE_URL}/_host-webhooks`,
      eventTypes: ["feedback.submitted", "feedback.failed", "feedback.deleted_in_ashby"],
    }),
  });
  expect(res.status, await res.clone().text()).toBe(201);
});

async function hostEvents(meetingId: string): Promise<string[]> {
  const rows = await env.DB.prepare(
    "SELECT type FROM webhook_events WHERE json_extract(payload, '$.data.meetingId') = ?1 ORDER BY created_at, rowid",
  )
    .bind(meetingId)
    .all<{ type: string }>();
  return rows.results.map((r) => r.type);
}

/** A meeting on a fresh interview, put and ready: the interviewer's session and a recommendation to submit. */
async function readyMeeting(meetingId: string, optionIndex = 0) {
  const { event, interviewer } = await freshEvent();
  await putMeeting(meetingId, meetingBody(event, interviewer.email));
  const headers = await sessionFor(interviewer.email);
  const option = ready(await getFeedback(meetingId, headers)).preview.recommendation?.options[optionIndex]
    ?.value as string;
  return { event, interviewer, headers, option };
}

function ready(state: FeedbackState) {
  if (state.state !== "ready") throw new Error(`expected ready, got ${JSON.stringify(state)}`);
  return state;
}

describe("PUT /v1/meetings/{meetingId}", () => {
  it("matches a meeting at the exact time of an interview the recorder conducts, idempotently", async () => {
    const { event, interviewer } = await freshEvent();
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
    const { event, interviewer } = await freshEvent();
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
    expect(mine[0]?.result).toMatchObject({ feedbackId: submitted.ashbyFeedbackId });

    // Re-opening the modal later: still submitted, not the form.
    expect((await getFeedback("m-flow", headers)).state).toBe("submitted");
    expect(await hostEvents("m-flow")).toEqual(["feedback.submitted"]);
  });
});

describe("matching through the API", () => {
  it("matches a recording that started late and overran", async () => {
    const { event, interviewer } = await freshEvent();
    const start = new Date(Date.parse(event.startTime) + 12 * 60_000).toISOString();
    const end = new Date(Date.parse(event.endTime) + 20 * 60_000).toISOString();
    const res = await putMeeting(
      "m-late",
      meetingBody(event, interviewer.email, { startTime: start, endTime: end }),
    );
    const meeting = (await res.json()) as Meeting;
    expect(meeting.match).toMatchObject({ status: "matched", interviewEventId: event.id });
  });

  it("says no_match when there is no interview at all, and when the recorder is not an interviewer", async () => {
    await putMeeting("m-none", {
      startTime: "2019-01-01T10:00:00Z",
      endTime: "2019-01-01T10:30:00Z",
      recorderEmail: "someone@acme.test",
      summary: "x",
    });
    const none = await getFeedback("m-none", await sessionFor("someone@acme.test"));
    expect(none).toMatchObject({
      state: "no_match",
      reasonCode: "no_interview_in_time_window",
      alternatives: [],
    });

    const { event } = await freshEvent();
    await putMeeting("m-stranger", meetingBody(event, "stranger@elsewhere.test"));
    const stranger = await getFeedback("m-stranger", await sessionFor("stranger@elsewhere.test"));
    expect(stranger).toMatchObject({ state: "no_match", reasonCode: "recorder_not_an_interviewer" });
    if (stranger.state !== "no_match") throw new Error("unreachable");
    expect(stranger.alternatives.map((a) => a.interviewEventId)).toContain(event.id);
  });

  it("picks between two overlapping interviews of the recorder by the attendees, refreshing a stale schedule", async () => {
    // An interviewer with two open events on nearby days; the second is moved onto the first's time in Ashby only,
    // so D1 still has it at its old time: matching a fresh meeting re-reads the schedules around it from Ashby.
    const events = (await syncedEvents(world.connectionId)).filter(
      (e) => !e.hasSubmittedFeedback && !used.includes(e.id),
    );
    let best:
      | { email: string; a: (typeof events)[number]; b: (typeof events)[number]; gap: number }
      | undefined;
    for (const a of events) {
      for (const b of events) {
        const shared = a.interviewers.find(
          (i) => i.email && a.id !== b.id && b.interviewers.some((j) => j.email === i.email),
        );
        const gap = Math.abs(Date.parse(a.startTime) - Date.parse(b.startTime));
        if (
          shared?.email &&
          a.interviewScheduleId !== b.interviewScheduleId &&
          gap > 0 &&
          (!best || gap < best.gap)
        ) {
          best = { email: shared.email, a, b, gap };
        }
      }
    }
    if (!best) throw new Error("no interviewer with two open events");
    expect(best.gap).toBeLessThan(20 * 3600_000);
    const { email, a, b } = best;
    used.push(a.id, b.id);
    await world.control.mutate(world.orgId, {
      type: "interviewEvent.reschedule",
      interviewEventId: b.id,
      startTime: a.startTime,
      endTime: a.endTime,
    });
    const candidateOfB = await env.DB.prepare(
      `SELECT json_extract(app.data, '$.candidate.primaryEmailAddress.value') AS email
       FROM synced_records s JOIN synced_records app ON app.entity = 'applications' AND app.ashby_id = json_extract(s.data, '$.applicationId')
       WHERE s.entity = 'interview_schedules' AND s.ashby_id = ?1`,
    )
      .bind(b.interviewScheduleId)
      .first<{ email: string | null }>();
    expect(candidateOfB?.email).toBeTruthy();

    // The seeded interviews are upcoming or recent, so the meeting counts as fresh and triggers the refresh.
    expect(Date.now() - Date.parse(a.endTime)).toBeLessThan(24 * 3600_000);
    const res = await putMeeting(
      "m-overlap",
      meetingBody(a, email, { attendeeEmails: [email, candidateOfB?.email] }),
    );
    const meeting = (await res.json()) as Meeting;
    expect(meeting.match).toMatchObject({
      status: "matched",
      interviewEventId: b.id,
      reasonCode: "attendees_broke_tie",
    });
    expect(meeting.match.alternatives.map((x) => x.interviewEventId)).toContain(a.id);
  });

  it("lets a user pick another interview with PUT …/match, and keeps that choice when the meeting is re-sent", async () => {
    const { event, interviewer } = await freshEvent();
    const { event: other } = await freshEvent();
    await putMeeting("m-pick", meetingBody(event, interviewer.email));
    const picked = await api("/v1/meetings/m-pick/match", {
      method: "PUT",
      headers: { ...tenantHeaders(interviewer.email), "content-type": "application/json" },
      body: JSON.stringify({ interviewEventId: other.id }),
    });
    expect(picked.status, await picked.clone().text()).toBe(200);
    expect(((await picked.json()) as Meeting).match).toMatchObject({
      source: "user",
      reasonCode: "chosen_by_user",
      interviewEventId: other.id,
    });
    const resent = (await (
      await putMeeting("m-pick", meetingBody(event, interviewer.email))
    ).json()) as Meeting;
    expect(resent.match).toMatchObject({ source: "user", interviewEventId: other.id });
    const unknown = await api("/v1/meetings/m-pick/match", {
      method: "PUT",
      headers: { ...tenantHeaders(), "content-type": "application/json" },
      body: JSON.stringify({ interviewEventId: "no-such-event" }),
    });
    await expectError(unknown, 404, "not_found");
  });
});

describe("every feedback state through the API", () => {
  it("not_interviewer: only the event's interviewers may sync", async () => {
    const { event, interviewer } = await freshEvent();
    await putMeeting("m-notint", meetingBody(event, interviewer.email));
    const state = await getFeedback("m-notint", await sessionFor("watcher@acme.test"));
    expect(state).toMatchObject({ state: "not_interviewer", userEmail: "watcher@acme.test" });
    const res = await postFeedback("m-notint", await sessionFor("watcher@acme.test"), {
      overallRecommendation: "1",
      idempotencyKey: "key-notint-1",
    });
    await expectError(res, 403, "forbidden");
  });

  it("refuses a recommendation that is not one of the form's options, naming the valid ones", async () => {
    const { event, interviewer } = await freshEvent();
    await putMeeting("m-badrec", meetingBody(event, interviewer.email));
    const headers = await sessionFor(interviewer.email);
    const state = ready(await getFeedback("m-badrec", headers));
    const res = await postFeedback("m-badrec", headers, {
      overallRecommendation: "maybe",
      idempotencyKey: "key-badrec-1",
    });
    const body = await expectError(res, 400, "invalid_request");
    for (const option of state.preview.recommendation?.options ?? [])
      expect(body.error.message).toContain(option.value);
    const missing = await postFeedback("m-badrec", headers, { idempotencyKey: "key-badrec-2" });
    await expectError(missing, 400, "invalid_request");
  });

  it("duplicate requests: same key and body → same write; other body → 409; a double click with two keys → one write", async () => {
    const { event, headers, option } = await readyMeeting("m-dup", 1);
    const body = { overallRecommendation: option, idempotencyKey: "key-dup-0001" };
    const [a, b, c] = await Promise.all([
      postFeedback("m-dup", headers, body),
      postFeedback("m-dup", headers, body),
      postFeedback("m-dup", headers, { ...body, idempotencyKey: "key-dup-0002" }),
    ]);
    const states = (await Promise.all([a, b, c].map((r) => r.json()))) as FeedbackState[];
    expect([a.status, b.status, c.status]).toEqual([202, 202, 202]);
    const writeIds = new Set(states.map((s) => ("writeId" in s ? s.writeId : s.state)));
    expect(writeIds.size).toBe(1);
    const conflict = await postFeedback("m-dup", headers, { ...body, overallRecommendation: "4x" });
    await expectError(conflict, 409, "idempotency_conflict");
    await waitForState("m-dup", headers, ["submitted"]);
    const replay = (await (await postFeedback("m-dup", headers, body)).json()) as FeedbackState;
    expect(replay.state).toBe("submitted");
    const rows = await env.DB.prepare("SELECT COUNT(*) AS n FROM writes WHERE source_id = 'm-dup'").first<{
      n: number;
    }>();
    expect(rows?.n).toBe(1);
    const writes = await world.control.writes(world.orgId, "feedback");
    expect(
      writes.filter((w) => (w.body as { interviewEventId?: string }).interviewEventId === event.id),
    ).toHaveLength(1);
  });

  it("submitting: visible while Ashby is answering", async () => {
    const { headers, option } = await readyMeeting("m-slow");
    await world.control.setFaults({ apiKey: world.apiKey }, { latencyMs: 2500 });
    try {
      await postFeedback("m-slow", headers, {
        overallRecommendation: option,
        idempotencyKey: "key-slow-0001",
      });
      const submitting = await waitForState("m-slow", headers, ["submitting"], 5000);
      expect(submitting.state).toBe("submitting");
    } finally {
      await world.control.clearFaults({ apiKey: world.apiKey });
    }
    await waitForState("m-slow", headers, ["submitted"]);
  });

  it("failed: a non-retryable refusal ends failed with Ashby's reason; submitting again works", async () => {
    const { headers, option } = await readyMeeting("m-fail");
    await world.control.setFaults(
      { apiKey: world.apiKey },
      {
        failNext: [
          {
            method: "applicationFeedback.submit",
            count: 1,
            code: "invalid_input",
            message: "Feedback text is too long.",
          },
        ],
      },
    );
    await postFeedback("m-fail", headers, { overallRecommendation: option, idempotencyKey: "key-fail-0001" });
    const failed = await waitForState("m-fail", headers, ["failed"]);
    expect(failed).toMatchObject({ state: "failed", code: "ashby_rejected", retryable: true });
    if (failed.state !== "failed") throw new Error("unreachable");
    expect(failed.message).toBe("Ashby refused the feedback: Feedback text is too long.");
    expect(await hostEvents("m-fail")).toEqual(["feedback.failed"]);
    await world.control.clearFaults({ apiKey: world.apiKey });
    await postFeedback("m-fail", headers, { overallRecommendation: option, idempotencyKey: "key-fail-0002" });
    await waitForState("m-fail", headers, ["submitted"]);
  });

  it("queued while the connection is paused, sent as soon as it is resumed", async () => {
    const { headers, option } = await readyMeeting("m-paused");
    await patchConnection({ paused: true });
    try {
      const res = await postFeedback("m-paused", headers, {
        overallRecommendation: option,
        idempotencyKey: "key-paused-01",
      });
      expect(res.status).toBe(202);
      await new Promise((resolve) => setTimeout(resolve, 2500));
      const held = await getFeedback("m-paused", headers);
      expect(held).toMatchObject({ state: "queued", heldBecause: "connection_paused" });
      const row = await env.DB.prepare(
        "SELECT status FROM writes WHERE idempotency_key = 'key-paused-01'",
      ).first<{ status: string }>();
      expect(row?.status).toBe("held");
    } finally {
      await patchConnection({ paused: false });
    }
    // Resuming sends the held write at once: no cron tick runs here.
    await waitForState("m-paused", headers, ["submitted"]);
  });

  it("deleted_in_ashby when the submission is deleted in Ashby's UI; submitting again works", async () => {
    const { headers, option } = await readyMeeting("m-del");
    await postFeedback("m-del", headers, { overallRecommendation: option, idempotencyKey: "key-del-00001" });
    const submitted = await waitForState("m-del", headers, ["submitted"]);
    if (submitted.state !== "submitted") throw new Error("unreachable");
    await world.control.deleteFeedback(world.orgId, submitted.ashbyFeedbackId);

    // Within the cache window the answer is not re-checked (a busy UI must not hammer Ashby)…
    expect((await getFeedback("m-del", headers)).state).toBe("submitted");
    // …after it, the deletion is seen.
    await env.DB.prepare(
      "UPDATE writes SET verified_at = verified_at - 120000 WHERE source_id = 'm-del'",
    ).run();
    const deleted = await getFeedback("m-del", headers);
    expect(deleted).toMatchObject({ state: "deleted_in_ashby" });
    if (deleted.state !== "deleted_in_ashby") throw new Error("unreachable");
    expect(deleted.nextPreview.recommendation?.options.length).toBeGreaterThan(0);

    await postFeedback("m-del", headers, { overallRecommendation: option, idempotencyKey: "key-del-00002" });
    const again = await waitForState("m-del", headers, ["submitted"]);
    if (again.state !== "submitted") throw new Error("unreachable");
    expect(again.ashbyFeedbackId).not.toBe(submitted.ashbyFeedbackId);
    expect(await hostEvents("m-del")).toEqual([
      "feedback.submitted",
      "feedback.deleted_in_ashby",
      "feedback.submitted",
    ]);
  });

  it("already_submitted_in_ashby: the interviewer's own feedback in Ashby is never overwritten", async () => {
    const { event, interviewer } = await freshEvent();
    await putMeeting("m-human", meetingBody(event, interviewer.email));
    const headers = await sessionFor(interviewer.email);
    expect((await getFeedback("m-human", headers)).state).toBe("ready");
    // The interviewer fills the scorecard in Ashby itself (same API, the org's own key).
    const { createAshbyClient } = await import("../ashby");
    const ashby = createAshbyClient({
      apiKey: world.apiKey,
      baseUrl: env.ASHBY_BASE_URL,
      fetch: (url, init) => fetch(url, init),
    });
    const schedule = await env.DB.prepare(
      "SELECT json_extract(data, '$.applicationId') AS app FROM synced_records WHERE entity = 'interview_schedules' AND ashby_id = ?1",
    )
      .bind(event.interviewScheduleId)
      .first<{ app: string }>();
    const form = await ashby.feedbackFormDefinition.list({ limit: 100 });
    if (!form.ok) throw new Error(form.error.message);
    const human = await ashby.applicationFeedback.submit({
      formDefinitionId: (form.value.results.find((f) => f.isDefaultForm) ?? form.value.results[0])
        ?.id as string,
      applicationId: schedule?.app as string,
      interviewEventId: event.id,
      userId: interviewer.id,
      feedbackForm: {
        fieldSubmissions: [
          { path: "overall_recommendation", value: { score: 3 } },
          { path: "feedback", value: "Written by hand in Ashby." },
        ],
      },
    });
    expect(human.ok, JSON.stringify(human)).toBe(true);
    // Re-sending the meeting re-reads the schedules around it from Ashby (the synced copy predates the scorecard).
    const resent = await putMeeting("m-human", meetingBody(event, interviewer.email));
    expect(resent.status).toBe(200);
    const state = await getFeedback("m-human", headers);
    expect(state).toMatchObject({ state: "already_submitted_in_ashby" });
    const res = await postFeedback("m-human", headers, {
      overallRecommendation: "1",
      idempotencyKey: "key-human-01",
    });
    await expectError(res, 409, "conflict");
  });

  it("held while Ashby refuses the key, sent as soon as Ashby is reconnected with a new key", async () => {
    const { headers, option } = await readyMeeting("m-reauth");
    await world.control.revokeApiKey(world.apiKey);
    const res = await postFeedback("m-reauth", headers, {
      overallRecommendation: option,
      idempotencyKey: "key-reauth-01",
    });
    expect(res.status).toBe(202);
    // The attempt meets Ashby's 403: the connection needs re-auth and the write is held, its message acked.
    const writeStatus = () =>
      env.DB.prepare("SELECT status FROM writes WHERE idempotency_key = 'key-reauth-01'").first<string>(
        "status",
      );
    for (let i = 0; i < 100 && (await writeStatus()) !== "held"; i++) {
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    expect(await writeStatus()).toBe("held");
    const connection = await env.DB.prepare("SELECT status FROM connections WHERE id = ?1")
      .bind(world.connectionId)
      .first<string>("status");
    expect(connection).toBe("needs_reauth");
    expect(await getFeedback("m-reauth", headers)).toMatchObject({
      state: "queued",
      heldBecause: "connection_needs_reauth",
      lastError: { code: "ashby_credentials_invalid" },
    });

    const fresh = await world.control.createApiKey(world.orgId);
    const reconnect = await api("/v1/connection", {
      method: "POST",
      headers: { ...tenantHeaders(), "content-type": "application/json" },
      body: JSON.stringify({ apiKey: fresh.apiKey }),
    });
    expect(reconnect.status, await reconnect.clone().text()).toBe(201);
    world.apiKey = fresh.apiKey;
    // No cron tick runs here: only the reconnect's connection hook can send the held write.
    await waitForState("m-reauth", headers, ["submitted"]);
  });

  it("not_connected: before Ashby is connected (and after disconnect)", async () => {
    const { event, interviewer } = await freshEvent();
    await putMeeting("m-disc", meetingBody(event, interviewer.email));
    const headers = await sessionFor(interviewer.email);
    const res = await api("/v1/connection", { method: "DELETE", headers: tenantHeaders() });
    expect(res.status, await res.clone().text()).toBe(200);
    expect(await getFeedback("m-disc", headers)).toMatchObject({
      state: "not_connected",
      connectionStatus: "disconnected",
    });
    const post = await postFeedback("m-disc", headers, {
      overallRecommendation: "1",
      idempotencyKey: "key-disc-001",
    });
    await expectError(post, 409, "ashby_not_connected");
  });
});
