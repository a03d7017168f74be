import type { PutPushSettingsRequest } from "@ashby-kit/shared";
import { describe, expect, it } from "vitest";
import { buildDesiredWrites } from "./desired-writes";
import { FIELD_MAP } from "./test-fields";

const settings: PutPushSettingsRequest = {
  customFields: [
    { outputKey: "score", objectType: "candidate", fieldId: "f-score" },
    { outputKey: "summary", objectType: "application", fieldId: "f-summary" },
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
          { min: 80, max: 89 },
          { min: 90, max: 100 },
        ],
      },
    ],
  },
  notes: { enabled: true },
};

describe("buildDesiredWrites", () => {
  it("turns one item into one write per target with the content to compare", () => {
    const result = buildDesiredWrites({
      index: 0,
      item: {
        applicationId: "app-1",
        outputs: { score: 85, summary: "Solid" },
        note: "Analysis",
        tags: ["Backend"],
      },
      candidateId: "cand-1",
      settings,
      fields: FIELD_MAP,
      noteHash: "hash-1",
    });
    expect(result.errors).toEqual([]);
    expect(result.skipped).toEqual([]);
    expect(result.writes.map((write) => [write.kind, write.targetKey, write.contentKey])).toEqual([
      ["custom_field", "candidate:cand-1:field:f-score", "85"],
      ["custom_field", "application:app-1:field:f-summary", '"Solid"'],
      ["tag", "candidate:cand-1:tag-range:score", "AI score 80–89"],
      ["tag", "candidate:cand-1:tag:ai screened", "AI Screened"],
      ["tag", "candidate:cand-1:tag:backend", "Backend"],
      ["note", "candidate:cand-1:note:application:app-1", "hash-1"],
    ]);
  });

  it("skips application fields when the item names only a candidate, and says so", () => {
    const result = buildDesiredWrites({
      index: 0,
      item: { candidateId: "cand-1", outputs: { summary: "Solid", extra: 1 } },
      candidateId: "cand-1",
      settings,
      fields: FIELD_MAP,
      noteHash: null,
    });
    expect(result.writes.filter((write) => write.kind === "custom_field")).toEqual([]);
    expect(result.skipped.map((skip) => [skip.reason, skip.outputKey])).toEqual([
      ["no_application", "summary"],
      ["unmapped_output", "extra"],
    ]);
  });

  it("reports outputs that do not fit their field, with the item's path", () => {
    const result = buildDesiredWrites({
      index: 3,
      item: { candidateId: "cand-1", outputs: { score: "very good" } },
      candidateId: "cand-1",
      settings,
      fields: FIELD_MAP,
      noteHash: null,
    });
    expect(result.errors.map((error) => error.path)).toEqual([
      "items.3.outputs.score",
      "items.3.outputs.score",
    ]);
    expect(result.errors[0]?.message).toMatch(
      /"score" cannot go into "AI score": a Number field needs a number/,
    );
  });

  it("reports notes and tags sent while those are off instead of dropping them silently", () => {
    const off = { ...settings, tags: { enabled: false, rules: [] }, notes: { enabled: false } };
    const result = buildDesiredWrites({
      index: 0,
      item: { candidateId: "cand-1", outputs: {}, note: "x", tags: ["A"] },
      candidateId: "cand-1",
      settings: off,
      fields: FIELD_MAP,
      noteHash: "h",
    });
    expect(result.writes).toEqual([]);
    expect(result.skipped.map((skip) => skip.reason)).toEqual(["tags_disabled", "notes_disabled"]);
  });
});
