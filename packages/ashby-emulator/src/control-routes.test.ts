import { describe, expect, it } from "vitest";
import { EmulatorControlError } from "./control-client.ts";
import { createEmulator } from "./emulator.ts";
import { ashby } from "./test-support/ashby-call.ts";

function setup() {
  const emu = createEmulator({ seed: 5, candidates: 40 });
  const call = async (method: string, body: unknown = {}) => {
    const answer = (await ashby(emu, method, body, emu.apiKey)).body;
    expect(answer.success, JSON.stringify(answer.errorInfo)).toBe(true);
    return answer.results;
  };
  return { emu, call };
}

/** An application and a stage of its plan it is not in, found through Ashby's own API. */
async function movableApplication(call: ReturnType<typeof setup>["call"]) {
  const applications = await call("application.list", { limit: 100 });
  for (const application of applications) {
    const stages = await call("interviewStage.list", {
      interviewPlanId: application.currentInterviewStage.interviewPlanId,
    });
    const target = stages.find(
      (stage: { id: string; type: string }) =>
        stage.id !== application.currentInterviewStage.id && stage.type !== "Archived",
    );
    if (target) return { applicationId: application.id as string, stageId: target.id as string };
  }
  throw new Error("no application can move");
}

describe("control: mutations in a batch", () => {
  it("applies every mutation in order and answers each one's result", async () => {
    const { emu, call } = setup();
    const before = (await emu.control.org(emu.orgId)).changeSeq;
    const [first, second] = (await call("candidate.list", { limit: 2 })) as { id: string }[];
    const batch = await emu.control.mutateMany(emu.orgId, [
      { type: "candidate.update", candidateId: first?.id ?? "", company: "First" },
      // The same record twice: the later change wins, as in sequence.
      { type: "candidate.update", candidateId: first?.id ?? "", company: "Second" },
      { type: "candidate.update", candidateId: second?.id ?? "", position: "Staff Engineer" },
      { type: "candidate.create", name: "Batch Person" },
    ]);

    expect(batch.results).toHaveLength(4);
    const seqs = batch.results.map((result) => result.changeSeq);
    expect(seqs.every((value, i) => i === 0 || value > (seqs[i - 1] ?? 0))).toBe(true);
    expect(batch.changeSeq).toBe((await emu.control.org(emu.orgId)).changeSeq);
    expect(batch.changeSeq).toBeGreaterThanOrEqual(before + 4);
    expect((await call("candidate.info", { id: first?.id })).company).toBe("Second");
    expect((await call("candidate.info", { id: second?.id })).position).toBe("Staff Engineer");
    const created = batch.results[3]?.record as { candidateId: string };
    expect((await call("candidate.info", { id: created.candidateId })).name).toBe("Batch Person");
  });

  it("says how many stage-history entries a stage move added or changed, as application.info shows them", async () => {
    const { emu, call } = setup();
    const { applicationId, stageId } = await movableApplication(call);
    const historyOf = async () =>
      new Map(
        ((await call("application.info", { applicationId })).applicationHistory as { id: string }[]).map(
          (entry) => [entry.id, JSON.stringify(entry)],
        ),
      );
    const before = await historyOf();

    const [result] = (
      await emu.control.mutateMany(emu.orgId, [
        { type: "application.changeStage", applicationId, interviewStageId: stageId },
      ])
    ).results;

    const after = await historyOf();
    const changed = [...after].filter(([id, entry]) => before.get(id) !== entry).length;
    // The open visit ends and a new one starts.
    expect(changed).toBe(2);
    expect(result?.record).toEqual({ applicationId, stageId, historyEntriesChanged: changed });
  });

  it("stops at a failing mutation, names it, and keeps the ones before it", async () => {
    const { emu, call } = setup();
    const [first, second] = (await call("candidate.list", { limit: 2 })) as { id: string }[];
    const seq = (await emu.control.org(emu.orgId)).changeSeq;

    const error = await emu.control
      .mutateMany(emu.orgId, [
        { type: "candidate.update", candidateId: first?.id ?? "", company: "Applied" },
        { type: "candidate.update", candidateId: "cand_missing", company: "Nowhere" },
        { type: "candidate.update", candidateId: second?.id ?? "", company: "Never" },
      ])
      .catch((e: unknown) => e);

    expect(error).toBeInstanceOf(EmulatorControlError);
    expect(error).toMatchObject({ status: 404, code: "candidate_not_found" });
    expect((error as Error).message).toBe(
      "mutations[1] (candidate.update): No candidate cand_missing. The 1 before it were applied.",
    );
    expect((await call("candidate.info", { id: first?.id })).company).toBe("Applied");
    expect((await call("candidate.info", { id: second?.id })).company).not.toBe("Never");
    expect((await emu.control.org(emu.orgId)).changeSeq).toBe(seq + 1);
  });

  it("refuses an empty batch or an unknown mutation with a 400 that says why", async () => {
    const { emu } = setup();
    await expect(emu.control.mutateMany(emu.orgId, [])).rejects.toMatchObject({
      status: 400,
      code: "invalid_request",
    });
    const response = await emu.fetch(`/_emulator/orgs/${emu.orgId}/mutations/batch`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ mutations: [{ type: "candidate.explode" }] }),
    });
    expect(response.status).toBe(400);
    expect(((await response.json()) as { error: { code: string } }).error.code).toBe("invalid_request");
  });
});
