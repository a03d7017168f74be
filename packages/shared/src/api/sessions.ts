import { z } from "zod";
import { SessionUserSchema, WorkspaceExternalIdSchema } from "./tenants";

/** Session tokens live at most an hour: long enough for a page, short enough that a leak expires soon. */
export const SESSION_TTL_MAX_SECONDS = 3600;
export const SESSION_TTL_MIN_SECONDS = 60;
export const SESSION_TTL_DEFAULT_SECONDS = 900;

/** Host backend → edge API, with the tenant's secret key: mint a token the host's browser code can hold. */
export const CreateSessionRequestSchema = z
  .strictObject({
    workspaceId: WorkspaceExternalIdSchema,
    user: SessionUserSchema,
    ttlSeconds: z.int().min(SESSION_TTL_MIN_SECONDS).max(SESSION_TTL_MAX_SECONDS).optional(),
  })
  .meta({ id: "CreateSessionRequest" });
export type CreateSessionRequest = z.infer<typeof CreateSessionRequestSchema>;

export const CreateSessionResponseSchema = z
  .object({
    token: z.string(),
    expiresAt: z.iso.datetime(),
  })
  .meta({ id: "CreateSessionResponse" });
export type CreateSessionResponse = z.infer<typeof CreateSessionResponseSchema>;
