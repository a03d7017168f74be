import type { AuditEvent, AuditEventType } from "@ashby-kit/shared";
import { and, desc, eq, lt, sql } from "drizzle-orm";
import type { Actor } from "../../connection/actor";
import type { Db } from "../client";
import { type AuditEventRow, auditEvents } from "../schema";

export interface NewAuditEvent {
  id: string;
  tenantId: string;
  workspaceId: string;
  connectionId: string | null;
  type: AuditEventType;
  actor: Actor;
  details: Record<string, unknown>;
  occurredAt: Date;
}

export function insertAuditEventStatement(db: Db, event: NewAuditEvent) {
  return db.insert(auditEvents).values({
    id: event.id,
    tenantId: event.tenantId,
    workspaceId: event.workspaceId,
    connectionId: event.connectionId,
    type: event.type,
    actorType: event.actor.type,
    actorEmail: event.actor.email,
    actorRole: event.actor.role,
    details: event.details,
    occurredAt: event.occurredAt,
  });
}

/**
 * The same event, inserted only if the statement just before it in the same batch changed a row (SQLite's
 * `changes()`): a state change is audited by whoever made it, once, even when several callers race to make it.
 * The values follow the table's column order, as INSERT … SELECT fills every column.
 */
export function insertAuditEventAfterChangeStatement(db: Db, event: NewAuditEvent) {
  return db.insert(auditEvents).select(
    sql`SELECT ${event.id}, ${event.tenantId}, ${event.workspaceId}, ${event.connectionId}, ${event.type},
      ${event.actor.type}, ${event.actor.email}, ${event.actor.role}, ${JSON.stringify(event.details)},
      ${event.occurredAt.getTime()} WHERE changes() > 0`,
  );
}

/** Newest first; the cursor is the id of the last event of the previous page (ids sort by creation time). */
export async function listAuditEvents(
  db: Db,
  workspaceId: string,
  options: { limit: number; before?: string; type?: AuditEventType },
): Promise<{ events: AuditEventRow[]; nextCursor: string | null }> {
  const conditions = [eq(auditEvents.workspaceId, workspaceId)];
  if (options.before) {
    conditions.push(lt(auditEvents.id, options.before));
  }
  if (options.type) {
    conditions.push(eq(auditEvents.type, options.type));
  }
  const rows = await db
    .select()
    .from(auditEvents)
    .where(and(...conditions))
    .orderBy(desc(auditEvents.id))
    .limit(options.limit + 1);
  const page = rows.slice(0, options.limit);
  const last = page.at(-1);
  return { events: page, nextCursor: rows.length > options.limit && last ? last.id : null };
}

export function toAuditEvent(row: AuditEventRow): AuditEvent {
  return {
    id: row.id,
    type: row.type as AuditEventType,
    occurredAt: row.occurredAt.toISOString(),
    actor: { type: row.actorType, email: row.actorEmail, role: row.actorRole },
    details: row.details,
  };
}
