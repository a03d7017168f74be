import type { z } from "zod";
import { AuditEventListSchema, ListAuditEventsQuerySchema } from "./audit-events";
import {
  ConnectAshbyRequestSchema,
  ConnectionSchema,
  DisconnectQuerySchema,
  UpdateConnectionRequestSchema,
} from "./connection";
import { FeedbackStateSchema, SubmitFeedbackRequestSchema } from "./feedback";
import { MeetingSchema, SetMeetingMatchRequestSchema, UpsertMeetingRequestSchema } from "./meetings";
import { pushEndpoints } from "./push-endpoints";
import { RequirementsResponseSchema } from "./requirements";
import { CreateSessionRequestSchema, CreateSessionResponseSchema } from "./sessions";
import { syncEndpoints } from "./sync-endpoints";

/**
 * Who may call an endpoint. `secret_key`: only the host backend's secret key. `any`: a secret key (plus
 * `X-Workspace-Id`) or a widget session token. `owner_or_admin`: like `any`, but members are refused.
 */
export type EndpointAuth = "secret_key" | "any" | "owner_or_admin";

export interface Endpoint {
  readonly method: "GET" | "POST" | "PUT" | "PATCH" | "DELETE";
  readonly path: string;
  readonly auth: EndpointAuth;
  readonly workspaceScoped: boolean;
  readonly successStatus: 200 | 201 | 202 | 204;
  readonly body?: z.ZodType;
  readonly query?: z.ZodType;
  readonly response?: z.ZodType;
  readonly summary: string;
}

/**
 * Every workspace endpoint of the edge API as data: the server registers its routes from these, and the
 * partner client and the widgets call with them, so both sides validate with the same schemas at runtime.
 */
export const endpoints = {
  createSession: {
    method: "POST",
    path: "/v1/sessions",
    auth: "secret_key",
    workspaceScoped: false,
    successStatus: 201,
    body: CreateSessionRequestSchema,
    response: CreateSessionResponseSchema,
    summary: "Mint a short-lived session token for a user of one workspace (host backend only).",
  },
  getConnection: {
    method: "GET",
    path: "/v1/connection",
    auth: "any",
    workspaceScoped: true,
    successStatus: 200,
    response: ConnectionSchema,
    summary: "The workspace's Ashby connection: status, interval, permissions, sync times. Never the key.",
  },
  connect: {
    method: "POST",
    path: "/v1/connection",
    auth: "owner_or_admin",
    workspaceScoped: true,
    successStatus: 201,
    body: ConnectAshbyRequestSchema,
    response: ConnectionSchema,
    summary:
      "Connect Ashby with an API key: checks it and its permissions, stores it encrypted, starts a sync.",
  },
  updateConnection: {
    method: "PATCH",
    path: "/v1/connection",
    auth: "owner_or_admin",
    workspaceScoped: true,
    successStatus: 200,
    body: UpdateConnectionRequestSchema,
    response: ConnectionSchema,
    summary: "Change the sync interval, or pause / resume syncs and writes.",
  },
  disconnect: {
    method: "DELETE",
    path: "/v1/connection",
    auth: "owner_or_admin",
    workspaceScoped: true,
    successStatus: 200,
    query: DisconnectQuerySchema,
    response: ConnectionSchema,
    summary: "Wipe the stored key and stop everything; `?purge=true` also deletes synced data.",
  },
  getRequirements: {
    method: "GET",
    path: "/v1/connection/requirements",
    auth: "any",
    workspaceScoped: true,
    successStatus: 200,
    response: RequirementsResponseSchema,
    summary: "The Ashby permissions the kit needs, what each is for, and which features use it.",
  },
  listAuditEvents: {
    method: "GET",
    path: "/v1/audit-events",
    auth: "owner_or_admin",
    workspaceScoped: true,
    successStatus: 200,
    query: ListAuditEventsQuerySchema,
    response: AuditEventListSchema,
    summary:
      "Connection events of the workspace (connected, paused, resumed, interval changed, ...), newest first.",
  },
  upsertMeeting: {
    method: "PUT",
    path: "/v1/meetings/{meetingId}",
    auth: "any",
    workspaceScoped: true,
    successStatus: 200,
    body: UpsertMeetingRequestSchema,
    response: MeetingSchema,
    summary: "Create or replace a recorded meeting (the host's own id) and match it to an Ashby interview.",
  },
  setMeetingMatch: {
    method: "PUT",
    path: "/v1/meetings/{meetingId}/match",
    auth: "any",
    workspaceScoped: true,
    successStatus: 200,
    body: SetMeetingMatchRequestSchema,
    response: MeetingSchema,
    summary: "Pick or correct the Ashby interview event a meeting belongs to.",
  },
  getMeetingFeedback: {
    method: "GET",
    path: "/v1/meetings/{meetingId}/feedback",
    auth: "any",
    workspaceScoped: true,
    successStatus: 200,
    response: FeedbackStateSchema,
    summary: "The calling user's feedback state for a meeting: what the sync button and its modal render.",
  },
  submitMeetingFeedback: {
    method: "POST",
    path: "/v1/meetings/{meetingId}/feedback",
    auth: "any",
    workspaceScoped: true,
    successStatus: 202,
    body: SubmitFeedbackRequestSchema,
    response: FeedbackStateSchema,
    summary:
      "Send the meeting's summary, recording link and a recommendation to Ashby as interview feedback.",
  },
  ...syncEndpoints,
  ...pushEndpoints,
} as const satisfies Record<string, Endpoint>;

export type EndpointName = keyof typeof endpoints;
