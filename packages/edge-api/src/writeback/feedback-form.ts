import type { FeedbackGap, FeedbackPreview, RecommendationOption } from "@ashby-kit/shared";
import type { FormDefinition } from "../ashby/types";

/**
 * Reading an interview's feedback form: where the overall recommendation goes, where the notes go, and what
 * else the form insists on. Ashby has no dedicated recommendation field (API-NOTES §3.2): it is an ordinary
 * `Score` (1–4) or `ValueSelect` field, so it is found by its title/path, and the options keep the form's order.
 */

export type RecommendationField = {
  path: string;
  title: string;
  type: "Score" | "ValueSelect";
  options: RecommendationOption[];
};

export type NotesField = { path: string; title: string; type: "LongText" | "RichText" };

export type FeedbackFormFields = {
  recommendation: RecommendationField | null;
  notes: NotesField | null;
  /** Titles of required fields the kit does not fill. */
  otherRequiredFields: string[];
};

/**
 * Ashby's scorecards show a 1–4 score as Strong No … Strong Yes, low to high; Ashby's API only takes
 * `{ score: n }`, so these labels are what the person sees in Ashby for each number.
 */
export const SCORE_OPTIONS: readonly RecommendationOption[] = [
  { value: "1", label: "Strong No" },
  { value: "2", label: "No" },
  { value: "3", label: "Yes" },
  { value: "4", label: "Strong Yes" },
];

const RECOMMENDATION_NAME = /overall|recommend/i;
const HIRE_WORDS = /\bhire\b|\bno hire\b|strong (yes|no)/i;
const NOTES_NAME = /note|feedback|summary|comment|detail|observation/i;

type Field = FormDefinition["sections"][number]["fields"][number];

function flatten(form: FormDefinition): Field[] {
  return form.sections.flatMap((section) => section.fields);
}

function named(field: Field["field"], pattern: RegExp): boolean {
  return pattern.test(field.title) || pattern.test(field.path) || pattern.test(field.humanReadablePath);
}

function toRecommendation(field: Field["field"]): RecommendationField | null {
  if (field.type === "Score") {
    return { path: field.path, title: field.title, type: "Score", options: [...SCORE_OPTIONS] };
  }
  if (field.type === "ValueSelect") {
    const options = (field.selectableValues ?? []).map((v) => ({ value: v.value, label: v.label }));
    if (options.length === 0) return null;
    return { path: field.path, title: field.title, type: "ValueSelect", options };
  }
  return null;
}

export function locateFeedbackFields(form: FormDefinition): FeedbackFormFields {
  const fields = flatten(form);
  const choice = fields.filter((f) => f.field.type === "Score" || f.field.type === "ValueSelect");
  // Both words ("Overall recommendation") beat one of them; a hire/no-hire select beats a stray score.
  const recommendationField =
    choice.find((f) => /overall/i.test(f.field.title) && /recommend/i.test(f.field.title)) ??
    choice.find((f) => named(f.field, RECOMMENDATION_NAME)) ??
    choice.find(
      (f) =>
        f.field.type === "ValueSelect" &&
        (f.field.selectableValues ?? []).some((v) => HIRE_WORDS.test(v.label)),
    );

  const texts = fields.filter((f) => f.field.type === "LongText" || f.field.type === "RichText");
  const notesField =
    texts.find((f) => f.field.type === "LongText" && named(f.field, NOTES_NAME)) ??
    texts.find((f) => named(f.field, NOTES_NAME)) ??
    texts.find((f) => f.field.type === "LongText") ??
    texts[0];

  const recommendation = recommendationField ? toRecommendation(recommendationField.field) : null;
  const notes: NotesField | null = notesField
    ? {
        path: notesField.field.path,
        title: notesField.field.title,
        type: notesField.field.type as NotesField["type"],
      }
    : null;
  const used = new Set([recommendation?.path, notes?.path]);
  const otherRequiredFields = fields
    .filter((f) => f.isRequired && !used.has(f.field.path))
    .map((f) => f.field.title);
  return { recommendation, notes, otherRequiredFields };
}

export type MeetingContent = { summary: string; recordingUrl: string | null };

/** The exact text of the notes field: the summary, then the recording link on its own line. */
export function notesText(content: MeetingContent): string | null {
  const parts = [
    content.summary.trim(),
    content.recordingUrl ? `Recording: ${content.recordingUrl}` : "",
  ].filter((p) => p.length > 0);
  return parts.length > 0 ? parts.join("\n\n") : null;
}

export function buildPreview(fields: FeedbackFormFields, content: MeetingContent): FeedbackPreview {
  const gaps: FeedbackGap[] = [];
  if (!fields.recommendation) {
    gaps.push({
      content: "overall_recommendation",
      reason:
        "The interview's feedback form has no overall-recommendation field (a 1–4 score or a hire/no-hire choice).",
    });
  }
  if (!fields.notes) {
    const reason =
      "The interview's feedback form has no long-text field, so this cannot be sent; copy it into Ashby yourself.";
    if (content.summary.trim().length > 0) gaps.push({ content: "summary", reason });
    if (content.recordingUrl) gaps.push({ content: "recording_link", reason });
  }
  return {
    recommendation: fields.recommendation
      ? { fieldTitle: fields.recommendation.title, options: fields.recommendation.options }
      : null,
    notesFieldTitle: fields.notes?.title ?? null,
    summary: content.summary,
    recordingUrl: content.recordingUrl,
    notesText: fields.notes ? notesText(content) : null,
    gaps,
    unfillableRequiredFields: fields.otherRequiredFields,
  };
}

export type FieldSubmission = { path: string; value: unknown };

export type BuildSubmissionResult =
  | { ok: true; fieldSubmissions: FieldSubmission[]; recommendation: RecommendationOption }
  | { ok: false; reason: "no_recommendation_field" }
  | { ok: false; reason: "unknown_recommendation"; validOptions: RecommendationOption[] };

/** The `fieldSubmissions` of applicationFeedback.submit; the value shape follows the field type (API-NOTES §3.2). */
export function buildFieldSubmissions(
  fields: FeedbackFormFields,
  recommendationValue: string,
  content: MeetingContent,
): BuildSubmissionResult {
  const field = fields.recommendation;
  if (!field) return { ok: false, reason: "no_recommendation_field" };
  const option = field.options.find((o) => o.value === recommendationValue);
  if (!option) return { ok: false, reason: "unknown_recommendation", validOptions: field.options };
  const fieldSubmissions: FieldSubmission[] = [
    { path: field.path, value: field.type === "Score" ? { score: Number(option.value) } : option.value },
  ];
  const text = notesText(content);
  if (fields.notes && text) {
    fieldSubmissions.push({
      path: fields.notes.path,
      // Ashby takes rich text only as plain text in this wrapper.
      value: fields.notes.type === "RichText" ? { type: "PlainText", value: text } : text,
    });
  }
  return { ok: true, fieldSubmissions, recommendation: option };
}

function comparable(value: unknown): string {
  if (typeof value === "number") return String(value);
  if (typeof value === "string") return value.trim();
  if (value && typeof value === "object") {
    const v = value as { score?: unknown; type?: unknown; value?: unknown };
    if ("score" in v) return String(v.score);
    if (v.type === "PlainText" && typeof v.value === "string") return v.value.trim();
  }
  return JSON.stringify(value);
}

/**
 * Whether a submission found in Ashby carries exactly what a write sent: how a retry tells "my earlier attempt
 * landed" (adopt it) from "a person filled this in Ashby" (never overwrite). Ashby echoes scores as "4" or 4 and
 * rich text as plain strings, so values are compared in a normal form.
 */
export function submissionMatches(
  submittedValues: Record<string, unknown>,
  sent: readonly FieldSubmission[],
): boolean {
  return sent.every(
    (s) => s.path in submittedValues && comparable(submittedValues[s.path]) === comparable(s.value),
  );
}
