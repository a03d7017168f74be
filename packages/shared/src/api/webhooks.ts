import { z } from "zod";
import { pageQueryFields } from "./page-query";

export const HOST_EVENT_TYPES = [
  "sync.completed",
  "sync.failed",
  "records.changed",
  "connection.needs_reauth",
  // Interview feedback write-back (edge-api src/writeback): the feedback landed, failed for good, or was deleted in Ashby.
  "feedback.submitted",
  "feedback.failed",
  "feedback.deleted_in_ashby",
  // Push-back (edge-api src/push): a custom field, tag or note write that ended failed.
  "write.failed",
] as const;
export const HostEventTypeSchema = z.enum(HOST_EVENT_TYPES).meta({ id: "HostEventType" });
export type HostEventType = z.infer<typeof HostEventTypeSchema>;

const WebhookUrlSchema = z
  .url({ protocol: /^https?$/ })
  .max(2048)
  .describe("Where events are POSTed. https in production; http is accepted for local development.");

export const CreateWebhookEndpointRequestSchema = z
  .strictObject({
    url: WebhookUrlSchema,
    /** Omit for every event type. */
    eventTypes: z.array(HostEventTypeSchema).min(1).max(HOST_EVENT_TYPES.length).optional(),
    description: z.string().max(500).optional(),
  })
  .meta({ id: "CreateWebhookEndpointRequest" });
export type CreateWebhookEndpointRequest = z.infer<typeof CreateWebhookEndpointRequestSchema>;

export const WebhookEndpointSchema = z
  .object({
    id: z.string(),
    url: z.string(),
    eventTypes: z.array(HostEventTypeSchema),
    description: z.string().nullable(),
    status: z.enum(["enabled", "disabled"]),
    createdAt: z.iso.datetime(),
  })
  .meta({ id: "WebhookEndpoint" });
export type WebhookEndpoint = z.infer<typeof WebhookEndpointSchema>;

/** Only the creation response carries the signing secret; it is never shown again. */
export const CreatedWebhookEndpointSchema = WebhookEndpointSchema.extend({
  secret: z
    .string()
    .describe("Standard Webhooks signing secret (whsec_…). Store it now; it is not shown again."),
}).meta({ id: "CreatedWebhookEndpoint" });
export type CreatedWebhookEndpoint = z.infer<typeof CreatedWebhookEndpointSchema>;

export const WebhookEndpointListSchema = z
  .object({ endpoints: z.array(WebhookEndpointSchema) })
  .meta({ id: "WebhookEndpointList" });
export type WebhookEndpointList = z.infer<typeof WebhookEndpointListSchema>;

export const WebhookAttemptSchema = z
  .object({
    attempt: z.number().int().positive(),
    trigger: z.enum(["queue", "replay"]),
    startedAt: z.iso.datetime(),
    durationMs: z.number().int().nonnegative(),
    responseStatus: z.number().int().nullable(),
    error: z.string().nullable(),
    succeeded: z.boolean(),
  })
  .meta({ id: "WebhookAttempt" });
export type WebhookAttempt = z.infer<typeof WebhookAttemptSchema>;

export const WebhookDeliverySchema = z
  .object({
    id: z.string(),
    endpointId: z.string(),
    eventId: z.string(),
    eventType: HostEventTypeSchema,
    status: z.enum(["pending", "succeeded", "failed"]),
    createdAt: z.iso.datetime(),
    attempts: z.array(WebhookAttemptSchema),
  })
  .meta({ id: "WebhookDelivery" });
export type WebhookDelivery = z.infer<typeof WebhookDeliverySchema>;

export const ListWebhookDeliveriesQuerySchema = z.object({
  endpointId: z.string().max(100).optional(),
  status: z.enum(["pending", "succeeded", "failed"]).optional(),
  ...pageQueryFields(),
});
export type ListWebhookDeliveriesQuery = z.infer<typeof ListWebhookDeliveriesQuerySchema>;

export const WebhookDeliveryListSchema = z
  .object({ deliveries: z.array(WebhookDeliverySchema), nextCursor: z.string().nullable() })
  .meta({ id: "WebhookDeliveryList" });
export type WebhookDeliveryList = z.infer<typeof WebhookDeliveryListSchema>;

/** A delivery attempt on the `sync` queue (see src/webhooks/consumer.ts for why that queue). */
export const WebhookDeliveryMessageSchema = z.object({
  kind: z.literal("webhook"),
  version: z.literal(1),
  deliveryId: z.string().min(1),
  trigger: z.enum(["queue", "replay"]),
});
export type WebhookDeliveryMessage = z.infer<typeof WebhookDeliveryMessageSchema>;
