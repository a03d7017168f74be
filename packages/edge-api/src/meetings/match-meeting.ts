import { handleAshbyAuthFailure } from "../connection/mark-needs-reauth";
import type { ConnectionRow } from "../db/schema";
import type { Deps } from "../deps";
import {
  type InterviewContext,
  loadInterviewContext,
  refreshScheduleEvents,
  syncedEventsBetween,
  toMatchable,
} from "./interview-context";
import {
  MATCH_TOLERANCE,
  type MatchableMeeting,
  type MatchOutcome,
  matchMeetingToInterview,
} from "./match-interview";

/**
 * Match a meeting with what the kit knows, refreshing first when the synced copy may be stale. The sync runs every
 * 6–24 h, so an interview rescheduled this morning may still sit at its old time in D1; a meeting that ended in
 * the last day triggers a re-read of the schedules around it (a bounded number of calls).
 */

/** Schedules whose events lie this far around the meeting are re-read on a fresh meeting. */
const REFRESH_AROUND_MS = 24 * 3600_000;
/** A meeting that ended less than this ago counts as fresh. */
const FRESH_MEETING_MS = 24 * 3600_000;
const MAX_REFRESHED_SCHEDULES = 10;

export async function matchMeeting(
  deps: Deps,
  connection: ConnectionRow | undefined,
  meeting: MatchableMeeting,
): Promise<MatchOutcome> {
  if (!connection) return matchMeetingToInterview(meeting, []);
  const db = deps.config.DB;
  const startMs = Date.parse(meeting.startTime);
  const endMs = Date.parse(meeting.endTime);
  const nowMs = deps.clock.now().getTime();

  if (connection.status === "active" && nowMs - endMs < FRESH_MEETING_MS) {
    const around = await syncedEventsBetween(
      db,
      connection.id,
      startMs - REFRESH_AROUND_MS,
      endMs + REFRESH_AROUND_MS,
    );
    // Nearest first: with a busy calendar the cap must drop the far schedules, not the one the meeting belongs to.
    const distance = (e: (typeof around)[number]) => Math.abs(Date.parse(e.event.startTime) - startMs);
    around.sort((a, b) => distance(a) - distance(b));
    const scheduleIds = [...new Set(around.map((e) => e.scheduleId))].slice(0, MAX_REFRESHED_SCHEDULES);
    if (scheduleIds.length > 0) {
      const opened = await deps.ashbyFor(connection);
      if (opened.ok) {
        const refresh = await refreshScheduleEvents(db, opened.value, connection.id, scheduleIds, nowMs);
        if (refresh.error) {
          await handleAshbyAuthFailure(deps, connection.id, refresh.error);
          deps.logger.warn("meetings.refresh_failed", {
            connectionId: connection.id,
            code: refresh.error.code,
          });
        }
      }
    }
  }

  const nearby = await syncedEventsBetween(
    db,
    connection.id,
    startMs - MATCH_TOLERANCE.afterEndMs,
    endMs + MATCH_TOLERANCE.beforeStartMs,
  );
  const contexts: InterviewContext[] = [];
  for (const { event } of nearby) {
    const context = await loadInterviewContext(db, connection.id, event.id);
    if (context) contexts.push(context);
  }
  return matchMeetingToInterview(meeting, contexts.map(toMatchable));
}
