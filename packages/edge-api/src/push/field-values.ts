import type { FieldValueKind, PushOutputValue, SelectRule } from "@ashby-kit/shared";

/**
 * One host output → the `fieldValue` Ashby's `customField.setValues` takes for the field's type
 * (https://developers.ashbyhq.com/reference/customfieldsetvalues): Number → number, String/LongText → string,
 * Boolean → boolean, Date → ISO date-time string, ValueSelect → an option's value, MultiValueSelect → option values.
 * Pure; the caller has already checked the mapping against the field (validate-settings.ts).
 */

export type AshbyFieldValue = number | string | boolean | string[];

export type FieldValueResult = { ok: true; value: AshbyFieldValue } | { ok: false; reason: string };

const NUMERIC_TEXT = /^-?(?:\d+\.?\d*|\.\d+)(?:e[+-]?\d+)?$/i;
const DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/;

function describe(output: PushOutputValue): string {
  return JSON.stringify(output).slice(0, 80);
}

function asText(output: PushOutputValue): string {
  return Array.isArray(output) ? output.join(", ") : String(output);
}

function asNumber(output: PushOutputValue): number | null {
  if (typeof output === "number") return Number.isFinite(output) ? output : null;
  if (typeof output === "string" && NUMERIC_TEXT.test(output.trim())) {
    const parsed = Number(output.trim());
    return Number.isFinite(parsed) ? parsed : null;
  }
  return null;
}

function asBoolean(output: PushOutputValue): boolean | null {
  if (typeof output === "boolean") return output;
  if (output === "true") return true;
  if (output === "false") return false;
  return null;
}

/** Ashby takes an ISO date string; a bare day is pinned to midnight UTC so it does not shift with time zones. */
function asIsoDate(output: PushOutputValue): string | null {
  if (typeof output === "string") {
    const text = output.trim();
    const parsed = Date.parse(DATE_ONLY.test(text) ? `${text}T00:00:00.000Z` : text);
    return Number.isNaN(parsed) ? null : new Date(parsed).toISOString();
  }
  if (typeof output === "number" && Number.isFinite(output)) {
    const date = new Date(output);
    return Number.isNaN(date.getTime()) ? null : date.toISOString();
  }
  return null;
}

function selectOption(
  rule: SelectRule,
  output: PushOutputValue,
): { ok: true; option: string } | { ok: false; reason: string } {
  if (rule.kind === "values") {
    if (Array.isArray(output)) return { ok: false, reason: "a select field takes one output, not a list" };
    const option = rule.values[String(output)];
    return option === undefined
      ? {
          ok: false,
          reason: `${describe(output)} has no option in the mapping (mapped outputs: ${Object.keys(rule.values).join(", ")})`,
        }
      : { ok: true, option };
  }
  const score = asNumber(output);
  if (score === null) return { ok: false, reason: `score ranges need a number, got ${describe(output)}` };
  const range = rule.ranges.find((candidate) => score >= candidate.min && score <= candidate.max);
  return range
    ? { ok: true, option: range.option }
    : {
        ok: false,
        reason: `${score} is in none of the mapped ranges (${rule.ranges.map((r) => `${r.min}–${r.max}`).join(", ")})`,
      };
}

export function toFieldValue(
  kind: FieldValueKind,
  select: SelectRule | undefined,
  output: PushOutputValue,
): FieldValueResult {
  switch (kind) {
    case "number": {
      const value = asNumber(output);
      return value === null
        ? { ok: false, reason: `a Number field needs a number, got ${describe(output)}` }
        : { ok: true, value };
    }
    case "text":
    case "long_text":
      return { ok: true, value: asText(output) };
    case "boolean": {
      const value = asBoolean(output);
      return value === null
        ? { ok: false, reason: `a Boolean field needs true or false, got ${describe(output)}` }
        : { ok: true, value };
    }
    case "date": {
      const value = asIsoDate(output);
      return value === null
        ? {
            ok: false,
            reason: `a Date field needs an ISO date (2026-05-01) or date-time, got ${describe(output)}`,
          }
        : { ok: true, value };
    }
    case "select": {
      if (!select) return { ok: false, reason: "the select field has no select rule" };
      const picked = selectOption(select, output);
      return picked.ok ? { ok: true, value: picked.option } : picked;
    }
    case "multi_select": {
      if (!select) return { ok: false, reason: "the select field has no select rule" };
      const outputs = Array.isArray(output) ? output : [output];
      const options: string[] = [];
      for (const single of outputs) {
        const picked = selectOption(select, single);
        if (!picked.ok) return picked;
        if (!options.includes(picked.option)) options.push(picked.option);
      }
      return { ok: true, value: options };
    }
    default:
      return kind satisfies never;
  }
}
