import { index, integer, primaryKey, sqliteTable, text } from "drizzle-orm/sqlite-core";

/**
 * Recorded meetings the host pushed (`PUT /v1/meetings/{meetingId}`), keyed by the host's own id inside a
 * workspace, with the Ashby interview event they were matched to. The match is stored, not recomputed on every
 * read: it must stay put once a user corrected it, and a later sync must not silently move feedback elsewhere.
 */
export const meetings = sqliteTable(
  "meetings",
  {
    workspaceId: text("workspace_id").notNull(),
    meetingId: text("meeting_id").notNull(),
    title: text("title"),
    /** ISO strings as the host sent them, plus ms since epoch for range queries. */
    startTime: text("start_time").notNull(),
    endTime: text("end_time").notNull(),
    startMs: integer("start_ms").notNull(),
    endMs: integer("end_ms").notNull(),
    recorderEmail: text("recorder_email").notNull(),
    attendeeEmails: text("attendee_emails", { mode: "json" }).$type<string[]>().notNull(),
    recordingUrl: text("recording_url"),
    summary: text("summary").notNull(),
    /** `matched | no_match` */
    matchStatus: text("match_status", { enum: ["matched", "no_match"] }).notNull(),
    /** `auto | user`: a user's choice is never overwritten by a re-match. */
    matchSource: text("match_source", { enum: ["auto", "user"] }).notNull(),
    matchedEventId: text("matched_event_id"),
    matchReasonCode: text("match_reason_code").notNull(),
    matchReason: text("match_reason").notNull(),
    /** JSON array of MatchCandidate (shared/api/meetings.ts). */
    matchAlternatives: text("match_alternatives", { mode: "json" }).$type<unknown[]>().notNull(),
    matchedAt: integer("matched_at").notNull(),
    createdAt: integer("created_at").notNull(),
    updatedAt: integer("updated_at").notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.workspaceId, t.meetingId] }),
    index("meetings_event_idx").on(t.workspaceId, t.matchedEventId),
  ],
);

export type MeetingRow = typeof meetings.$inferSelect;
