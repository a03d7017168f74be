import { z } from "zod";
import { ActorTypeSchema } from "./connection";
import { pageQueryFields } from "./page-query";
import { UserRoleSchema } from "./tenants";

export const AUDIT_EVENT_TYPES = [
  "connection.connected",
  "connection.paused",
  "connection.resumed",
  "connection.interval_changed",
  "connection.disconnected",
  "connection.needs_reauth",
] as const;
export const AuditEventTypeSchema = z.enum(AUDIT_EVENT_TYPES).meta({ id: "AuditEventType" });
export type AuditEventType = z.infer<typeof AuditEventTypeSchema>;

export const AuditEventSchema = z
  .object({
    id: z.string(),
    type: AuditEventTypeSchema,
    occurredAt: z.iso.datetime(),
    actor: z.object({
      type: ActorTypeSchema,
      email: z.string().nullable(),
      role: UserRoleSchema.nullable(),
    }),
    details: z.record(z.string(), z.unknown()),
  })
  .meta({ id: "AuditEvent" });
export type AuditEvent = z.infer<typeof AuditEventSchema>;

export const ListAuditEventsQuerySchema = z.object({
  ...pageQueryFields(),
  type: AuditEventTypeSchema.optional(),
});
export type ListAuditEventsQuery = z.infer<typeof ListAuditEventsQuerySchema>;

/** Newest first. `nextCursor` is null on the last page. */
export const AuditEventListSchema = z
  .object({ events: z.array(AuditEventSchema), nextCursor: z.string().nullable() })
  .meta({ id: "AuditEventList" });
export type AuditEventList = z.infer<typeof AuditEventListSchema>;
