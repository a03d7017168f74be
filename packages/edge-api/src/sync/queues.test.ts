import type { SyncTaskMessage } from "@ashby-kit/shared";
import { describe, expect, it } from "vitest";
import { queueFor, type SyncQueues, sendSyncMessages } from "./queues";
import { listTaskId, messageFor } from "./task-store";

/** A stand-in for a Queue binding that records what was sent (Cloudflare's binding, not one of ours). */
function recordingQueue() {
  const batches: unknown[][] = [];
  const queue = {
    async send(body: unknown) {
      batches.push([body]);
    },
    async sendBatch(messages: Iterable<MessageSendRequest<unknown>>) {
      batches.push([...messages].map((m) => m.body));
    },
  } as unknown as Queue;
  return { queue, batches };
}

const task = (kind: "list" | "fanout", i: number) => ({
  id: kind === "list" ? listTaskId("run_1", "candidates", i) : `run_1:notes:${i}:0`,
  runId: "run_1",
  connectionId: "conn_1",
  kind,
});

describe("sync queues", () => {
  it("sends list-chain pages on the pages queue and per-parent work on the work queue", async () => {
    const pages = recordingQueue();
    const work = recordingQueue();
    const queues: SyncQueues = { pages: pages.queue, work: work.queue };
    const messages: SyncTaskMessage[] = [
      messageFor(task("fanout", 0)),
      messageFor(task("list", 1)),
      ...Array.from({ length: 150 }, (_, i) => messageFor(task("fanout", i + 1))),
    ];
    await sendSyncMessages(queues, messages);
    expect(pages.batches.flat()).toEqual([messageFor(task("list", 1))]);
    expect(pages.batches.flat()[0]).toMatchObject({ lane: "pages" });
    // sendBatch takes at most 100 messages: 151 go out in two batches, in order, none lost.
    expect(work.batches.map((b) => b.length)).toEqual([100, 51]);
    expect(work.batches.flat()).toEqual(messages.filter((m) => m.lane !== "pages"));
    expect(queueFor(queues, messageFor(task("list", 2)))).toBe(pages.queue);
    expect(queueFor(queues, messageFor(task("fanout", 2)))).toBe(work.queue);
  });

  it("treats a message without a lane (sent before lanes existed) as work", () => {
    const queues: SyncQueues = { pages: recordingQueue().queue, work: recordingQueue().queue };
    const legacy: SyncTaskMessage = { kind: "sync", version: 1, taskId: "t", runId: "r", connectionId: "c" };
    expect(queueFor(queues, legacy)).toBe(queues.work);
  });
});
