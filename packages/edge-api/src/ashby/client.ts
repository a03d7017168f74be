import { type AshbyPage, pageEnvelope, singleEnvelope } from "./envelope";
import type { AshbyResult } from "./errors";
import type * as Req from "./requests";
import { type AshbyClientOptions, createAshbyCall } from "./transport";
import * as Wire from "./types";

export type { AshbyClientOptions, AshbyFetch } from "./transport";

type Call<P, T> = (params: P) => Promise<AshbyResult<T>>;
/** Parameters are optional where every field of the request is optional (`client.candidate.list()`). */
type OptionalCall<P, T> = (params?: P) => Promise<AshbyResult<T>>;
type List<P, T> = OptionalCall<P, AshbyPage<T>>;

export type AshbyClient = {
  apiKey: { info: OptionalCall<Record<string, never>, Wire.ApiKeyInfo> };
  user: {
    list: List<Req.UserListParams, Wire.User>;
    search: Call<Req.UserSearchParams, AshbyPage<Wire.User>>;
    info: Call<Req.UserInfoParams, Wire.User>;
  };
  candidate: {
    list: List<Req.CandidateListParams, Wire.Candidate>;
    info: Call<Req.CandidateInfoParams, Wire.Candidate>;
    search: List<Req.CandidateSearchParams, Wire.Candidate>;
    createNote: Call<Req.CandidateCreateNoteParams, Wire.Note>;
    listNotes: Call<Req.CandidateListNotesParams, AshbyPage<Wire.Note>>;
    addTag: Call<Req.CandidateTagParams, Wire.Candidate>;
    removeTag: Call<Req.CandidateTagParams, Wire.Candidate>;
  };
  candidateTag: {
    list: List<Req.CandidateTagListParams, Wire.Tag>;
    create: Call<Req.CandidateTagCreateParams, Wire.Tag>;
  };
  customField: {
    list: List<Req.CustomFieldListParams, Wire.CustomFieldDefinition>;
    setValue: Call<Req.CustomFieldSetValueParams, Wire.CustomFieldValue>;
    setValues: Call<Req.CustomFieldSetValuesParams, Wire.CustomFieldValue[]>;
  };
  job: {
    list: List<Req.JobListParams, Wire.Job>;
    info: Call<Req.JobInfoParams, Wire.Job>;
  };
  application: {
    list: List<Req.ApplicationListParams, Wire.Application>;
    info: Call<Req.ApplicationInfoParams, Wire.Application>;
    /** application.info, validating only the id and the stage history (see ApplicationStageHistorySchema). */
    stageHistory: Call<{ applicationId: string }, Wire.ApplicationStageHistory>;
  };
  interviewStage: { list: Call<Req.InterviewStageListParams, AshbyPage<Wire.InterviewStage>> };
  interview: { list: List<Req.InterviewListParams, Wire.Interview> };
  interviewSchedule: { list: List<Req.InterviewScheduleListParams, Wire.InterviewSchedule> };
  interviewEvent: { list: Call<Req.InterviewEventListParams, AshbyPage<Wire.InterviewEvent>> };
  feedbackFormDefinition: {
    list: List<Req.FeedbackFormDefinitionListParams, Wire.FeedbackFormDefinition>;
    info: Call<Req.FeedbackFormDefinitionInfoParams, Wire.FeedbackFormDefinition>;
  };
  applicationFeedback: {
    submit: Call<Req.ApplicationFeedbackSubmitParams, Wire.FeedbackSubmitted>;
    list: List<Req.ApplicationFeedbackListParams, Wire.FeedbackSubmission>;
  };
  department: { list: List<Req.DepartmentListParams, Wire.Department> };
  location: { list: List<Req.LocationListParams, Wire.Location> };
  archiveReason: { list: List<Req.ArchiveReasonListParams, Wire.ArchiveReason> };
  source: { list: List<Req.SourceListParams, Wire.Source> };
  file: { info: Call<Req.FileInfoParams, Wire.FileInfo> };
  webhook: {
    create: Call<Req.WebhookCreateParams, Wire.Webhook>;
    delete: Call<Req.WebhookDeleteParams, Wire.WebhookDeleted>;
  };
};

// Parsers are built once per module load; they are pure and hold no request state.
const paginated = { paginated: true };
const oneShot = { paginated: false };
const parsers = {
  apiKeyInfo: singleEnvelope(Wire.ApiKeyInfoSchema),
  user: singleEnvelope(Wire.UserSchema),
  userPage: pageEnvelope(Wire.UserSchema, paginated),
  userSearchPage: pageEnvelope(Wire.UserSchema, oneShot),
  candidate: singleEnvelope(Wire.CandidateSchema),
  candidatePage: pageEnvelope(Wire.CandidateSchema, paginated),
  candidateSearchPage: pageEnvelope(Wire.CandidateSchema, oneShot),
  note: singleEnvelope(Wire.NoteSchema),
  notePage: pageEnvelope(Wire.NoteSchema, paginated),
  tag: singleEnvelope(Wire.TagSchema),
  tagPage: pageEnvelope(Wire.TagSchema, paginated),
  customFieldPage: pageEnvelope(Wire.CustomFieldDefinitionSchema, paginated),
  customFieldValue: singleEnvelope(Wire.CustomFieldValueSchema),
  customFieldValues: singleEnvelope(Wire.CustomFieldValueSchema.array()),
  job: singleEnvelope(Wire.JobSchema),
  jobPage: pageEnvelope(Wire.JobSchema, paginated),
  application: singleEnvelope(Wire.ApplicationSchema),
  applicationPage: pageEnvelope(Wire.ApplicationSchema, paginated),
  interviewStagePage: pageEnvelope(Wire.InterviewStageSchema, oneShot),
  interviewPage: pageEnvelope(Wire.InterviewSchema, paginated),
  interviewSchedulePage: pageEnvelope(Wire.InterviewScheduleSchema, paginated),
  interviewEventPage: pageEnvelope(Wire.InterviewEventSchema, paginated),
  feedbackFormDefinition: singleEnvelope(Wire.FeedbackFormDefinitionSchema),
  feedbackFormDefinitionPage: pageEnvelope(Wire.FeedbackFormDefinitionSchema, paginated),
  feedbackSubmitted: singleEnvelope(Wire.FeedbackSubmittedSchema),
  feedbackPage: pageEnvelope(Wire.FeedbackSubmissionSchema, paginated),
  departmentPage: pageEnvelope(Wire.DepartmentSchema, paginated),
  locationPage: pageEnvelope(Wire.LocationSchema, paginated),
  archiveReasonPage: pageEnvelope(Wire.ArchiveReasonSchema, oneShot),
  sourcePage: pageEnvelope(Wire.SourceSchema, oneShot),
  applicationStageHistory: singleEnvelope(Wire.ApplicationStageHistorySchema),
  fileInfo: singleEnvelope(Wire.FileInfoSchema),
  webhook: singleEnvelope(Wire.WebhookSchema),
  webhookDeleted: singleEnvelope(Wire.WebhookDeletedSchema),
};

/**
 * The typed Ashby client: one method per endpoint, each a single POST to `${baseUrl}/<category>.<method>`.
 * Nothing throws for Ashby or network failures; every method resolves to an AshbyResult whose error carries a
 * code from the shared catalog (see errors.ts). Reads `env` nowhere and keeps no state between calls.
 */
export function createAshbyClient(options: AshbyClientOptions): AshbyClient {
  const call = createAshbyCall(options);
  return {
    apiKey: {
      // https://developers.ashbyhq.com/reference/apikeyinfo
      info: (params = {}) => call("apiKey.info", params, parsers.apiKeyInfo),
    },
    user: {
      // https://developers.ashbyhq.com/reference/userlist
      list: (params = {}) => call("user.list", params, parsers.userPage),
      // https://developers.ashbyhq.com/reference/usersearch
      search: (params) => call("user.search", params, parsers.userSearchPage),
      // https://developers.ashbyhq.com/reference/userinfo
      info: (params) => call("user.info", params, parsers.user),
    },
    candidate: {
      // https://developers.ashbyhq.com/reference/candidatelist
      list: (params = {}) => call("candidate.list", params, parsers.candidatePage),
      // https://developers.ashbyhq.com/reference/candidateinfo
      info: (params) => call("candidate.info", params, parsers.candidate),
      // https://developers.ashbyhq.com/reference/candidatesearch
      search: (params = {}) => call("candidate.search", params, parsers.candidateSearchPage),
      // https://developers.ashbyhq.com/reference/candidatecreatenote
      createNote: (params) => call("candidate.createNote", params, parsers.note),
      // https://developers.ashbyhq.com/reference/candidatelistnotes
      listNotes: (params) => call("candidate.listNotes", params, parsers.notePage),
      // https://developers.ashbyhq.com/reference/candidateaddtag
      addTag: (params) => call("candidate.addTag", params, parsers.candidate),
      // https://developers.ashbyhq.com/reference/candidateremovetag
      removeTag: (params) => call("candidate.removeTag", params, parsers.candidate),
    },
    candidateTag: {
      // https://developers.ashbyhq.com/reference/candidatetaglist
      list: (params = {}) => call("candidateTag.list", params, parsers.tagPage),
      // https://developers.ashbyhq.com/reference/candidatetagcreate
      create: (params) => call("candidateTag.create", params, parsers.tag),
    },
    customField: {
      // https://developers.ashbyhq.com/reference/customfieldlist
      list: (params = {}) => call("customField.list", params, parsers.customFieldPage),
      // https://developers.ashbyhq.com/reference/customfieldsetvalue
      setValue: (params) => call("customField.setValue", params, parsers.customFieldValue),
      // https://developers.ashbyhq.com/reference/customfieldsetvalues
      setValues: (params) => call("customField.setValues", params, parsers.customFieldValues),
    },
    job: {
      // https://developers.ashbyhq.com/reference/joblist
      list: (params = {}) => call("job.list", params, parsers.jobPage),
      // https://developers.ashbyhq.com/reference/jobinfo
      info: (params) => call("job.info", params, parsers.job),
    },
    application: {
      // https://developers.ashbyhq.com/reference/applicationlist
      list: (params = {}) => call("application.list", params, parsers.applicationPage),
      // https://developers.ashbyhq.com/reference/applicationinfo
      info: (params) => call("application.info", params, parsers.application),
      stageHistory: (params) => call("application.info", params, parsers.applicationStageHistory),
    },
    interviewStage: {
      // https://developers.ashbyhq.com/reference/interviewstagelist
      list: (params) => call("interviewStage.list", params, parsers.interviewStagePage),
    },
    interview: {
      // https://developers.ashbyhq.com/reference/interviewlist
      list: (params = {}) => call("interview.list", params, parsers.interviewPage),
    },
    interviewSchedule: {
      // https://developers.ashbyhq.com/reference/interviewschedulelist
      list: (params = {}) => call("interviewSchedule.list", params, parsers.interviewSchedulePage),
    },
    interviewEvent: {
      // https://developers.ashbyhq.com/reference/intervieweventlist
      list: (params) => call("interviewEvent.list", params, parsers.interviewEventPage),
    },
    feedbackFormDefinition: {
      // https://developers.ashbyhq.com/reference/feedbackformdefinitionlist
      list: (params = {}) => call("feedbackFormDefinition.list", params, parsers.feedbackFormDefinitionPage),
      // https://developers.ashbyhq.com/reference/feedbackformdefinitioninfo
      info: (params) => call("feedbackFormDefinition.info", params, parsers.feedbackFormDefinition),
    },
    applicationFeedback: {
      // https://developers.ashbyhq.com/reference/applicationfeedbacksubmit
      submit: (params) => call("applicationFeedback.submit", params, parsers.feedbackSubmitted),
      // https://developers.ashbyhq.com/reference/applicationfeedbacklist
      list: (params = {}) => call("applicationFeedback.list", params, parsers.feedbackPage),
    },
    department: {
      // https://developers.ashbyhq.com/reference/departmentlist
      list: (params = {}) => call("department.list", params, parsers.departmentPage),
    },
    location: {
      // https://developers.ashbyhq.com/reference/locationlist
      list: (params = {}) => call("location.list", params, parsers.locationPage),
    },
    archiveReason: {
      // https://developers.ashbyhq.com/reference/archivereasonlist
      list: (params = {}) => call("archiveReason.list", params, parsers.archiveReasonPage),
    },
    source: {
      // https://developers.ashbyhq.com/reference/sourcelist
      list: (params = {}) => call("source.list", params, parsers.sourcePage),
    },
    file: {
      // https://developers.ashbyhq.com/reference/fileinfo
      info: (params) => call("file.info", params, parsers.fileInfo),
    },
    webhook: {
      // https://developers.ashbyhq.com/reference/webhookcreate
      create: (params) => call("webhook.create", params, parsers.webhook),
      // https://developers.ashbyhq.com/reference/webhookdelete
      delete: (params) => call("webhook.delete", params, parsers.webhookDeleted),
    },
  };
}
