import { createEmulator, type Emulator } from "@ashby-kit/ashby-emulator";
import { beforeAll, describe, expect, it } from "vitest";
import { type AshbyClient, createAshbyClient } from "./client";
import type { AshbyResult } from "./errors";
import { listAll } from "./paginate";
import { ScoreValueSchema } from "./types";

// Reads and writes through the typed client against the emulator, in workerd: every answer passes through the
// wire schemas in types.ts, so a drift between what we parse and what the emulator (modelled on Ashby) sends fails here.
let emulator: Emulator;
let client: AshbyClient;

function value<T>(result: AshbyResult<T>): T {
  if (!result.ok) throw new Error(`Ashby call failed: ${result.error.code} ${result.error.message}`);
  return result.value;
}

beforeAll(() => {
  emulator = createEmulator({ seed: 5, candidates: 40 });
  client = createAshbyClient({ apiKey: emulator.apiKey, baseUrl: emulator.baseUrl, fetch: emulator.fetch });
});

describe("reads", () => {
  it("lists users, finds one by email and by id", async () => {
    const users = value(await client.user.list({ limit: 5 }));
    const user = users.results[0];
    expect(user).toBeDefined();
    if (!user?.email) throw new Error("seeded users have emails");
    const found = value(await client.user.search({ email: user.email }));
    expect(found.results.map((u) => u.id)).toContain(user.id);
    expect(value(await client.user.info({ userId: user.id })).id).toBe(user.id);
  });

  it("follows schedule → events → interviewers (with emails) → interview → feedback form", async () => {
    const schedules = value(await listAll(client.interviewSchedule.list, {})).results;
    const schedule = schedules.find((s) => (s.interviewEvents?.length ?? 0) > 0);
    expect(schedule).toBeDefined();
    if (!schedule) return;
    const events = value(
      await client.interviewEvent.list({ interviewScheduleId: schedule.id, expand: ["interview"] }),
    ).results;
    const event = events[0];
    expect(event?.interviewers.length).toBeGreaterThan(0);
    expect(event?.interviewers.every((i) => typeof i.email === "string" && i.email.includes("@"))).toBe(true);
    const formId = event?.interview?.feedbackFormDefinitionId;
    expect(formId).toEqual(expect.any(String));
    const form = value(await client.feedbackFormDefinition.info({ feedbackFormDefinitionId: formId ?? "" }));
    const paths = form.formDefinition.sections.flatMap((s) => s.fields.map((f) => f.field.path));
    expect(paths.length).toBeGreaterThan(0);
  });

  it("resolves an unknown id to ashby_not_found", async () => {
    const result = await client.candidate.info({ id: "3ae2b801-19f6-41ef-ad28-214bd731948f" });
    expect(result).toMatchObject({
      ok: false,
      error: { code: "ashby_not_found", ashbyCode: "candidate_not_found" },
    });
  });
});

describe("writes", () => {
  it("creates a note that candidate.listNotes then returns, recorded once by the emulator", async () => {
    const candidate = value(await client.candidate.list({ limit: 1 })).results[0];
    if (!candidate) throw new Error("seeded org has candidates");
    const note = value(
      await client.candidate.createNote({
        candidateId: candidate.id,
        note: { type: "text/html", value: "<b>Great</b> systems answer" },
      }),
    );
    expect(note.id).toEqual(expect.any(String));
    const notes = value(await listAll(client.candidate.listNotes, { candidateId: candidate.id })).results;
    expect(notes.map((n) => n.id)).toContain(note.id);
    const writes = await emulator.control.writes(emulator.orgId, "note");
    expect(
      writes.filter((w) => (w.body as { candidateId?: string }).candidateId === candidate.id),
    ).toHaveLength(1);
  });

  it("submits feedback for an interview event and reads the score back as a number", async () => {
    const schedules = value(await listAll(client.interviewSchedule.list, {})).results;
    const interviews = value(
      await listAll(client.interview.list, { includeNonSharedInterviews: true }),
    ).results;
    const forms = value(await listAll(client.feedbackFormDefinition.list, {})).results;
    // An event whose scorecard has a 1–4 Score field, so the score round-trip is really exercised.
    const match = schedules
      .flatMap((schedule) => (schedule.interviewEvents ?? []).map((event) => ({ schedule, event })))
      .map(({ schedule, event }) => {
        const formId = interviews.find((i) => i.id === event.interviewId)?.feedbackFormDefinitionId;
        return { schedule, event, form: forms.find((f) => f.id === formId) };
      })
      .find(({ form }) =>
        form?.formDefinition.sections.some((s) => s.fields.some((f) => f.field.type === "Score")),
      );
    const interviewer = match?.event.interviewers[0];
    if (!match?.form || !interviewer)
      throw new Error("seeded org has a scheduled interview with a Score scorecard");
    const { schedule, event, form } = match;
    const fields = form.formDefinition.sections.flatMap((s) => s.fields);
    const fieldSubmissions = fields
      .filter((f) => f.isRequired || f.field.type === "Score")
      .map(({ field }) => ({
        path: field.path,
        value:
          field.type === "Score"
            ? { score: 3 }
            : field.type === "ValueSelect"
              ? field.selectableValues?.[0]?.value
              : "Thoughtful, clear trade-offs.",
      }));

    const submitted = value(
      await client.applicationFeedback.submit({
        formDefinitionId: form.id,
        applicationId: schedule.applicationId,
        interviewEventId: event.id,
        userId: interviewer.id,
        feedbackForm: { fieldSubmissions },
      }),
    );
    expect(submitted.submittedFormInstance.id).toEqual(expect.any(String));

    const listed = value(
      await listAll(client.applicationFeedback.list, { applicationId: schedule.applicationId }),
    );
    const mine = listed.results.find((f) => f.id === submitted.submittedFormInstance.id);
    expect(mine?.submittedByUser.id).toBe(interviewer.id);
    for (const { field } of fields.filter((f) => f.field.type === "Score")) {
      expect(ScoreValueSchema.parse(mine?.submittedValues[field.path])).toBe(3);
    }
  });

  it("an interviewer who is not on the event is refused (ashby_rejected), not a crash", async () => {
    const schedules = value(await listAll(client.interviewSchedule.list, {})).results;
    const schedule = schedules.find((s) => (s.interviewEvents?.length ?? 0) > 0);
    const event = schedule?.interviewEvents?.[0];
    const users = value(await listAll(client.user.list, {})).results;
    const outsider = users.find((u) => !event?.interviewers.some((i) => i.id === u.id));
    const forms = value(await client.feedbackFormDefinition.list()).results;
    if (!schedule || !event || !outsider || !forms[0]) throw new Error("seeded org has what this test needs");
    const result = await client.applicationFeedback.submit({
      formDefinitionId: forms[0].id,
      applicationId: schedule.applicationId,
      interviewEventId: event.id,
      userId: outsider.id,
      feedbackForm: { fieldSubmissions: [] },
    });
    expect(result.ok).toBe(false);
    expect(!result.ok && ["ashby_rejected", "ashby_not_found"]).toContain(!result.ok && result.error.code);
  });

  it("creates a tag idempotently by title, adds and removes it", async () => {
    const a = value(await client.candidateTag.create({ title: "ashby-kit" }));
    const b = value(await client.candidateTag.create({ title: "ashby-kit" }));
    expect(b.id).toBe(a.id);
    const candidate = value(await client.candidate.list({ limit: 1 })).results[0];
    if (!candidate) throw new Error("seeded org has candidates");
    const tagged = value(await client.candidate.addTag({ candidateId: candidate.id, tagId: a.id }));
    expect(tagged.tags.map((t) => t.id)).toContain(a.id);
    const untagged = value(await client.candidate.removeTag({ candidateId: candidate.id, tagId: a.id }));
    expect(untagged.tags.map((t) => t.id)).not.toContain(a.id);
  });

  it("creates and deletes a webhook", async () => {
    const webhook = value(
      await client.webhook.create({
        webhookType: "candidateStageChange",
        requestUrl: "https://host.example/hooks/ashby",
        secretToken: "s3cret",
      }),
    );
    expect(webhook).toMatchObject({ webhookType: "candidateStageChange", enabled: true });
    expect(value(await client.webhook.delete({ webhookId: webhook.id }))).toEqual({ webhookId: webhook.id });
  });
});
