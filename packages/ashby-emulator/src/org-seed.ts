import { buildFeedbackForms, formFields } from "./feedback-forms.ts";
import { decodeId, type IdKind, makeId } from "./ids.ts";
import {
  ARCHIVE_REASONS,
  CITIES,
  COMPANIES,
  DEPARTMENTS,
  FIRST_NAMES,
  JOB_TITLES,
  LAST_NAMES,
  LOCATIONS,
  NOTE_SNIPPETS,
  POSITIONS,
  SCHOOLS,
  SOURCES,
  TAGS,
  TIMEZONES,
} from "./names.ts";
import { hash32, type Rng, rngFor } from "./prng.ts";
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
  FormFieldRecord,
  GlobalRole,
  InterviewPlanRecord,
  InterviewRecord,
  InterviewStageRecord,
  JobRecord,
  JobStatus,
  LocationRecord,
  NoteRecord,
  ScheduleRecord,
  SourceRecord,
  StageType,
  StageVisit,
  TagRecord,
  UserRecord,
} from "./records.ts";
import { Table } from "./table.ts";

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

export interface SeedConfig {
  orgId: string;
  salt: string;
  seed: number;
  candidates: number;
  domain: string;
  /** The "now" the seeded timeline is built around (events around it, history before it). */
  anchorMs: number;
}

export interface OrgSizes {
  users: number;
  jobs: number;
  candidates: number;
  applications: number;
  schedules: number;
}

/** Candidate i has 1 + (i % 2) applications, so applications ≈ 1.5 × candidates. */
export function applicationsBefore(candidateIndex: number): number {
  return candidateIndex + Math.floor(candidateIndex / 2);
}

export function candidateOfApplication(applicationIndex: number): number {
  let i = Math.floor((applicationIndex * 2) / 3);
  while (applicationsBefore(i + 1) <= applicationIndex) i++;
  while (applicationsBefore(i) > applicationIndex) i--;
  return i;
}

export function sizesFor(candidates: number): OrgSizes {
  const applications = applicationsBefore(candidates);
  return {
    users: Math.min(400, Math.max(12, Math.round(candidates / 8))),
    jobs: Math.max(6, Math.round(candidates / 200)),
    candidates,
    applications,
    // Every third application has an interview schedule (application 3s ↔ schedule s).
    schedules: Math.ceil(applications / 3),
  };
}

const STAGE_TEMPLATE: Array<{ title: string; type: StageType }> = [
  { title: "Lead", type: "Lead" },
  { title: "Application Review", type: "PreInterviewScreen" },
  { title: "Recruiter Screen", type: "Active" },
  { title: "Technical Interview", type: "Active" },
  { title: "Onsite", type: "Active" },
  { title: "Offer", type: "Offer" },
  { title: "Hired", type: "Hired" },
  { title: "Archived", type: "Archived" },
];
const STAGES_PER_PLAN = STAGE_TEMPLATE.length;
const PLAN_TITLES = ["Engineering Interview Plan", "Go-to-Market Interview Plan", "Default Interview Plan"];
/** Order of the stages scheduled applications sit in (Technical Interview, Onsite). */
const INTERVIEW_STAGE_ORDERS = [3, 4];

const INTERVIEWS: Array<{
  title: string;
  form: number;
  isDebrief?: boolean;
  jobSpecific?: boolean;
  archived?: boolean;
}> = [
  { title: "Recruiter Screen", form: 2 },
  { title: "Technical Screen", form: 1 },
  { title: "System Design", form: 1 },
  { title: "Pair Programming", form: 1 },
  { title: "Hiring Manager Conversation", form: 0 },
  { title: "Values Interview", form: 0 },
  { title: "Debrief", form: 3, isDebrief: true },
  { title: "Take-home Review", form: 0, jobSpecific: true },
  { title: "Legacy Culture Fit", form: 0, archived: true },
];
/** Interviews used for the events of a schedule, by event position. */
const EVENT_INTERVIEWS = [1, 2, 4, 5];

const CUSTOM_FIELDS: Array<Omit<CustomFieldDefinitionRecord, "id">> = [
  {
    title: "Years of Experience",
    objectType: "Candidate",
    fieldType: "Number",
    isArchived: false,
    isPrivate: false,
    isRequired: false,
  },
  {
    title: "Current Employer",
    objectType: "Candidate",
    fieldType: "String",
    isArchived: false,
    isPrivate: false,
    isRequired: false,
  },
  {
    title: "Recruiter Summary",
    objectType: "Candidate",
    fieldType: "LongText",
    isArchived: false,
    isPrivate: false,
    isRequired: false,
  },
  {
    title: "Open to Relocation",
    objectType: "Candidate",
    fieldType: "Boolean",
    isArchived: false,
    isPrivate: false,
    isRequired: false,
  },
  {
    title: "Earliest Start Date",
    objectType: "Candidate",
    fieldType: "Date",
    isArchived: false,
    isPrivate: false,
    isRequired: false,
  },
  {
    title: "Work Authorization",
    objectType: "Candidate",
    fieldType: "ValueSelect",
    isArchived: false,
    isPrivate: false,
    isRequired: false,
    selectableValues: [
      { label: "Authorized", value: "authorized", isArchived: false },
      { label: "Needs Sponsorship", value: "needs_sponsorship", isArchived: false },
      { label: "Unknown", value: "unknown", isArchived: false },
    ],
  },
  {
    title: "Priority",
    objectType: "Application",
    fieldType: "ValueSelect",
    isArchived: false,
    isPrivate: false,
    isRequired: false,
    selectableValues: [
      { label: "High", value: "high", isArchived: false },
      { label: "Medium", value: "medium", isArchived: false },
      { label: "Low", value: "low", isArchived: false },
    ],
  },
  {
    title: "Expected Salary",
    objectType: "Application",
    fieldType: "Number",
    isArchived: false,
    isPrivate: false,
    isRequired: false,
  },
  {
    title: "Referral Bonus Eligible",
    objectType: "Application",
    fieldType: "Boolean",
    isArchived: false,
    isPrivate: false,
    isRequired: false,
  },
  {
    title: "Offer Deadline",
    objectType: "Application",
    fieldType: "Date",
    isArchived: false,
    isPrivate: false,
    isRequired: false,
  },
  {
    title: "Interview Panel Notes",
    objectType: "Application",
    fieldType: "LongText",
    isArchived: false,
    isPrivate: false,
    isRequired: false,
  },
  {
    title: "Hiring Partner Code",
    objectType: "Application",
    fieldType: "String",
    isArchived: false,
    isPrivate: false,
    isRequired: false,
  },
  {
    title: "Preferred Teams",
    objectType: "Candidate",
    fieldType: "MultiValueSelect",
    isArchived: false,
    isPrivate: false,
    isRequired: false,
    selectableValues: [
      { label: "Platform", value: "Platform", isArchived: false },
      { label: "Growth", value: "Growth", isArchived: false },
      { label: "Infrastructure", value: "Infrastructure", isArchived: false },
    ],
  },
  {
    title: "Legacy Score",
    objectType: "Candidate",
    fieldType: "Number",
    isArchived: true,
    isPrivate: false,
    isRequired: false,
  },
];

/** Everything one org holds. Small catalogues are materialised; people and their pipeline are lazy tables. */
export interface OrgTables {
  users: Table<UserRecord>;
  departments: Table<DepartmentRecord>;
  locations: Table<LocationRecord>;
  interviewPlans: Table<InterviewPlanRecord>;
  interviewStages: Table<InterviewStageRecord>;
  interviews: Table<InterviewRecord>;
  feedbackForms: Table<FeedbackFormRecord>;
  archiveReasons: Table<ArchiveReasonRecord>;
  sources: Table<SourceRecord>;
  tags: Table<TagRecord>;
  customFields: Table<CustomFieldDefinitionRecord>;
  jobs: Table<JobRecord>;
  candidates: Table<CandidateRecord>;
  applications: Table<ApplicationRecord>;
  schedules: Table<ScheduleRecord>;
  events: Table<EventRecord>;
  notes: Table<NoteRecord>;
  feedback: Table<FeedbackRecord>;
}

function materialised<T extends { id: string }>(salt: string, kind: IdKind, records: T[]): Table<T> {
  return new Table<T>(
    records.length,
    (index) => records[index],
    (id) => decodeId(salt, kind, id),
  );
}

function lazy<T extends { id: string }>(
  salt: string,
  kind: IdKind,
  count: number,
  generate: (index: number) => T | undefined,
): Table<T> {
  return new Table<T>(count, generate, (id) => decodeId(salt, kind, id));
}

function pickName(rng: Rng): { firstName: string; lastName: string } {
  return { firstName: rng.pick(FIRST_NAMES), lastName: rng.pick(LAST_NAMES) };
}

function slug(text: string): string {
  return text
    .toLowerCase()
    .normalize("NFKD")
    .replace(/[^a-z0-9]+/g, "");
}

/** A plausible value for a field of the given type (custom fields and scorecards share the vocabulary). */
export function sampleValue(
  rng: Rng,
  fieldType: string,
  selectable: Array<{ value: string }> | undefined,
  anchorMs: number,
): unknown {
  switch (fieldType) {
    case "Number":
      return rng.between(1, 15);
    case "String":
      return rng.pick(COMPANIES);
    case "LongText":
      return rng.pick(NOTE_SNIPPETS);
    case "Boolean":
      return rng.chance(0.5);
    case "Date":
      return new Date(anchorMs + rng.between(7, 90) * DAY).toISOString().slice(0, 10);
    case "ValueSelect":
      return selectable && selectable.length > 0 ? rng.pick(selectable).value : null;
    case "MultiValueSelect":
      return selectable && selectable.length > 0 ? [rng.pick(selectable).value] : [];
    case "Score":
      return { score: rng.between(1, 4) };
    default:
      return null;
  }
}

export function seedOrg(config: SeedConfig): { tables: OrgTables; sizes: OrgSizes } {
  const { salt, seed, domain, anchorMs } = config;
  const sizes = sizesFor(config.candidates);
  const id = (kind: IdKind, index: number) => makeId(salt, kind, index);
  const yearAgo = anchorMs - 400 * DAY;

  // --- Users: unique (first, last) pairs for the first 2200 users, offset by the seed.
  const firstOffset = hash32(seed, "first") % FIRST_NAMES.length;
  const lastOffset = hash32(seed, "last") % LAST_NAMES.length;
  const users: UserRecord[] = [];
  for (let i = 0; i < sizes.users; i++) {
    const firstName = FIRST_NAMES[(i + firstOffset) % FIRST_NAMES.length] ?? "Alex";
    const lastName =
      LAST_NAMES[(i * 7 + Math.floor(i / FIRST_NAMES.length) + lastOffset) % LAST_NAMES.length] ?? "Smith";
    const globalRole: GlobalRole =
      i === 0
        ? "Organization Admin"
        : i < 4
          ? "Elevated Access"
          : i === sizes.users - 1
            ? "External Recruiter"
            : "Limited Access";
    users.push({
      id: id("user", i),
      firstName,
      lastName,
      email: `${slug(firstName)}.${slug(lastName)}@${domain}`,
      globalRole,
      // One deactivated user, so includeDeactivated matters.
      isEnabled: i !== sizes.users - 2,
      updatedAt: yearAgo + i * HOUR,
      managerId: i === 0 ? null : id("user", 0),
    });
  }
  const recruiterIds = users.slice(1, 4).map((user) => user.id);
  const interviewerIds = users
    .filter((user) => user.isEnabled && user.globalRole !== "External Recruiter")
    .map((u) => u.id);

  const departments: DepartmentRecord[] = DEPARTMENTS.map((name, i) => ({
    id: id("department", i),
    name,
    externalName: name,
    isArchived: false,
    parentId: null,
    createdAt: yearAgo,
    updatedAt: yearAgo,
  }));
  departments.push({
    id: id("department", DEPARTMENTS.length),
    name: "Platform Engineering",
    externalName: "Platform",
    isArchived: false,
    parentId: id("department", 0),
    createdAt: yearAgo,
    updatedAt: yearAgo,
  });
  departments.push({
    id: id("department", DEPARTMENTS.length + 1),
    name: "Legacy Operations",
    externalName: "Operations",
    isArchived: true,
    parentId: null,
    createdAt: yearAgo,
    updatedAt: yearAgo,
  });

  const locations: LocationRecord[] = LOCATIONS.map((location, i) => ({
    id: id("location", i),
    name: location.name,
    externalName: location.name,
    isArchived: false,
    workplaceType: location.workplaceType,
    isRemote: location.workplaceType === "Remote",
    address: {
      addressCountry: location.country,
      addressRegion: location.region,
      addressLocality: location.name,
    },
    parentLocationId: null,
    type: "Location",
  }));

  const stages: InterviewStageRecord[] = [];
  const plans: InterviewPlanRecord[] = PLAN_TITLES.map((title, p) => {
    const stageIds = STAGE_TEMPLATE.map((stage, order) => {
      const stageId = id("interviewStage", p * STAGES_PER_PLAN + order);
      stages.push({
        id: stageId,
        title: p === 1 && order === 3 ? "Hiring Manager Interview" : stage.title,
        type: stage.type,
        orderInInterviewPlan: order,
        interviewStageGroupId: id("interviewStage", 900 + order),
        interviewPlanId: id("interviewPlan", p),
      });
      return stageId;
    });
    return {
      id: id("interviewPlan", p),
      title,
      isArchived: false,
      createdAt: yearAgo,
      updatedAt: yearAgo,
      stageIds,
    };
  });
  const stageAt = (plan: number, order: number) =>
    stages[plan * STAGES_PER_PLAN + order] as InterviewStageRecord;

  const forms = buildFeedbackForms(
    (i) => id("feedbackForm", i),
    (i) => id("formField", i),
    (i) => id("interview", i),
  );

  // --- Jobs: statuses cycle so every status exists even in the smallest org.
  const JOB_STATUSES: JobStatus[] = ["Open", "Open", "Closed", "Open", "Draft", "Archived"];
  const jobs: JobRecord[] = [];
  for (let j = 0; j < sizes.jobs; j++) {
    const rng = rngFor(seed, "job", j);
    const department = DEPARTMENTS[j % DEPARTMENTS.length] ?? "Engineering";
    const status = JOB_STATUSES[j % JOB_STATUSES.length] ?? "Open";
    const createdAt = yearAgo + rng.between(0, 200) * DAY;
    const openedAt = status === "Draft" ? null : createdAt + rng.between(1, 10) * DAY;
    jobs.push({
      id: id("job", j),
      title: rng.pick(JOB_TITLES[department]),
      confidential: false,
      status,
      employmentType: rng.chance(0.9) ? "FullTime" : rng.pick(["Contract", "PartTime", "Intern"] as const),
      locationId: id("location", j % LOCATIONS.length),
      departmentId: id("department", j % DEPARTMENTS.length),
      defaultInterviewPlanId: id("interviewPlan", j % PLAN_TITLES.length),
      hiringManagerId: (users[4 + (j % Math.max(1, users.length - 6))] ?? users[0])?.id ?? id("user", 0),
      recruiterId: rng.pick(recruiterIds),
      authorId: id("user", 0),
      customRequisitionId: `REQ-${String(1000 + j)}`,
      jobPostingIds: status === "Open" ? [id("jobPosting", j)] : [],
      createdAt,
      updatedAt: createdAt + DAY,
      openedAt,
      closedAt: status === "Closed" || status === "Archived" ? anchorMs - rng.between(5, 60) * DAY : null,
    });
  }
  const applicableJobs = jobs.filter((job) => job.status !== "Draft");

  const interviews: InterviewRecord[] = INTERVIEWS.map((interview, i) => ({
    id: id("interview", i),
    title: interview.title,
    externalTitle: interview.title,
    isArchived: interview.archived === true,
    isDebrief: interview.isDebrief === true,
    isFeedbackRequired: !interview.isDebrief,
    isFeedbackRequested: true,
    instructionsPlain: `Run the ${interview.title.toLowerCase()} and submit the scorecard within 24 hours.`,
    jobId: interview.jobSpecific ? (applicableJobs[0]?.id ?? null) : null,
    feedbackFormDefinitionId: id("feedbackForm", interview.form),
  }));

  const archiveReasons: ArchiveReasonRecord[] = ARCHIVE_REASONS.map((reason, i) => ({
    id: id("archiveReason", i),
    text: reason.text,
    reasonType: reason.reasonType,
    isArchived: i === ARCHIVE_REASONS.length - 1,
  }));
  const activeArchiveReasons = archiveReasons.filter((reason) => !reason.isArchived);

  const sourceTypes = [...new Set(SOURCES.map((source) => source.type))];
  const sources: SourceRecord[] = SOURCES.map((source, i) => ({
    id: id("source", i),
    title: source.title,
    isArchived: i === SOURCES.length - 1,
    sourceType: {
      id: id("sourceType", sourceTypes.indexOf(source.type)),
      title: source.type,
      isArchived: false,
    },
  }));
  const activeSources = sources.filter((source) => !source.isArchived);

  const tags: TagRecord[] = TAGS.map((title, i) => ({
    id: id("tag", i),
    title,
    isArchived: i === TAGS.length - 1,
  }));
  const activeTags = tags.filter((tag) => !tag.isArchived);

  const customFields: CustomFieldDefinitionRecord[] = CUSTOM_FIELDS.map((field, i) => ({
    ...field,
    id: id("customField", i),
  }));
  const candidateFields = customFields.filter(
    (field) => field.objectType === "Candidate" && !field.isArchived,
  );
  const applicationFields = customFields.filter(
    (field) => field.objectType === "Application" && !field.isArchived,
  );
  const sampleCustomFields = (rng: Rng, fields: CustomFieldDefinitionRecord[]): CustomFieldValues => {
    const values: CustomFieldValues = {};
    for (const field of fields) {
      if (rng.chance(0.45))
        values[field.id] = sampleValue(rng, field.fieldType, field.selectableValues, anchorMs);
    }
    return values;
  };

  // --- Candidates (lazy): created over the last ~13 months, in index order.
  const span = 390 * DAY;
  const candidateCreatedAt = (i: number) =>
    anchorMs - span + Math.floor((i * span) / Math.max(1, sizes.candidates)) + (hash32(seed, "cc", i) % HOUR);
  const generateCandidate = (i: number): CandidateRecord => {
    const rng = rngFor(seed, "candidate", i);
    const { firstName, lastName } = pickName(rng);
    const createdAt = candidateCreatedAt(i);
    const firstApp = applicationsBefore(i);
    const applicationIds = [];
    for (let a = firstApp; a < applicationsBefore(i + 1); a++) applicationIds.push(id("application", a));
    const tagCount = rng.chance(0.6) ? rng.between(1, 2) : 0;
    const tagIds = [...new Set(Array.from({ length: tagCount }, () => rng.pick(activeTags).id))];
    const resume = { id: id("file", i * 2), name: `${firstName}_${lastName}_Resume.pdf` };
    const files = rng.chance(0.3)
      ? [resume, { id: id("file", i * 2 + 1), name: "Cover_Letter.pdf" }]
      : [resume];
    return {
      id: id("candidate", i),
      createdAt,
      updatedAt: createdAt + rng.between(0, 20) * DAY,
      firstName,
      lastName,
      email: `${slug(firstName)}.${slug(lastName)}${i}@${rng.pick(["mail.example", "inbox.example", "post.example"])}`,
      phone: `+1 415 555 ${String(1000 + (hash32(seed, "phone", i) % 9000))}`,
      linkedInSlug: `${slug(firstName)}-${slug(lastName)}-${i}`,
      position: rng.pick(POSITIONS),
      company: rng.pick(COMPANIES),
      school: rng.pick(SCHOOLS),
      city: rng.pick(CITIES),
      tagIds,
      applicationIds,
      sourceId: rng.pick(activeSources).id,
      creditedToUserId: rng.pick(recruiterIds),
      resume,
      files,
      customFields: sampleCustomFields(rng, candidateFields),
      timezone: rng.pick(TIMEZONES),
    };
  };

  // --- Applications (lazy).
  const generateApplication = (a: number): ApplicationRecord => {
    const rng = rngFor(seed, "application", a);
    const candidateIndex = candidateOfApplication(a);
    const job = applicableJobs[hash32(seed, "appjob", a) % applicableJobs.length] as JobRecord;
    const plan = Number(decodeId(salt, "interviewPlan", job.defaultInterviewPlanId) ?? 0);
    let order: number;
    if (a % 3 === 0) order = INTERVIEW_STAGE_ORDERS[a % 2] ?? 3;
    else {
      const roll = rng.next();
      order =
        roll < 0.05
          ? 0
          : roll < 0.35
            ? 1
            : roll < 0.5
              ? 2
              : roll < 0.56
                ? 3
                : roll < 0.6
                  ? 4
                  : roll < 0.63
                    ? 5
                    : roll < 0.68
                      ? 6
                      : 7;
    }
    const createdAt =
      candidateCreatedAt(candidateIndex) + (a - applicationsBefore(candidateIndex)) * 3 * DAY + HOUR;
    // Walk the plan up to the current stage; archived applications leave from a random earlier stage.
    const reached = order === 7 ? rng.between(1, 4) : order;
    const visits: StageVisit[] = [];
    let at = createdAt;
    const latest = Math.max(createdAt + HOUR, anchorMs - 2 * HOUR);
    const step = Math.max(HOUR, Math.floor((latest - createdAt) / (reached + 2)));
    for (let k = Math.min(1, reached); k <= reached; k++) {
      visits.push({
        stageId: stageAt(plan, k).id,
        enteredAt: at,
        leftAt: null,
        actorId: rng.pick(recruiterIds),
      });
      at += step;
    }
    if (order === 7)
      visits.push({
        stageId: stageAt(plan, 7).id,
        enteredAt: at,
        leftAt: null,
        actorId: rng.pick(recruiterIds),
      });
    for (let k = 0; k < visits.length - 1; k++) {
      const visit = visits[k] as StageVisit;
      visit.leftAt = (visits[k + 1] as StageVisit).enteredAt;
    }
    const last = visits[visits.length - 1] as StageVisit;
    return {
      id: id("application", a),
      candidateId: id("candidate", candidateIndex),
      jobId: job.id,
      createdAt,
      updatedAt: last.enteredAt,
      stageId: stageAt(plan, order).id,
      history: visits,
      archiveReasonId: order === 7 ? rng.pick(activeArchiveReasons).id : null,
      archivedAt: order === 7 ? last.enteredAt : null,
      sourceId: rng.pick(activeSources).id,
      creditedToUserId: rng.pick(recruiterIds),
      customFields: sampleCustomFields(rng, applicationFields),
    };
  };

  // --- Interview schedules and events (lazy). Schedule s belongs to application 3s; event position s*4+k.
  const scheduleBase = (s: number) => {
    // Between 5 days ago and 6 days ahead, on a working hour, so some events are past and some upcoming.
    const dayOffset = (hash32(seed, "sday", s) % 12) - 5;
    const hourOffset = 9 + (hash32(seed, "shour", s) % 7);
    const dayStart = Math.floor(anchorMs / DAY) * DAY;
    return dayStart + dayOffset * DAY + hourOffset * HOUR;
  };
  const eventCount = (s: number) => 1 + (hash32(seed, "ecount", s) % 3);
  const eventTimes = (s: number, k: number) => {
    const base = scheduleBase(s);
    // Every seventh schedule double-books: its second event starts before the first ends.
    const start = base + k * HOUR + (s % 7 === 0 && k === 1 ? -30 * 60_000 : 0);
    const duration = (hash32(seed, "edur", s, k) % 2 === 0 ? 45 : 60) * 60_000;
    return { start, end: start + duration };
  };
  const hasSeededFeedback = (s: number, k: number) =>
    eventTimes(s, k).end + 2 * HOUR < anchorMs && hash32(seed, "fb", s, k) % 10 < 7;
  const interviewersFor = (s: number, k: number) => {
    const rng = rngFor(seed, "interviewers", s, k);
    const first = rng.pick(interviewerIds);
    const list = [
      { userId: first, trainingRole: null, isFeedbackRequired: true } as EventRecord["interviewers"][number],
    ];
    if (rng.chance(0.35)) {
      const second = rng.pick(interviewerIds);
      if (second !== first)
        list.push({
          userId: second,
          trainingRole: rng.chance(0.5) ? "Shadow" : null,
          isFeedbackRequired: rng.chance(0.5),
        });
    }
    return list;
  };
  const generateSchedule = (s: number): ScheduleRecord | undefined => {
    const a = s * 3;
    if (a >= sizes.applications) return undefined;
    const application = generateApplication(a);
    const count = eventCount(s);
    const lastEnd = eventTimes(s, count - 1).end;
    const allFeedback = Array.from({ length: count }, (_, k) => hasSeededFeedback(s, k)).every(Boolean);
    const createdAt = Math.min(scheduleBase(s) - 3 * DAY, anchorMs - DAY);
    return {
      id: id("schedule", s),
      applicationId: application.id,
      interviewStageId: application.stageId,
      status: lastEnd > anchorMs ? "Scheduled" : allFeedback ? "Complete" : "WaitingOnFeedback",
      scheduledById: rngFor(seed, "scheduler", s).pick(recruiterIds),
      createdAt,
      updatedAt: createdAt + HOUR,
      eventIds: Array.from({ length: count }, (_, k) => id("event", s * 4 + k)),
    };
  };
  const generateEvent = (position: number): EventRecord | undefined => {
    const s = Math.floor(position / 4);
    const k = position % 4;
    if (s * 3 >= sizes.applications || k >= eventCount(s)) return undefined;
    const { start, end } = eventTimes(s, k);
    const createdAt = Math.min(scheduleBase(s) - 3 * DAY, anchorMs - DAY);
    const remote = hash32(seed, "remote", s) % 2 === 0;
    return {
      id: id("event", position),
      scheduleId: id("schedule", s),
      interviewId: id("interview", EVENT_INTERVIEWS[k] ?? 1),
      interviewers: interviewersFor(s, k),
      createdAt,
      updatedAt: createdAt,
      startTime: start,
      endTime: end,
      location: remote ? null : "Conference Room 2",
      meetingLink: remote ? `https://meet.emulator.example/${id("event", position).slice(-12)}` : null,
      hasSubmittedFeedback: hasSeededFeedback(s, k),
    };
  };
  const generateFeedback = (position: number): FeedbackRecord | undefined => {
    const s = Math.floor(position / 4);
    const k = position % 4;
    if (s * 3 >= sizes.applications || k >= eventCount(s) || !hasSeededFeedback(s, k)) return undefined;
    const event = generateEvent(position) as EventRecord;
    const interview = interviews[EVENT_INTERVIEWS[k] ?? 1] as InterviewRecord;
    const form = forms[
      Number(decodeId(salt, "feedbackForm", interview.feedbackFormDefinitionId))
    ] as FeedbackFormRecord;
    const rng = rngFor(seed, "feedback", position);
    const submittedValues: Record<string, unknown> = {};
    for (const field of formFields(form)) {
      if (field.isRequired || rng.chance(0.5))
        submittedValues[field.path] = sampleValue(rng, field.type, field.selectableValues, anchorMs);
    }
    return {
      id: id("feedback", position),
      applicationId: id("application", s * 3),
      formDefinitionId: form.id,
      submittedByUserId: (event.interviewers[0] as EventRecord["interviewers"][number]).userId,
      interviewEventId: event.id,
      interviewId: interview.id,
      submittedAt: event.endTime + HOUR,
      submittedValues,
    };
  };

  // --- Notes (lazy): candidate i has 0–2 notes at positions i*3+k.
  const noteCount = (i: number) => hash32(seed, "notes", i) % 3;
  const generateNote = (position: number): NoteRecord | undefined => {
    const i = Math.floor(position / 3);
    const k = position % 3;
    if (i >= sizes.candidates || k >= noteCount(i)) return undefined;
    const rng = rngFor(seed, "note", position);
    return {
      id: id("note", position),
      candidateId: id("candidate", i),
      createdAt: candidateCreatedAt(i) + (k + 1) * DAY,
      isPrivate: false,
      content: rng.pick(NOTE_SNIPPETS),
      authorId: rng.pick(recruiterIds),
    };
  };

  const tables: OrgTables = {
    users: materialised(salt, "user", users),
    departments: materialised(salt, "department", departments),
    locations: materialised(salt, "location", locations),
    interviewPlans: materialised(salt, "interviewPlan", plans),
    interviewStages: materialised(salt, "interviewStage", stages),
    interviews: materialised(salt, "interview", interviews),
    feedbackForms: materialised(salt, "feedbackForm", forms),
    archiveReasons: materialised(salt, "archiveReason", archiveReasons),
    sources: materialised(salt, "source", sources),
    tags: materialised(salt, "tag", tags),
    customFields: materialised(salt, "customField", customFields),
    jobs: materialised(salt, "job", jobs),
    candidates: lazy(salt, "candidate", sizes.candidates, generateCandidate),
    applications: lazy(salt, "application", sizes.applications, generateApplication),
    schedules: lazy(salt, "schedule", sizes.schedules, generateSchedule),
    events: lazy(salt, "event", sizes.schedules * 4, generateEvent),
    notes: lazy(salt, "note", sizes.candidates * 3, generateNote),
    feedback: lazy(salt, "feedback", sizes.schedules * 4, generateFeedback),
  };
  return { tables, sizes };
}

/** Seeded children of a parent, found by index arithmetic instead of a scan. */
export function seededChildPositions(
  kind: "notesOfCandidate" | "scheduleOfApplication" | "eventsOfSchedule" | "feedbackOfApplication",
  parentIndex: number,
): number[] {
  switch (kind) {
    case "notesOfCandidate":
      return [parentIndex * 3, parentIndex * 3 + 1, parentIndex * 3 + 2];
    case "scheduleOfApplication":
      return parentIndex % 3 === 0 ? [parentIndex / 3] : [];
    case "eventsOfSchedule":
      return [parentIndex * 4, parentIndex * 4 + 1, parentIndex * 4 + 2, parentIndex * 4 + 3];
    case "feedbackOfApplication":
      return parentIndex % 3 === 0 ? [0, 1, 2, 3].map((k) => (parentIndex / 3) * 4 + k) : [];
  }
}

export type { FormFieldRecord };
