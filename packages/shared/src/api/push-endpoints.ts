import {
  AshbyCustomFieldListSchema,
  ListAshbyCustomFieldsQuerySchema,
  PushSettingsSchema,
  PutPushSettingsRequestSchema,
} from "./push-settings";
import {
  CreatePushRequestSchema,
  CreatePushResponseSchema,
  ListWritesQuerySchema,
  WriteListSchema,
} from "./pushes";
import type { Endpoint } from "./routes";

/** Push-back settings, pushes and the write ledger (merged into `endpoints` in routes.ts). */
export const pushEndpoints = {
  getPushSettings: {
    method: "GET",
    path: "/v1/push-settings",
    auth: "any",
    workspaceScoped: true,
    successStatus: 200,
    response: PushSettingsSchema,
    summary: "How AI outputs become Ashby custom fields, tags and notes (readable by members).",
  },
  putPushSettings: {
    method: "PUT",
    path: "/v1/push-settings",
    auth: "owner_or_admin",
    workspaceScoped: true,
    successStatus: 200,
    body: PutPushSettingsRequestSchema,
    response: PushSettingsSchema,
    summary: "Replace the push settings; mappings are checked against the workspace's synced custom fields.",
  },
  listAshbyCustomFields: {
    method: "GET",
    path: "/v1/ashby/custom-fields",
    auth: "any",
    workspaceScoped: true,
    successStatus: 200,
    query: ListAshbyCustomFieldsQuerySchema,
    response: AshbyCustomFieldListSchema,
    summary: "The custom fields the workspace has in Ashby (from synced data), with their types.",
  },
  createPush: {
    method: "POST",
    path: "/v1/pushes",
    auth: "any",
    workspaceScoped: true,
    successStatus: 202,
    body: CreatePushRequestSchema,
    response: CreatePushResponseSchema,
    summary: "Push scores and analysis for up to 100 candidates or applications; one ledger entry per write.",
  },
  listWrites: {
    method: "GET",
    path: "/v1/writes",
    auth: "any",
    workspaceScoped: true,
    successStatus: 200,
    query: ListWritesQuerySchema,
    response: WriteListSchema,
    summary: "The write-back ledger: what was sent to Ashby, when, the result and Ashby's request id.",
  },
} as const satisfies Record<string, Endpoint>;
