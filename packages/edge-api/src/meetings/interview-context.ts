import type { FeedbackInterview } from "@ashby-kit/shared";
import type { z } from "zod";
import {
  type Application,
  ApplicationSchema,
  type AshbyClient,
  type AshbyError,
  type Candidate,
  CandidateSchema,
  type FeedbackFormDefinition,
  FeedbackFormDefinitionSchema,
  type InterviewEvent,
  InterviewEventSchema,
  InterviewScheduleSchema,
} from "../ashby";
import { planRecordWrites } from "../sync/records-writer";
import { type MatchableEvent, normaliseEmail } from "./match-interview";

/**
 * What the kit knows about an Ashby interview event, read from the synced copy (synced_records) and refreshed
 * from Ashby where the copy may be stale. Events are stored by the sync engine with their schedule as parent;
 * the schedule names the application, the application the candidate and the job.
 */

export type InterviewContext = {
  event: InterviewEvent;
  scheduleId: string;
  application: Application | null;
  candidate: Candidate | null;
};

type RecordRow = { ashby_id: string; parent_id: string | null; data: string };

function parse<S extends z.ZodType>(schema: S, json: string | undefined): z.output<S> | null {
  if (json === undefined) return null;
  const parsed = schema.safeParse(JSON.parse(json));
  return parsed.success ? parsed.data : null;
}

async function record(
  db: D1Database,
  connectionId: string,
  entity: string,
  id: string,
): Promise<RecordRow | null> {
  return db
    .prepare(
      `SELECT ashby_id, parent_id, data FROM synced_records
       WHERE connection_id = ?1 AND entity = ?2 AND ashby_id = ?3 AND deleted_at IS NULL`,
    )
    .bind(connectionId, entity, id)
    .first<RecordRow>();
}

/** Synced events whose time lies within [fromMs, toMs] (compared as instants, whatever the ISO spelling). */
export async function syncedEventsBetween(
  db: D1Database,
  connectionId: string,
  fromMs: number,
  toMs: number,
): Promise<{ event: InterviewEvent; scheduleId: string }[]> {
  const result = await db
    .prepare(
      `SELECT ashby_id, parent_id, data FROM synced_records
       WHERE connection_id = ?1 AND entity = 'interview_events' AND deleted_at IS NULL
         AND julianday(json_extract(data, '$.endTime')) >= julianday(?2)
         AND julianday(json_extract(data, '$.startTime')) <= julianday(?3)
       LIMIT 200`,
    )
    .bind(connectionId, new Date(fromMs).toISOString(), new Date(toMs).toISOString())
    .all<RecordRow>();
  const out: { event: InterviewEvent; scheduleId: string }[] = [];
  for (const row of result.results) {
    const event = parse(InterviewEventSchema, row.data);
    if (event) out.push({ event, scheduleId: row.parent_id ?? event.interviewScheduleId });
  }
  return out;
}

export async function loadInterviewContext(
  db: D1Database,
  connectionId: string,
  interviewEventId: string,
): Promise<InterviewContext | null> {
  const eventRow = await record(db, connectionId, "interview_events", interviewEventId);
  const event = parse(InterviewEventSchema, eventRow?.data);
  if (!eventRow || !event) return null;
  const scheduleId = eventRow.parent_id ?? event.interviewScheduleId;
  const schedule = parse(
    InterviewScheduleSchema,
    (await record(db, connectionId, "interview_schedules", scheduleId))?.data,
  );
  const application = schedule
    ? parse(ApplicationSchema, (await record(db, connectionId, "applications", schedule.applicationId))?.data)
    : null;
  const candidate = application
    ? parse(CandidateSchema, (await record(db, connectionId, "candidates", application.candidate.id))?.data)
    : null;
  return { event, scheduleId, application, candidate };
}

export function candidateEmails(context: Pick<InterviewContext, "application" | "candidate">): string[] {
  const emails = new Set<string>();
  const primary = context.application?.candidate.primaryEmailAddress?.value;
  if (primary) emails.add(normaliseEmail(primary));
  for (const contact of context.candidate?.emailAddresses ?? []) emails.add(normaliseEmail(contact.value));
  return [...emails];
}

export function interviewerEmails(event: InterviewEvent): string[] {
  return event.interviewers.flatMap((interviewer) =>
    interviewer.email ? [normaliseEmail(interviewer.email)] : [],
  );
}

export function toMatchable(context: InterviewContext): MatchableEvent {
  return {
    interviewEventId: context.event.id,
    startTime: context.event.startTime,
    endTime: context.event.endTime,
    interviewerEmails: interviewerEmails(context.event),
    candidateEmails: candidateEmails(context),
    interviewTitle: context.event.interview?.title ?? null,
    candidateName: context.application?.candidate.name ?? context.candidate?.name ?? null,
    jobTitle: context.application?.job.title ?? null,
  };
}

export function toFeedbackInterview(context: InterviewContext): FeedbackInterview {
  return {
    interviewEventId: context.event.id,
    interviewTitle: context.event.interview?.title ?? null,
    startTime: context.event.startTime,
    endTime: context.event.endTime,
    candidateName: context.application?.candidate.name ?? context.candidate?.name ?? null,
    jobTitle: context.application?.job.title ?? null,
    candidateProfileUrl: context.candidate?.profileUrl ?? null,
  };
}

/**
 * Re-read the events of some schedules from Ashby (with the interview template expanded, which carries its
 * title and feedback form) and store them where the sync keeps events. Used when the synced copy may predate a
 * reschedule: a meeting that just ended. Failures are returned, never thrown: matching then uses the copy it has.
 */
export async function refreshScheduleEvents(
  db: D1Database,
  client: AshbyClient,
  connectionId: string,
  scheduleIds: readonly string[],
  nowMs: number,
): Promise<{ refreshed: number; error: AshbyError | null }> {
  let refreshed = 0;
  for (const scheduleId of scheduleIds) {
    // https://developers.ashbyhq.com/reference/intervieweventlist
    const page = await client.interviewEvent.list({
      interviewScheduleId: scheduleId,
      expand: ["interview"],
      limit: 100,
    });
    if (!page.ok) return { refreshed, error: page.error };
    const plan = await planRecordWrites(
      db,
      { connectionId, entity: "interview_events", runId: "meeting-refresh", now: nowMs },
      page.value.results.map((event) => ({
        ashbyId: event.id,
        parentId: scheduleId,
        data: event,
        sourceUpdatedAt: event.updatedAt,
      })),
    );
    if (plan.statements.length > 0) await db.batch(plan.statements);
    refreshed += 1;
  }
  return { refreshed, error: null };
}

/**
 * The interview's feedback form: the one the expanded interview names, else a synced form linked to the
 * interview, else the org's default form; read live from Ashby when the synced copy lacks it.
 */
export async function resolveFeedbackForm(
  db: D1Database,
  client: AshbyClient | null,
  connectionId: string,
  event: InterviewEvent,
): Promise<{ ok: true; form: FeedbackFormDefinition } | { ok: false; reason: string; error?: AshbyError }> {
  const namedId = event.interview?.feedbackFormDefinitionId;
  if (namedId) {
    const synced = parse(
      FeedbackFormDefinitionSchema,
      (await record(db, connectionId, "feedback_forms", namedId))?.data,
    );
    if (synced) return { ok: true, form: synced };
    if (client) {
      // https://developers.ashbyhq.com/reference/feedbackformdefinitioninfo
      const live = await client.feedbackFormDefinition.info({ feedbackFormDefinitionId: namedId });
      if (live.ok) return { ok: true, form: live.value };
      return {
        ok: false,
        reason: "The interview's feedback form could not be read from Ashby.",
        error: live.error,
      };
    }
  }
  const rows = await db
    .prepare(
      `SELECT ashby_id, parent_id, data FROM synced_records
       WHERE connection_id = ?1 AND entity = 'feedback_forms' AND deleted_at IS NULL
         AND (json_extract(data, '$.interviewId') = ?2 OR json_extract(data, '$.isDefaultForm') = 1)`,
    )
    .bind(connectionId, event.interviewId)
    .all<RecordRow>();
  const forms = rows.results.flatMap((row) => {
    const form = parse(FeedbackFormDefinitionSchema, row.data);
    return form && !form.isArchived ? [form] : [];
  });
  const form = forms.find((f) => f.interviewId === event.interviewId) ?? forms.find((f) => f.isDefaultForm);
  if (form) return { ok: true, form };
  return {
    ok: false,
    reason: "No feedback form is known for this interview; run a sync so the kit learns the org's forms.",
  };
}
