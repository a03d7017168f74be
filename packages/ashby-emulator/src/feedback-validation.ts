import { AshbyError, invalidInput } from "./envelope.ts";
import { formFields } from "./feedback-forms.ts";
import type { FeedbackFormRecord, FormFieldRecord } from "./records.ts";

/**
 * applicationFeedback.submit's field rules, per field type (API-NOTES §3.2): every path must exist on the
 * form, every value must fit its field, every required field must be answered. Returns path → value.
 */
function checkValue(field: FormFieldRecord, value: unknown): unknown {
  const fail = (expected: string) =>
    invalidInput(`Field "${field.path}" (${field.type}) expects ${expected}; got ${JSON.stringify(value)}.`);
  const options = (field.selectableValues ?? []).map((option) => option.value);
  switch (field.type) {
    case "Score": {
      const score = (value as { score?: unknown } | null)?.score;
      if (
        typeof value !== "object" ||
        value === null ||
        !Number.isInteger(score) ||
        (score as number) < 1 ||
        (score as number) > 4
      ) {
        throw fail('{ "score": n } with n an integer from 1 to 4');
      }
      return { score };
    }
    case "ValueSelect":
      if (typeof value !== "string" || !options.includes(value)) throw fail(`one of ${options.join(", ")}`);
      return value;
    case "MultiValueSelect":
      if (
        !Array.isArray(value) ||
        !value.every((item) => typeof item === "string" && options.includes(item))
      ) {
        throw fail(`an array of ${options.join(", ")}`);
      }
      return value;
    case "LongText":
    case "String":
    case "Phone":
      if (typeof value !== "string") throw fail("a string");
      return value;
    case "Email":
      if (typeof value !== "string" || !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(value))
        throw fail("an e-mail address");
      return value;
    case "Boolean":
      if (typeof value !== "boolean") throw fail("a boolean");
      return value;
    case "Number":
      if (typeof value !== "number" || !Number.isInteger(value)) throw fail("an integer");
      return value;
    case "Date":
      if (
        typeof value !== "string" ||
        !/^\d{4}-\d{2}-\d{2}$/.test(value) ||
        Number.isNaN(Date.parse(value))
      ) {
        throw fail('a date "YYYY-MM-DD"');
      }
      return value;
    case "RichText": {
      const rich = value as { type?: unknown; value?: unknown } | null;
      if (
        typeof value !== "object" ||
        rich === null ||
        rich.type !== "PlainText" ||
        typeof rich.value !== "string"
      ) {
        throw fail('{ "type": "PlainText", "value": string }');
      }
      return { type: "PlainText", value: rich.value };
    }
  }
}

function isBlank(value: unknown): boolean {
  return value === null || value === undefined || (typeof value === "string" && value.trim() === "");
}

export function validateFieldSubmissions(
  form: FeedbackFormRecord,
  submissions: Array<{ path: string; value?: unknown }>,
): Record<string, unknown> {
  const fields = new Map(formFields(form).map((field) => [field.path, field]));
  const values: Record<string, unknown> = {};
  for (const submission of submissions) {
    const field = fields.get(submission.path);
    if (!field) {
      throw invalidInput(`Field path "${submission.path}" does not exist on form "${form.title}".`);
    }
    if (submission.path in values) throw invalidInput(`Field path "${submission.path}" is submitted twice.`);
    if (isBlank(submission.value)) {
      if (field.isRequired) throw missingRequired([field]);
      values[field.path] = null;
      continue;
    }
    values[field.path] = checkValue(field, submission.value);
  }
  const missing = [...fields.values()].filter((field) => field.isRequired && isBlank(values[field.path]));
  if (missing.length > 0) throw missingRequired(missing);
  return values;
}

function missingRequired(fields: FormFieldRecord[]): AshbyError {
  return new AshbyError(
    "invalid_input",
    `Required field(s) missing: ${fields.map((field) => `"${field.path}" (${field.title})`).join(", ")}.`,
    200,
    {},
    { missingPaths: fields.map((field) => field.path) },
  );
}
