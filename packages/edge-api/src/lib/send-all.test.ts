import { describe, expect, it } from "vitest";
import { sendAll } from "./send-all";

/** Records what reaches `sendBatch`, and refuses a batch over Queues' limit as the real binding does. */
function recordingQueue() {
  const batches: MessageSendRequest[][] = [];
  const queue = {
    async sendBatch(messages: Iterable<MessageSendRequest>) {
      const batch = [...messages];
      if (batch.length > 100) throw new Error("sendBatch: more than 100 messages");
      batches.push(batch);
    },
  } as unknown as Queue;
  return { queue, batches };
}

describe("sendAll", () => {
  it("sends every body once, in order, in batches of at most 100", async () => {
    const { queue, batches } = recordingQueue();
    const bodies = Array.from({ length: 250 }, (_, i) => ({ n: i }));
    await sendAll(queue, bodies);
    expect(batches.map((b) => b.length)).toEqual([100, 100, 50]);
    expect(batches.flat().map((m) => m.body)).toEqual(bodies);
    expect(batches.flat().every((m) => !("contentType" in m))).toBe(true);
  });

  it("sets the content type on every message when asked, and sends nothing for no bodies", async () => {
    const { queue, batches } = recordingQueue();
    await sendAll(queue, [{ a: 1 }, { a: 2 }], "json");
    expect(batches).toEqual([
      [
        { body: { a: 1 }, contentType: "json" },
        { body: { a: 2 }, contentType: "json" },
      ],
    ]);
    await sendAll(queue, [], "json");
    expect(batches).toHaveLength(1);
  });
});
