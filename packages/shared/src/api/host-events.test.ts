import { describe, expect, it } from "vitest";
import { type HostEvent, HostEventSchema } from "./host-events";
import { HOST_EVENT_TYPES } from "./webhooks";

const at = "2026-11-23T09:00:00.000Z";
const sync = { workspaceId: "acme-42", connectionId: "con_1", runId: "run_1" };
const feedback = { workspaceId: "acme-42", meetingId: "m1", writeId: "wr_1", interviewEventId: "ie_1" };

/** One well-formed event of every type, as a host receives it. */
const samples: HostEvent[] = [
  {
    type: "sync.completed",
    timestamp: at,
    data: {
      ...sync,
      trigger: "scheduled",
      mode: "incremental",
      startedAt: at,
      finishedAt: at,
      entities: [{ entity: "candidates", recordsSeen: 120, recordsWritten: 3, recordsDeleted: 0 }],
    },
  },
  {
    type: "records.changed",
    timestamp: at,
    data: {
      ...sync,
      changes: { candidates: { upserted: ["c1", "c2"], deleted: [], truncated: false, total: 2 } },
    },
  },
  {
    type: "sync.failed",
    timestamp: at,
    data: { ...sync, status: "failed", error: { code: "ashby_unavailable", message: "Ashby is down." } },
  },
  {
    type: "connection.needs_reauth",
    timestamp: at,
    data: {
      workspaceId: "acme-42",
      connectionId: "con_1",
      code: "ashby_needs_reauth",
      message: "Reconnect.",
    },
  },
  {
    type: "feedback.submitted",
    timestamp: at,
    data: {
      ...feedback,
      ashbyFeedbackId: "fb_1",
      applicationId: "ap_1",
      submittedAt: at,
      submittedBy: { email: "ada@acme.test", name: "Ada" },
      overallRecommendation: { value: "strong_yes", label: "Strong yes" },
    },
  },
  {
    type: "feedback.failed",
    timestamp: at,
    data: { ...feedback, code: "ashby_rejected", message: "Form changed.", retryable: false },
  },
  {
    type: "feedback.deleted_in_ashby",
    timestamp: at,
    data: { ...feedback, ashbyFeedbackId: "fb_1", applicationId: "ap_1", detectedAt: at },
  },
  {
    type: "write.failed",
    timestamp: at,
    data: {
      workspaceId: "acme-42",
      writeId: "wr_2",
      kind: "tag",
      pushId: "push_1",
      target: { candidateId: "c1", tag: "Top 10%" },
      candidateId: "c1",
      code: "ashby_rejected",
      message: "Unknown tag.",
      retryable: false,
      ashbyRequestId: null,
    },
  },
];

describe("host events", () => {
  it("have a contract for every event type a host can subscribe to", () => {
    expect(samples.map((s) => s.type).sort()).toEqual([...HOST_EVENT_TYPES].sort());
    for (const sample of samples) {
      expect(HostEventSchema.safeParse(JSON.parse(JSON.stringify(sample))).error?.issues, sample.type).toBe(
        undefined,
      );
    }
  });

  it("reject a body whose data does not match its type", () => {
    const [completed, changed] = samples;
    for (const bad of [
      { ...completed, type: "sync.finished" },
      { ...completed, timestamp: "yesterday" },
      { ...completed, data: { ...completed?.data, entities: [{ entity: "candidates" }] } },
      // records.changed data under the sync.completed type
      { ...changed, type: "sync.completed" },
      { ...changed, data: { ...changed?.data, changes: { widgets: { upserted: [] } } } },
    ]) {
      expect(HostEventSchema.safeParse(bad).success, JSON.stringify(bad).slice(0, 80)).toBe(false);
    }
  });
});
