import { ControlError } from "./control-actions.ts";
import type { Mutation, MutationResult } from "./control-contract.ts";
import type { Org } from "./org.ts";
import type { ApplicationRecord, CandidateRecord, JobRecord, NoteRecord } from "./records.ts";

/**
 * Changes made "in Ashby's UI". Each one takes the next change sequence and stamps updatedAt, so the next
 * incremental sync returns the record; deletions only hide records (no tombstone), as in Ashby.
 */

function need<T>(record: T | undefined, what: string, id: string): T {
  if (!record) throw new ControlError(404, `${what}_not_found`, `No ${what} ${id}.`);
  return record;
}

export function createNote(
  org: Org,
  input: { candidateId: string; content: string; authorId: string; isPrivate: boolean; createdAt: number },
): NoteRecord {
  const note: NoteRecord = {
    id: org.newId("note"),
    candidateId: input.candidateId,
    createdAt: input.createdAt,
    isPrivate: input.isPrivate,
    content: input.content,
    authorId: input.authorId,
  };
  org.tables.notes.put(note, org.nextSeq());
  const list = org.createdNotesByCandidate.get(input.candidateId) ?? [];
  list.push(note.id);
  org.createdNotesByCandidate.set(input.candidateId, list);
  return note;
}

/** Move an application; entering the Archived stage needs an archive reason, leaving it clears it. */
export function changeStage(
  org: Org,
  application: ApplicationRecord,
  stageId: string,
  archiveReasonId: string | undefined,
  now: number,
  actorId: string,
): ApplicationRecord {
  const stage = need(org.tables.interviewStages.get(stageId), "interview_stage", stageId);
  const job = org.tables.jobs.get(application.jobId);
  const plan = job ? org.tables.interviewPlans.get(job.defaultInterviewPlanId) : undefined;
  if (plan && !plan.stageIds.includes(stage.id)) {
    throw new ControlError(
      400,
      "invalid_input",
      "The stage is not part of the application's interview plan.",
    );
  }
  if (stage.type === "Archived" && !archiveReasonId) {
    throw new ControlError(400, "invalid_input", "Moving to an Archived stage needs archiveReasonId.");
  }
  if (stage.type !== "Archived" && archiveReasonId) {
    throw new ControlError(400, "invalid_input", "archiveReasonId is only allowed for Archived stages.");
  }
  if (archiveReasonId)
    need(org.tables.archiveReasons.get(archiveReasonId), "archive_reason", archiveReasonId);
  const history = application.history.map((visit, index) =>
    index === application.history.length - 1 && visit.leftAt === null ? { ...visit, leftAt: now } : visit,
  );
  history.push({ stageId: stage.id, enteredAt: now, leftAt: null, actorId });
  const updated: ApplicationRecord = {
    ...application,
    stageId: stage.id,
    history,
    archiveReasonId: archiveReasonId ?? null,
    archivedAt: stage.type === "Archived" ? now : null,
    updatedAt: now,
  };
  org.tables.applications.put(updated, org.nextSeq());
  return updated;
}

function firstStageOf(org: Org, job: JobRecord): string {
  const plan = need(
    org.tables.interviewPlans.get(job.defaultInterviewPlanId),
    "interview_plan",
    job.defaultInterviewPlanId,
  );
  // Application Review: the stage new applicants land in.
  return plan.stageIds[1] ?? plan.stageIds[0] ?? "";
}

function createApplication(
  org: Org,
  candidate: CandidateRecord,
  job: JobRecord,
  now: number,
): ApplicationRecord {
  const stageId = firstStageOf(org, job);
  const application: ApplicationRecord = {
    id: org.newId("application"),
    candidateId: candidate.id,
    jobId: job.id,
    createdAt: now,
    updatedAt: now,
    stageId,
    history: [{ stageId, enteredAt: now, leftAt: null, actorId: org.apiUserId }],
    archiveReasonId: null,
    archivedAt: null,
    sourceId: candidate.sourceId,
    creditedToUserId: candidate.creditedToUserId,
    customFields: {},
  };
  org.tables.applications.put(application, org.nextSeq());
  return application;
}

function splitName(name: string): { firstName: string; lastName: string } {
  const parts = name.trim().split(/\s+/);
  return { firstName: parts[0] ?? name, lastName: parts.slice(1).join(" ") };
}

export function applyMutation(org: Org, mutation: Mutation, now: number): MutationResult {
  const t = org.tables;
  switch (mutation.type) {
    case "candidate.create": {
      const { firstName, lastName } = splitName(mutation.name ?? "New Candidate");
      const sourceId = t.sources.at(0)?.id ?? "";
      const id = org.newId("candidate");
      let candidate: CandidateRecord = {
        id,
        createdAt: now,
        updatedAt: now,
        firstName,
        lastName,
        email: mutation.email ?? `${firstName}.${lastName}.${id.slice(-6)}@mail.example`.toLowerCase(),
        phone: mutation.phoneNumber ?? "",
        linkedInSlug: "",
        position: mutation.position ?? "",
        company: mutation.company ?? "",
        school: "",
        city: "",
        tagIds: [],
        applicationIds: [],
        sourceId,
        creditedToUserId: org.apiUserId,
        resume: { id: org.newId("file"), name: `${firstName}_${lastName}_Resume.pdf` },
        files: [],
        customFields: {},
        timezone: "Europe/London",
      };
      candidate.files = [candidate.resume];
      if (mutation.jobId) {
        const job = need(t.jobs.get(mutation.jobId), "job", mutation.jobId);
        const application = createApplication(org, candidate, job, now);
        candidate = { ...candidate, applicationIds: [application.id] };
      }
      t.candidates.put(candidate, org.nextSeq());
      return {
        changeSeq: org.changeSeq,
        record: { candidateId: candidate.id, applicationIds: candidate.applicationIds },
      };
    }
    case "candidate.update": {
      const candidate = need(t.candidates.get(mutation.candidateId), "candidate", mutation.candidateId);
      const names = mutation.name ? splitName(mutation.name) : {};
      const updated: CandidateRecord = {
        ...candidate,
        ...names,
        ...(mutation.email !== undefined ? { email: mutation.email } : {}),
        ...(mutation.phoneNumber !== undefined ? { phone: mutation.phoneNumber } : {}),
        ...(mutation.position !== undefined ? { position: mutation.position } : {}),
        ...(mutation.company !== undefined ? { company: mutation.company } : {}),
        updatedAt: now,
      };
      t.candidates.put(updated, org.nextSeq());
      return { changeSeq: org.changeSeq, record: { candidateId: updated.id } };
    }
    case "candidate.delete": {
      const candidate = need(t.candidates.get(mutation.candidateId), "candidate", mutation.candidateId);
      for (const applicationId of candidate.applicationIds) t.applications.delete(applicationId);
      t.candidates.delete(candidate.id);
      return { changeSeq: org.changeSeq };
    }
    case "application.changeStage": {
      const application = need(
        t.applications.get(mutation.applicationId),
        "application",
        mutation.applicationId,
      );
      const updated = changeStage(
        org,
        application,
        mutation.interviewStageId,
        mutation.archiveReasonId,
        now,
        org.apiUserId,
      );
      // How many stage-history entries (application.info's applicationHistory) the move added or changed: a
      // benchmark counts what really changed in Ashby without reading every history before and after.
      const historyEntriesChanged = updated.history.filter(
        (visit, index) => visit !== application.history[index],
      ).length;
      return {
        changeSeq: org.changeSeq,
        record: { applicationId: updated.id, stageId: updated.stageId, historyEntriesChanged },
      };
    }
    case "application.delete": {
      const application = need(
        t.applications.get(mutation.applicationId),
        "application",
        mutation.applicationId,
      );
      t.applications.delete(application.id);
      const candidate = t.candidates.get(application.candidateId);
      // The candidate's applicationIds shrink; that is an edit of the candidate in Ashby, so it is visible.
      if (candidate) {
        t.candidates.put(
          {
            ...candidate,
            applicationIds: candidate.applicationIds.filter((id) => id !== application.id),
            updatedAt: now,
          },
          org.nextSeq(),
        );
      }
      return { changeSeq: org.changeSeq };
    }
    case "job.setStatus":
    case "job.archive": {
      const job = need(t.jobs.get(mutation.jobId), "job", mutation.jobId);
      const status = mutation.type === "job.archive" ? "Archived" : mutation.status;
      const closing = status === "Closed" || status === "Archived";
      t.jobs.put(
        {
          ...job,
          status,
          openedAt: status === "Open" && job.openedAt === null ? now : job.openedAt,
          closedAt: closing ? (job.closedAt ?? now) : null,
          updatedAt: now,
        },
        org.nextSeq(),
      );
      return { changeSeq: org.changeSeq, record: { jobId: job.id, status } };
    }
    case "job.delete": {
      need(t.jobs.get(mutation.jobId), "job", mutation.jobId);
      t.jobs.delete(mutation.jobId);
      return { changeSeq: org.changeSeq };
    }
    case "note.add": {
      need(t.candidates.get(mutation.candidateId), "candidate", mutation.candidateId);
      const authorId = mutation.userId ?? org.apiUserId;
      need(t.users.get(authorId), "user", authorId);
      const note = createNote(org, {
        candidateId: mutation.candidateId,
        content: mutation.content,
        authorId,
        isPrivate: false,
        createdAt: now,
      });
      return { changeSeq: org.changeSeq, record: { noteId: note.id } };
    }
    case "user.deactivate": {
      const user = need(t.users.get(mutation.userId), "user", mutation.userId);
      t.users.put({ ...user, isEnabled: false, updatedAt: now }, org.nextSeq());
      return { changeSeq: org.changeSeq };
    }
    case "interviewEvent.reschedule": {
      const event = need(
        t.events.get(mutation.interviewEventId),
        "interview_event",
        mutation.interviewEventId,
      );
      const startTime = Date.parse(mutation.startTime);
      const endTime = Date.parse(mutation.endTime);
      if (Number.isNaN(startTime) || Number.isNaN(endTime) || endTime <= startTime) {
        throw new ControlError(
          400,
          "invalid_request",
          "startTime and endTime must be ISO date-times, start before end.",
        );
      }
      t.events.put({ ...event, startTime, endTime, updatedAt: now }, org.nextSeq());
      // Ashby treats a change to one of a schedule's events as a change to the schedule (it fires
      // interviewScheduleUpdate), so an incremental interviewSchedule.list must return the schedule again.
      const schedule = t.schedules.get(event.scheduleId);
      if (schedule) t.schedules.put({ ...schedule, updatedAt: now }, org.nextSeq());
      return { changeSeq: org.changeSeq };
    }
  }
}
