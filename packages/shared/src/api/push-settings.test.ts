import { describe, expect, it } from "vitest";
import { DEFAULT_PUSH_SETTINGS, PutPushSettingsRequestSchema } from "./push-settings";

describe("PutPushSettingsRequestSchema", () => {
  it("accepts the defaults and a full set of mappings, tags and notes", () => {
    expect(PutPushSettingsRequestSchema.safeParse(DEFAULT_PUSH_SETTINGS).success).toBe(true);
    const full = {
      customFields: [
        { outputKey: "score", objectType: "candidate", fieldId: "f1" },
        {
          outputKey: "verdict",
          objectType: "application",
          fieldId: "f2",
          select: { kind: "values", values: { yes: "y" } },
        },
        {
          outputKey: "score",
          objectType: "application",
          fieldId: "f3",
          select: { kind: "ranges", ranges: [{ min: 0, max: 100, option: "a" }] },
        },
      ],
      tags: {
        enabled: true,
        rules: [
          { kind: "fixed", title: " AI Screened " },
          {
            kind: "score_ranges",
            outputKey: "score",
            template: "AI score {min}–{max}",
            ranges: [{ min: 80, max: 89 }],
          },
        ],
      },
      notes: { enabled: true },
    };
    const parsed = PutPushSettingsRequestSchema.parse(full);
    expect(parsed.tags.rules[0]).toEqual({ kind: "fixed", title: "AI Screened" });
  });

  it("rejects unknown fields, bad output keys, inverted ranges and empty value maps", () => {
    const base = { ...DEFAULT_PUSH_SETTINGS };
    expect(PutPushSettingsRequestSchema.safeParse({ ...base, extra: 1 }).success).toBe(false);
    expect(
      PutPushSettingsRequestSchema.safeParse({
        ...base,
        customFields: [{ outputKey: "1score", objectType: "candidate", fieldId: "f" }],
      }).success,
    ).toBe(false);
    expect(
      PutPushSettingsRequestSchema.safeParse({
        ...base,
        tags: {
          enabled: true,
          rules: [{ kind: "score_ranges", outputKey: "s", template: "x", ranges: [{ min: 9, max: 1 }] }],
        },
      }).success,
    ).toBe(false);
    expect(
      PutPushSettingsRequestSchema.safeParse({
        ...base,
        customFields: [
          { outputKey: "v", objectType: "candidate", fieldId: "f", select: { kind: "values", values: {} } },
        ],
      }).success,
    ).toBe(false);
    expect(
      PutPushSettingsRequestSchema.safeParse({
        ...base,
        customFields: [{ outputKey: "v", objectType: "job", fieldId: "f" }],
      }).success,
    ).toBe(false);
  });
});
