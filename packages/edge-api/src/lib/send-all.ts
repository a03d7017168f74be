/** Queues accept at most 100 messages per `sendBatch` (https://developers.cloudflare.com/queues/platform/limits/). */
export const SEND_BATCH_MAX = 100;

/**
 * Send any number of message bodies, in batches of at most 100, in order. `contentType` is set on every message
 * when given (write-back asks for "json" so its messages can be read in the dashboard); otherwise the runtime's
 * default applies.
 */
export async function sendAll(
  queue: Queue,
  bodies: readonly unknown[],
  contentType?: QueueContentType,
): Promise<void> {
  for (let start = 0; start < bodies.length; start += SEND_BATCH_MAX) {
    await queue.sendBatch(
      bodies
        .slice(start, start + SEND_BATCH_MAX)
        .map((body) => (contentType === undefined ? { body } : { body, contentType })),
    );
  }
}
