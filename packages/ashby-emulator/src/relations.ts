import { decodeId } from "./ids.ts";
import type { Org } from "./org.ts";
import { seededChildPositions } from "./org-seed.ts";
import type { EventRecord, FeedbackRecord, NoteRecord, ScheduleRecord } from "./records.ts";

/** Children of a record: seeded ones by index arithmetic, created ones from the org's side indexes. */

function seeded<T extends { id: string }>(
  org: Org,
  parentKind: "candidate" | "application" | "schedule",
  parentId: string,
  relation: Parameters<typeof seededChildPositions>[0],
  at: (position: number) => T | undefined,
): T[] {
  const index = decodeId(org.salt, parentKind, parentId);
  if (index === null) return [];
  return seededChildPositions(relation, index)
    .map(at)
    .filter((record): record is T => record !== undefined);
}

export function notesOfCandidate(org: Org, candidateId: string): NoteRecord[] {
  const notes = org.tables.notes;
  const seededNotes = seeded(org, "candidate", candidateId, "notesOfCandidate", (p) =>
    p < notes.seededCount ? notes.at(p) : undefined,
  ).filter((note) => note.candidateId === candidateId);
  const created = (org.createdNotesByCandidate.get(candidateId) ?? [])
    .map((id) => notes.get(id))
    .filter((note): note is NoteRecord => note !== undefined);
  return [...seededNotes, ...created];
}

export function schedulesOfApplication(org: Org, applicationId: string): ScheduleRecord[] {
  const schedules = org.tables.schedules;
  return seeded(org, "application", applicationId, "scheduleOfApplication", (p) =>
    p < schedules.seededCount ? schedules.at(p) : undefined,
  ).filter((schedule) => schedule.applicationId === applicationId);
}

export function eventsOfSchedule(org: Org, schedule: ScheduleRecord): EventRecord[] {
  return schedule.eventIds
    .map((id) => org.tables.events.get(id))
    .filter((event): event is EventRecord => event !== undefined);
}

export function feedbackOfApplication(org: Org, applicationId: string): FeedbackRecord[] {
  const feedback = org.tables.feedback;
  const seededFeedback = seeded(org, "application", applicationId, "feedbackOfApplication", (p) =>
    p < feedback.seededCount ? feedback.at(p) : undefined,
  ).filter((record) => record.applicationId === applicationId);
  const created = (org.createdFeedbackByApplication.get(applicationId) ?? [])
    .map((id) => feedback.get(id))
    .filter((record): record is FeedbackRecord => record !== undefined);
  return [...seededFeedback, ...created];
}
