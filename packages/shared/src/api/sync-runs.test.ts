import { describe, expect, it } from "vitest";
import { AttachmentUrlSchema, ListRecordsQuerySchema } from "./records";
import { StartSyncRunRequestSchema, SyncRunSchema, SyncTaskMessageSchema } from "./sync-runs";
import { CreateWebhookEndpointRequestSchema, WebhookDeliveryMessageSchema } from "./webhooks";

const run = {
  id: "run_1",
  status: "running",
  trigger: "manual",
  mode: "incremental",
  createdAt: "2026-06-01T09:00:00.000Z",
  startedAt: "2026-06-01T09:00:01.000Z",
  finishedAt: null,
  entities: [
    {
      entity: "candidates",
      mode: "incremental",
      status: "running",
      pagesDone: 3,
      recordsSeen: 300,
      recordsWritten: 2,
      recordsDeleted: 0,
      ashbyCalls: 3,
      progress: null,
    },
  ],
  error: null,
  nextScheduledAt: null,
};

describe("sync contracts", () => {
  it("accept a run as the API renders it and refuse unknown states", () => {
    expect(SyncRunSchema.parse(run)).toEqual(run);
    expect(SyncRunSchema.safeParse({ ...run, status: "paused" }).success).toBe(false);
    expect(
      SyncRunSchema.safeParse({ ...run, entities: [{ ...run.entities[0], progress: 1.5 }] }).success,
    ).toBe(false);
  });

  it("start requests are strict: only `mode`", () => {
    expect(StartSyncRunRequestSchema.parse({})).toEqual({});
    expect(StartSyncRunRequestSchema.parse({ mode: "full" })).toEqual({ mode: "full" });
    expect(StartSyncRunRequestSchema.safeParse({ mode: "fast" }).success).toBe(false);
    expect(StartSyncRunRequestSchema.safeParse({ force: true }).success).toBe(false);
  });

  it("queue messages carry kind and version", () => {
    const message = { kind: "sync", version: 1, taskId: "t", runId: "r", connectionId: "c" };
    expect(SyncTaskMessageSchema.parse(message)).toEqual(message);
    expect(SyncTaskMessageSchema.safeParse({ ...message, version: 2 }).success).toBe(false);
    expect(
      WebhookDeliveryMessageSchema.safeParse({ kind: "webhook", version: 1, deliveryId: "d" }).success,
    ).toBe(false);
  });

  it("record queries split ids and refuse bad filters", () => {
    expect(ListRecordsQuerySchema.parse({ ids: "a,b", limit: "10" })).toEqual({ ids: ["a", "b"], limit: 10 });
    expect(ListRecordsQuerySchema.safeParse({ ids: "a,,b" }).success).toBe(false);
    expect(ListRecordsQuerySchema.safeParse({ updatedSince: "yesterday" }).success).toBe(false);
    expect(
      ListRecordsQuerySchema.safeParse({ ids: Array.from({ length: 101 }, (_, i) => `id${i}`).join(",") })
        .success,
    ).toBe(false);
  });

  it("an attachment link is a web URL with the attachment it belongs to", () => {
    const link = {
      attachmentId: "file_1",
      candidateId: "cand_1",
      name: "resume.pdf",
      isResume: true,
      url: "https://s3.example/resume.pdf?X-Amz-Signature=abc",
      fetchedAt: "2026-06-01T09:00:00.000Z",
    };
    expect(AttachmentUrlSchema.parse(link)).toEqual(link);
    for (const url of ["javascript:alert(1)", "data:text/html,hi", "/relative/path"]) {
      expect(AttachmentUrlSchema.safeParse({ ...link, url }).success, url).toBe(false);
    }
  });

  it("webhook endpoints need an http(s) URL and known event types", () => {
    expect(CreateWebhookEndpointRequestSchema.safeParse({ url: "https://x.example/h" }).success).toBe(true);
    expect(CreateWebhookEndpointRequestSchema.safeParse({ url: "javascript:alert(1)" }).success).toBe(false);
    expect(
      CreateWebhookEndpointRequestSchema.safeParse({ url: "https://x.example", eventTypes: ["sync.started"] })
        .success,
    ).toBe(false);
  });
});
