/**
 * @module The read API over synced Ashby data: /v1/candidates (+ one candidate with its applications, notes, tags,
 * custom fields and attachments), /v1/applications, /v1/jobs, /v1/users, /v1/interview-events. Paginated,
 * filterable by `updatedSince` and ids. Served from D1, so it stays readable while the connection is paused,
 * needs re-auth, or was disconnected without purge. The one exception is an attachment's file: its link is asked
 * of Ashby when wanted (/v1/attachments/{id}/url), so that needs an active connection.
 */
import {
  AttachmentUrlSchema,
  CandidateDetailSchema,
  type ListRecordsQuery,
  ListRecordsQuerySchema,
  RECORD_COLLECTIONS,
  RecordIdParamSchema,
  SyncedRecordListSchema,
  syncEndpoints,
} from "@ashby-kit/shared";
import { createRoute, OpenAPIHono } from "@hono/zod-openapi";
import { requireWorkspace } from "../auth/require-auth";
import type { AppEnv } from "../env";
import { ApiError } from "../lib/api-error";
import { fetchAttachmentUrl } from "../sync/attachment-url";
import { getRecord, listChildren, listRecords, syncedConnectionOf } from "../sync/records-reader";
import { workspaceHeaders } from "./connection";
import { AUTH_ERRORS, errorResponses, jsonResponse } from "./openapi-helpers";

const security = [{ secretKey: [] }, { sessionToken: [] }];

const collections = [
  [syncEndpoints.listCandidates, RECORD_COLLECTIONS.candidates],
  [syncEndpoints.listApplications, RECORD_COLLECTIONS.applications],
  [syncEndpoints.listJobs, RECORD_COLLECTIONS.jobs],
  [syncEndpoints.listUsers, RECORD_COLLECTIONS.users],
  [syncEndpoints.listInterviewEvents, RECORD_COLLECTIONS["interview-events"]],
] as const;

const getCandidate = createRoute({
  method: "get",
  path: syncEndpoints.getCandidate.path,
  summary: syncEndpoints.getCandidate.summary,
  tags: ["records"],
  security,
  middleware: [requireWorkspace] as const,
  request: { headers: workspaceHeaders, params: RecordIdParamSchema },
  responses: {
    200: jsonResponse("The candidate and what belongs to it.", CandidateDetailSchema),
    ...errorResponses(...AUTH_ERRORS, "not_found", "ashby_not_connected"),
  },
});

const getAttachmentUrl = createRoute({
  method: "get",
  path: syncEndpoints.getAttachmentUrl.path,
  summary: syncEndpoints.getAttachmentUrl.summary,
  description:
    "Asks Ashby (file.info) for a pre-signed link to the file of an attachment listed by `/v1/candidates/{id}`. " +
    "Links expire soon after: open or download the file right away and ask again next time. Needs an active " +
    "connection; a 429 from Ashby comes back as `ashby_rate_limited` with `Retry-After`.",
  tags: ["records"],
  security,
  middleware: [requireWorkspace] as const,
  request: { headers: workspaceHeaders, params: RecordIdParamSchema },
  responses: {
    200: jsonResponse("A fresh link to the file.", AttachmentUrlSchema),
    ...errorResponses(
      ...AUTH_ERRORS,
      "not_found",
      "ashby_not_connected",
      "ashby_connection_paused",
      "ashby_needs_reauth",
      "ashby_not_found",
      "ashby_rejected",
      "ashby_rate_limited",
      "ashby_unavailable",
      "ashby_timeout",
      "ashby_network_error",
      "ashby_invalid_response",
    ),
  },
});

async function connectionIdFor(c: { get: (key: "deps" | "auth") => unknown }): Promise<string> {
  const deps = c.get("deps") as AppEnv["Variables"]["deps"];
  const auth = c.get("auth") as AppEnv["Variables"]["auth"];
  return (await syncedConnectionOf(deps.db, auth.workspaceId)).id;
}

const app = new OpenAPIHono<AppEnv>();
for (const [endpoint, entity] of collections) {
  const route = createRoute({
    method: "get",
    path: endpoint.path,
    summary: endpoint.summary,
    tags: ["records"],
    security,
    middleware: [requireWorkspace] as const,
    request: { headers: workspaceHeaders, query: ListRecordsQuerySchema },
    responses: {
      200: jsonResponse("A page of records, oldest change first.", SyncedRecordListSchema),
      ...errorResponses(...AUTH_ERRORS, "ashby_not_connected"),
    },
  });
  app.openapi(route, async (c) => {
    const query: ListRecordsQuery = c.req.valid("query");
    const page = await listRecords(c.get("deps").config.DB, await connectionIdFor(c), entity, query);
    return c.json(page, 200);
  });
}

app.openapi(getAttachmentUrl, async (c) => {
  const link = await fetchAttachmentUrl(c.get("deps"), c.get("auth").workspaceId, c.req.valid("param").id);
  // The link is a credential for the file until it expires: no cache may keep it.
  c.header("Cache-Control", "no-store");
  return c.json(link, 200);
});

export const recordsRoutes = app.openapi(getCandidate, async (c) => {
  const db = c.get("deps").config.DB;
  const connectionId = await connectionIdFor(c);
  const { id } = c.req.valid("param");
  const candidate = await getRecord(db, connectionId, "candidates", id);
  if (!candidate) {
    throw new ApiError("not_found", `No synced candidate ${id}.`);
  }
  const [applications, notes, attachments] = await Promise.all([
    listChildren(db, connectionId, "applications", id),
    listChildren(db, connectionId, "notes", id),
    listChildren(db, connectionId, "attachments", id),
  ]);
  const stageHistory = (
    await Promise.all(
      applications.map((application) =>
        listChildren(db, connectionId, "application_history", application.id),
      ),
    )
  ).flat();
  const data = candidate.data as { tags?: unknown; customFields?: unknown };
  return c.json(
    {
      candidate,
      applications,
      stageHistory,
      notes,
      attachments,
      tags: Array.isArray(data.tags) ? data.tags : [],
      customFields: Array.isArray(data.customFields) ? data.customFields : [],
    },
    200,
  );
});
