import { z } from "zod";

/**
 * The Ashby API-key permissions the kit asks for, described so the connect screen can show them before the
 * user pastes a key. The catalogue itself lives in the edge API (it maps to Ashby's scopes); this is its shape.
 */
export const PERMISSION_IDS = [
  "apiKeysRead",
  "candidatesRead",
  "candidatesWrite",
  "jobsRead",
  "interviewsRead",
  "hiringProcessMetadataRead",
  "hiringProcessMetadataWrite",
  "organizationRead",
] as const;
export const PermissionIdSchema = z
  .enum(PERMISSION_IDS)
  .meta({ id: "PermissionId", description: "An Ashby permission, by the identifier Ashby's API docs use." });
export type PermissionId = z.infer<typeof PermissionIdSchema>;

export const FEATURE_IDS = [
  "connect",
  "sync_candidates",
  "sync_jobs",
  "sync_interviews",
  "sync_hiring_process",
  "sync_users",
  "write_notes",
  "write_feedback",
  "write_tags",
] as const;
export const FeatureIdSchema = z.enum(FEATURE_IDS).meta({ id: "FeatureId" });
export type FeatureId = z.infer<typeof FeatureIdSchema>;

export const PermissionRequirementSchema = z
  .object({
    id: PermissionIdSchema,
    /** The scope string `apiKey.info` reports, e.g. `candidates:read`. */
    scope: z.string(),
    /** The module and access as Ashby's admin screen (Admin → Integrations → API Keys) shows them. */
    adminLabel: z.string(),
    module: z.string(),
    access: z.enum(["read", "write"]),
    purpose: z.string(),
    features: z.array(FeatureIdSchema),
  })
  .meta({ id: "PermissionRequirement" });
export type PermissionRequirement = z.infer<typeof PermissionRequirementSchema>;

export const FeatureSchema = z
  .object({ id: FeatureIdSchema, name: z.string(), description: z.string() })
  .meta({ id: "Feature" });
export type Feature = z.infer<typeof FeatureSchema>;

export const RequirementsResponseSchema = z
  .object({
    permissions: z.array(PermissionRequirementSchema),
    features: z.array(FeatureSchema),
    /** Where in Ashby an admin creates the key, so the connect screen can say it without hard-coding. */
    instructions: z.string(),
  })
  .meta({ id: "ConnectionRequirements" });
export type RequirementsResponse = z.infer<typeof RequirementsResponseSchema>;

/** One permission a pasted key lacks: named as Ashby's admin screen names it, and why the kit needs it. */
export const MissingPermissionSchema = z
  .object({
    id: PermissionIdSchema,
    scope: z.string(),
    adminLabel: z.string(),
    purpose: z.string(),
    features: z.array(FeatureIdSchema),
  })
  .meta({ id: "MissingPermission" });
export type MissingPermission = z.infer<typeof MissingPermissionSchema>;

/** `details` of an `ashby_permissions_missing` error. */
export const PermissionsMissingDetailsSchema = z
  .object({ missing: z.array(MissingPermissionSchema) })
  .meta({ id: "PermissionsMissingDetails" });
export type PermissionsMissingDetails = z.infer<typeof PermissionsMissingDetailsSchema>;
