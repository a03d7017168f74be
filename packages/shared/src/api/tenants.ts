import { z } from "zod";

/**
 * Who is who. A tenant is a host product; a workspace is one of the host's customers, named by the host's own
 * id; a user is a person in the host app whose role the host asserts. These are the kit's words, not Ashby's.
 */

/** The host's own workspace id, sent as `X-Workspace-Id` or in a session request. Opaque to us. */
export const WorkspaceExternalIdSchema = z
  .string()
  .min(1)
  .max(128)
  .regex(
    /^[A-Za-z0-9][A-Za-z0-9._:@-]*$/,
    "Use letters, digits and . _ : @ - (starting with a letter or digit).",
  )
  .meta({ id: "WorkspaceId", description: "The host product's own id for this workspace (customer)." });
export type WorkspaceExternalId = z.infer<typeof WorkspaceExternalIdSchema>;

export const USER_ROLES = ["owner", "admin", "member"] as const;
export const UserRoleSchema = z
  .enum(USER_ROLES)
  .meta({ id: "UserRole", description: "The user's role in the host app, as the host asserts it." });
export type UserRole = z.infer<typeof UserRoleSchema>;

export const EmailSchema = z.email().max(254);

/** A person's or product's display name: no control characters (they break logs, headers and UIs). */
export const DisplayNameSchema = z
  .string()
  .min(1)
  .max(200)
  .regex(/^[^\p{Cc}]+$/u, "Must not contain control characters.");

export const SessionUserSchema = z
  .strictObject({
    email: EmailSchema,
    name: DisplayNameSchema.optional(),
    role: UserRoleSchema,
  })
  .meta({ id: "SessionUser" });
export type SessionUser = z.infer<typeof SessionUserSchema>;

/** A browser origin a tenant's widgets run on, e.g. `https://app.example.com` (scheme, host and port only). */
export const OriginSchema = z
  .string()
  .max(255)
  .regex(/^https?:\/\/[A-Za-z0-9.-]+(:\d{1,5})?$/, "An origin is scheme://host[:port] with no path.")
  .meta({ id: "Origin" });

export const TenantSchema = z
  .object({
    id: z.string(),
    name: z.string(),
    allowedOrigins: z.array(OriginSchema),
    createdAt: z.iso.datetime(),
  })
  .meta({ id: "Tenant" });
export type Tenant = z.infer<typeof TenantSchema>;

export const CreateTenantRequestSchema = z
  .strictObject({
    name: DisplayNameSchema,
    allowedOrigins: z.array(OriginSchema).max(50).optional(),
  })
  .meta({ id: "CreateTenantRequest" });
export type CreateTenantRequest = z.infer<typeof CreateTenantRequestSchema>;

/** The secret key is in this response and nowhere else, ever: only its SHA-256 is stored. */
export const CreateTenantResponseSchema = z
  .object({ tenant: TenantSchema, secretKey: z.string() })
  .meta({ id: "CreateTenantResponse" });
export type CreateTenantResponse = z.infer<typeof CreateTenantResponseSchema>;

export const UpdateTenantRequestSchema = z
  .strictObject({
    name: DisplayNameSchema.optional(),
    allowedOrigins: z.array(OriginSchema).max(50).optional(),
  })
  .refine((body) => body.name !== undefined || body.allowedOrigins !== undefined, {
    message: "Send at least one of name, allowedOrigins.",
  })
  .meta({ id: "UpdateTenantRequest" });
export type UpdateTenantRequest = z.infer<typeof UpdateTenantRequestSchema>;

export const CreateSecretKeyResponseSchema = z
  .object({ id: z.string(), secretKey: z.string(), createdAt: z.iso.datetime() })
  .meta({ id: "CreateSecretKeyResponse" });
export type CreateSecretKeyResponse = z.infer<typeof CreateSecretKeyResponseSchema>;

/** A secret key as listed to the operator: never the key, only enough to tell keys apart. */
export const SecretKeySummarySchema = z
  .object({
    id: z.string(),
    prefix: z.string(),
    createdAt: z.iso.datetime(),
    revokedAt: z.iso.datetime().nullable(),
  })
  .meta({ id: "SecretKeySummary" });
export type SecretKeySummary = z.infer<typeof SecretKeySummarySchema>;

export const SecretKeyListSchema = z
  .object({ secretKeys: z.array(SecretKeySummarySchema) })
  .meta({ id: "SecretKeyList" });
export type SecretKeyList = z.infer<typeof SecretKeyListSchema>;
