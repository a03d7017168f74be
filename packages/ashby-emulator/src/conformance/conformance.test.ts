import { beforeAll, describe, expect, it } from "vitest";
import { createEmulator, type Emulator } from "../emulator.ts";
import { ENDPOINTS } from "../endpoints/index.ts";
import { type AshbyAnswer, ashby } from "../test-support/ashby-call.ts";
import { defaultSpecPath, loadAshbySpec } from "./load-spec.ts";
import { createSpecValidator, type SpecValidationResult, type SpecValidator } from "./spec-validator.ts";

const spec = loadAshbySpec();
if (!spec) {
  console.warn(
    `[conformance] Ashby's OpenAPI document is not at ${defaultSpecPath()}; skipping the conformance suite. ` +
      "Set ASHBY_OPENAPI_PATH or place it at ../shared/ashby/openapi.yml next to the repository.",
  );
}

function valueAt(body: unknown, pointer: string): unknown {
  let current: unknown = body;
  for (const token of pointer.split("/").slice(1)) {
    const key = token.replace(/~1/g, "/").replace(/~0/g, "~");
    current =
      current !== null && typeof current === "object" ? (current as Record<string, unknown>)[key] : undefined;
  }
  return current;
}

/**
 * Two places where Ashby's document contradicts its own prose, so a faithful answer cannot validate:
 * - Interviewer `trainingRole` is "null when the interviewer is qualified", typed `[string, null]`, but its
 *   `enum` lists only Shadow/Reverse-Shadow, so null is rejected.
 * - CustomFieldValue `value` is a `oneOf` with several plain-string branches (Date, String, LongText,
 *   ValueSelect), so every string value matches more than one branch and fails `oneOf`.
 * - Some endpoints' success branch (e.g. candidate.createNote) requires neither `results` nor `success: true`,
 *   so an error body matches both branches of the response `oneOf`. Such bodies are checked against the
 *   shared error envelope on their own instead (see `conforming`).
 * Only those exact situations are forgiven; everything else must validate.
 */
function isKnownSpecDefect(issue: SpecValidationResult["issues"][number], body: unknown): boolean {
  const value = valueAt(body, issue.instancePath);
  if (issue.instancePath === "" && issue.keyword === "oneOf")
    return (body as { success?: unknown }).success === false;
  if (/\/interviewers\/\d+\/trainingRole$/.test(issue.instancePath))
    return value === null && issue.keyword === "enum";
  if (/\/customFields\/\d+\/value$/.test(issue.instancePath)) return typeof value === "string";
  return false;
}

function unexplained(result: SpecValidationResult, body: unknown): string[] {
  const defects = result.issues.filter((issue) => isKnownSpecDefect(issue, body));
  let rest = result.issues.filter((issue) => !isKnownSpecDefect(issue, body));
  // When the success branch fails only on a known defect, ajv also reports the error branch at the root.
  if (defects.length > 0 && (body as { success?: unknown }).success === true) {
    rest = rest.filter(
      (issue) =>
        issue.instancePath !== "" || (issue.keyword === "required" && issue.message.includes("results")),
    );
  }
  return rest.map((issue) => `${issue.instancePath || "/"} ${issue.message}`);
}

describe.skipIf(spec === null)("conformance with Ashby's OpenAPI document", () => {
  let validator: SpecValidator;
  let emu: Emulator;
  const covered = new Map<string, Set<string>>();
  // biome-ignore lint/suspicious/noExplicitAny: payloads are read generically
  const ids: Record<string, any> = {};

  async function conforming(
    method: string,
    body: unknown,
    apiKey: string | null,
    label: string,
  ): Promise<AshbyAnswer> {
    const answer = await ashby(emu, method, body, apiKey);
    const result = validator.validateResponse(method, answer.status, answer.body);
    expect(unexplained(result, answer.body), `${method} (${label}) HTTP ${answer.status}`).toEqual([]);
    if (answer.body?.success === false) {
      // Every failure must also be a complete instance of Ashby's shared error envelope.
      expect(
        validator.validateResponse("report.generate", 429, answer.body).errors,
        `${method} (${label})`,
      ).toEqual([]);
      expect(answer.body.errors).toEqual([answer.body.errorInfo.code]);
      expect(answer.body.errorInfo.requestId).toBe(answer.headers.get("x-ashby-request-id"));
    }
    expect(answer.headers.get("x-ashby-request-id")).toMatch(/^[0-9A-Z]{26}$/);
    const shapes = covered.get(method) ?? new Set<string>();
    shapes.add(label);
    covered.set(method, shapes);
    return answer;
  }

  beforeAll(async () => {
    validator = createSpecValidator(spec as NonNullable<typeof spec>);
    emu = createEmulator({ seed: 7, candidates: 60, now: () => Date.parse("2026-11-20T12:00:00.000Z") });
    const key = emu.apiKey;
    const first = async (method: string, body: unknown = {}) =>
      (await ashby(emu, method, body, key)).body.results[0];
    ids.candidate = await first("candidate.list");
    ids.user = await first("user.list");
    ids.job = await first("job.list");
    ids.application = await first("application.list");
    ids.tag = await first("candidateTag.list");
    ids.schedule = (await ashby(emu, "interviewSchedule.list", {}, key)).body.results.find(
      // biome-ignore lint/suspicious/noExplicitAny: generic payload
      (schedule: any) => schedule.interviewEvents.length > 0,
    );
    ids.forms = (await ashby(emu, "feedbackFormDefinition.list", {}, key)).body.results;
    ids.customFields = (await ashby(emu, "customField.list", {}, key)).body.results;
  });

  it("every emulated endpoint exists in the document", () => {
    const declared = new Set(validator.endpoints());
    expect(Object.keys(ENDPOINTS).filter((method) => !declared.has(method))).toEqual([]);
  });

  it("answers every endpoint with a body the document accepts (success)", async () => {
    const key = emu.apiKey;
    const c = ids.candidate;
    const event = ids.schedule.interviewEvents[0];
    const scorecard = ids.forms.find(
      (form: { title: string }) => form.title === "Standard Interview Scorecard",
    );
    const numberField = ids.customFields.find(
      (f: { fieldType: string; objectType: string }) =>
        f.fieldType === "Number" && f.objectType === "Candidate",
    );
    const calls: Array<[string, unknown]> = [
      ["apiKey.info", {}],
      ["user.list", { includeDeactivated: true }],
      ["user.search", { email: ids.user.email }],
      ["user.info", { userId: ids.user.id }],
      ["candidate.list", { limit: 10 }],
      ["candidate.info", { id: c.id }],
      ["candidate.search", { name: c.name.split(" ")[0] }],
      [
        "candidate.createNote",
        { candidateId: c.id, note: { type: "text/html", value: "<b>Strong</b> <script>x</script>" } },
      ],
      ["candidate.listNotes", { candidateId: c.id }],
      ["candidate.addTag", { candidateId: c.id, tagId: ids.tag.id }],
      ["candidate.removeTag", { candidateId: c.id, tagId: ids.tag.id }],
      ["candidateTag.list", { includeArchived: true }],
      ["candidateTag.create", { title: "Conformance" }],
      ["customField.list", {}],
      [
        "customField.setValue",
        { objectId: c.id, objectType: "Candidate", fieldId: numberField.id, fieldValue: 5 },
      ],
      [
        "customField.setValues",
        { objectId: c.id, objectType: "Candidate", values: [{ fieldId: numberField.id, fieldValue: 6 }] },
      ],
      ["job.list", { status: ["Open", "Closed", "Draft", "Archived"], expand: ["location"] }],
      ["job.info", { id: ids.job.id }],
      ["application.list", { limit: 20 }],
      ["application.info", { applicationId: ids.application.id }],
      ["interviewStage.list", { interviewPlanId: ids.job.defaultInterviewPlanId }],
      ["interview.list", { includeArchived: true, includeNonSharedInterviews: true }],
      ["interviewSchedule.list", { limit: 20 }],
      ["interviewEvent.list", { interviewScheduleId: ids.schedule.id, expand: ["interview"] }],
      ["feedbackFormDefinition.list", {}],
      ["feedbackFormDefinition.info", { feedbackFormDefinitionId: scorecard.id }],
      [
        "applicationFeedback.submit",
        {
          formDefinitionId: scorecard.id,
          applicationId: ids.schedule.applicationId,
          userId: event.interviewers[0].id,
          interviewEventId: event.id,
          feedbackForm: {
            fieldSubmissions: [
              { path: "overall_recommendation", value: { score: 4 } },
              { path: "feedback", value: "Clear thinker." },
            ],
          },
        },
      ],
      ["applicationFeedback.list", { applicationId: ids.schedule.applicationId }],
      ["department.list", {}],
      ["location.list", {}],
      ["archiveReason.list", { includeArchived: true }],
      ["source.list", {}],
      ["file.info", { fileHandle: c.resumeFileHandle.handle }],
      [
        "webhook.create",
        {
          webhookType: "candidateStageChange",
          requestUrl: "https://hooks.example/ashby",
          secretToken: "s3cret",
        },
      ],
    ];
    for (const [method, body] of calls) {
      const answer = await conforming(method, body, key, "success");
      expect(answer.status, method).toBe(200);
      expect(answer.body.success, `${method}: ${JSON.stringify(answer.body.errorInfo)}`).toBe(true);
      if (method === "webhook.create") ids.webhook = answer.body.results.id;
    }
    const deleted = await conforming("webhook.delete", { webhookId: ids.webhook }, key, "success");
    expect(deleted.body.results).toEqual({ webhookId: ids.webhook });
  });

  it("answers every endpoint's error shapes with bodies the document accepts", async () => {
    const readOnly = await emu.control.createApiKey(emu.orgId, { permissions: ["apiKeysRead"] });
    const revoked = await emu.control.createApiKey(emu.orgId, {});
    await emu.control.revokeApiKey(revoked.apiKey);
    for (const method of Object.keys(ENDPOINTS)) {
      const missing = await conforming(method, {}, null, "401");
      expect(missing.status).toBe(401);
      const unknown = await conforming(method, {}, "emu_not_a_key", "403 unknown key");
      expect(unknown.status).toBe(403);
      const gone = await conforming(method, {}, revoked.apiKey, "403 revoked");
      expect(gone.status).toBe(403);
      if (method !== "apiKey.info") {
        const denied = await conforming(method, {}, readOnly.apiKey, "403 permission");
        expect(denied.status).toBe(403);
        expect(denied.body.errorInfo.code).toBe("missing_endpoint_permission");
      }
      // Business errors: 200 with success:false. A body that is not a JSON object is invalid everywhere.
      const invalid = await conforming(method, [], emu.apiKey, "success:false");
      expect(invalid.status).toBe(200);
      expect(invalid.body.success).toBe(false);
    }
    const org = await emu.control.createOrg({ candidates: 5 });
    await emu.control.setFaults(
      { orgId: org.orgId },
      { rateLimit: { requestsPerSecond: 0, retryAfterSeconds: 1 } },
    );
    for (const method of Object.keys(ENDPOINTS)) {
      const limited = await conforming(method, {}, org.apiKey, "429");
      expect(limited.status).toBe(429);
      expect(limited.headers.get("retry-after")).toBe("1");
    }
    for (const method of Object.keys(ENDPOINTS)) {
      expect([...(covered.get(method) ?? [])].sort(), method).toEqual(
        ["401", "403 permission", "403 revoked", "403 unknown key", "429", "success", "success:false"].filter(
          (label) => method !== "apiKey.info" || label !== "403 permission",
        ),
      );
    }
  });

  it("rejects deliberately wrong answers (the validator can fail)", async () => {
    const answer = await ashby(emu, "candidate.info", { id: ids.candidate.id }, emu.apiKey);
    const withoutName = structuredClone(answer.body);
    delete withoutName.results.name;
    expect(
      unexplained(validator.validateResponse("candidate.info", 200, withoutName), withoutName),
    ).not.toEqual([]);
    const stringSuccess = { ...structuredClone(answer.body), success: "true" };
    expect(validator.validateResponse("candidate.info", 200, stringSuccess).valid).toBe(false);
    const errorWithoutInfo = { success: false, errors: ["x"] };
    expect(validator.validateResponse("candidate.info", 403, errorWithoutInfo).valid).toBe(false);
  });

  it("validates request bodies too (for clients)", () => {
    expect(validator.validateRequest("candidate.list", { limit: 10 }).valid).toBe(true);
    expect(validator.validateRequest("candidate.list", { limit: "10" }).valid).toBe(false);
    expect(validator.validateRequest("candidate.createNote", { note: "x" }).valid).toBe(false);
    expect(validator.validateRequest("no.suchEndpoint", {}).valid).toBe(false);
  });
});
