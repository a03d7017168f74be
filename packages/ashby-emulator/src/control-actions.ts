import type { Org } from "./org.ts";
import { feedbackOfApplication } from "./relations.ts";

export class ControlError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = "ControlError";
  }
}

/**
 * Delete a feedback submission as a person would in Ashby's UI: it disappears from every list and leaves no
 * trace for incremental sync. The event's `hasSubmittedFeedback` is recomputed (it changes, so the event
 * itself is a visible update).
 */
export function deleteFeedback(org: Org, feedbackId: string, now: number): void {
  const feedback = org.tables.feedback.get(feedbackId);
  if (!feedback) throw new ControlError(404, "feedback_not_found", `No feedback ${feedbackId}.`);
  org.tables.feedback.delete(feedbackId);
  if (!feedback.interviewEventId) return;
  const event = org.tables.events.get(feedback.interviewEventId);
  if (!event) return;
  const stillHasFeedback = feedbackOfApplication(org, feedback.applicationId).some(
    (other) => other.interviewEventId === event.id,
  );
  if (stillHasFeedback !== event.hasSubmittedFeedback) {
    org.tables.events.put(
      { ...event, hasSubmittedFeedback: stillHasFeedback, updatedAt: now },
      org.nextSeq(),
    );
  }
}
