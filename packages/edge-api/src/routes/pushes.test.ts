import type { AshbyCustomFieldList, PushSettings, PutPushSettingsRequest } from "@ashby-kit/shared";
import { beforeAll, beforeEach, describe, expect, it } from "vitest";
import { api, ashbyOrg, expectError, freshDatabase, json, mintSession } from "../../test/helpers";
import type { AshbyClient } from "../ashby";
import {
  ashbyClient,
  connectDemo,
  listWrites,
  owner,
  push,
  pushOk,
  putSettings,
  settled,
  syncNow,
} from "../push/testing";

type Org = Awaited<ReturnType<typeof ashbyOrg>>;
let org: Org;
let client: AshbyClient;
let fieldIds: Record<string, string>;
let candidates: { candidateId: string; applicationId: string }[];

beforeAll(async () => {
  org = await ashbyOrg();
  client = ashbyClient(org.fullKey);
  const fields = await client.customField.list({});
  if (!fields.ok) throw new Error(fields.error.message);
  fieldIds = Object.fromEntries(fields.value.results.map((field) => [field.title, field.id]));
  const applications = await client.application.list({});
  if (!applications.ok) throw new Error(applications.error.message);
  const seen = new Set<string>();
  candidates = [];
  for (const application of applications.value.results) {
    if (seen.has(application.candidate.id)) continue;
    seen.add(application.candidate.id);
    candidates.push({ candidateId: application.candidate.id, applicationId: application.id });
  }
});

let connectionId: string;
beforeEach(async () => {
  await freshDatabase();
  connectionId = await connectDemo(org.fullKey);
  await syncNow(connectionId, org.fullKey);
});

const field = (title: string) => {
  const id = fieldIds[title];
  if (!id) throw new Error(`the emulator org has no field "${title}"`);
  return id;
};

function fullSettings(): PutPushSettingsRequest {
  return {
    customFields: [
      { outputKey: "score", objectType: "candidate", fieldId: field("Years of Experience") },
      { outputKey: "headline", objectType: "candidate", fieldId: field("Current Employer") },
      { outputKey: "reasons", objectType: "candidate", fieldId: field("Recruiter Summary") },
      { outputKey: "relocate", objectType: "candidate", fieldId: field("Open to Relocation") },
      { outputKey: "startDate", objectType: "candidate", fieldId: field("Earliest Start Date") },
      {
        outputKey: "authorization",
        objectType: "candidate",
        fieldId: field("Work Authorization"),
        select: { kind: "values", values: { yes: "authorized", visa: "needs_sponsorship" } },
      },
      {
        outputKey: "score",
        objectType: "application",
        fieldId: field("Priority"),
        select: {
          kind: "ranges",
          ranges: [
            { min: 80, max: 100, option: "high" },
            { min: 50, max: 79, option: "medium" },
            { min: 0, max: 49, option: "low" },
          ],
        },
      },
    ],
    tags: {
      enabled: true,
      rules: [
        { kind: "fixed", title: "AI Screened" },
        {
          kind: "score_ranges",
          outputKey: "score",
          template: "AI score {min}–{max}",
          ranges: [
            { min: 0, max: 49 },
            { min: 50, max: 79 },
            { min: 80, max: 89 },
            { min: 90, max: 100 },
          ],
        },
      ],
    },
    notes: { enabled: true },
  };
}

async function candidateState(candidateId: string) {
  const info = await client.candidate.info({ id: candidateId });
  if (!info.ok) throw new Error(info.error.message);
  const notes = await client.candidate.listNotes({ candidateId, limit: 100 });
  if (!notes.ok) throw new Error(notes.error.message);
  const values = Object.fromEntries(
    (info.value.customFields ?? []).map((value) => [value.title, value.value]),
  );
  return {
    tags: info.value.tags.map((tag) => tag.title).sort(),
    values,
    notes: notes.value.results.map((note) => note.content ?? ""),
  };
}

async function applicationValues(applicationId: string) {
  const info = await client.application.info({ applicationId });
  if (!info.ok) throw new Error(info.error.message);
  return Object.fromEntries((info.value.customFields ?? []).map((value) => [value.title, value.value]));
}

async function ashbyCalls(): Promise<Record<string, number>> {
  const counts = await org.control.requestCounts(org.orgId);
  return counts.byMethod;
}

function callsSince(before: Record<string, number>, after: Record<string, number>, method: string): number {
  return (after[method] ?? 0) - (before[method] ?? 0);
}

describe("push settings", () => {
  it("starts with nothing pushed, and lists the Ashby fields with the kind of value each takes", async () => {
    const res = await api("/v1/push-settings", { headers: owner() });
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({
      customFields: [],
      tags: { enabled: false },
      notes: { enabled: false },
      updatedAt: null,
    });

    const listed = await api("/v1/ashby/custom-fields?objectType=candidate", { headers: owner() });
    expect(listed.status).toBe(200);
    const body = (await listed.json()) as AshbyCustomFieldList;
    const kinds = Object.fromEntries(body.fields.map((f) => [f.title, f.valueKind]));
    expect(kinds).toMatchObject({
      "Years of Experience": "number",
      "Current Employer": "text",
      "Recruiter Summary": "long_text",
      "Open to Relocation": "boolean",
      "Earliest Start Date": "date",
      "Work Authorization": "select",
    });
    expect(body.fields.every((f) => f.objectType === "candidate")).toBe(true);
    expect(body.hint).toBeNull();
  });

  it("saves a mapping of every type, and members can read but not change it", async () => {
    const saved = await putSettings(fullSettings());
    expect(saved.status, await saved.clone().text()).toBe(200);
    const member = await mintSession("demo", { email: "m@example.com", role: "member" });
    const read = await api("/v1/push-settings", { headers: { authorization: `Bearer ${member.token}` } });
    expect(read.status).toBe(200);
    const settings = (await read.json()) as PushSettings;
    expect(settings.customFields).toHaveLength(7);
    expect(settings.updatedBy).toEqual({ type: "tenant", email: null });
    await expectError(
      await putSettings(fullSettings(), { authorization: `Bearer ${member.token}` }),
      403,
      "forbidden",
    );
  });

  it("refuses mappings that do not fit the workspace's fields, listing each problem", async () => {
    const res = await putSettings({
      ...fullSettings(),
      customFields: [
        { outputKey: "score", objectType: "candidate", fieldId: "00000000-0000-0000-0000-000000000000" },
        { outputKey: "score", objectType: "application", fieldId: field("Years of Experience") },
        { outputKey: "verdict", objectType: "application", fieldId: field("Priority") },
        {
          outputKey: "auth",
          objectType: "candidate",
          fieldId: field("Work Authorization"),
          select: { kind: "values", values: { yes: "citizen" } },
        },
      ],
    });
    const body = await expectError(res, 422, "push_mapping_invalid");
    const issues = (body.error.details as { issues: { path: string; code: string; message: string }[] })
      .issues;
    expect(issues.map((issue) => [issue.path, issue.code])).toEqual([
      ["customFields.0.fieldId", "field_not_found"],
      ["customFields.1.objectType", "field_object_mismatch"],
      ["customFields.2.select", "select_rule_required"],
      ["customFields.3.select.values.yes", "select_option_unknown"],
    ]);
    expect(issues[0]?.message).toMatch(/Create the field in Ashby first/);
    expect(issues[3]?.message).toContain('"authorized" (Authorized)');
  });

  it("refuses a malformed body with invalid_request", async () => {
    const { body, headers } = json({ customFields: "all", tags: {}, notes: {} });
    await expectError(
      await api("/v1/push-settings", { method: "PUT", headers: { ...owner(), ...headers }, body }),
      400,
      "invalid_request",
    );
  });
});

describe("POST /v1/pushes", () => {
  it("writes each mapping type, creates the tags once, adds the note, and records every write in the ledger", async () => {
    expect((await putSettings(fullSettings())).status).toBe(200);
    const [first, second] = candidates;
    if (!first || !second) throw new Error("the org needs two candidates");
    const before = await ashbyCalls();
    const accepted = await pushOk([
      {
        applicationId: first.applicationId,
        candidateId: first.candidateId,
        outputs: {
          score: 85,
          headline: "Backend engineer",
          reasons: "Strong Go, led a migration.",
          relocate: true,
          startDate: "2026-09-01",
          authorization: "visa",
        },
        note: "AI screening: strong backend profile.",
      },
      { applicationId: second.applicationId, outputs: { score: 42 }, tags: ["Backend"] },
    ]);
    expect(accepted.status).toBe("queued");
    // First: one write per field (7 incl. the application select), range tag, fixed tag, note. Second: 2 fields, 3 tags.
    expect(accepted.items[0]?.writeIds).toHaveLength(10);
    expect(accepted.items[1]?.writeIds).toHaveLength(5);
    expect(accepted.items[1]?.candidateId).toBe(second.candidateId);

    const writes = await settled(accepted.pushId);
    expect(writes.filter((w) => w.status !== "succeeded")).toEqual([]);
    expect(writes.every((w) => w.ashbyRequestId !== null)).toBe(true);

    const state = await candidateState(first.candidateId);
    expect(state.values).toMatchObject({
      "Years of Experience": 85,
      "Current Employer": "Backend engineer",
      "Recruiter Summary": "Strong Go, led a migration.",
      "Open to Relocation": true,
      "Work Authorization": "needs_sponsorship",
    });
    expect(state.tags).toEqual(expect.arrayContaining(["AI Screened", "AI score 80–89"]));
    expect(state.notes.filter((note) => note === "AI screening: strong backend profile.")).toHaveLength(1);
    expect(await applicationValues(first.applicationId)).toMatchObject({ Priority: "high" });
    expect((await candidateState(second.candidateId)).tags).toEqual(
      expect.arrayContaining(["AI Screened", "AI score 0–49", "Backend"]),
    );
    expect(await applicationValues(second.applicationId)).toMatchObject({ Priority: "low" });

    const after = await ashbyCalls();
    // One batch call per object: candidate 1, application 1, candidate 2, application 2.
    expect(callsSince(before, after, "customField.setValues")).toBe(4);
    expect(callsSince(before, after, "customField.setValue")).toBe(0);
    // "AI Screened", "AI score 80–89", "AI score 0–49", "Backend": created once each, reused for the second candidate.
    expect(callsSince(before, after, "candidateTag.create")).toBe(4);
    expect(callsSince(before, after, "candidate.addTag")).toBe(5);
    expect(callsSince(before, after, "candidate.createNote")).toBe(1);
    const dateWrite = (await org.control.writes(org.orgId, "customFieldValue"))
      .map((w) => w.body as { values: { fieldId: string; fieldValue: unknown }[] })
      .flatMap((b) => b.values)
      .find((v) => v.fieldId === field("Earliest Start Date"));
    expect(dateWrite?.fieldValue).toBe("2026-09-01T00:00:00.000Z");
  });

  it("makes no Ashby call for an identical re-push, and on a changed score updates the field, swaps the range tag and keeps the note", async () => {
    expect((await putSettings(fullSettings())).status).toBe(200);
    const [first] = candidates;
    if (!first) throw new Error("no candidate");
    const item = (score: number, note: string) => ({
      candidateId: first.candidateId,
      applicationId: first.applicationId,
      outputs: { score },
      note,
    });
    await settled((await pushOk([item(85, "Analysis v1")])).pushId);

    const before = await ashbyCalls();
    const again = await pushOk([item(85, "Analysis v1")]);
    expect(again.writes).toEqual([]);
    expect(again.items[0]?.unchanged.map((u) => u.kind).sort()).toEqual([
      "custom_field",
      "custom_field",
      "note",
      "tag",
      "tag",
    ]);
    expect(await ashbyCalls()).toEqual(before);

    const changed = await pushOk([item(93, "Analysis v1")]);
    // 85 → 93: the number field and the range tag change; the Priority select stays "high" (80–100), so no write.
    expect(changed.writes.map((w) => w.kind).sort()).toEqual(["custom_field", "tag"]);
    await settled(changed.pushId);
    const after = await ashbyCalls();
    expect(callsSince(before, after, "customField.setValues")).toBe(1);
    expect(callsSince(before, after, "candidate.removeTag")).toBe(1);
    expect(callsSince(before, after, "candidate.addTag")).toBe(1);
    expect(callsSince(before, after, "candidate.createNote")).toBe(0);
    const state = await candidateState(first.candidateId);
    expect(state.values["Years of Experience"]).toBe(93);
    expect(state.tags).toContain("AI score 90–100");
    expect(state.tags).not.toContain("AI score 80–89");
    expect(await applicationValues(first.applicationId)).toMatchObject({ Priority: "high" });

    const noteChanged = await pushOk([item(93, "Analysis v2")]);
    expect(noteChanged.writes.map((w) => w.kind)).toEqual(["note"]);
    await settled(noteChanged.pushId);
    expect(
      (await candidateState(first.candidateId)).notes.filter((n) => n.startsWith("Analysis v")),
    ).toHaveLength(2);
  });

  it("refuses outputs that do not fit their field with a clear code, and queues nothing", async () => {
    expect((await putSettings(fullSettings())).status).toBe(200);
    const [first] = candidates;
    if (!first) throw new Error("no candidate");
    const res = await push([
      { candidateId: first.candidateId, outputs: { score: "excellent", authorization: "maybe" } },
    ]);
    const body = await expectError(res, 400, "invalid_request");
    const items = (body.error.details as { items: { path: string; message: string }[] }).items;
    expect(items.map((i) => i.path)).toEqual([
      "items.0.outputs.score",
      "items.0.outputs.authorization",
      "items.0.outputs.score",
    ]);
    expect(items[1]?.message).toMatch(/"maybe" has no option in the mapping/);
    expect((await listWrites()).writes).toEqual([]);

    await expectError(await push([]), 400, "invalid_request");
    await expectError(await push([{ outputs: { score: 1 } }]), 400, "invalid_request");
    await expectError(
      await push([{ applicationId: "not-synced-app", outputs: { score: 1 } }]),
      400,
      "invalid_request",
    );
  });

  it("ends a write Ashby refuses as failed with Ashby's reason, and lists it in the ledger", async () => {
    expect((await putSettings(fullSettings())).status).toBe(200);
    const accepted = await pushOk([
      { candidateId: "11111111-2222-4333-8444-555555555555", outputs: { score: 70 } },
    ]);
    const writes = await settled(accepted.pushId);
    const fieldWrite = writes.find((w) => w.kind === "custom_field");
    expect(fieldWrite).toMatchObject({
      status: "failed",
      error: { code: "ashby_not_found", retryable: false },
    });
    expect(fieldWrite?.error?.message).toMatch(/Ashby refused the custom field values/);
    expect(fieldWrite?.ashbyRequestId).toBeTruthy();

    const failed = await listWrites("?status=failed&kind=custom_field");
    expect(failed.writes.map((w) => w.id)).toEqual([fieldWrite?.id]);
    const byTarget = await listWrites("?target=11111111-2222-4333-8444-555555555555");
    expect(byTarget.writes.length).toBe(writes.length);
  });
});

describe("connection states", () => {
  it("holds pushes while paused and writes them once resumed", async () => {
    expect((await putSettings(fullSettings())).status).toBe(200);
    const [first] = candidates;
    if (!first) throw new Error("no candidate");
    const { body, headers } = json({ paused: true });
    expect(
      (await api("/v1/connection", { method: "PATCH", headers: { ...owner(), ...headers }, body })).status,
    ).toBe(200);
    const before = await ashbyCalls();
    const accepted = await pushOk([{ candidateId: first.candidateId, outputs: { score: 55 } }]);
    expect(accepted.status).toBe("held");
    expect(accepted.writes.every((w) => w.status === "held")).toBe(true);
    expect(callsSince(before, await ashbyCalls(), "customField.setValues")).toBe(0);

    const resume = json({ paused: false });
    expect(
      (
        await api("/v1/connection", {
          method: "PATCH",
          headers: { ...owner(), ...resume.headers },
          body: resume.body,
        })
      ).status,
    ).toBe(200);
    // Resuming sends the held writes at once: no cron sweep runs here.
    const writes = await settled(accepted.pushId);
    expect(writes.every((w) => w.status === "succeeded")).toBe(true);
    expect((await candidateState(first.candidateId)).values["Years of Experience"]).toBe(55);
  });

  it("refuses new pushes for a disconnected workspace with a code", async () => {
    expect((await api("/v1/connection", { method: "DELETE", headers: owner() })).status).toBe(200);
    await expectError(await push([{ candidateId: "c1", outputs: { score: 1 } }]), 409, "ashby_not_connected");
  });
});
