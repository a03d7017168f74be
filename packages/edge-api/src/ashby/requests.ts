/**
 * Request bodies, with field names exactly as Ashby's OpenAPI document spells them (grep the path in
 * ../shared/ashby/openapi.yml; API-NOTES §5.8 lists the traps: user.info takes `userId`, candidate.info and
 * job.info take `id`, file.info takes `fileHandle`, feedbackFormDefinition.info takes `feedbackFormDefinitionId`).
 * The request-conformance suite (test/conformance) validates every body the client sends against the spec.
 */

/** Cursor pagination shared by every cursor-paginated list. `limit` is at most 100 (Ashby's default too). */
export type PageParams = { cursor?: string; syncToken?: string; limit?: number };
/** Milliseconds since the Unix epoch; filters on creation time only. */
export type CreatedAfterParam = { createdAfter?: number };

export type UserListParams = PageParams & { includeDeactivated?: boolean };
export type UserSearchParams = { email: string };
export type UserInfoParams = { userId: string };

export type CandidateListParams = PageParams & CreatedAfterParam;
export type CandidateInfoParams = { id: string } | { externalMappingId: string };
export type CandidateSearchParams = { email?: string; name?: string };
export type CandidateNoteContent = string | { type: "text/plain" | "text/html"; value: string };
export type CandidateCreateNoteParams = {
  candidateId: string;
  note: CandidateNoteContent;
  sendNotifications?: boolean;
  isPrivate?: boolean;
  /** ISO date-time, to backdate the note. */
  createdAt?: string;
};
export type CandidateListNotesParams = PageParams & { candidateId: string };
export type CandidateTagParams = { candidateId: string; tagId: string };

export type CandidateTagListParams = PageParams & { includeArchived?: boolean };
export type CandidateTagCreateParams = { title: string };

export type CustomFieldObjectType = "Application" | "Candidate" | "Job" | "Opening";
/** boolean, ISO date, string, URL, string[], number, currency, number/compensation range, uuid; null clears. */
export type CustomFieldValueInput =
  | boolean
  | string
  | string[]
  | number
  | { value: number; currencyCode: string }
  | { type: "number-range"; minValue: number; maxValue: number }
  | {
      type: "compensation-range";
      minValue: number;
      maxValue: number;
      currencyCode: string;
      interval: CompensationInterval;
    };
export type CompensationInterval =
  | "NONE"
  | "1 TIME"
  | "1 HOUR"
  | "1 DAY"
  | "1 WEEK"
  | "2 WEEK"
  | "1 MONTH"
  | "2 MONTH"
  | "1 YEAR"
  | "6 MONTH"
  | "0.5 MONTH"
  | "3 MONTH";
export type CustomFieldListParams = PageParams & { includeArchived?: boolean };
export type CustomFieldSetValueParams = {
  objectId: string;
  objectType: CustomFieldObjectType;
  fieldId: string;
  fieldValue: CustomFieldValueInput;
};
export type CustomFieldSetValuesParams = {
  objectId: string;
  objectType: CustomFieldObjectType;
  values: { fieldId: string; fieldValue: CustomFieldValueInput }[];
};

export type JobStatus = "Draft" | "Open" | "Closed" | "Archived";
export type JobListParams = PageParams &
  CreatedAfterParam & {
    status?: JobStatus[];
    openedAfter?: number;
    openedBefore?: number;
    closedAfter?: number;
    closedBefore?: number;
    includeUnpublishedJobPostingsIds?: boolean;
    expand?: ("location" | "openings")[];
  };
export type JobInfoParams = {
  id: string;
  includeUnpublishedJobPostingsIds?: boolean;
  expand?: ("location" | "openings")[];
};

export type ApplicationListParams = PageParams &
  CreatedAfterParam & {
    status?: "Hired" | "Archived" | "Active" | "Lead";
    jobId?: string;
    expand?: "openings"[];
  };
export type ApplicationInfoParams =
  | { applicationId: string; expand?: ("openings" | "applicationFormSubmissions" | "referrals")[] }
  | { submittedFormInstanceId: string; expand?: ("openings" | "applicationFormSubmissions")[] };

export type InterviewStageListParams = { interviewPlanId: string };
export type InterviewListParams = PageParams & {
  includeArchived?: boolean;
  includeNonSharedInterviews?: boolean;
  excludeArchivedScheduleTemplateInterviews?: boolean;
};
export type InterviewScheduleListParams = PageParams &
  CreatedAfterParam & { applicationId?: string; interviewStageId?: string };
export type InterviewEventListParams = PageParams &
  CreatedAfterParam & { interviewScheduleId: string; expand?: "interview"[] };

export type FeedbackFormDefinitionListParams = PageParams & { includeArchived?: boolean };
export type FeedbackFormDefinitionInfoParams = { feedbackFormDefinitionId: string };

/** One answer: `path` is the form field's path; `value`'s shape depends on the field type (API-NOTES §3.2). */
export type FieldSubmission = { path: string; value: unknown };
/**
 * Two shapes: free-standing feedback (`userId` optional, credited to the key's user when absent) or feedback on a
 * scheduled interview (`interviewEventId` and `userId`, who must be an interviewer on that event, both required).
 * There is no `submittedByUserId` field.
 */
export type ApplicationFeedbackSubmitParams =
  | {
      formDefinitionId: string;
      applicationId: string;
      feedbackForm: { fieldSubmissions: FieldSubmission[] };
      userId?: string;
      interviewEventId?: never;
    }
  | {
      formDefinitionId: string;
      applicationId: string;
      feedbackForm: { fieldSubmissions: FieldSubmission[] };
      userId: string;
      interviewEventId: string;
    };
export type ApplicationFeedbackListParams = PageParams & CreatedAfterParam & { applicationId?: string };

export type DepartmentListParams = PageParams & { includeArchived?: boolean };
export type LocationListParams = PageParams & {
  includeArchived?: boolean;
  includeLocationHierarchy?: boolean;
};
export type ArchiveReasonListParams = { includeArchived?: boolean };
export type SourceListParams = { includeArchived?: boolean };
export type FileInfoParams = { fileHandle: string };

export type WebhookType =
  | "applicationSubmit"
  | "applicationUpdate"
  | "candidateHire"
  | "candidateStageChange"
  | "candidateDelete"
  | "candidateMerge"
  | "interviewPlanTransition"
  | "interviewScheduleCreate"
  | "interviewScheduleUpdate"
  | "jobPostingUpdate"
  | "jobPostingPublish"
  | "jobPostingUnpublish"
  | "offerCreate"
  | "offerUpdate"
  | "offerDelete"
  | "pushToHRIS"
  | "surveySubmit";
export type WebhookCreateParams = { webhookType: WebhookType; requestUrl: string; secretToken: string };
export type WebhookDeleteParams = { webhookId: string };
