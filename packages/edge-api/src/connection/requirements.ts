import {
  type Feature,
  type FeatureId,
  type MissingPermission,
  PERMISSION_IDS,
  type PermissionId,
  type PermissionRequirement,
  type RequirementsResponse,
} from "@ashby-kit/shared";
import { type AshbyEndpoint, type AshbyPermission, permissionsFor, spellingsOf } from "../ashby";

/**
 * What the kit asks of an Ashby API key, derived from what each feature calls: a feature lists the Ashby
 * endpoints it uses, and the Ashby client's ENDPOINT_PERMISSIONS (copied from Ashby's spec) says which
 * permission each endpoint needs. So adding a call to a feature updates the connect screen by itself.
 */
export const FEATURES: ReadonlyArray<Feature & { endpoints: readonly AshbyEndpoint[] }> = [
  {
    id: "connect",
    name: "Connect and check the key",
    description: "Reads the key's own title and permissions when you connect, to tell you what is missing.",
    endpoints: ["apiKey.info"],
  },
  {
    id: "sync_candidates",
    name: "Candidates and applications",
    description: "Syncs candidates, their applications and submitted feedback into the workspace.",
    endpoints: [
      "candidate.list",
      "candidate.info",
      "application.list",
      "application.info",
      "applicationFeedback.list",
    ],
  },
  {
    id: "sync_jobs",
    name: "Jobs",
    description: "Syncs jobs so candidates can be shown against the role they applied to.",
    endpoints: ["job.list", "job.info"],
  },
  {
    id: "sync_interviews",
    name: "Interviews",
    description: "Syncs interview stages, schedules and events to match meetings with interviews.",
    endpoints: ["interviewStage.list", "interview.list", "interviewSchedule.list", "interviewEvent.list"],
  },
  {
    id: "sync_hiring_process",
    name: "Hiring process settings",
    description:
      "Reads feedback forms, tags, custom fields, sources and archive reasons used by the widgets.",
    endpoints: [
      "feedbackFormDefinition.list",
      "feedbackFormDefinition.info",
      "candidateTag.list",
      "customField.list",
      "source.list",
      "archiveReason.list",
    ],
  },
  {
    id: "sync_users",
    name: "Users, departments and locations",
    description: "Matches people in your app to Ashby users (interviewers, note authors).",
    endpoints: ["user.list", "user.search", "department.list", "location.list"],
  },
  {
    id: "write_notes",
    name: "Write notes",
    description: "Posts meeting notes and summaries to the candidate's activity feed.",
    endpoints: ["candidate.createNote"],
  },
  {
    id: "write_feedback",
    name: "Submit feedback",
    description: "Submits interview feedback (scorecards) on the interviewer's behalf.",
    endpoints: ["applicationFeedback.submit"],
  },
  {
    id: "write_tags",
    name: "Tags and custom fields",
    description: "Creates the kit's candidate tag and sets tags and custom field values on candidates.",
    endpoints: ["candidateTag.create", "candidate.addTag", "customField.setValue"],
  },
];

const PURPOSES: Record<PermissionId, string> = {
  apiKeysRead: "Lets the kit read the key's own title and permissions, to check it when you connect.",
  candidatesRead: "Reads candidates, applications and feedback so they show up in your app.",
  candidatesWrite: "Writes notes, feedback, tags and custom field values back to candidates.",
  jobsRead: "Reads jobs, so candidates are shown against the role they applied to.",
  interviewsRead: "Reads interview stages, schedules and events to match meetings to interviews.",
  hiringProcessMetadataRead: "Reads feedback forms, tags, custom fields, sources and archive reasons.",
  hiringProcessMetadataWrite: "Creates the candidate tag the kit uses to mark candidates it touched.",
  organizationRead: "Reads Ashby users, departments and locations to match people across both apps.",
};

function featuresNeeding(permission: AshbyPermission): FeatureId[] {
  return FEATURES.filter((feature) => permissionsFor(feature.endpoints).includes(permission)).map(
    (f) => f.id,
  );
}

/** The permissions the kit's features need, in the order of the shared PERMISSION_IDS list. */
export const REQUIREMENTS: readonly PermissionRequirement[] = PERMISSION_IDS.map((id) => {
  const spelling = spellingsOf(id);
  const [module = spelling.label] = spelling.label.split(":");
  return {
    id,
    scope: spelling.scope,
    adminLabel: spelling.label,
    module: module.trim(),
    access: id.endsWith("Write") ? ("write" as const) : ("read" as const),
    purpose: PURPOSES[id],
    features: featuresNeeding(id),
  };
});

export const ADMIN_INSTRUCTIONS =
  "In Ashby, go to Admin → Integrations → API Keys, create a key, and tick every permission listed here " +
  "(module and Read/Write exactly as shown). Copy the key once and paste it here; it is stored encrypted.";

export function requirementsResponse(): RequirementsResponse {
  return {
    permissions: [...REQUIREMENTS],
    features: FEATURES.map(({ id, name, description }) => ({ id, name, description })),
    instructions: ADMIN_INSTRUCTIONS,
  };
}

/** The kit's required permissions the key lacks, described for the admin. */
export function missingRequirements(granted: ReadonlySet<string>): MissingPermission[] {
  return REQUIREMENTS.filter((requirement) => !granted.has(requirement.id)).map(
    ({ id, scope, adminLabel, purpose, features }) => ({ id, scope, adminLabel, purpose, features }),
  );
}

export function requirementFor(id: PermissionId): MissingPermission {
  const requirement = REQUIREMENTS.find((candidate) => candidate.id === id);
  if (!requirement) {
    throw new Error(`no requirement ${id}`);
  }
  const { scope, adminLabel, purpose, features } = requirement;
  return { id, scope, adminLabel, purpose, features };
}
