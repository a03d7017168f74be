import { describe, expect, it } from "vitest";
import type { DesiredWrite } from "./desired-writes";
import { type PendingWrite, planWrites, type TargetState, writesCompletedBy } from "./plan";

let nextId = 0;
const pending = (write: Omit<DesiredWrite, "candidateId"> & { candidateId?: string }): PendingWrite => ({
  candidateId: "cand-1",
  writeId: `w${++nextId}`,
  ...write,
});
const field = (
  fieldId: string,
  value: number | string,
  objectType: "candidate" | "application" = "candidate",
) =>
  pending({
    kind: "custom_field",
    targetKey: `${objectType}:obj:field:${fieldId}`,
    objectType,
    objectId: objectType === "candidate" ? "cand-1" : "app-1",
    payload: { type: "field", fieldId, fieldTitle: fieldId, value },
    contentKey: JSON.stringify(value),
  });
const rangeTag = (title: string | null) =>
  pending({
    kind: "tag",
    targetKey: "candidate:cand-1:tag-range:score",
    objectType: "candidate",
    objectId: "cand-1",
    payload: { type: "range_tag", outputKey: "score", title },
    contentKey: title ?? "",
  });
const note = (content: string, hash: string) =>
  pending({
    kind: "note",
    targetKey: "candidate:cand-1:note",
    objectType: "candidate",
    objectId: "cand-1",
    payload: { type: "note", content },
    contentKey: hash,
  });
const state = (
  targetKey: string,
  writtenContentKey: string | null,
  tag?: { id: string; title: string },
): [string, TargetState] => [
  targetKey,
  { targetKey, writtenContentKey, writtenTagId: tag?.id ?? null, writtenTagTitle: tag?.title ?? null },
];

describe("planWrites", () => {
  it("makes one setValues call per object for a first push, then the tag, then the note", () => {
    const writes = [
      field("score", 85),
      field("reasons", "Solid"),
      field("summary", "x", "application"),
      rangeTag("AI score 80–89"),
      note("Analysis", "h1"),
    ];
    const plan = planWrites(writes, new Map());
    expect(plan.unchanged).toEqual([]);
    expect(plan.calls.map((call) => call.type)).toEqual([
      "set_fields",
      "set_fields",
      "add_tag",
      "create_note",
    ]);
    expect(plan.calls[0]).toMatchObject({
      objectType: "candidate",
      values: [
        { fieldId: "score", fieldValue: 85 },
        { fieldId: "reasons", fieldValue: "Solid" },
      ],
    });
  });

  it("makes no call at all when the same content was already written", () => {
    const writes = [field("score", 85), rangeTag("AI score 80–89"), note("Analysis", "h1")];
    const states = new Map([
      state("candidate:obj:field:score", "85"),
      state("candidate:cand-1:tag-range:score", "AI score 80–89", { id: "t8", title: "AI score 80–89" }),
      state("candidate:cand-1:note", "h1"),
    ]);
    const plan = planWrites(writes, states);
    expect(plan.calls).toEqual([]);
    expect(plan.unchanged).toEqual(writes.map((write) => write.writeId));
  });

  it("on a changed score updates only that field, swaps the range tag, and keeps an unchanged note", () => {
    const writes = [
      field("score", 93),
      field("reasons", "Solid"),
      rangeTag("AI score 90–100"),
      note("Analysis", "h1"),
    ];
    const states = new Map([
      state("candidate:obj:field:score", "85"),
      state("candidate:obj:field:reasons", '"Solid"'),
      state("candidate:cand-1:tag-range:score", "AI score 80–89", { id: "t8", title: "AI score 80–89" }),
      state("candidate:cand-1:note", "h1"),
    ]);
    const plan = planWrites(writes, states);
    expect(plan.calls).toEqual([
      {
        type: "set_fields",
        objectType: "candidate",
        objectId: "cand-1",
        values: [{ fieldId: "score", fieldValue: 93 }],
        writeIds: [writes[0]?.writeId],
      },
      {
        type: "remove_tag",
        candidateId: "cand-1",
        tagId: "t8",
        tagTitle: "AI score 80–89",
        writeIds: [writes[2]?.writeId],
      },
      { type: "add_tag", candidateId: "cand-1", tagTitle: "AI score 90–100", writeIds: [writes[2]?.writeId] },
    ]);
    expect(plan.unchanged).toEqual([writes[1]?.writeId, writes[3]?.writeId]);
  });

  it("adds a note only when its content changed", () => {
    const plan = planWrites([note("New analysis", "h2")], new Map([state("candidate:cand-1:note", "h1")]));
    expect(plan.calls).toEqual([expect.objectContaining({ type: "create_note", content: "New analysis" })]);
  });

  it("removes the range tag when the score leaves every range, and does nothing when there was none", () => {
    const removed = planWrites(
      [rangeTag(null)],
      new Map([
        state("candidate:cand-1:tag-range:score", "AI score 80–89", { id: "t8", title: "AI score 80–89" }),
      ]),
    );
    expect(removed.calls.map((call) => call.type)).toEqual(["remove_tag"]);
    expect(planWrites([rangeTag(null)], new Map()).calls).toEqual([]);
  });

  it("completes a write only when every call carrying it is done", () => {
    const tag = rangeTag("AI score 90–100");
    const plan = planWrites(
      [tag],
      new Map([
        state("candidate:cand-1:tag-range:score", "AI score 80–89", { id: "t8", title: "AI score 80–89" }),
      ]),
    );
    expect(writesCompletedBy(plan, 1)).toEqual([]);
    expect(writesCompletedBy(plan, 2)).toEqual([tag.writeId]);
  });
});
