import { createExecutionContext, createMessageBatch, env, getQueueResult } from "cloudflare:test";
import type { WritebackMessage } from "@ashby-kit/shared";
import { type AshbyClient, type Interview, type InterviewEvent, listAll } from "../ashby";
import { writes } from "../db/schema";
import type { Deps } from "../deps";
import { handleWritebackBatch } from "./consumer";
import type { WritebackContext } from "./context";
import { buildFieldSubmissions, locateFeedbackFields } from "./feedback-form";
import { type FeedbackWritePayload, feedbackTargetKey } from "./feedback-payload";
import { requestHash } from "./ledger";

/**
 * Test support for write-back suites and the benchmark: ledger rows for many distinct (event, interviewer)
 * targets read straight from an emulator org, and a driver that delivers queue messages to the consumer the way
 * Queues do (batches, per-message ack/retry, redelivery of retried messages).
 */

export type Target = {
  event: InterviewEvent;
  applicationId: string;
  userId: string;
  formId: string;
  interview: Interview;
};

/** Every (event, interviewer) pair of the org without feedback yet, with the event's form. */
export async function feedbackTargets(client: AshbyClient, limit: number): Promise<Target[]> {
  const [schedules, interviews] = await Promise.all([
    listAll(client.interviewSchedule.list, { limit: 100 }),
    listAll(client.interview.list, { limit: 100, includeNonSharedInterviews: true }),
  ]);
  if (!schedules.ok) throw new Error(schedules.error.message);
  if (!interviews.ok) throw new Error(interviews.error.message);
  const byId = new Map(interviews.value.results.map((i) => [i.id, i]));
  const targets: Target[] = [];
  for (const schedule of schedules.value.results) {
    for (const event of schedule.interviewEvents ?? []) {
      const interview = byId.get(event.interviewId);
      if (event.hasSubmittedFeedback || !interview) continue;
      for (const interviewer of event.interviewers) {
        targets.push({
          event,
          applicationId: schedule.applicationId,
          userId: interviewer.id,
          formId: interview.feedbackFormDefinitionId,
          interview,
        });
        if (targets.length >= limit) return targets;
      }
    }
  }
  return targets;
}

/** One queued feedback write per target, as POST …/feedback would have stored it. */
export async function seedFeedbackWrites(
  deps: Deps,
  client: AshbyClient,
  scope: { workspaceId: string; connectionId: string },
  targets: Target[],
): Promise<string[]> {
  const forms = await listAll(client.feedbackFormDefinition.list, { limit: 100 });
  if (!forms.ok) throw new Error(forms.error.message);
  const formById = new Map(forms.value.results.map((f) => [f.id, f]));
  const ids: string[] = [];
  // The same rows POST …/feedback stores (createWrite), inserted in D1 batches: seeding is not what is tested.
  const rows: (typeof writes.$inferInsert)[] = [];
  const nowMs = deps.clock.now().getTime();
  for (const [index, target] of targets.entries()) {
    const form = formById.get(target.formId);
    if (!form) throw new Error(`form ${target.formId} missing`);
    const fields = locateFeedbackFields(form.formDefinition);
    const option = fields.recommendation?.options[index % (fields.recommendation?.options.length ?? 1)];
    const content = {
      summary: `Summary of meeting ${index}.`,
      recordingUrl: `https://rec.example.com/r/${index}`,
    };
    const built = buildFieldSubmissions(fields, option?.value ?? "", content);
    if (!built.ok) throw new Error(`form ${form.title} cannot take a recommendation`);
    const meetingId = `meeting-${index}`;
    const payload: FeedbackWritePayload = {
      meetingId,
      submit: {
        formDefinitionId: form.id,
        applicationId: target.applicationId,
        interviewEventId: target.event.id,
        userId: target.userId,
        feedbackForm: { fieldSubmissions: built.fieldSubmissions },
      },
      recommendation: built.recommendation,
      interview: {
        interviewEventId: target.event.id,
        interviewTitle: target.interview.title,
        startTime: target.event.startTime,
        endTime: target.event.endTime,
        candidateName: null,
        jobTitle: null,
        candidateProfileUrl: null,
      },
      preview: {
        recommendation: null,
        notesFieldTitle: null,
        summary: content.summary,
        recordingUrl: content.recordingUrl,
        notesText: null,
        gaps: [],
        unfillableRequiredFields: [],
      },
      submittedBy: { email: `interviewer-${index}@acme.test`, name: null },
      eventHadFeedback: false,
    };
    const id = `wr_test_${index.toString().padStart(5, "0")}`;
    rows.push({
      id,
      workspaceId: scope.workspaceId,
      connectionId: scope.connectionId,
      kind: "feedback",
      status: "queued",
      target: {
        applicationId: target.applicationId,
        interviewEventId: target.event.id,
        userId: target.userId,
      },
      targetKey: feedbackTargetKey(target.event.id, target.userId),
      sourceId: meetingId,
      actorEmail: `interviewer-${index}@acme.test`,
      idempotencyKey: `seed-${index}`,
      requestHash: await requestHash({ index }),
      payload: payload as unknown as Record<string, unknown>,
      attempts: 0,
      nextAttemptAt: nowMs,
      createdAt: nowMs,
      updatedAt: nowMs,
    });
    ids.push(id);
  }
  for (let start = 0; start < rows.length; start += 100) {
    const chunk = rows.slice(start, start + 100).map((row) => deps.db.insert(writes).values(row));
    const [first, ...rest] = chunk;
    if (first) await deps.db.batch([first, ...rest]);
  }
  return ids;
}

export type DeliveryStats = { deliveries: number; retries: number; batches: number };

/**
 * Deliver messages in batches of `batchSize` until every one is acked; retried messages come back with
 * attempts + 1 (delays are not waited for: the lease and the ledger, not the timing, must keep it exactly once).
 * `duplicateEvery` re-delivers every n-th message a second time in the same batch, as at-least-once allows.
 */
export async function deliverAll(
  ctx: WritebackContext,
  writeIds: readonly string[],
  options: { batchSize?: number; duplicateEvery?: number; maxRounds?: number; beforeBatch?: () => void } = {},
): Promise<DeliveryStats> {
  const batchSize = options.batchSize ?? 10;
  let pending = writeIds.map((writeId, i) => ({ id: `msg-${i}`, writeId, attempts: 1 }));
  const stats: DeliveryStats = { deliveries: 0, retries: 0, batches: 0 };
  for (let round = 0; pending.length > 0; round++) {
    if (round > (options.maxRounds ?? 50)) throw new Error(`${pending.length} messages never settled`);
    const next: typeof pending = [];
    for (let start = 0; start < pending.length; start += batchSize) {
      const chunk = pending.slice(start, start + batchSize);
      const messages = chunk.map((m) => ({
        id: m.id,
        timestamp: new Date(),
        attempts: m.attempts,
        body: { kind: "writeback", version: 1, writeId: m.writeId } satisfies WritebackMessage,
      }));
      const every = options.duplicateEvery;
      if (every) {
        for (const [i, message] of [...messages].entries()) {
          if (i % every === 0) messages.push({ ...message, id: `${message.id}-dup${round}` });
        }
      }
      options.beforeBatch?.();
      const batch = createMessageBatch<unknown>("ashby-kit-writeback", messages);
      const execution = createExecutionContext();
      await handleWritebackBatch(batch, ctx);
      const result = (await getQueueResult(batch, execution)) as unknown as {
        retryMessages: { msgId: string }[];
        explicitAcks: string[];
      };
      stats.batches += 1;
      stats.deliveries += messages.length;
      const retried = new Set(result.retryMessages.map((r) => r.msgId));
      for (const m of chunk) {
        if (retried.has(m.id)) next.push({ ...m, attempts: m.attempts + 1 });
      }
      stats.retries += retried.size;
    }
    pending = next;
  }
  return stats;
}

export async function ledgerCounts(): Promise<Record<string, number>> {
  const rows = await env.DB.prepare("SELECT status, COUNT(*) AS n FROM writes GROUP BY status").all<{
    status: string;
    n: number;
  }>();
  return Object.fromEntries(rows.results.map((r) => [r.status, r.n]));
}
