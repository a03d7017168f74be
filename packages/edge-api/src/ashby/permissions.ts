/**
 * Ashby's permission vocabulary in its three spellings (API-NOTES §4):
 *   spec identifier `candidatesRead`  ·  apiKey.info scope `candidates:read`  ·  admin UI label "Candidates: Read".
 * The spec identifier is canonical inside the kit; the other two are for parsing apiKey.info and for telling an
 * admin exactly which box to tick.
 */

const MODULES = {
  jobs: { label: "Jobs", access: ["Read", "Write"] },
  candidates: { label: "Candidates", access: ["Read", "Write"] },
  interviews: { label: "Interviews", access: ["Read", "Write"] },
  hiringProcessMetadata: { label: "Hiring Process", access: ["Read", "Write"] },
  organization: { label: "Organization", access: ["Read", "Write"] },
  offers: { label: "Offers", access: ["Read", "Write"] },
  apiKeys: { label: "API Keys", access: ["Read", "Write"] },
  approvals: { label: "Approvals", access: ["Read", "Write"] },
  reports: { label: "Reports", access: ["Read"] },
  notetaker: { label: "Notetaker", access: ["Read"] },
} as const;

type Modules = typeof MODULES;
type ModuleName = keyof Modules;
export type AshbyPermission = {
  [M in ModuleName]: `${M}${Modules[M]["access"][number]}`;
}[ModuleName];

export type AshbyPermissionSpellings = {
  permission: AshbyPermission;
  /** As apiKey.info lists it in `scopes`. */
  scope: string;
  /** As the Ashby admin UI shows it under Admin → API Keys. */
  label: string;
};

export const ASHBY_PERMISSIONS: readonly AshbyPermissionSpellings[] = (
  Object.entries(MODULES) as [ModuleName, Modules[ModuleName]][]
).flatMap(([module, { label, access }]) =>
  access.map((level) => ({
    permission: `${module}${level}` as AshbyPermission,
    scope: `${module}:${level.toLowerCase()}`,
    label: `${label}: ${level}`,
  })),
);

const byPermission = new Map(ASHBY_PERMISSIONS.map((p) => [p.permission, p]));
const byScope = new Map(ASHBY_PERMISSIONS.map((p) => [p.scope.toLowerCase(), p]));

export function isAshbyPermission(value: string): value is AshbyPermission {
  return byPermission.has(value as AshbyPermission);
}

export function spellingsOf(permission: AshbyPermission): AshbyPermissionSpellings {
  // The map is built from the same table the type is, so every AshbyPermission is present.
  return byPermission.get(permission) as AshbyPermissionSpellings;
}

/**
 * apiKey.info scopes → spec identifiers. Scopes are matched case-insensitively, and a spec-style identifier
 * (`candidatesRead`) is accepted too in case Ashby ever answers in that spelling. Anything unrecognised is
 * returned in `unknown` rather than dropped, so a new Ashby module shows up in logs instead of vanishing.
 */
export function parseApiKeyScopes(scopes: readonly string[]): {
  permissions: AshbyPermission[];
  unknown: string[];
} {
  const permissions = new Set<AshbyPermission>();
  const unknown: string[] = [];
  for (const raw of scopes) {
    const scope = raw.trim();
    const match =
      byScope.get(scope.toLowerCase()) ?? (isAshbyPermission(scope) ? byPermission.get(scope) : undefined);
    if (match) permissions.add(match.permission);
    else unknown.push(raw);
  }
  return { permissions: [...permissions], unknown };
}

/**
 * The permission each endpoint of our client requires, copied from the "Requires the … permission" line of each
 * path in Ashby's OpenAPI document; test/conformance checks this table against the spec.
 */
export const ENDPOINT_PERMISSIONS = {
  "apiKey.info": "apiKeysRead",
  "user.list": "organizationRead",
  "user.search": "organizationRead",
  "user.info": "organizationRead",
  "candidate.list": "candidatesRead",
  "candidate.info": "candidatesRead",
  "candidate.search": "candidatesRead",
  "candidate.createNote": "candidatesWrite",
  "candidate.listNotes": "candidatesRead",
  "candidate.addTag": "candidatesWrite",
  "candidate.removeTag": "candidatesWrite",
  "candidateTag.list": "hiringProcessMetadataRead",
  "candidateTag.create": "hiringProcessMetadataWrite",
  "customField.list": "hiringProcessMetadataRead",
  "customField.setValue": "candidatesWrite",
  "customField.setValues": "candidatesWrite",
  "job.list": "jobsRead",
  "job.info": "jobsRead",
  "application.list": "candidatesRead",
  "application.info": "candidatesRead",
  "interviewStage.list": "interviewsRead",
  "interview.list": "interviewsRead",
  "interviewSchedule.list": "interviewsRead",
  "interviewEvent.list": "interviewsRead",
  "feedbackFormDefinition.list": "hiringProcessMetadataRead",
  "feedbackFormDefinition.info": "hiringProcessMetadataRead",
  "applicationFeedback.submit": "candidatesWrite",
  "applicationFeedback.list": "candidatesRead",
  "department.list": "organizationRead",
  "location.list": "organizationRead",
  "archiveReason.list": "hiringProcessMetadataRead",
  "source.list": "hiringProcessMetadataRead",
  "file.info": "candidatesRead",
  "webhook.create": "apiKeysWrite",
  "webhook.delete": "apiKeysWrite",
} as const satisfies Record<string, AshbyPermission>;

export type AshbyEndpoint = keyof typeof ENDPOINT_PERMISSIONS;
export const ASHBY_ENDPOINTS = Object.keys(ENDPOINT_PERMISSIONS) as AshbyEndpoint[];

export function permissionFor(endpoint: AshbyEndpoint): AshbyPermission {
  return ENDPOINT_PERMISSIONS[endpoint];
}

/** The distinct permissions a set of endpoints needs, e.g. everything a feature calls. */
export function permissionsFor(endpoints: readonly AshbyEndpoint[]): AshbyPermission[] {
  return [...new Set(endpoints.map(permissionFor))];
}

/** Which of `required` the key lacks; the connection helper turns this into the admin-facing checklist. */
export function missingPermissions(
  granted: readonly AshbyPermission[],
  required: readonly AshbyPermission[],
): AshbyPermission[] {
  const have = new Set(granted);
  return required.filter((permission) => !have.has(permission));
}
