import { beforeEach, describe, expect, it } from "vitest";
import { createEmulator, type Emulator } from "./emulator.ts";
import { ashby } from "./test-support/ashby-call.ts";

const NOW = Date.parse("2026-11-20T12:00:00.000Z");

// biome-ignore lint/suspicious/noExplicitAny: generic payloads
type Any = any;

describe("applicationFeedback.submit", () => {
  let emu: Emulator;
  let forms: Record<string, Any>;
  let schedule: Any;
  let event: Any;
  let otherApplicationId: string;
  const call = (method: string, body: unknown) => ashby(emu, method, body, emu.apiKey);
  const submit = async (body: Any) => (await call("applicationFeedback.submit", body)).body;

  beforeEach(async () => {
    emu = createEmulator({ seed: 11, candidates: 40, now: () => NOW });
    const list = (await call("feedbackFormDefinition.list", {})).body.results as Any[];
    forms = Object.fromEntries(list.map((form) => [form.title, form]));
    const schedules = (await call("interviewSchedule.list", {})).body.results as Any[];
    schedule = schedules.find((s) => s.interviewEvents.some((e: Any) => !e.hasSubmittedFeedback));
    event = schedule.interviewEvents.find((e: Any) => !e.hasSubmittedFeedback);
    otherApplicationId = schedules.find((s) => s.applicationId !== schedule.applicationId).applicationId;
  });

  const scorecard = (overrides: Any = {}) => ({
    formDefinitionId: forms["Standard Interview Scorecard"].id,
    applicationId: schedule.applicationId,
    feedbackForm: {
      fieldSubmissions: [
        { path: "overall_recommendation", value: { score: 3 } },
        { path: "feedback", value: "Solid answers on caching." },
      ],
    },
    ...overrides,
  });

  it("seeds forms with a 1–4 Score + long text, a ValueSelect recommendation, and one without long text", () => {
    const fields = (form: Any) =>
      form.formDefinition.sections.flatMap((s: Any) => s.fields.map((f: Any) => f.field));
    const standard = fields(forms["Standard Interview Scorecard"]);
    expect(standard.map((f: Any) => f.type)).toEqual(expect.arrayContaining(["Score", "LongText"]));
    const engineering = fields(forms["Engineering Scorecard"]);
    const select = engineering.find((f: Any) => f.type === "ValueSelect");
    expect(select.selectableValues.map((v: Any) => v.value)).toEqual([
      "strong_hire",
      "hire",
      "no_hire",
      "strong_no_hire",
    ]);
    expect(fields(forms["Recruiter Phone Screen"]).some((f: Any) => f.type === "LongText")).toBe(false);
  });

  it("accepts a valid submission tied to an event, records it, and flips hasSubmittedFeedback", async () => {
    const interviewer = event.interviewers[0].id;
    const answer = await submit(scorecard({ interviewEventId: event.id, userId: interviewer }));
    expect(answer.success).toBe(true);
    const instance = answer.results.submittedFormInstance;
    expect(instance.submittedValues).toEqual({
      overall_recommendation: { score: 3 },
      feedback: "Solid answers on caching.",
    });
    const listed = (await call("applicationFeedback.list", { applicationId: schedule.applicationId })).body
      .results;
    const mine = listed.find((f: Any) => f.id === instance.id);
    expect(mine.submittedByUser.id).toBe(interviewer);
    expect(mine.interviewEventId).toBe(event.id);
    expect(mine.submittedAt).toBe(new Date(NOW).toISOString());
    const events = (await call("interviewEvent.list", { interviewScheduleId: schedule.id })).body.results;
    expect(events.find((e: Any) => e.id === event.id).hasSubmittedFeedback).toBe(true);
    const writes = await emu.control.writes(emu.orgId, "feedback");
    expect(writes).toHaveLength(1);
    expect((writes[0] as Any).body.interviewEventId).toBe(event.id);
  });

  it("credits the API key's user when userId is omitted and no event is given", async () => {
    const answer = await submit(scorecard());
    expect(answer.success).toBe(true);
    const listed = (await call("applicationFeedback.list", { applicationId: schedule.applicationId })).body
      .results;
    const mine = listed.find((f: Any) => f.id === answer.results.submittedFormInstance.id);
    expect(mine.submittedByUser.globalRole).toBe("Organization Admin");
  });

  const rejections: Array<[string, (body: Any) => Any, string]> = [
    [
      "unknown form",
      (b) => ({ ...b, formDefinitionId: "00000000-0000-4000-8000-000000000000" }),
      "feedback_form_definition_not_found",
    ],
    [
      "unknown application",
      (b) => ({ ...b, applicationId: "00000000-0000-4000-8000-000000000000" }),
      "application_not_found",
    ],
    [
      "unknown path",
      (b) => ({
        ...b,
        feedbackForm: {
          fieldSubmissions: [...b.feedbackForm.fieldSubmissions, { path: "nope", value: "x" }],
        },
      }),
      "invalid_input",
    ],
    [
      "score out of range",
      (b) => ({
        ...b,
        feedbackForm: {
          fieldSubmissions: [
            { path: "overall_recommendation", value: { score: 5 } },
            { path: "feedback", value: "x" },
          ],
        },
      }),
      "invalid_input",
    ],
    [
      "score as a bare number",
      (b) => ({
        ...b,
        feedbackForm: {
          fieldSubmissions: [
            { path: "overall_recommendation", value: 3 },
            { path: "feedback", value: "x" },
          ],
        },
      }),
      "invalid_input",
    ],
    [
      "missing required long text",
      (b) => ({
        ...b,
        feedbackForm: { fieldSubmissions: [{ path: "overall_recommendation", value: { score: 2 } }] },
      }),
      "invalid_input",
    ],
    [
      "boolean field given a string",
      (b) => ({
        ...b,
        feedbackForm: {
          fieldSubmissions: [
            ...b.feedbackForm.fieldSubmissions,
            { path: "would_work_with_again", value: "yes" },
          ],
        },
      }),
      "invalid_input",
    ],
    ["event without userId", (b) => ({ ...b, interviewEventId: "EVENT" }), "invalid_input"],
  ];

  for (const [name, mutate, code] of rejections) {
    it(`rejects: ${name}`, async () => {
      const body = JSON.parse(JSON.stringify(mutate(scorecard())).replace("EVENT", event.id));
      const answer = await submit(body);
      expect(answer.success).toBe(false);
      expect(answer.errorInfo.code).toBe(code);
      expect(await emu.control.writes(emu.orgId, "feedback")).toEqual([]);
    });
  }

  it("validates ValueSelect values against the form's selectable values", async () => {
    const engineering = forms["Engineering Scorecard"];
    const body = (value: string) => ({
      formDefinitionId: engineering.id,
      applicationId: schedule.applicationId,
      feedbackForm: {
        fieldSubmissions: [
          { path: "overall_recommendation", value },
          { path: "notes", value: "ok" },
        ],
      },
    });
    expect((await submit(body("strong_hire"))).success).toBe(true);
    const wrong = await submit(body("maybe"));
    expect(wrong.errorInfo.code).toBe("invalid_input");
    expect(wrong.errorInfo.message).toContain("strong_hire");
  });

  it("requires the user to be an interviewer on the event, and the event to belong to the application", async () => {
    const users = (await call("user.list", {})).body.results as Any[];
    const outsider = users.find((u) => !event.interviewers.some((i: Any) => i.id === u.id));
    const notInterviewer = await submit(scorecard({ interviewEventId: event.id, userId: outsider.id }));
    expect(notInterviewer.errorInfo.code).toBe("invalid_input");
    expect(notInterviewer.errorInfo.message).toContain("not an interviewer");
    const wrongApplication = await submit(
      scorecard({
        applicationId: otherApplicationId,
        interviewEventId: event.id,
        userId: event.interviewers[0].id,
      }),
    );
    expect(wrongApplication.errorInfo.code).toBe("invalid_input");
    expect(wrongApplication.errorInfo.message).toContain("does not belong");
  });

  it("lets a test delete feedback as if in Ashby's UI: gone from lists, invisible to incremental sync", async () => {
    const answer = await submit(scorecard({ interviewEventId: event.id, userId: event.interviewers[0].id }));
    const id = answer.results.submittedFormInstance.id;
    const before = (await call("applicationFeedback.list", { applicationId: schedule.applicationId })).body;
    expect(before.results.map((f: Any) => f.id)).toContain(id);
    await emu.control.deleteFeedback(emu.orgId, id);
    const after = (await call("applicationFeedback.list", { applicationId: schedule.applicationId })).body
      .results;
    expect(after.map((f: Any) => f.id)).not.toContain(id);
    expect((await call("applicationFeedback.list", { syncToken: before.syncToken })).body.results).toEqual(
      [],
    );
    const events = (await call("interviewEvent.list", { interviewScheduleId: schedule.id })).body.results;
    expect(events.find((e: Any) => e.id === event.id).hasSubmittedFeedback).toBe(false);
  });
});

describe("other writes", () => {
  it("records notes, tags and custom field values for inspection", async () => {
    const emu = createEmulator({ seed: 2, candidates: 10, now: () => NOW });
    const call = (method: string, body: unknown) => ashby(emu, method, body, emu.apiKey);
    const candidate = (await call("candidate.list", { limit: 1 })).body.results[0];
    const tag = (await call("candidateTag.create", { title: "Synced From Kit" })).body.results;
    expect((await call("candidateTag.create", { title: "synced from kit" })).body.results.id).toBe(tag.id);
    const tagged = (await call("candidate.addTag", { candidateId: candidate.id, tagId: tag.id })).body
      .results;
    expect(tagged.tags.map((t: Any) => t.id)).toContain(tag.id);
    const untagged = (await call("candidate.removeTag", { candidateId: candidate.id, tagId: tag.id })).body
      .results;
    expect(untagged.tags.map((t: Any) => t.id)).not.toContain(tag.id);

    const note = await call("candidate.createNote", {
      candidateId: candidate.id,
      note: { type: "text/html", value: "<p>Hi <b>there</b><script>alert(1)</script></p>" },
    });
    expect(note.body.results.content).toBe("<p>Hi <b>there</b>alert(1)</p>");
    const notes = (await call("candidate.listNotes", { candidateId: candidate.id })).body.results;
    expect(notes.map((n: Any) => n.id)).toContain(note.body.results.id);

    const fields = (await call("customField.list", {})).body.results as Any[];
    const select = fields.find((f) => f.fieldType === "ValueSelect" && f.objectType === "Candidate");
    const bad = await call("customField.setValue", {
      objectId: candidate.id,
      objectType: "Candidate",
      fieldId: select.id,
      fieldValue: "not-an-option",
    });
    expect(bad.body.errorInfo.code).toBe("invalid_input");
    const good = await call("customField.setValue", {
      objectId: candidate.id,
      objectType: "Candidate",
      fieldId: select.id,
      fieldValue: select.selectableValues[0].value,
    });
    expect(good.body.results).toMatchObject({ id: select.id, value: select.selectableValues[0].value });
    const after = (await call("candidate.info", { id: candidate.id })).body.results;
    expect(after.customFields.find((f: Any) => f.id === select.id).value).toBe(
      select.selectableValues[0].value,
    );

    const writes = await emu.control.writes(emu.orgId);
    expect(writes.map((w) => w.kind)).toEqual([
      "tagCreated",
      "tagCreated",
      "tagAdded",
      "tagRemoved",
      "note",
      "customFieldValue",
    ]);
  });
});
