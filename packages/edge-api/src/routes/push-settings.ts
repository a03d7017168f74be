/**
 * @module /v1/push-settings: how AI outputs land in Ashby (custom field mappings, tags, notes). Anyone in the
 * workspace may read them; owners and admins change them, checked against the fields the workspace's Ashby has.
 */
import { PushSettingsSchema, PutPushSettingsRequestSchema } from "@ashby-kit/shared";
import { createRoute, OpenAPIHono } from "@hono/zod-openapi";
import { requireRole, requireWorkspace } from "../auth/require-auth";
import { actorOf } from "../connection/actor";
import { findConnectionByWorkspace } from "../db/queries/connections";
import type { AppEnv } from "../env";
import { ApiError } from "../lib/api-error";
import { loadCustomFields, loadPushSettings, type StoredPushSettings, savePushSettings } from "../push/store";
import { validatePushSettings } from "../push/validate-settings";
import { workspaceHeaders } from "./connection";
import { AUTH_ERRORS, BODY_ERRORS, errorResponses, jsonBody, jsonResponse } from "./openapi-helpers";

export const PUSH_SETTINGS_PATH = "/v1/push-settings";
const security = [{ secretKey: [] }, { sessionToken: [] }];

function view(stored: StoredPushSettings) {
  return {
    ...stored.settings,
    updatedAt: stored.updatedAt === null ? null : new Date(stored.updatedAt).toISOString(),
    updatedBy: stored.updatedBy,
  };
}

const getSettings = createRoute({
  method: "get",
  path: PUSH_SETTINGS_PATH,
  summary: "The workspace's push-back settings (defaults until someone saves them: nothing is pushed).",
  tags: ["push"],
  security,
  middleware: [requireWorkspace] as const,
  request: { headers: workspaceHeaders },
  responses: { 200: jsonResponse("The settings.", PushSettingsSchema), ...errorResponses(...AUTH_ERRORS) },
});

const putSettings = createRoute({
  method: "put",
  path: PUSH_SETTINGS_PATH,
  summary: "Replace the push-back settings (owner/admin).",
  description:
    "Each custom field mapping is checked against the workspace's synced Ashby custom fields (GET " +
    "/v1/ashby/custom-fields) and their type. Refused with `push_mapping_invalid` listing every problem in " +
    "`details.issues` ({ path, code, message }); a field that does not exist yet must be created in Ashby first.",
  tags: ["push"],
  security,
  middleware: [requireWorkspace, requireRole("owner", "admin")] as const,
  request: { headers: workspaceHeaders, body: jsonBody(PutPushSettingsRequestSchema) },
  responses: {
    200: jsonResponse("The saved settings.", PushSettingsSchema),
    ...errorResponses(...AUTH_ERRORS, ...BODY_ERRORS, "push_mapping_invalid"),
  },
});

export const pushSettingsRoutes = new OpenAPIHono<AppEnv>()
  .openapi(getSettings, async (c) => {
    const stored = await loadPushSettings(c.get("deps").db, c.get("auth").workspaceId);
    return c.json(view(stored), 200);
  })
  .openapi(putSettings, async (c) => {
    const deps = c.get("deps");
    const auth = c.get("auth");
    const body = c.req.valid("json");
    const connection = await findConnectionByWorkspace(deps.db, auth.workspaceId);
    const fields = connection ? await loadCustomFields(deps.db, connection.id) : [];
    const issues = validatePushSettings(body, fields);
    if (issues.length > 0) {
      const first = issues[0];
      const more = issues.length > 1 ? ` (and ${issues.length - 1} more in details.issues)` : "";
      throw new ApiError("push_mapping_invalid", `${first?.path}: ${first?.message}${more}`, { issues });
    }
    const actor = actorOf(auth);
    await savePushSettings(
      deps.db,
      auth.workspaceId,
      body,
      { type: actor.type, email: actor.email },
      deps.clock.now().getTime(),
    );
    return c.json(view(await loadPushSettings(deps.db, auth.workspaceId)), 200);
  });
