/**
 * The emulator's internal records: compact, normalised (ids, not embedded objects), with times as epoch ms.
 * Wire shapes are rendered from these at answer time (render.ts), so a renamed candidate shows the new
 * name everywhere it is embedded, as in Ashby.
 */

export type GlobalRole = "Organization Admin" | "Elevated Access" | "Limited Access" | "External Recruiter";

export interface UserRecord {
  id: string;
  firstName: string;
  lastName: string;
  email: string;
  globalRole: GlobalRole;
  isEnabled: boolean;
  updatedAt: number;
  managerId: string | null;
}

export interface DepartmentRecord {
  id: string;
  name: string;
  externalName: string;
  isArchived: boolean;
  parentId: string | null;
  createdAt: number;
  updatedAt: number;
}

export interface LocationRecord {
  id: string;
  name: string;
  externalName: string;
  isArchived: boolean;
  workplaceType: "OnSite" | "Hybrid" | "Remote";
  isRemote: boolean;
  address: { addressCountry: string; addressRegion: string; addressLocality: string };
  parentLocationId: string | null;
  type: "Location" | "LocationHierarchy";
}

export type StageType = "Lead" | "PreInterviewScreen" | "Active" | "Offer" | "Hired" | "Archived";

export interface InterviewStageRecord {
  id: string;
  title: string;
  type: StageType;
  orderInInterviewPlan: number;
  interviewStageGroupId: string;
  interviewPlanId: string;
}

export interface InterviewPlanRecord {
  id: string;
  title: string;
  isArchived: boolean;
  createdAt: number;
  updatedAt: number;
  stageIds: string[];
}

export type JobStatus = "Draft" | "Open" | "Closed" | "Archived";

export interface JobRecord {
  id: string;
  title: string;
  confidential: boolean;
  status: JobStatus;
  employmentType: "FullTime" | "PartTime" | "Intern" | "Contract" | "Temporary";
  locationId: string;
  departmentId: string;
  defaultInterviewPlanId: string;
  hiringManagerId: string;
  recruiterId: string;
  authorId: string;
  customRequisitionId: string;
  jobPostingIds: string[];
  createdAt: number;
  updatedAt: number;
  openedAt: number | null;
  closedAt: number | null;
}

export type FormFieldType =
  | "Score"
  | "ValueSelect"
  | "MultiValueSelect"
  | "LongText"
  | "String"
  | "Boolean"
  | "Number"
  | "Date"
  | "RichText"
  | "Email"
  | "Phone";

export interface FormFieldRecord {
  id: string;
  type: FormFieldType;
  path: string;
  title: string;
  isRequired: boolean;
  isNullable: boolean;
  selectableValues?: Array<{ label: string; value: string }>;
  descriptionPlain?: string;
}

export interface FeedbackFormRecord {
  id: string;
  title: string;
  isArchived: boolean;
  isDefaultForm: boolean;
  interviewId: string | null;
  sections: Array<{ title: string; fields: FormFieldRecord[] }>;
}

export interface InterviewRecord {
  id: string;
  title: string;
  externalTitle: string;
  isArchived: boolean;
  isDebrief: boolean;
  isFeedbackRequired: boolean;
  isFeedbackRequested: boolean;
  instructionsPlain: string;
  jobId: string | null;
  feedbackFormDefinitionId: string;
}

export interface ArchiveReasonRecord {
  id: string;
  text: string;
  reasonType: "RejectedByCandidate" | "RejectedByOrg" | "Other";
  isArchived: boolean;
}

export interface SourceRecord {
  id: string;
  title: string;
  isArchived: boolean;
  sourceType: { id: string; title: string; isArchived: boolean };
}

export interface TagRecord {
  id: string;
  title: string;
  isArchived: boolean;
}

export type CustomFieldType =
  | "Number"
  | "String"
  | "LongText"
  | "Boolean"
  | "Date"
  | "ValueSelect"
  | "MultiValueSelect";
export type CustomFieldObjectType = "Candidate" | "Application" | "Job";

export interface CustomFieldDefinitionRecord {
  id: string;
  title: string;
  objectType: CustomFieldObjectType;
  fieldType: CustomFieldType;
  isArchived: boolean;
  isPrivate: boolean;
  isRequired: boolean;
  selectableValues?: Array<{ label: string; value: string; isArchived: boolean }>;
}

export type CustomFieldValues = Record<string, unknown>;

export interface FileRecord {
  id: string;
  name: string;
}

export interface CandidateRecord {
  id: string;
  createdAt: number;
  updatedAt: number;
  firstName: string;
  lastName: string;
  email: string;
  phone: string;
  linkedInSlug: string;
  position: string;
  company: string;
  school: string;
  city: string;
  tagIds: string[];
  applicationIds: string[];
  sourceId: string;
  creditedToUserId: string;
  resume: FileRecord;
  files: FileRecord[];
  customFields: CustomFieldValues;
  timezone: string;
}

export interface StageVisit {
  stageId: string;
  enteredAt: number;
  leftAt: number | null;
  actorId: string;
}

export interface ApplicationRecord {
  id: string;
  candidateId: string;
  jobId: string;
  createdAt: number;
  updatedAt: number;
  stageId: string;
  history: StageVisit[];
  archiveReasonId: string | null;
  archivedAt: number | null;
  sourceId: string;
  creditedToUserId: string;
  customFields: CustomFieldValues;
}

export type ScheduleStatus =
  | "NeedsScheduling"
  | "WaitingOnCandidateBooking"
  | "Scheduled"
  | "WaitingOnFeedback"
  | "Complete"
  | "Cancelled";

export interface ScheduleRecord {
  id: string;
  applicationId: string;
  interviewStageId: string;
  status: ScheduleStatus;
  scheduledById: string;
  createdAt: number;
  updatedAt: number;
  eventIds: string[];
}

export interface EventInterviewer {
  userId: string;
  trainingRole: "Shadow" | "Reverse-Shadow" | null;
  isFeedbackRequired: boolean;
}

export interface EventRecord {
  id: string;
  scheduleId: string;
  interviewId: string;
  interviewers: EventInterviewer[];
  createdAt: number;
  updatedAt: number;
  startTime: number;
  endTime: number;
  location: string | null;
  meetingLink: string | null;
  hasSubmittedFeedback: boolean;
}

export interface NoteRecord {
  id: string;
  candidateId: string;
  createdAt: number;
  isPrivate: boolean;
  content: string;
  authorId: string;
}

export interface FeedbackRecord {
  id: string;
  applicationId: string;
  formDefinitionId: string;
  submittedByUserId: string;
  interviewEventId: string | null;
  interviewId: string | null;
  submittedAt: number;
  submittedValues: Record<string, unknown>;
}

export interface WebhookRecord {
  id: string;
  webhookType: string;
  requestUrl: string;
  secretToken: string;
  enabled: boolean;
}
