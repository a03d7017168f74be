import {
  type MatchCandidate,
  MatchCandidateSchema,
  type Meeting,
  type UpsertMeetingRequest,
} from "@ashby-kit/shared";
import { and, eq } from "drizzle-orm";
import type { Db } from "../db/client";
import { type MeetingRow, meetings } from "../db/schema";
import type { MatchOutcome } from "./match-interview";

export async function findMeeting(
  db: Db,
  workspaceId: string,
  meetingId: string,
): Promise<MeetingRow | undefined> {
  const [row] = await db
    .select()
    .from(meetings)
    .where(and(eq(meetings.workspaceId, workspaceId), eq(meetings.meetingId, meetingId)))
    .limit(1);
  return row;
}

export type StoredMatch = MatchOutcome & { source: "auto" | "user" };

/**
 * Insert or replace the meeting's content and match in one statement (PUT is a full replacement). A match a user
 * chose survives a re-sent meeting unless the caller decided otherwise (see routes/meetings.ts).
 */
export async function upsertMeeting(
  db: Db,
  workspaceId: string,
  meetingId: string,
  body: UpsertMeetingRequest,
  match: StoredMatch,
  nowMs: number,
): Promise<MeetingRow> {
  const values = {
    title: body.title ?? null,
    startTime: body.startTime,
    endTime: body.endTime,
    startMs: Date.parse(body.startTime),
    endMs: Date.parse(body.endTime),
    recorderEmail: body.recorderEmail.trim().toLowerCase(),
    attendeeEmails: (body.attendeeEmails ?? []).map((e) => e.trim().toLowerCase()),
    recordingUrl: body.recordingUrl ?? null,
    summary: body.summary,
    ...matchColumns(match, nowMs),
    updatedAt: nowMs,
  };
  const [row] = await db
    .insert(meetings)
    .values({ workspaceId, meetingId, ...values, createdAt: nowMs })
    .onConflictDoUpdate({ target: [meetings.workspaceId, meetings.meetingId], set: values })
    .returning();
  if (!row) throw new Error("meeting upsert returned no row");
  return row;
}

function matchColumns(match: StoredMatch, nowMs: number) {
  return {
    matchStatus: match.status,
    matchSource: match.source,
    matchedEventId: match.interviewEventId,
    matchReasonCode: match.reasonCode,
    matchReason: match.reason,
    matchAlternatives: match.alternatives,
    matchedAt: nowMs,
  };
}

export async function saveMatch(
  db: Db,
  row: MeetingRow,
  match: StoredMatch,
  nowMs: number,
): Promise<MeetingRow> {
  const [updated] = await db
    .update(meetings)
    .set({ ...matchColumns(match, nowMs), updatedAt: nowMs })
    .where(and(eq(meetings.workspaceId, row.workspaceId), eq(meetings.meetingId, row.meetingId)))
    .returning();
  if (!updated) throw new Error("meeting vanished while saving its match");
  return updated;
}

export function storedAlternatives(row: MeetingRow): MatchCandidate[] {
  const parsed = MatchCandidateSchema.array().safeParse(row.matchAlternatives);
  return parsed.success ? parsed.data : [];
}

export function toMeeting(row: MeetingRow): Meeting {
  return {
    meetingId: row.meetingId,
    title: row.title,
    startTime: row.startTime,
    endTime: row.endTime,
    recorderEmail: row.recorderEmail,
    attendeeEmails: row.attendeeEmails,
    recordingUrl: row.recordingUrl,
    summary: row.summary,
    match: {
      status: row.matchStatus,
      source: row.matchSource,
      interviewEventId: row.matchedEventId,
      reasonCode: row.matchReasonCode as Meeting["match"]["reasonCode"],
      reason: row.matchReason,
      alternatives: storedAlternatives(row),
      matchedAt: new Date(row.matchedAt).toISOString(),
    },
    createdAt: new Date(row.createdAt).toISOString(),
    updatedAt: new Date(row.updatedAt).toISOString(),
  };
}
