import type { AshbyClient, AshbyPage, AshbyResult } from "../ashby";
import type * as Wire from "../ashby/types";

/**
 * The entity registry: for each thing the kit syncs, which Ashby endpoint lists it, how a payload becomes a
 * row of `synced_records`, and what it depends on. The step function (step.ts) is generic over this table.
 *
 * Three shapes:
 * - list entities walk an org-wide list endpoint page by page (one queue message per page) and keep a syncToken;
 * - derived entities cost no call: their rows are cut out of a parent payload (attachments from candidates,
 *   interview events embedded in schedules), so they change exactly when the parent's content hash changes;
 * - fan-out entities need one call per parent (notes per candidate, stages per interview plan). They run for the
 *   parents a page wrote (new or changed), or for every parent of a full pass where the parent's hash cannot
 *   tell (stages of a plan can change while the job stays the same).
 */

export const LIST_ENTITIES = [
  "users",
  "departments",
  "locations",
  "jobs",
  "candidate_tags",
  "custom_fields",
  "feedback_forms",
  "candidates",
  "applications",
  "interview_schedules",
] as const;
export const DERIVED_ENTITIES = ["attachments", "interview_events"] as const;
export const FANOUT_ENTITIES = [
  "notes",
  "interview_stages",
  "interview_events_by_schedule",
  "application_history",
] as const;

export type ListEntityName = (typeof LIST_ENTITIES)[number];
export type DerivedEntityName = (typeof DERIVED_ENTITIES)[number];
export type FanoutEntityName = (typeof FANOUT_ENTITIES)[number];

/** Names as stored in `synced_records.entity`. The events fan-out writes its rows as `interview_events`. */
export const RECORD_ENTITIES = [
  ...LIST_ENTITIES,
  "attachments",
  "interview_events",
  "notes",
  "interview_stages",
  "application_history",
] as const;
export type RecordEntityName = (typeof RECORD_ENTITIES)[number];

/** Everything a run reports progress for (sync_run_entities.entity). */
export const PROGRESS_ENTITIES = [
  ...LIST_ENTITIES,
  ...DERIVED_ENTITIES,
  "notes",
  "interview_stages",
  "application_history",
] as const;
export type ProgressEntityName = (typeof PROGRESS_ENTITIES)[number];

export type RecordRow = {
  ashbyId: string;
  parentId: string | null;
  data: unknown;
  sourceUpdatedAt: string | null;
};

export type ListRequest = { cursor?: string; syncToken?: string; limit: number };

export type ListEntityDef = {
  kind: "list";
  name: ListEntityName;
  /** Ashby method, for call accounting and logs. */
  endpoint: string;
  list(client: AshbyClient, request: ListRequest): Promise<AshbyResult<AshbyPage<unknown>>>;
  toRow(item: unknown): RecordRow;
  derived?: {
    entity: DerivedEntityName;
    /** The complete set of children of this parent: children absent from it are soft-deleted. */
    rows(item: unknown): RecordRow[];
  };
  fanout?: {
    entity: FanoutEntityName;
    /** `changed`: parents written by this page; `all_on_full`: every parent of the page during a full pass. */
    parents: "changed" | "changed_or_all_on_full";
    parentIds(item: unknown): string[];
    /** `run`: a parent is visited once per run even when many pages name it (interview plans shared by jobs). */
    dedupe?: "run";
  };
};

export type FanoutEntityDef = {
  kind: "fanout";
  name: FanoutEntityName;
  /** The entity its rows are stored and reported as. */
  recordEntity: "notes" | "interview_stages" | "interview_events" | "application_history";
  endpoint: string;
  /** Every child of one parent (all pages; almost always one call). */
  fetchAll(client: AshbyClient, parentId: string): Promise<AshbyResult<{ items: unknown[]; calls: number }>>;
  toRow(item: unknown, parentId: string): RecordRow;
};

export const PAGE_SIZE = 100;

function defineList<T>(def: {
  name: ListEntityName;
  endpoint: string;
  list(client: AshbyClient, request: ListRequest): Promise<AshbyResult<AshbyPage<T>>>;
  toRow(item: T): RecordRow;
  derived?: { entity: DerivedEntityName; rows(item: T): RecordRow[] };
  fanout?: {
    entity: FanoutEntityName;
    parents: "changed" | "changed_or_all_on_full";
    parentIds(item: T): string[];
    dedupe?: "run";
  };
}): ListEntityDef {
  // The registry is heterogeneous; each definition is typed against its own wire schema here and erased once.
  return { kind: "list", ...def } as unknown as ListEntityDef;
}

function defineFanout<T>(def: {
  name: FanoutEntityName;
  recordEntity: FanoutEntityDef["recordEntity"];
  endpoint: string;
  list(client: AshbyClient, parentId: string, cursor: string | undefined): Promise<AshbyResult<AshbyPage<T>>>;
  toRow(item: T, parentId: string): RecordRow;
}): FanoutEntityDef {
  return {
    kind: "fanout",
    name: def.name,
    recordEntity: def.recordEntity,
    endpoint: def.endpoint,
    async fetchAll(client, parentId) {
      const items: unknown[] = [];
      let cursor: string | undefined;
      for (let calls = 1; ; calls++) {
        const result = await def.list(client, parentId, cursor);
        if (!result.ok) {
          return result;
        }
        items.push(...result.value.results);
        if (!result.value.moreDataAvailable || !result.value.nextCursor || calls >= 1000) {
          return { ok: true, value: { items, calls } };
        }
        cursor = result.value.nextCursor;
      }
    },
    toRow: def.toRow as FanoutEntityDef["toRow"],
  };
}

const row = (ashbyId: string, data: unknown, sourceUpdatedAt?: string | null, parentId?: string | null) => ({
  ashbyId,
  parentId: parentId ?? null,
  data,
  sourceUpdatedAt: sourceUpdatedAt ?? null,
});

const pageParams = (request: ListRequest) => {
  const params: { cursor?: string; syncToken?: string; limit: number } = { limit: request.limit };
  if (request.cursor !== undefined) {
    params.cursor = request.cursor;
  }
  if (request.syncToken !== undefined) {
    params.syncToken = request.syncToken;
  }
  return params;
};

function attachmentsOf(candidate: Wire.Candidate): RecordRow[] {
  const rows = new Map<string, RecordRow>();
  const resumeId = candidate.resumeFileHandle?.id;
  for (const file of [
    ...(candidate.resumeFileHandle ? [candidate.resumeFileHandle] : []),
    ...candidate.fileHandles,
  ]) {
    rows.set(
      file.id,
      row(
        file.id,
        {
          id: file.id,
          name: file.name,
          handle: file.handle,
          candidateId: candidate.id,
          isResume: file.id === resumeId,
        },
        candidate.updatedAt,
        candidate.id,
      ),
    );
  }
  return [...rows.values()];
}

function planIdsOf(job: Wire.Job): string[] {
  const ids = new Set<string>();
  if (job.defaultInterviewPlanId) {
    ids.add(job.defaultInterviewPlanId);
  }
  for (const id of job.interviewPlanIds ?? []) {
    ids.add(id);
  }
  return [...ids];
}

export const LIST_ENTITY_DEFS: Readonly<Record<ListEntityName, ListEntityDef>> = {
  users: defineList<Wire.User>({
    name: "users",
    endpoint: "user.list",
    // Deactivated users are still the authors of notes and the interviewers of past events.
    list: (client, request) => client.user.list({ ...pageParams(request), includeDeactivated: true }),
    toRow: (user) => row(user.id, user, user.updatedAt),
  }),
  departments: defineList<Wire.Department>({
    name: "departments",
    endpoint: "department.list",
    list: (client, request) => client.department.list({ ...pageParams(request), includeArchived: true }),
    toRow: (department) => row(department.id, department, department.updatedAt),
  }),
  locations: defineList<Wire.Location>({
    name: "locations",
    endpoint: "location.list",
    list: (client, request) => client.location.list({ ...pageParams(request), includeArchived: true }),
    toRow: (location) => row(location.id, location),
  }),
  jobs: defineList<Wire.Job>({
    name: "jobs",
    endpoint: "job.list",
    // Ashby leaves drafts out unless asked for them by status.
    list: (client, request) =>
      client.job.list({ ...pageParams(request), status: ["Draft", "Open", "Closed", "Archived"] }),
    toRow: (job) => row(job.id, job, job.updatedAt),
    fanout: {
      entity: "interview_stages",
      parents: "changed_or_all_on_full",
      parentIds: planIdsOf,
      dedupe: "run",
    },
  }),
  candidate_tags: defineList<Wire.Tag>({
    name: "candidate_tags",
    endpoint: "candidateTag.list",
    list: (client, request) => client.candidateTag.list({ ...pageParams(request), includeArchived: true }),
    toRow: (tag) => row(tag.id, tag),
  }),
  custom_fields: defineList<Wire.CustomFieldDefinition>({
    name: "custom_fields",
    endpoint: "customField.list",
    list: (client, request) => client.customField.list({ ...pageParams(request), includeArchived: true }),
    toRow: (field) => row(field.id, field),
  }),
  feedback_forms: defineList<Wire.FeedbackFormDefinition>({
    name: "feedback_forms",
    endpoint: "feedbackFormDefinition.list",
    list: (client, request) =>
      client.feedbackFormDefinition.list({ ...pageParams(request), includeArchived: true }),
    toRow: (form) => row(form.id, form),
  }),
  candidates: defineList<Wire.Candidate>({
    name: "candidates",
    endpoint: "candidate.list",
    list: (client, request) => client.candidate.list(pageParams(request)),
    toRow: (candidate) => row(candidate.id, candidate, candidate.updatedAt),
    derived: { entity: "attachments", rows: attachmentsOf },
    fanout: { entity: "notes", parents: "changed", parentIds: (candidate) => [candidate.id] },
  }),
  applications: defineList<Wire.Application>({
    name: "applications",
    endpoint: "application.list",
    list: (client, request) => client.application.list(pageParams(request)),
    // Parent is the candidate, so `/v1/candidates/{id}` finds its applications through the parent index.
    toRow: (application) => row(application.id, application, application.updatedAt, application.candidate.id),
    // application.list carries the current stage only; Ashby gives the stage history per application through
    // application.info, so it is fetched for the applications that are new or changed in this pass.
    fanout: {
      entity: "application_history",
      parents: "changed",
      parentIds: (application) => [application.id],
    },
  }),
  interview_schedules: defineList<Wire.InterviewSchedule>({
    name: "interview_schedules",
    endpoint: "interviewSchedule.list",
    list: (client, request) => client.interviewSchedule.list(pageParams(request)),
    toRow: (schedule) => {
      // Events are stored as rows of their own; keeping them inside the schedule row too would double the data.
      const { interviewEvents: _events, ...rest } = schedule;
      return row(schedule.id, rest, schedule.updatedAt, schedule.applicationId);
    },
    derived: {
      entity: "interview_events",
      rows: (schedule) =>
        (schedule.interviewEvents ?? []).map((event) => row(event.id, event, event.updatedAt, schedule.id)),
    },
    // Ashby embeds a schedule's events in interviewSchedule.list; only a schedule without them costs a call.
    fanout: {
      entity: "interview_events_by_schedule",
      parents: "changed",
      parentIds: (schedule) => (schedule.interviewEvents == null ? [schedule.id] : []),
    },
  }),
};

export const FANOUT_ENTITY_DEFS: Readonly<Record<FanoutEntityName, FanoutEntityDef>> = {
  notes: defineFanout<Wire.Note>({
    name: "notes",
    recordEntity: "notes",
    endpoint: "candidate.listNotes",
    list: (client, candidateId, cursor) =>
      client.candidate.listNotes({ candidateId, limit: PAGE_SIZE, ...(cursor !== undefined && { cursor }) }),
    toRow: (note, candidateId) => row(note.id, { ...note, candidateId }, note.createdAt, candidateId),
  }),
  interview_stages: defineFanout<Wire.InterviewStage>({
    name: "interview_stages",
    recordEntity: "interview_stages",
    endpoint: "interviewStage.list",
    // Not paginated: Ashby returns every stage of the plan at once.
    list: (client, interviewPlanId) => client.interviewStage.list({ interviewPlanId }),
    toRow: (stage, planId) => row(stage.id, stage, null, planId),
  }),
  application_history: {
    kind: "fanout",
    name: "application_history",
    recordEntity: "application_history",
    endpoint: "application.info",
    async fetchAll(client, applicationId) {
      // https://developers.ashbyhq.com/reference/applicationinfo
      const result = await client.application.stageHistory({ applicationId });
      if (!result.ok) {
        return result;
      }
      return { ok: true, value: { items: result.value.applicationHistory ?? [], calls: 1 } };
    },
    toRow: (item, applicationId) => {
      const entry = item as { id: string; enteredStageAt?: string | null };
      // Keyed by application + visit: a visit id is only documented as unique within its application.
      return row(
        `${applicationId}:${entry.id}`,
        { ...entry, applicationId },
        entry.enteredStageAt ?? null,
        applicationId,
      );
    },
  },
  interview_events_by_schedule: defineFanout<Wire.InterviewEvent>({
    name: "interview_events_by_schedule",
    recordEntity: "interview_events",
    endpoint: "interviewEvent.list",
    list: (client, interviewScheduleId, cursor) =>
      client.interviewEvent.list({
        interviewScheduleId,
        limit: PAGE_SIZE,
        ...(cursor !== undefined && { cursor }),
      }),
    toRow: (event, scheduleId) => row(event.id, event, event.updatedAt, scheduleId),
  }),
};

export function isListEntity(name: string): name is ListEntityName {
  return (LIST_ENTITIES as readonly string[]).includes(name);
}
export function isFanoutEntity(name: string): name is FanoutEntityName {
  return (FANOUT_ENTITIES as readonly string[]).includes(name);
}
