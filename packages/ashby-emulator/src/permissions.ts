import { z } from "zod";

/**
 * Ashby's API-key permissions, spelled as the spec's endpoint descriptions spell them
 * ("Requires the `candidatesRead` permission"). apiKey.info reports them in the `candidates:read` style.
 */
export const PERMISSIONS = [
  "candidatesRead",
  "candidatesWrite",
  "jobsRead",
  "jobsWrite",
  "interviewsRead",
  "interviewsWrite",
  "hiringProcessMetadataRead",
  "hiringProcessMetadataWrite",
  "organizationRead",
  "organizationWrite",
  "offersRead",
  "offersWrite",
  "apiKeysRead",
  "apiKeysWrite",
  "approvalsRead",
  "approvalsWrite",
  "reportsRead",
  "notetakerRead",
] as const;

export const PermissionSchema = z.enum(PERMISSIONS);
export type Permission = z.infer<typeof PermissionSchema>;

/** `candidatesRead` → `candidates:read`, the form apiKey.info returns in `scopes`. */
export function permissionToScope(permission: Permission): string {
  const match = /^(.*)(Read|Write)$/.exec(permission);
  if (!match) return permission;
  return `${match[1]}:${(match[2] ?? "").toLowerCase()}`;
}
