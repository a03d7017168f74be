import type { TagSettings } from "@ashby-kit/shared";
import { describe, expect, it } from "vitest";
import { deriveTags, rangeTagTitle } from "./tags";

const deciles = Array.from({ length: 10 }, (_, i) => ({ min: i * 10, max: i * 10 + 9 }));
const settings: TagSettings = {
  enabled: true,
  rules: [
    { kind: "fixed", title: "AI Screened" },
    {
      kind: "score_ranges",
      outputKey: "score",
      template: "AI score {min}–{max}",
      ranges: [...deciles, { min: 100, max: 100, title: "AI score 100" }],
    },
  ],
};

describe("rangeTagTitle", () => {
  it("renders the template with the range's bounds unless the range has its own title", () => {
    const rule = settings.rules[1];
    if (rule?.kind !== "score_ranges") throw new Error("fixture");
    expect(rangeTagTitle(rule, { min: 80, max: 89 })).toBe("AI score 80–89");
    expect(rangeTagTitle(rule, { min: 100, max: 100, title: "AI score 100" })).toBe("AI score 100");
    expect(rangeTagTitle({ ...rule, template: undefined } as never, { min: 1, max: 2 })).toBeNull();
  });
});

describe("deriveTags", () => {
  it("gives the fixed tag and the range tag of the score", () => {
    expect(deriveTags(settings, { score: 84 })).toEqual({
      fixed: ["AI Screened"],
      ranges: [{ outputKey: "score", title: "AI score 80–89" }],
      errors: [],
    });
    expect(deriveTags(settings, { score: "100" }).ranges).toEqual([
      { outputKey: "score", title: "AI score 100" },
    ]);
  });

  it("asks for no range tag when the score is outside every range", () => {
    expect(deriveTags(settings, { score: 120 }).ranges).toEqual([{ outputKey: "score", title: null }]);
  });

  it("leaves the range tag alone when the item has no such output", () => {
    expect(deriveTags(settings, { reasons: "…" }).ranges).toEqual([]);
  });

  it("reports a score that is not a number instead of guessing", () => {
    expect(deriveTags(settings, { score: "high" }).errors).toEqual([
      { outputKey: "score", message: expect.stringMatching(/needs a number, got "high"/) },
    ]);
  });

  it("adds the item's own tags once, case-insensitively", () => {
    expect(deriveTags(settings, {}, ["Backend", "ai screened", "backend"]).fixed).toEqual([
      "AI Screened",
      "Backend",
    ]);
  });

  it("gives nothing when tags are off", () => {
    expect(deriveTags({ ...settings, enabled: false }, { score: 84 }, ["Backend"])).toEqual({
      fixed: [],
      ranges: [],
      errors: [],
    });
  });
});
