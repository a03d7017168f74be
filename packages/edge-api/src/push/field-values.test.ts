import { describe, expect, it } from "vitest";
import { toFieldValue } from "./field-values";

describe("toFieldValue", () => {
  it("writes numbers into Number fields, accepting numeric text", () => {
    expect(toFieldValue("number", undefined, 87)).toEqual({ ok: true, value: 87 });
    expect(toFieldValue("number", undefined, " 87.5 ")).toEqual({ ok: true, value: 87.5 });
    const refused = toFieldValue("number", undefined, "high");
    expect(refused.ok).toBe(false);
    expect(refused.ok ? "" : refused.reason).toMatch(/needs a number, got "high"/);
    expect(toFieldValue("number", undefined, true).ok).toBe(false);
  });

  it("writes text as is into String and LongText fields, joining lists", () => {
    expect(toFieldValue("text", undefined, "Strong backend")).toEqual({ ok: true, value: "Strong backend" });
    expect(toFieldValue("long_text", undefined, ["Go", "Rust"])).toEqual({ ok: true, value: "Go, Rust" });
    expect(toFieldValue("text", undefined, 92)).toEqual({ ok: true, value: "92" });
  });

  it("writes booleans, and refuses anything else", () => {
    expect(toFieldValue("boolean", undefined, false)).toEqual({ ok: true, value: false });
    expect(toFieldValue("boolean", undefined, "true")).toEqual({ ok: true, value: true });
    expect(toFieldValue("boolean", undefined, "yes").ok).toBe(false);
  });

  it("writes dates as ISO date-times, pinning a bare day to midnight UTC", () => {
    expect(toFieldValue("date", undefined, "2026-05-01")).toEqual({
      ok: true,
      value: "2026-05-01T00:00:00.000Z",
    });
    expect(toFieldValue("date", undefined, "2026-05-01T10:30:00+02:00")).toEqual({
      ok: true,
      value: "2026-05-01T08:30:00.000Z",
    });
    expect(toFieldValue("date", undefined, "next tuesday").ok).toBe(false);
  });

  it("picks a select option from a value for each output", () => {
    const rule = { kind: "values" as const, values: { strong_yes: "strong_yes", "3": "yes", false: "no" } };
    expect(toFieldValue("select", rule, "strong_yes")).toEqual({ ok: true, value: "strong_yes" });
    expect(toFieldValue("select", rule, 3)).toEqual({ ok: true, value: "yes" });
    expect(toFieldValue("select", rule, false)).toEqual({ ok: true, value: "no" });
    const refused = toFieldValue("select", rule, "maybe");
    expect(refused.ok ? "" : refused.reason).toMatch(/"maybe" has no option in the mapping/);
  });

  it("picks a select option from score ranges, both ends inclusive", () => {
    const rule = {
      kind: "ranges" as const,
      ranges: [
        { min: 80, max: 100, option: "strong_yes" },
        { min: 50, max: 79, option: "yes" },
        { min: 0, max: 49, option: "no" },
      ],
    };
    expect(toFieldValue("select", rule, 80)).toEqual({ ok: true, value: "strong_yes" });
    expect(toFieldValue("select", rule, 79)).toEqual({ ok: true, value: "yes" });
    expect(toFieldValue("select", rule, "12")).toEqual({ ok: true, value: "no" });
    const gap = toFieldValue("select", rule, 79.5);
    expect(gap.ok ? "" : gap.reason).toMatch(/79.5 is in none of the mapped ranges/);
  });

  it("maps each element of a multi-select output, without duplicates", () => {
    const rule = { kind: "values" as const, values: { golang: "go", go: "go", typescript: "ts" } };
    expect(toFieldValue("multi_select", rule, ["golang", "typescript", "go"])).toEqual({
      ok: true,
      value: ["go", "ts"],
    });
    expect(toFieldValue("multi_select", rule, "typescript")).toEqual({ ok: true, value: ["ts"] });
    expect(toFieldValue("multi_select", rule, ["cobol"]).ok).toBe(false);
  });

  it("refuses a select output when the mapping has no rule", () => {
    expect(toFieldValue("select", undefined, "yes").ok).toBe(false);
  });
});
