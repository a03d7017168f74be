import { describe, expect, it } from "vitest";
import type { FormDefinition } from "../ashby/types";
import {
  buildFieldSubmissions,
  buildPreview,
  locateFeedbackFields,
  submissionMatches,
} from "./feedback-form";

type FieldInput = {
  type: string;
  path: string;
  title: string;
  isRequired?: boolean;
  values?: [string, string][];
};

function form(...fields: FieldInput[]): FormDefinition {
  return {
    sections: [
      {
        title: "Scorecard",
        fields: fields.map((f, i) => ({
          isRequired: f.isRequired ?? false,
          field: {
            id: `f-${i}`,
            type: f.type,
            path: f.path,
            title: f.title,
            humanReadablePath: f.title,
            isNullable: true,
            ...(f.values ? { selectableValues: f.values.map(([value, label]) => ({ value, label })) } : {}),
          },
        })),
      },
    ],
  };
}

const content = { summary: "Strong on systems design.", recordingUrl: "https://rec.example.com/m/1" };

describe("locating the form's fields", () => {
  it("finds a ValueSelect overall recommendation with its options in the form's order and labels", () => {
    const fields = locateFeedbackFields(
      form(
        { type: "Score", path: "technical_skills", title: "Technical Skills" },
        {
          type: "ValueSelect",
          path: "overall_recommendation",
          title: "Overall Recommendation",
          isRequired: true,
          values: [
            ["strong_hire", "Strong Hire"],
            ["hire", "Hire"],
            ["no_hire", "No Hire"],
          ],
        },
        { type: "LongText", path: "notes", title: "Interview notes", isRequired: true },
      ),
    );
    expect(fields.recommendation).toEqual({
      path: "overall_recommendation",
      title: "Overall Recommendation",
      type: "ValueSelect",
      options: [
        { value: "strong_hire", label: "Strong Hire" },
        { value: "hire", label: "Hire" },
        { value: "no_hire", label: "No Hire" },
      ],
    });
    expect(fields.notes).toEqual({ path: "notes", title: "Interview notes", type: "LongText" });
    expect(fields.otherRequiredFields).toEqual([]);
  });

  it("finds a 1–4 Score recommendation and a RichText notes field, and reports other required fields", () => {
    const fields = locateFeedbackFields(
      form(
        { type: "Score", path: "f_culture", title: "Culture add", isRequired: true },
        { type: "Score", path: "f_overall", title: "Overall recommendation", isRequired: true },
        { type: "RichText", path: "f_detail", title: "Detailed Feedback" },
      ),
    );
    expect(fields.recommendation?.path).toBe("f_overall");
    expect(fields.recommendation?.options.map((o) => o.value)).toEqual(["1", "2", "3", "4"]);
    expect(fields.notes).toEqual({ path: "f_detail", title: "Detailed Feedback", type: "RichText" });
    expect(fields.otherRequiredFields).toEqual(["Culture add"]);
  });

  it("does not mistake an unrelated score for the recommendation", () => {
    const fields = locateFeedbackFields(form({ type: "Score", path: "coding", title: "Coding" }));
    expect(fields.recommendation).toBeNull();
    expect(fields.notes).toBeNull();
  });
});

describe("building fieldSubmissions", () => {
  it("puts a Score as { score } and the summary plus recording link into the long-text field", () => {
    const fields = locateFeedbackFields(
      form(
        { type: "Score", path: "overall", title: "Overall recommendation" },
        { type: "LongText", path: "notes", title: "Notes" },
      ),
    );
    const built = buildFieldSubmissions(fields, "4", content);
    expect(built).toEqual({
      ok: true,
      recommendation: { value: "4", label: "Strong Yes" },
      fieldSubmissions: [
        { path: "overall", value: { score: 4 } },
        { path: "notes", value: "Strong on systems design.\n\nRecording: https://rec.example.com/m/1" },
      ],
    });
  });

  it("sends a ValueSelect value as the string and rich text as PlainText", () => {
    const fields = locateFeedbackFields(
      form(
        {
          type: "ValueSelect",
          path: "rec",
          title: "Recommendation",
          values: [
            ["yes", "Yes"],
            ["no", "No"],
          ],
        },
        { type: "RichText", path: "fb", title: "Feedback" },
      ),
    );
    const built = buildFieldSubmissions(fields, "no", { summary: "Meh.", recordingUrl: null });
    expect(built).toMatchObject({
      ok: true,
      fieldSubmissions: [
        { path: "rec", value: "no" },
        { path: "fb", value: { type: "PlainText", value: "Meh." } },
      ],
    });
  });

  it("refuses a recommendation that is not one of the options and names the valid ones", () => {
    const fields = locateFeedbackFields(form({ type: "Score", path: "overall", title: "Overall" }));
    const built = buildFieldSubmissions(fields, "5", content);
    expect(built).toMatchObject({ ok: false, reason: "unknown_recommendation" });
    expect(built.ok === false && built.reason === "unknown_recommendation" && built.validOptions.length).toBe(
      4,
    );
    expect(buildFieldSubmissions(locateFeedbackFields(form()), "4", content)).toEqual({
      ok: false,
      reason: "no_recommendation_field",
    });
  });

  it("says in the preview when the form has no place for the summary and the link", () => {
    const fields = locateFeedbackFields(form({ type: "Score", path: "overall", title: "Overall" }));
    const preview = buildPreview(fields, content);
    expect(preview.notesText).toBeNull();
    expect(preview.gaps.map((g) => g.content)).toEqual(["summary", "recording_link"]);
    expect(buildFieldSubmissions(fields, "2", content)).toMatchObject({
      ok: true,
      fieldSubmissions: [{ path: "overall", value: { score: 2 } }],
    });
  });
});

describe("recognising our own submission in Ashby", () => {
  const sent = [
    { path: "overall", value: { score: 4 } },
    { path: "notes", value: { type: "PlainText", value: "Good." } },
  ];
  it("matches Ashby's echo of the same values in its own shapes", () => {
    expect(submissionMatches({ overall: "4", notes: "Good.", other: 1 }, sent)).toBe(true);
    expect(submissionMatches({ overall: 4, notes: { type: "PlainText", value: "Good." } }, sent)).toBe(true);
  });
  it("does not match a person's different feedback", () => {
    expect(submissionMatches({ overall: "3", notes: "Good." }, sent)).toBe(false);
    expect(submissionMatches({ overall: "4" }, sent)).toBe(false);
  });
});
