import { createEmulator } from "@ashby-kit/ashby-emulator";
import { createSpecValidator } from "@ashby-kit/ashby-emulator/conformance";
import { describe, expect, it } from "vitest";
import { type AshbyClient, createAshbyClient } from "../../src/ashby/client";
import type { AshbyResult } from "../../src/ashby/errors";
import { paginate } from "../../src/ashby/paginate";
import { ASHBY_ENDPOINTS } from "../../src/ashby/permissions";
import { SKIP_REASON, spec } from "./spec";
import { nodeAt, relaxSpec, SPEC_DEFECTS } from "./spec-defects";

/**
 * Every body the client sends must be valid against Ashby's own request schema. The client is driven through
 * every method (and the request variants: both candidate.info and application.info shapes, both feedback shapes,
 * note as text and HTML, several custom-field value kinds, cursor + syncToken pages) against the emulator, with a
 * fetch wrapper recording what went over the wire.
 */

type Sent = { label: string; endpoint: string; body: unknown };
type Answer = { label: string; endpoint: string; result: AshbyResult<unknown> };

const emulator = createEmulator({ seed: 11, candidates: 30 });
const sent: Sent[] = [];
const answers: Answer[] = [];
let currentLabel = "";

const client: AshbyClient = createAshbyClient({
  apiKey: emulator.apiKey,
  baseUrl: emulator.baseUrl,
  fetch: async (url, init) => {
    const endpoint = new URL(url).pathname.slice(1);
    sent.push({ label: currentLabel, endpoint, body: JSON.parse(init.body) });
    return emulator.fetch(url, init);
  },
});

// Placeholders only for ids the emulator cannot give us yet; real ids are preferred so the calls also succeed.
const FALLBACK_ID = "3ae2b801-19f6-41ef-ad28-214bd731948f";

async function run<T>(
  label: string,
  endpoint: string,
  call: () => Promise<AshbyResult<T>>,
): Promise<T | undefined> {
  currentLabel = label;
  const result = await call();
  answers.push({ label, endpoint, result });
  return result.ok ? result.value : undefined;
}

function firstId(page: { results: { id: string }[] } | undefined): string {
  return page?.results[0]?.id ?? FALLBACK_ID;
}

// --- Drive every method -------------------------------------------------------------------------------------------
await run("apiKey.info", "apiKey.info", () => client.apiKey.info());

const users = await run("user.list", "user.list", () =>
  client.user.list({ limit: 5, includeDeactivated: true }),
);
const userId = firstId(users);
const userEmail = users?.results[0]?.email ?? "someone@example.com";
await run("user.search", "user.search", () => client.user.search({ email: userEmail }));
await run("user.info", "user.info", () => client.user.info({ userId }));

currentLabel = "candidate.list pages (cursor + syncToken)";
let syncToken: string | undefined;
for await (const step of paginate(client.candidate.list, { limit: 10, createdAfter: 0 })) {
  if (!step.ok || step.value.isLastPage) {
    if (step.ok) syncToken = step.value.syncToken;
    break;
  }
}
const candidates = await run("candidate.list incremental", "candidate.list", () =>
  client.candidate.list({ syncToken: syncToken ?? "opaque-token", limit: 100 }),
);
const fullCandidates = await run("candidate.list", "candidate.list", () =>
  client.candidate.list({ limit: 3 }),
);
const candidateId = firstId(fullCandidates ?? candidates);
await run("candidate.info by id", "candidate.info", () => client.candidate.info({ id: candidateId }));
await run("candidate.info by externalMappingId", "candidate.info", () =>
  client.candidate.info({ externalMappingId: "hris-42" }),
);
await run("candidate.search", "candidate.search", () =>
  client.candidate.search({ name: "a", email: "a@b.c" }),
);
await run("candidate.createNote text", "candidate.createNote", () =>
  client.candidate.createNote({ candidateId, note: "Plain note", sendNotifications: false }),
);
await run("candidate.createNote html", "candidate.createNote", () =>
  client.candidate.createNote({
    candidateId,
    note: { type: "text/html", value: "<b>Strong</b> signal" },
    isPrivate: false,
    createdAt: "2026-01-02T03:04:05.000Z",
  }),
);
await run("candidate.listNotes", "candidate.listNotes", () =>
  client.candidate.listNotes({ candidateId, limit: 10 }),
);

const tags = await run("candidateTag.list", "candidateTag.list", () =>
  client.candidateTag.list({ includeArchived: false, limit: 10 }),
);
const created = await run("candidateTag.create", "candidateTag.create", () =>
  client.candidateTag.create({ title: "ashby-kit conformance" }),
);
const tagId = created?.id ?? firstId(tags);
await run("candidate.addTag", "candidate.addTag", () => client.candidate.addTag({ candidateId, tagId }));
await run("candidate.removeTag", "candidate.removeTag", () =>
  client.candidate.removeTag({ candidateId, tagId }),
);

const fields = await run("customField.list", "customField.list", () =>
  client.customField.list({ limit: 50 }),
);
function candidateFieldOf(type: string) {
  return fields?.results.find((f) => f.objectType === "Candidate" && f.fieldType === type);
}
const stringField = candidateFieldOf("String")?.id ?? FALLBACK_ID;
const booleanField = candidateFieldOf("Boolean")?.id ?? FALLBACK_ID;
const numberField = candidateFieldOf("Number")?.id ?? FALLBACK_ID;
const multiSelect = candidateFieldOf("MultiValueSelect");
await run("customField.setValue string", "customField.setValue", () =>
  client.customField.setValue({
    objectId: candidateId,
    objectType: "Candidate",
    fieldId: stringField,
    fieldValue: "Berlin",
  }),
);
// The seeded org has no Currency or CompensationRange field, so these two are checked against the spec only.
const SPEC_ONLY = new Set([
  "customField.setValue currency",
  "customField.setValue compensation range",
  "application.info by submittedFormInstanceId",
]);
await run("customField.setValue currency", "customField.setValue", () =>
  client.customField.setValue({
    objectId: candidateId,
    objectType: "Candidate",
    fieldId: numberField,
    fieldValue: { value: 120000, currencyCode: "EUR" },
  }),
);
await run("customField.setValue compensation range", "customField.setValue", () =>
  client.customField.setValue({
    objectId: candidateId,
    objectType: "Candidate",
    fieldId: numberField,
    fieldValue: {
      type: "compensation-range",
      minValue: 1,
      maxValue: 2,
      currencyCode: "USD",
      interval: "1 YEAR",
    },
  }),
);
await run("customField.setValues", "customField.setValues", () =>
  client.customField.setValues({
    objectId: candidateId,
    objectType: "Candidate",
    values: [
      { fieldId: booleanField, fieldValue: true },
      {
        fieldId: multiSelect?.id ?? FALLBACK_ID,
        fieldValue: (multiSelect?.selectableValues ?? []).slice(0, 2).map((v) => v.value),
      },
      { fieldId: numberField, fieldValue: 3 },
    ],
  }),
);

const jobs = await run("job.list", "job.list", () =>
  client.job.list({ status: ["Open", "Closed"], expand: ["location"], openedAfter: 0, limit: 5 }),
);
const job = jobs?.results[0];
await run("job.info", "job.info", () =>
  client.job.info({ id: job?.id ?? FALLBACK_ID, expand: ["openings"] }),
);

const applications = await run("application.list", "application.list", () =>
  client.application.list({ status: "Active", limit: 5, expand: ["openings"] }),
);
const application = applications?.results[0];
const applicationId = application?.id ?? FALLBACK_ID;
await run("application.info by applicationId", "application.info", () =>
  client.application.info({ applicationId, expand: ["openings"] }),
);

const planId =
  job?.defaultInterviewPlanId ?? application?.currentInterviewStage?.interviewPlanId ?? FALLBACK_ID;
await run("interviewStage.list", "interviewStage.list", () =>
  client.interviewStage.list({ interviewPlanId: planId }),
);
await run("interview.list", "interview.list", () =>
  client.interview.list({ includeArchived: true, includeNonSharedInterviews: true, limit: 5 }),
);
const schedules = await run("interviewSchedule.list", "interviewSchedule.list", () =>
  client.interviewSchedule.list({ limit: 20, createdAfter: 0 }),
);
const schedule =
  schedules?.results.find((s) => (s.interviewEvents?.length ?? 0) > 0) ?? schedules?.results[0];
const events = await run("interviewEvent.list", "interviewEvent.list", () =>
  client.interviewEvent.list({ interviewScheduleId: schedule?.id ?? FALLBACK_ID, expand: ["interview"] }),
);
const event = events?.results[0];

const forms = await run("feedbackFormDefinition.list", "feedbackFormDefinition.list", () =>
  client.feedbackFormDefinition.list({ includeArchived: false }),
);
const form = forms?.results[0];
await run("feedbackFormDefinition.info", "feedbackFormDefinition.info", () =>
  client.feedbackFormDefinition.info({ feedbackFormDefinitionId: form?.id ?? FALLBACK_ID }),
);
const fieldSubmissions = [
  { path: "overall_recommendation", value: { score: 4 } },
  { path: "feedback", value: "Clear thinker." },
];
await run("applicationFeedback.submit free-standing", "applicationFeedback.submit", () =>
  client.applicationFeedback.submit({
    formDefinitionId: form?.id ?? FALLBACK_ID,
    applicationId: schedule?.applicationId ?? applicationId,
    feedbackForm: { fieldSubmissions },
  }),
);
await run("applicationFeedback.submit for an interview event", "applicationFeedback.submit", () =>
  client.applicationFeedback.submit({
    formDefinitionId: form?.id ?? FALLBACK_ID,
    applicationId: schedule?.applicationId ?? applicationId,
    feedbackForm: { fieldSubmissions },
    interviewEventId: event?.id ?? FALLBACK_ID,
    userId: event?.interviewers[0]?.id ?? userId,
  }),
);
await run("application.info by submittedFormInstanceId", "application.info", () =>
  // An application-form submission id (applicationForm.submit); the seeded org has none, so this one is spec-only.
  client.application.info({ submittedFormInstanceId: FALLBACK_ID }),
);
await run("applicationFeedback.list", "applicationFeedback.list", () =>
  client.applicationFeedback.list({ applicationId, createdAfter: 0, limit: 10 }),
);

await run("department.list", "department.list", () => client.department.list({ includeArchived: true }));
await run("location.list", "location.list", () =>
  client.location.list({ includeArchived: false, includeLocationHierarchy: true }),
);
await run("archiveReason.list", "archiveReason.list", () =>
  client.archiveReason.list({ includeArchived: true }),
);
await run("source.list", "source.list", () => client.source.list({ includeArchived: false }));

const candidate = await run("candidate.info for a file handle", "candidate.info", () =>
  client.candidate.info({ id: candidateId }),
);
await run("file.info", "file.info", () =>
  client.file.info({ fileHandle: candidate?.resumeFileHandle?.handle ?? "opaque-file-handle" }),
);

const webhook = await run("webhook.create", "webhook.create", () =>
  client.webhook.create({
    webhookType: "candidateStageChange",
    requestUrl: "https://host.example/webhooks/ashby",
    secretToken: "s3cret",
  }),
);
await run("webhook.delete", "webhook.delete", () =>
  client.webhook.delete({ webhookId: webhook?.id ?? FALLBACK_ID }),
);

// --- Assertions ----------------------------------------------------------------------------------------------------
describe("the conformance drive", () => {
  it("exercised every client method", () => {
    const endpoints = new Set(sent.map((s) => s.endpoint));
    expect([...ASHBY_ENDPOINTS].filter((e) => !endpoints.has(e))).toEqual([]);
  });

  it("paged with cursor and syncToken together", () => {
    const paged = sent.filter((s) => s.label.startsWith("candidate.list pages"));
    expect(paged.length).toBeGreaterThan(1);
    expect(paged[1]?.body).toMatchObject({ cursor: expect.any(String), limit: 10 });
  });

  it("every call succeeded (so the client also parsed every answer), except the ones meant to fail", () => {
    const expectedToFail = new Set([...SPEC_ONLY, "candidate.info by externalMappingId"]);
    const failed = answers.filter((a) => !a.result.ok && !expectedToFail.has(a.label));
    expect(failed.map((a) => `${a.label}: ${JSON.stringify(!a.result.ok && a.result.error)}`)).toEqual([]);
  });

  it("sent nothing the emulator rejected as malformed", () => {
    const malformed = answers.filter(
      (a) => !SPEC_ONLY.has(a.label) && !a.result.ok && a.result.error.ashbyCode === "invalid_input",
    );
    expect(malformed.map((a) => `${a.label}: ${!a.result.ok && a.result.error.message}`)).toEqual([]);
  });
});

describe.skipIf(!spec)(
  `request bodies are valid against Ashby's OpenAPI document${spec ? "" : ` (${SKIP_REASON})`}`,
  () => {
    const validator = spec ? createSpecValidator(relaxSpec(spec)) : null;

    it.each(SPEC_DEFECTS.map((d) => [d.pointer, d] as const))(
      "relaxed defect is still present: %s",
      (_, defect) => {
        expect(defect.isStillDefective(nodeAt(spec, defect.pointer)), defect.reason).toBe(true);
      },
    );

    it("the strict spec really rejects a body Ashby accepts (why the relaxations exist)", () => {
      const strict = createSpecValidator(spec as NonNullable<typeof spec>);
      const body = {
        objectId: FALLBACK_ID,
        objectType: "Candidate",
        fieldId: FALLBACK_ID,
        fieldValue: "Berlin",
      };
      expect(strict.validateRequest("customField.setValue", body).valid).toBe(false);
      expect(validator?.validateRequest("customField.setValue", body).valid).toBe(true);
      // …and the relaxed copy still rejects a wrong field name.
      const wrong = {
        objectId: FALLBACK_ID,
        objectType: "Candidate",
        customFieldId: FALLBACK_ID,
        fieldValue: "x",
      };
      expect(validator?.validateRequest("customField.setValue", wrong).valid).toBe(false);
    });

    it.each(sent.map((s) => [`${s.label} → ${s.endpoint}`, s] as const))("%s", (_, { endpoint, body }) => {
      const result = validator?.validateRequest(endpoint, body);
      expect(result?.errors).toEqual([]);
      expect(result?.valid).toBe(true);
    });
  },
);
