import type { Org } from "./org.ts";
import type {
  ApplicationRecord,
  ArchiveReasonRecord,
  CandidateRecord,
  CustomFieldDefinitionRecord,
  CustomFieldValues,
  DepartmentRecord,
  EventRecord,
  FeedbackFormRecord,
  FeedbackRecord,
  FileRecord,
  InterviewPlanRecord,
  InterviewRecord,
  InterviewStageRecord,
  JobRecord,
  LocationRecord,
  NoteRecord,
  ScheduleRecord,
  SourceRecord,
  TagRecord,
  UserRecord,
} from "./records.ts";

/** Internal records → Ashby's wire shapes (field names and nesting as in the OpenAPI document). */

const iso = (ms: number) => new Date(ms).toISOString();

function base64Url(text: string): string {
  const bytes = new TextEncoder().encode(text);
  let binary = "";
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}

export function fromBase64Url(text: string): string | null {
  try {
    const binary = atob(text.replace(/-/g, "+").replace(/_/g, "/"));
    const bytes = Uint8Array.from(binary, (char) => char.charCodeAt(0));
    return new TextDecoder("utf-8", { fatal: true, ignoreBOM: false }).decode(bytes);
  } catch {
    return null;
  }
}

/** File handles look like base64-encoded JSON in Ashby; ours encode the org and the file id. */
export function fileHandle(org: Org, file: FileRecord) {
  return {
    id: file.id,
    name: file.name,
    handle: base64Url(JSON.stringify({ o: org.id, f: file.id, n: file.name })),
  };
}

export function renderUser(user: UserRecord) {
  return {
    id: user.id,
    firstName: user.firstName,
    lastName: user.lastName,
    email: user.email,
    globalRole: user.globalRole,
    isEnabled: user.isEnabled,
    updatedAt: iso(user.updatedAt),
    ...(user.managerId ? { managerId: user.managerId } : {}),
  };
}

function userById(org: Org, id: string) {
  const user = org.tables.users.get(id);
  return user ? renderUser(user) : undefined;
}

export function renderTag(tag: TagRecord) {
  return { id: tag.id, title: tag.title, isArchived: tag.isArchived };
}

export function renderSource(source: SourceRecord) {
  return { id: source.id, title: source.title, isArchived: source.isArchived, sourceType: source.sourceType };
}

export function renderArchiveReason(reason: ArchiveReasonRecord) {
  return { id: reason.id, text: reason.text, reasonType: reason.reasonType, isArchived: reason.isArchived };
}

export function renderDepartment(department: DepartmentRecord) {
  return {
    id: department.id,
    name: department.name,
    externalName: department.externalName,
    isArchived: department.isArchived,
    ...(department.parentId ? { parentId: department.parentId } : {}),
    createdAt: iso(department.createdAt),
    updatedAt: iso(department.updatedAt),
  };
}

export function renderLocation(location: LocationRecord) {
  return {
    id: location.id,
    name: location.name,
    externalName: location.externalName,
    isArchived: location.isArchived,
    address: { postalAddress: location.address },
    isRemote: location.isRemote,
    workplaceType: location.workplaceType,
    ...(location.parentLocationId ? { parentLocationId: location.parentLocationId } : {}),
    type: location.type,
  };
}

export function renderStage(stage: InterviewStageRecord) {
  return {
    id: stage.id,
    title: stage.title,
    type: stage.type,
    orderInInterviewPlan: stage.orderInInterviewPlan,
    interviewStageGroupId: stage.interviewStageGroupId,
    interviewPlanId: stage.interviewPlanId,
  };
}

export function renderInterviewPlan(plan: InterviewPlanRecord) {
  return {
    id: plan.id,
    title: plan.title,
    isArchived: plan.isArchived,
    createdAt: iso(plan.createdAt),
    updatedAt: iso(plan.updatedAt),
  };
}

export function renderCustomFieldDefinition(field: CustomFieldDefinitionRecord) {
  return {
    id: field.id,
    isPrivate: field.isPrivate,
    title: field.title,
    objectType: field.objectType,
    isArchived: field.isArchived,
    fieldType: field.fieldType,
    isRequired: field.isRequired,
    ...(field.selectableValues ? { selectableValues: field.selectableValues } : {}),
  };
}

export function renderCustomFieldValue(field: CustomFieldDefinitionRecord, value: unknown) {
  const labelOf = (v: unknown) =>
    field.selectableValues?.find((option) => option.value === v)?.label ?? String(v);
  const valueLabel =
    field.fieldType === "ValueSelect" && typeof value === "string"
      ? { valueLabel: labelOf(value) }
      : field.fieldType === "MultiValueSelect" && Array.isArray(value)
        ? { valueLabel: value.map(labelOf) }
        : {};
  const wireValue =
    field.fieldType === "Date" && typeof value === "string" ? `${value}T00:00:00.000Z` : value;
  return { id: field.id, title: field.title, isPrivate: field.isPrivate, value: wireValue, ...valueLabel };
}

export function renderCustomFields(org: Org, values: CustomFieldValues) {
  const out = [];
  for (const [fieldId, value] of Object.entries(values)) {
    const field = org.tables.customFields.get(fieldId);
    if (field && value !== null && value !== undefined) out.push(renderCustomFieldValue(field, value));
  }
  return out;
}

function contact(value: string, type: "Personal" | "Work" | "Other") {
  return { value, type, isPrimary: true };
}

export function renderCandidate(org: Org, candidate: CandidateRecord) {
  const name = `${candidate.firstName} ${candidate.lastName}`.trim();
  const source = org.tables.sources.get(candidate.sourceId);
  const creditedTo = userById(org, candidate.creditedToUserId);
  const email = candidate.email ? contact(candidate.email, "Personal") : undefined;
  const phone = candidate.phone ? contact(candidate.phone, "Personal") : undefined;
  return {
    id: candidate.id,
    createdAt: iso(candidate.createdAt),
    updatedAt: iso(candidate.updatedAt),
    name,
    ...(email ? { primaryEmailAddress: email } : {}),
    emailAddresses: email ? [email] : [],
    ...(phone ? { primaryPhoneNumber: phone } : {}),
    phoneNumbers: phone ? [phone] : [],
    socialLinks: candidate.linkedInSlug
      ? [{ type: "LinkedIn", url: `https://www.linkedin.com/in/${candidate.linkedInSlug}` }]
      : [],
    tags: candidate.tagIds
      .map((id) => org.tables.tags.get(id))
      .filter((tag): tag is TagRecord => tag !== undefined)
      .map(renderTag),
    ...(candidate.position ? { position: candidate.position } : {}),
    ...(candidate.company ? { company: candidate.company } : {}),
    ...(candidate.school ? { school: candidate.school } : {}),
    applicationIds: candidate.applicationIds.filter((id) => org.tables.applications.get(id) !== undefined),
    resumeFileHandle: fileHandle(org, candidate.resume),
    fileHandles: candidate.files.map((file) => fileHandle(org, file)),
    customFields: renderCustomFields(org, candidate.customFields),
    profileUrl: `https://app.ashbyhq.com/candidate-searches/new/right-side/candidates/${candidate.id}`,
    ...(source ? { source: renderSource(source) } : {}),
    ...(creditedTo ? { creditedToUser: creditedTo } : {}),
    timezone: candidate.timezone,
    ...(candidate.city
      ? {
          location: {
            id: `${candidate.id.slice(0, 24)}${candidate.id.slice(-12)}`,
            locationSummary: candidate.city,
            locationComponents: [{ type: "City", name: candidate.city }],
          },
        }
      : {}),
  };
}

function hiringTeam(org: Org, job: JobRecord) {
  const members: Array<{ userId: string; role: string }> = [
    { userId: job.hiringManagerId, role: "Hiring Manager" },
    { userId: job.recruiterId, role: "Recruiter" },
  ];
  return members.flatMap((member) => {
    const user = org.tables.users.get(member.userId);
    return user
      ? [
          {
            email: user.email,
            firstName: user.firstName,
            lastName: user.lastName,
            role: member.role,
            userId: user.id,
          },
        ]
      : [];
  });
}

export function applicationStatus(
  stage: InterviewStageRecord | undefined,
): "Hired" | "Archived" | "Active" | "Lead" {
  if (!stage) return "Active";
  if (stage.type === "Hired") return "Hired";
  if (stage.type === "Archived") return "Archived";
  if (stage.type === "Lead") return "Lead";
  return "Active";
}

export function renderApplication(org: Org, application: ApplicationRecord, withHistory = false) {
  const t = org.tables;
  const candidate = t.candidates.get(application.candidateId);
  const stage = t.interviewStages.get(application.stageId);
  const job = t.jobs.get(application.jobId);
  const source = t.sources.get(application.sourceId);
  const reason = application.archiveReasonId ? t.archiveReasons.get(application.archiveReasonId) : undefined;
  const creditedTo = userById(org, application.creditedToUserId);
  const email = candidate?.email ? contact(candidate.email, "Personal") : undefined;
  const phone = candidate?.phone ? contact(candidate.phone, "Personal") : undefined;
  const rendered: Record<string, unknown> = {
    id: application.id,
    createdAt: iso(application.createdAt),
    updatedAt: iso(application.updatedAt),
    status: applicationStatus(stage),
    customFields: renderCustomFields(org, application.customFields),
    candidate: {
      id: application.candidateId,
      name: candidate ? `${candidate.firstName} ${candidate.lastName}`.trim() : "Deleted Candidate",
      ...(email ? { primaryEmailAddress: email } : {}),
      ...(phone ? { primaryPhoneNumber: phone } : {}),
    },
    currentInterviewStage: stage ? renderStage(stage) : null,
    ...(source ? { source: renderSource(source) } : {}),
    ...(reason ? { archiveReason: { ...renderArchiveReason(reason), customFields: [] } } : {}),
    ...(application.archivedAt !== null ? { archivedAt: iso(application.archivedAt) } : {}),
    job: job
      ? { id: job.id, title: job.title, locationId: job.locationId, departmentId: job.departmentId }
      : { id: application.jobId, title: "Deleted Job" },
    ...(creditedTo ? { creditedToUser: creditedTo } : {}),
    hiringTeam: job ? hiringTeam(org, job) : [],
  };
  if (withHistory) {
    rendered.applicationHistory = application.history.map((visit, index) => ({
      id: `${application.id.slice(0, 24)}${(index + 1).toString(16).padStart(12, "0")}`,
      stageId: visit.stageId,
      title: t.interviewStages.get(visit.stageId)?.title ?? "Unknown stage",
      enteredStageAt: iso(visit.enteredAt),
      ...(visit.leftAt !== null ? { leftStageAt: iso(visit.leftAt) } : {}),
      stageNumber: index,
      allowedActions: ["none"],
      actorId: visit.actorId,
    }));
    if (candidate) rendered.resumeFileHandle = fileHandle(org, candidate.resume);
  }
  return rendered;
}

export function renderJob(org: Org, job: JobRecord, expand: readonly string[] = []) {
  const location = org.tables.locations.get(job.locationId);
  const author = userById(org, job.authorId);
  return {
    id: job.id,
    title: job.title,
    confidential: job.confidential,
    status: job.status,
    employmentType: job.employmentType,
    locationId: job.locationId,
    departmentId: job.departmentId,
    defaultInterviewPlanId: job.defaultInterviewPlanId,
    interviewPlanIds: [job.defaultInterviewPlanId],
    customFields: [],
    jobPostingIds: job.jobPostingIds,
    // The spec types customRequisitionId as a uuid; ours are human "REQ-1000" strings, so it is left out.
    hiringTeam: hiringTeam(org, job),
    ...(author ? { author } : {}),
    createdAt: iso(job.createdAt),
    updatedAt: iso(job.updatedAt),
    ...(job.openedAt !== null ? { openedAt: iso(job.openedAt) } : {}),
    ...(job.closedAt !== null ? { closedAt: iso(job.closedAt) } : {}),
    ...(expand.includes("location") && location ? { location: renderLocation(location) } : {}),
    ...(expand.includes("openings") ? { openings: [] } : {}),
  };
}

export function renderInterview(interview: InterviewRecord) {
  return {
    id: interview.id,
    title: interview.title,
    externalTitle: interview.externalTitle,
    isArchived: interview.isArchived,
    isDebrief: interview.isDebrief,
    isFeedbackRequired: interview.isFeedbackRequired,
    isFeedbackRequested: interview.isFeedbackRequested,
    instructionsHtml: `<p>${interview.instructionsPlain}</p>`,
    instructionsPlain: interview.instructionsPlain,
    ...(interview.jobId ? { jobId: interview.jobId } : {}),
    feedbackFormDefinitionId: interview.feedbackFormDefinitionId,
  };
}

export function renderFormDefinition(form: FeedbackFormRecord) {
  return {
    sections: form.sections.map((section) => ({
      title: section.title,
      fields: section.fields.map((field) => ({
        isRequired: field.isRequired,
        ...(field.descriptionPlain ? { descriptionPlain: field.descriptionPlain } : {}),
        field: {
          id: field.id,
          type: field.type,
          path: field.path,
          humanReadablePath: field.title,
          title: field.title,
          isNullable: field.isNullable,
          ...(field.selectableValues ? { selectableValues: field.selectableValues } : {}),
        },
      })),
    })),
  };
}

export function renderFeedbackForm(org: Org, form: FeedbackFormRecord) {
  return {
    id: form.id,
    organizationId: org.id,
    title: form.title,
    isArchived: form.isArchived,
    isDefaultForm: form.isDefaultForm,
    formDefinition: renderFormDefinition(form),
    ...(form.interviewId ? { interviewId: form.interviewId } : {}),
  };
}

export function renderEvent(org: Org, event: EventRecord, expandInterview = false) {
  const interviewers = event.interviewers.flatMap((interviewer) => {
    const user = userById(org, interviewer.userId);
    return user
      ? [
          {
            ...user,
            trainingRole: interviewer.trainingRole,
            interviewerPool: null,
            isFeedbackRequired: interviewer.isFeedbackRequired,
          },
        ]
      : [];
  });
  const interview = expandInterview ? org.tables.interviews.get(event.interviewId) : undefined;
  return {
    id: event.id,
    interviewId: event.interviewId,
    interviewScheduleId: event.scheduleId,
    interviewerUserIds: event.interviewers.map((interviewer) => interviewer.userId),
    interviewers,
    createdAt: iso(event.createdAt),
    updatedAt: iso(event.updatedAt),
    startTime: iso(event.startTime),
    endTime: iso(event.endTime),
    feedbackLink: `https://app.ashbyhq.com/interview-briefings/${event.id}/feedback`,
    location: event.location,
    meetingLink: event.meetingLink,
    interviewerCalendarEventId: null,
    hasSubmittedFeedback: event.hasSubmittedFeedback,
    ...(interview ? { interview: renderInterview(interview) } : {}),
    extraData: {},
  };
}

export function renderSchedule(org: Org, schedule: ScheduleRecord) {
  const scheduledBy = userById(org, schedule.scheduledById);
  return {
    id: schedule.id,
    status: schedule.status,
    applicationId: schedule.applicationId,
    interviewStageId: schedule.interviewStageId,
    scheduledBy: scheduledBy ?? null,
    createdAt: iso(schedule.createdAt),
    updatedAt: iso(schedule.updatedAt),
    interviewEvents: schedule.eventIds
      .map((id) => org.tables.events.get(id))
      .filter((event): event is EventRecord => event !== undefined)
      .map((event) => renderEvent(org, event)),
  };
}

export function renderFeedback(org: Org, feedback: FeedbackRecord) {
  const form = org.tables.feedbackForms.get(feedback.formDefinitionId);
  return {
    id: feedback.id,
    formDefinition: form ? renderFormDefinition(form) : { sections: [] },
    submittedValues: feedback.submittedValues,
    submittedByUser: userById(org, feedback.submittedByUserId) ?? null,
    applicationId: feedback.applicationId,
    ...(feedback.interviewId ? { interviewId: feedback.interviewId } : {}),
    ...(feedback.interviewEventId ? { interviewEventId: feedback.interviewEventId } : {}),
    feedbackFormDefinitionId: feedback.formDefinitionId,
    submittedAt: iso(feedback.submittedAt),
  };
}

export function renderNote(org: Org, note: NoteRecord) {
  const author = org.tables.users.get(note.authorId);
  return {
    id: note.id,
    createdAt: iso(note.createdAt),
    isPrivate: note.isPrivate,
    content: note.content,
    author: author
      ? { id: author.id, firstName: author.firstName, lastName: author.lastName, email: author.email }
      : { id: note.authorId, firstName: "Former", lastName: "User" },
  };
}
