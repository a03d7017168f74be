/**
 * Delay before retrying a message: Ashby's Retry-After when it gave one, otherwise exponential backoff with full
 * jitter (so many connections throttled at once do not come back in lockstep), capped so a retry still happens
 * within the queue's retry window. Queues accept at most 12 h of delay; we never need more than 15 min.
 */
export function retryDelaySeconds(attempt: number, random: () => number, retryAfterSeconds?: number): number {
  if (retryAfterSeconds !== undefined && retryAfterSeconds > 0) {
    return Math.min(Math.ceil(retryAfterSeconds), MAX_DELAY_SECONDS);
  }
  const ceiling = Math.min(BASE_DELAY_SECONDS * 2 ** Math.max(attempt - 1, 0), MAX_DELAY_SECONDS);
  return Math.max(1, Math.round(ceiling / 2 + random() * (ceiling / 2)));
}

const BASE_DELAY_SECONDS = 2;
const MAX_DELAY_SECONDS = 900;
