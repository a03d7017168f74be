import { type AshbyClient, type AshbyResult, type FeedbackSubmission, listAll } from "../ashby";

/**
 * Ashby's feedback for one interview event by one interviewer. Ashby has no lookup by id or by event, so this
 * lists the application's feedback (almost always one page) and filters; it is how a retry finds out whether an
 * earlier attempt landed, and how a read finds out whether a submission was deleted in Ashby.
 */
export async function listEventFeedbackBy(
  client: AshbyClient,
  applicationId: string,
  interviewEventId: string,
  userId: string,
): Promise<AshbyResult<FeedbackSubmission[]>> {
  // https://developers.ashbyhq.com/reference/applicationfeedbacklist
  const all = await listAll(client.applicationFeedback.list, {
    applicationId,
    limit: 100,
  });
  if (!all.ok) return all;
  return {
    ok: true,
    value: all.value.results.filter(
      (submission) =>
        submission.interviewEventId === interviewEventId && submission.submittedByUser.id === userId,
    ),
  };
}

/** Every submission id of the application, for the deletion check. */
export async function listFeedbackIds(
  client: AshbyClient,
  applicationId: string,
): Promise<AshbyResult<Set<string>>> {
  // https://developers.ashbyhq.com/reference/applicationfeedbacklist
  const all = await listAll(client.applicationFeedback.list, {
    applicationId,
    limit: 100,
  });
  if (!all.ok) return all;
  return { ok: true, value: new Set(all.value.results.map((submission) => submission.id)) };
}
