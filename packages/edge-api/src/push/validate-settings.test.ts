import { DEFAULT_PUSH_SETTINGS, type PutPushSettingsRequest } from "@ashby-kit/shared";
import { describe, expect, it } from "vitest";
import { FIELDS } from "./test-fields";
import { validatePushSettings } from "./validate-settings";

const withFields = (customFields: PutPushSettingsRequest["customFields"]): PutPushSettingsRequest => ({
  ...DEFAULT_PUSH_SETTINGS,
  customFields,
});

describe("validatePushSettings", () => {
  it("accepts one mapping of each supported type", () => {
    const settings = withFields([
      { outputKey: "score", objectType: "candidate", fieldId: "f-score" },
      { outputKey: "reasons", objectType: "candidate", fieldId: "f-reasons" },
      { outputKey: "summary", objectType: "application", fieldId: "f-summary" },
      { outputKey: "fit", objectType: "application", fieldId: "f-fit" },
      { outputKey: "screenedAt", objectType: "candidate", fieldId: "f-screened" },
      {
        outputKey: "score",
        objectType: "application",
        fieldId: "f-verdict",
        select: {
          kind: "ranges",
          ranges: [
            { min: 80, max: 100, option: "strong_yes" },
            { min: 0, max: 79, option: "no" },
          ],
        },
      },
      {
        outputKey: "skills",
        objectType: "candidate",
        fieldId: "f-skills",
        select: { kind: "values", values: { go: "go" } },
      },
    ]);
    expect(validatePushSettings(settings, FIELDS)).toEqual([]);
  });

  it("explains that the field must be created in Ashby first when the id is unknown", () => {
    const issues = validatePushSettings(
      withFields([{ outputKey: "score", objectType: "candidate", fieldId: "nope" }]),
      FIELDS,
    );
    expect(issues).toEqual([
      {
        path: "customFields.0.fieldId",
        code: "field_not_found",
        message: expect.stringMatching(/Create the field in Ashby first/),
      },
    ]);
  });

  it("refuses archived fields, fields on the wrong object and unsupported types", () => {
    const issues = validatePushSettings(
      withFields([
        { outputKey: "score", objectType: "candidate", fieldId: "f-old" },
        { outputKey: "score", objectType: "candidate", fieldId: "f-summary" },
        { outputKey: "salary", objectType: "candidate", fieldId: "f-salary" },
        { outputKey: "code", objectType: "candidate", fieldId: "f-job" },
      ]),
      FIELDS,
    );
    expect(issues.map((issue) => [issue.path, issue.code])).toEqual([
      ["customFields.0.fieldId", "field_archived"],
      ["customFields.1.objectType", "field_object_mismatch"],
      ["customFields.2.fieldId", "field_type_unsupported"],
      ["customFields.3.objectType", "field_object_mismatch"],
    ]);
    expect(issues[1]?.message).toMatch(/Set objectType to "application"/);
  });

  it("requires a select rule for select fields and names the options", () => {
    const [issue] = validatePushSettings(
      withFields([{ outputKey: "v", objectType: "application", fieldId: "f-verdict" }]),
      FIELDS,
    );
    expect(issue?.code).toBe("select_rule_required");
    expect(issue?.message).toContain('"strong_yes" (Strong yes), "yes" (Yes), "no" (No)');
  });

  it("refuses a select rule on a field that is not a select", () => {
    const [issue] = validatePushSettings(
      withFields([
        {
          outputKey: "score",
          objectType: "candidate",
          fieldId: "f-score",
          select: { kind: "values", values: { a: "b" } },
        },
      ]),
      FIELDS,
    );
    expect(issue?.code).toBe("select_rule_not_allowed");
  });

  it("refuses options the field does not have, archived ones included", () => {
    const issues = validatePushSettings(
      withFields([
        {
          outputKey: "v",
          objectType: "application",
          fieldId: "f-verdict",
          select: { kind: "values", values: { a: "yes", b: "old", c: "Maybe" } },
        },
      ]),
      FIELDS,
    );
    expect(issues.map((issue) => [issue.path, issue.code])).toEqual([
      ["customFields.0.select.values.b", "select_option_unknown"],
      ["customFields.0.select.values.c", "select_option_unknown"],
    ]);
  });

  it("refuses overlapping select ranges", () => {
    const [issue] = validatePushSettings(
      withFields([
        {
          outputKey: "score",
          objectType: "application",
          fieldId: "f-verdict",
          select: {
            kind: "ranges",
            ranges: [
              { min: 0, max: 50, option: "no" },
              { min: 50, max: 100, option: "yes" },
            ],
          },
        },
      ]),
      FIELDS,
    );
    expect(issue).toMatchObject({ code: "select_range_overlap", path: "customFields.0.select.ranges" });
  });

  it("refuses two outputs mapped into one field", () => {
    const issues = validatePushSettings(
      withFields([
        { outputKey: "score", objectType: "candidate", fieldId: "f-score" },
        { outputKey: "score2", objectType: "candidate", fieldId: "f-score" },
      ]),
      FIELDS,
    );
    expect(issues).toEqual([
      expect.objectContaining({ path: "customFields.1.fieldId", code: "duplicate_mapping" }),
    ]);
  });

  it("checks tag rules: overlaps, missing titles, duplicate titles and two range rules for one output", () => {
    const issues = validatePushSettings(
      {
        ...DEFAULT_PUSH_SETTINGS,
        tags: {
          enabled: true,
          rules: [
            { kind: "fixed", title: "AI score 0–49" },
            {
              kind: "score_ranges",
              outputKey: "score",
              template: "AI score {min}–{max}",
              ranges: [
                { min: 0, max: 49 },
                { min: 40, max: 100 },
              ],
            },
            { kind: "score_ranges", outputKey: "score", ranges: [{ min: 0, max: 100 }] },
          ],
        },
      },
      FIELDS,
    );
    expect(issues.map((issue) => [issue.path, issue.code])).toEqual([
      ["tags.rules.1.ranges", "tag_range_overlap"],
      ["tags.rules.1.ranges.0", "tag_title_duplicate"],
      ["tags.rules.2.outputKey", "tag_rule_duplicate"],
      ["tags.rules.2.ranges.0.title", "tag_template_required"],
    ]);
  });
});
