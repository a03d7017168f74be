import type {
  AshbyCustomField,
  PushSettingsIssue,
  PutPushSettingsRequest,
  SelectRule,
  TagRule,
} from "@ashby-kit/shared";
import { SUPPORTED_FIELD_TYPES } from "./custom-field-definitions";
import { rangeTagTitle } from "./tags";

/**
 * Push settings checked against the custom fields the workspace's Ashby actually has (synced definitions) and
 * their types. Returns every problem at once, each with a path into the PUT body, so a settings screen can show
 * them all; an empty list means the settings can be saved. Pure.
 */

const CREATE_FIRST =
  "Create the field in Ashby first (Admin → Custom Fields, on Candidates or Applications), let the kit sync, " +
  "then pick it from GET /v1/ashby/custom-fields.";

type Range = { min: number; max: number };

function overlapping(ranges: readonly Range[]): [Range, Range] | null {
  const sorted = [...ranges].sort((a, b) => a.min - b.min);
  for (let i = 1; i < sorted.length; i++) {
    const previous = sorted[i - 1];
    const current = sorted[i];
    if (previous && current && current.min <= previous.max) return [previous, current];
  }
  return null;
}

const show = (range: Range) => `${range.min}–${range.max}`;

function optionList(field: AshbyCustomField): string {
  return field.selectableValues.map((option) => `"${option.value}" (${option.label})`).join(", ");
}

function checkSelectRule(
  field: AshbyCustomField,
  rule: SelectRule,
  path: string,
  issues: PushSettingsIssue[],
): void {
  const known = new Set(field.selectableValues.map((option) => option.value));
  const options =
    rule.kind === "values"
      ? Object.entries(rule.values).map(([output, option]) => ({ at: `${path}.values.${output}`, option }))
      : rule.ranges.map((range, index) => ({ at: `${path}.ranges.${index}.option`, option: range.option }));
  for (const { at, option } of options) {
    if (!known.has(option)) {
      issues.push({
        path: at,
        code: "select_option_unknown",
        message: `"${option}" is not an option of "${field.title}". Its options are: ${optionList(field)}.`,
      });
    }
  }
  if (rule.kind === "ranges") {
    const clash = overlapping(rule.ranges);
    if (clash) {
      issues.push({
        path: `${path}.ranges`,
        code: "select_range_overlap",
        message: `Ranges ${show(clash[0])} and ${show(clash[1])} overlap; a score must pick exactly one option.`,
      });
    }
  }
}

function checkMappings(
  settings: PutPushSettingsRequest,
  fields: ReadonlyMap<string, AshbyCustomField>,
  issues: PushSettingsIssue[],
): void {
  const targets = new Map<string, number>();
  settings.customFields.forEach((mapping, index) => {
    const path = `customFields.${index}`;
    const field = fields.get(mapping.fieldId);
    if (!field) {
      issues.push({
        path: `${path}.fieldId`,
        code: "field_not_found",
        message: `Your Ashby workspace has no custom field with id "${mapping.fieldId}". ${CREATE_FIRST}`,
      });
      return;
    }
    if (field.isArchived) {
      issues.push({
        path: `${path}.fieldId`,
        code: "field_archived",
        message: `"${field.title}" is archived in Ashby. Unarchive it there or map another field.`,
      });
      return;
    }
    if (field.objectType !== mapping.objectType) {
      issues.push({
        path: `${path}.objectType`,
        code: "field_object_mismatch",
        message:
          field.objectType === null
            ? `"${field.title}" is a ${field.ashbyObjectType} field; the kit pushes onto candidates and applications only. ${CREATE_FIRST}`
            : `"${field.title}" is a field on ${field.objectType}s, not ${mapping.objectType}s. Set objectType to "${field.objectType}".`,
      });
      return;
    }
    if (field.valueKind === null) {
      issues.push({
        path: `${path}.fieldId`,
        code: "field_type_unsupported",
        message: `"${field.title}" is a ${field.fieldType} field, which the kit does not push into. Use a field of type ${SUPPORTED_FIELD_TYPES.join(", ")}. ${CREATE_FIRST}`,
      });
      return;
    }
    const isSelect = field.valueKind === "select" || field.valueKind === "multi_select";
    if (isSelect && !mapping.select) {
      issues.push({
        path: `${path}.select`,
        code: "select_rule_required",
        message: `"${field.title}" is a select field: give an option for each output (select: { kind: "values", values: { "<output>": "<option value>" } }) or score ranges (select: { kind: "ranges", ranges: [{ min, max, option }] }). Its options are: ${optionList(field)}.`,
      });
    } else if (!isSelect && mapping.select) {
      issues.push({
        path: `${path}.select`,
        code: "select_rule_not_allowed",
        message: `"${field.title}" is a ${field.fieldType} field, not a select field; remove "select".`,
      });
    } else if (isSelect && mapping.select) {
      checkSelectRule(field, mapping.select, `${path}.select`, issues);
    }
    const target = `${mapping.objectType}:${mapping.fieldId}`;
    const first = targets.get(target);
    if (first === undefined) {
      targets.set(target, index);
    } else {
      issues.push({
        path: `${path}.fieldId`,
        code: "duplicate_mapping",
        message: `"${field.title}" is already mapped by customFields.${first}; one field takes one output.`,
      });
    }
  });
}

function checkTagRules(rules: readonly TagRule[], issues: PushSettingsIssue[]): void {
  const titles = new Map<string, string>();
  const rangeOutputs = new Set<string>();
  const claim = (title: string, path: string) => {
    const key = title.toLowerCase();
    const first = titles.get(key);
    if (first === undefined) {
      titles.set(key, path);
    } else {
      issues.push({
        path,
        code: "tag_title_duplicate",
        message: `The tag "${title}" is already produced by ${first}; each rule and range needs its own tag.`,
      });
    }
  };
  rules.forEach((rule, index) => {
    const path = `tags.rules.${index}`;
    if (rule.kind === "fixed") {
      claim(rule.title, `${path}.title`);
      return;
    }
    if (rangeOutputs.has(rule.outputKey)) {
      issues.push({
        path: `${path}.outputKey`,
        code: "tag_rule_duplicate",
        message: `"${rule.outputKey}" already has a range rule; a candidate carries one range tag per output.`,
      });
    }
    rangeOutputs.add(rule.outputKey);
    const clash = overlapping(rule.ranges);
    if (clash) {
      issues.push({
        path: `${path}.ranges`,
        code: "tag_range_overlap",
        message: `Ranges ${show(clash[0])} and ${show(clash[1])} overlap; a score must give exactly one tag.`,
      });
    }
    rule.ranges.forEach((range, rangeIndex) => {
      const title = rangeTagTitle(rule, range);
      if (title === null) {
        issues.push({
          path: `${path}.ranges.${rangeIndex}.title`,
          code: "tag_template_required",
          message: 'Give this range a title, or give the rule a template such as "AI score {min}–{max}".',
        });
      } else {
        claim(title, `${path}.ranges.${rangeIndex}`);
      }
    });
  });
}

export function validatePushSettings(
  settings: PutPushSettingsRequest,
  definitions: readonly AshbyCustomField[],
): PushSettingsIssue[] {
  const issues: PushSettingsIssue[] = [];
  checkMappings(settings, new Map(definitions.map((field) => [field.id, field])), issues);
  checkTagRules(settings.tags.rules, issues);
  return issues;
}
