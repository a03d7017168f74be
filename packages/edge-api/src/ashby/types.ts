import { z } from "zod";

/**
 * Ashby wire payloads we read, following the required fields of Ashby's OpenAPI document
 * (../shared/ashby/openapi.yml; field notes in API-NOTES §7). Objects are loose: Ashby adds fields often and an
 * unknown extra field must never fail a sync. Optional fields accept null too, because Ashby sends null for
 * "absent" in many places the spec marks as merely optional.
 */

const id = z.string().min(1);
const timestamp = z.string();

export const ContactInfoSchema = z.looseObject({
  value: z.string(),
  type: z.string(),
  isPrimary: z.boolean(),
});
export type ContactInfo = z.infer<typeof ContactInfoSchema>;

export const SocialLinkSchema = z.looseObject({ type: z.string(), url: z.string() });
export type SocialLink = z.infer<typeof SocialLinkSchema>;

export const FileHandleSchema = z.looseObject({ id: z.string(), name: z.string(), handle: z.string() });
export type FileHandle = z.infer<typeof FileHandleSchema>;

/** value is a union of ten shapes (boolean, string, string[], number, currency, ranges…); kept as unknown. */
export const CustomFieldValueSchema = z.looseObject({
  id,
  title: z.string(),
  isPrivate: z.boolean().nullish(),
  value: z.unknown(),
  valueLabel: z.union([z.string(), z.array(z.string())]).nullish(),
});
export type CustomFieldValue = z.infer<typeof CustomFieldValueSchema>;

export const UserSchema = z.looseObject({
  id,
  firstName: z.string(),
  lastName: z.string(),
  email: z.string().nullish(),
  globalRole: z.string(),
  isEnabled: z.boolean(),
  updatedAt: timestamp,
  managerId: z.string().nullish(),
  customFields: z.array(CustomFieldValueSchema).nullish(),
});
export type User = z.infer<typeof UserSchema>;

export const InterviewerPoolSchema = z.looseObject({
  id,
  title: z.string(),
  isArchived: z.boolean(),
});

/** A User plus the per-event role; `email` is what the kit matches against its own users. */
export const InterviewerSchema = UserSchema.extend({
  trainingRole: z.string().nullish(),
  interviewerPool: InterviewerPoolSchema.nullish(),
  isFeedbackRequired: z.boolean().nullish(),
});
export type Interviewer = z.infer<typeof InterviewerSchema>;

export const TagSchema = z.looseObject({ id, title: z.string(), isArchived: z.boolean() });
export type Tag = z.infer<typeof TagSchema>;

export const SourceTypeSchema = z.looseObject({ id, title: z.string(), isArchived: z.boolean() });
export const SourceSchema = z.looseObject({
  id,
  title: z.string(),
  isArchived: z.boolean(),
  sourceType: SourceTypeSchema.nullish(),
});
export type Source = z.infer<typeof SourceSchema>;

export const CandidateLocationSchema = z.looseObject({
  id,
  locationSummary: z.string(),
  locationComponents: z.array(z.looseObject({ type: z.string(), name: z.string() })),
});

export const CandidateSchema = z.looseObject({
  id,
  createdAt: timestamp.nullish(),
  updatedAt: timestamp.nullish(),
  name: z.string(),
  primaryEmailAddress: ContactInfoSchema.nullish(),
  emailAddresses: z.array(ContactInfoSchema),
  primaryPhoneNumber: ContactInfoSchema.nullish(),
  phoneNumbers: z.array(ContactInfoSchema),
  socialLinks: z.array(SocialLinkSchema),
  tags: z.array(TagSchema),
  position: z.string().nullish(),
  company: z.string().nullish(),
  school: z.string().nullish(),
  applicationIds: z.array(z.string()),
  resumeFileHandle: FileHandleSchema.nullish(),
  fileHandles: z.array(FileHandleSchema),
  customFields: z.array(CustomFieldValueSchema).nullish(),
  profileUrl: z.string(),
  source: SourceSchema.nullish(),
  creditedToUser: UserSchema.nullish(),
  timezone: z.string().nullish(),
  location: CandidateLocationSchema.nullish(),
  fraudStatus: z.string().nullish(),
});
export type Candidate = z.infer<typeof CandidateSchema>;

export const InterviewStageSchema = z.looseObject({
  id,
  title: z.string(),
  type: z.string(),
  orderInInterviewPlan: z.number().int(),
  interviewStageGroupId: z.string().nullish(),
  interviewPlanId: z.string(),
});
export type InterviewStage = z.infer<typeof InterviewStageSchema>;

export const ArchiveReasonSchema = z.looseObject({
  id,
  text: z.string(),
  reasonType: z.string(),
  isArchived: z.boolean(),
});
export type ArchiveReason = z.infer<typeof ArchiveReasonSchema>;

export const HiringTeamMemberSchema = z.looseObject({
  email: z.string().nullish(),
  firstName: z.string(),
  lastName: z.string(),
  role: z.string(),
  userId: z.string(),
});
export type HiringTeamMember = z.infer<typeof HiringTeamMemberSchema>;

export const ApplicationSchema = z.looseObject({
  id,
  createdAt: timestamp,
  updatedAt: timestamp,
  status: z.string(),
  customFields: z.array(CustomFieldValueSchema).nullish(),
  candidate: z.looseObject({
    id,
    name: z.string(),
    primaryEmailAddress: ContactInfoSchema.nullish(),
    primaryPhoneNumber: ContactInfoSchema.nullish(),
  }),
  currentInterviewStage: InterviewStageSchema.nullish(),
  source: SourceSchema.nullish(),
  archiveReason: ArchiveReasonSchema.nullish(),
  archivedAt: timestamp.nullish(),
  job: z.looseObject({
    id,
    title: z.string(),
    locationId: z.string().nullish(),
    departmentId: z.string().nullish(),
  }),
  creditedToUser: UserSchema.nullish(),
  hiringTeam: z.array(HiringTeamMemberSchema),
  appliedViaJobPostingId: z.string().nullish(),
});
export type Application = z.infer<typeof ApplicationSchema>;

/** One visit of an application to a stage, as application.info's `applicationHistory` lists them. */
export const ApplicationHistoryEntrySchema = z.looseObject({
  id,
  stageId: z.string(),
  title: z.string(),
  enteredStageAt: timestamp,
  leftStageAt: timestamp.nullish(),
  stageNumber: z.number().int(),
  allowedActions: z.array(z.string()).nullish(),
  actorId: z.string().nullish(),
});
export type ApplicationHistoryEntry = z.infer<typeof ApplicationHistoryEntrySchema>;

/**
 * application.info read for its stage history only. The sync engine asks once per new or changed application
 * (150,000 calls for a first sync of a 100k-candidate org) and stores the application from application.list, so
 * re-validating the whole application here would be work thrown away; the rest of the payload passes through.
 */
export const ApplicationStageHistorySchema = z.looseObject({
  id,
  applicationHistory: z.array(ApplicationHistoryEntrySchema).nullish(),
});
export type ApplicationStageHistory = z.infer<typeof ApplicationStageHistorySchema>;

export const JobSchema = z.looseObject({
  id,
  title: z.string(),
  confidential: z.boolean(),
  status: z.string(),
  employmentType: z.string(),
  locationId: z.string().nullish(),
  departmentId: z.string().nullish(),
  defaultInterviewPlanId: z.string().nullish(),
  interviewPlanIds: z.array(z.string()).nullish(),
  customFields: z.array(CustomFieldValueSchema).nullish(),
  jobPostingIds: z.array(z.string()).nullish(),
  customRequisitionId: z.string().nullish(),
  hiringTeam: z.array(HiringTeamMemberSchema).nullish(),
  createdAt: timestamp.nullish(),
  updatedAt: timestamp,
  openedAt: timestamp.nullish(),
  closedAt: timestamp.nullish(),
});
export type Job = z.infer<typeof JobSchema>;

export const DepartmentSchema = z.looseObject({
  id,
  name: z.string(),
  externalName: z.string().nullish(),
  isArchived: z.boolean(),
  parentId: z.string().nullish(),
  createdAt: timestamp,
  updatedAt: timestamp,
});
export type Department = z.infer<typeof DepartmentSchema>;

export const LocationSchema = z.looseObject({
  id,
  name: z.string(),
  externalName: z.string().nullish(),
  isArchived: z.boolean(),
  address: z.looseObject({ postalAddress: z.looseObject({}).nullish() }).nullish(),
  isRemote: z.boolean().nullish(),
  workplaceType: z.string().nullish(),
  parentLocationId: z.string().nullish(),
  type: z.string().nullish(),
});
export type Location = z.infer<typeof LocationSchema>;

export const InterviewSchema = z.looseObject({
  id,
  title: z.string(),
  externalTitle: z.string().nullish(),
  isArchived: z.boolean(),
  isDebrief: z.boolean().nullish(),
  isFeedbackRequired: z.boolean(),
  isFeedbackRequested: z.boolean(),
  instructionsHtml: z.string().nullish(),
  instructionsPlain: z.string().nullish(),
  jobId: z.string().nullish(),
  feedbackFormDefinitionId: z.string(),
});
export type Interview = z.infer<typeof InterviewSchema>;

export const InterviewEventSchema = z.looseObject({
  id,
  interviewId: z.string(),
  interviewScheduleId: z.string(),
  interviewerUserIds: z.array(z.string()).nullish(),
  interviewers: z.array(InterviewerSchema),
  createdAt: timestamp,
  updatedAt: timestamp,
  startTime: timestamp,
  endTime: timestamp,
  feedbackLink: z.string(),
  location: z.string().nullish(),
  meetingLink: z.string().nullish(),
  interviewerCalendarEventId: z.string().nullish(),
  hasSubmittedFeedback: z.boolean(),
  interview: InterviewSchema.nullish(),
  notetakerTranscriptId: z.string().nullish(),
  extraData: z.record(z.string(), z.string()).nullish(),
});
export type InterviewEvent = z.infer<typeof InterviewEventSchema>;

export const InterviewScheduleSchema = z.looseObject({
  id,
  status: z.string(),
  applicationId: z.string(),
  interviewStageId: z.string(),
  scheduledBy: UserSchema.nullish(),
  createdAt: timestamp.nullish(),
  updatedAt: timestamp.nullish(),
  interviewEvents: z.array(InterviewEventSchema).nullish(),
});
export type InterviewSchedule = z.infer<typeof InterviewScheduleSchema>;

export const FormFieldSchema = z.looseObject({
  id,
  type: z.string(),
  path: z.string(),
  humanReadablePath: z.string(),
  title: z.string(),
  isNullable: z.boolean(),
  selectableValues: z.array(z.looseObject({ label: z.string(), value: z.string() })).nullish(),
});
export type FormField = z.infer<typeof FormFieldSchema>;

export const FormDefinitionSchema = z.looseObject({
  sections: z.array(
    z.looseObject({
      title: z.string().nullish(),
      descriptionHtml: z.string().nullish(),
      descriptionPlain: z.string().nullish(),
      fields: z.array(
        z.looseObject({
          isRequired: z.boolean(),
          descriptionHtml: z.string().nullish(),
          descriptionPlain: z.string().nullish(),
          field: FormFieldSchema,
        }),
      ),
    }),
  ),
});
export type FormDefinition = z.infer<typeof FormDefinitionSchema>;

export const FeedbackFormDefinitionSchema = z.looseObject({
  id,
  organizationId: z.string(),
  title: z.string(),
  isArchived: z.boolean(),
  isDefaultForm: z.boolean(),
  formDefinition: FormDefinitionSchema,
  interviewId: z.string().nullish(),
});
export type FeedbackFormDefinition = z.infer<typeof FeedbackFormDefinitionSchema>;

/** Field path → submitted value; values are as polymorphic as the field types (see ScoreValueSchema). */
const SubmittedValuesSchema = z.record(z.string(), z.unknown());

export const SubmittedFormInstanceSchema = z.looseObject({
  id,
  formDefinition: FormDefinitionSchema,
  submittedValues: SubmittedValuesSchema,
});
export type SubmittedFormInstance = z.infer<typeof SubmittedFormInstanceSchema>;

/** applicationFeedback.submit answers with the stored form instance. */
export const FeedbackSubmittedSchema = z.looseObject({ submittedFormInstance: SubmittedFormInstanceSchema });
export type FeedbackSubmitted = z.infer<typeof FeedbackSubmittedSchema>;

export const FeedbackSubmissionSchema = SubmittedFormInstanceSchema.extend({
  submittedByUser: UserSchema,
  applicationId: z.string(),
  interviewId: z.string().nullish(),
  interviewEventId: z.string().nullish(),
  feedbackFormDefinitionId: z.string().nullish(),
  applicationHistoryId: z.string().nullish(),
  submittedAt: timestamp.nullish(),
});
export type FeedbackSubmission = z.infer<typeof FeedbackSubmissionSchema>;

/** Ashby's own example sends a score as "4", an Airbyte fixture as 4: both become the number. */
export const ScoreValueSchema = z
  .union([
    z.looseObject({ score: z.union([z.number(), z.string().regex(/^\d+$/)]) }).transform((v) => v.score),
    z.number(),
    z.string().regex(/^\d+$/),
  ])
  .transform((score) => Number(score));

export const CustomFieldDefinitionSchema = z.looseObject({
  id,
  isPrivate: z.boolean().nullish(),
  title: z.string(),
  objectType: z.string(),
  isArchived: z.boolean(),
  fieldType: z.string(),
  isRequired: z.boolean().nullish(),
  selectableValues: z
    .array(z.looseObject({ label: z.string(), value: z.string(), isArchived: z.boolean().nullish() }))
    .nullish(),
});
export type CustomFieldDefinition = z.infer<typeof CustomFieldDefinitionSchema>;

export const NoteSchema = z.looseObject({
  id,
  createdAt: timestamp,
  isPrivate: z.boolean(),
  content: z.string().nullish(),
  author: z.looseObject({
    id,
    firstName: z.string(),
    lastName: z.string(),
    email: z.string().nullish(),
  }),
});
export type Note = z.infer<typeof NoteSchema>;

export const FileInfoSchema = z.looseObject({ url: z.string() });
export type FileInfo = z.infer<typeof FileInfoSchema>;

export const WebhookSchema = z.looseObject({
  id,
  enabled: z.boolean(),
  requestUrl: z.string(),
  secretToken: z.string(),
  webhookType: z.string(),
});
export type Webhook = z.infer<typeof WebhookSchema>;

export const WebhookDeletedSchema = z.looseObject({ webhookId: z.string() });
export type WebhookDeleted = z.infer<typeof WebhookDeletedSchema>;

export const ApiKeyInfoSchema = z.looseObject({
  title: z.string().nullish(),
  createdAt: timestamp.nullish(),
  // Optional in the spec: absent means "unknown", which the connection check must not read as "no permissions".
  scopes: z.array(z.string()).nullish(),
});
export type ApiKeyInfo = z.infer<typeof ApiKeyInfoSchema>;
