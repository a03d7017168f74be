import type {
  AshbyCustomField,
  PushItem,
  PushItemError,
  PushItemSkip,
  PushObjectType,
  PutPushSettingsRequest,
} from "@ashby-kit/shared";
import { type AshbyFieldValue, toFieldValue } from "./field-values";
import { deriveTags } from "./tags";

/**
 * One push item + the workspace's settings → the writes it asks for, one per Ashby target: a custom field of an
 * object, the candidate's range tag for one output, a fixed tag, the note. Each write carries a `contentKey`,
 * the exact thing content-idempotency compares with what was last written to the same target. Pure.
 */

export type DesiredPayload =
  | { type: "field"; fieldId: string; fieldTitle: string; value: AshbyFieldValue }
  /** `title: null` asks for "no range tag" (the score is outside every range). */
  | { type: "range_tag"; outputKey: string; title: string | null }
  | { type: "tag"; title: string }
  | { type: "note"; content: string };

export type DesiredWrite = {
  kind: "custom_field" | "tag" | "note";
  /** Names one Ashby target; two writes with the same key are two versions of the same thing. */
  targetKey: string;
  objectType: PushObjectType;
  objectId: string;
  /** The candidate every tag and note write goes to. */
  candidateId: string;
  payload: DesiredPayload;
  contentKey: string;
};

export type DesiredWritesResult = {
  writes: DesiredWrite[];
  skipped: PushItemSkip[];
  errors: PushItemError[];
};

export function fieldTargetKey(objectType: PushObjectType, objectId: string, fieldId: string): string {
  return `${objectType}:${objectId}:field:${fieldId}`;
}
export function rangeTagTargetKey(candidateId: string, outputKey: string): string {
  return `candidate:${candidateId}:tag-range:${outputKey}`;
}
export function tagTargetKey(candidateId: string, title: string): string {
  return `candidate:${candidateId}:tag:${title.toLowerCase()}`;
}
/** Notes are per application when the item names one, so per-job analyses of one candidate do not replace each other. */
export function noteTargetKey(candidateId: string, applicationId: string | undefined): string {
  return applicationId === undefined
    ? `candidate:${candidateId}:note`
    : `candidate:${candidateId}:note:application:${applicationId}`;
}

export function buildDesiredWrites(input: {
  index: number;
  item: PushItem;
  /** The item's candidate: given, or the application's candidate from synced data. */
  candidateId: string;
  settings: PutPushSettingsRequest;
  fields: ReadonlyMap<string, AshbyCustomField>;
  /** SHA-256 (hex) of the note's text, computed by the caller (Web Crypto is async). */
  noteHash: string | null;
}): DesiredWritesResult {
  const { index, item, candidateId, settings, fields, noteHash } = input;
  const result: DesiredWritesResult = { writes: [], skipped: [], errors: [] };
  const usedOutputs = new Set<string>();

  for (const mapping of settings.customFields) {
    const output = item.outputs[mapping.outputKey];
    if (output === undefined) continue;
    usedOutputs.add(mapping.outputKey);
    const objectId = mapping.objectType === "candidate" ? candidateId : item.applicationId;
    if (objectId === undefined) {
      result.skipped.push({
        reason: "no_application",
        outputKey: mapping.outputKey,
        message: `"${mapping.outputKey}" maps to an application field; send applicationId to write it.`,
      });
      continue;
    }
    const field = fields.get(mapping.fieldId);
    if (!field || field.valueKind === null) {
      // Saved settings were valid when saved; the field has since gone from Ashby's synced definitions.
      result.errors.push({
        index,
        path: `items.${index}.outputs.${mapping.outputKey}`,
        message: `The custom field mapped for "${mapping.outputKey}" (${mapping.fieldId}) no longer exists in Ashby; update the push settings.`,
      });
      continue;
    }
    const converted = toFieldValue(field.valueKind, mapping.select, output);
    if (!converted.ok) {
      result.errors.push({
        index,
        path: `items.${index}.outputs.${mapping.outputKey}`,
        message: `"${mapping.outputKey}" cannot go into "${field.title}": ${converted.reason}.`,
      });
      continue;
    }
    result.writes.push({
      kind: "custom_field",
      targetKey: fieldTargetKey(mapping.objectType, objectId, mapping.fieldId),
      objectType: mapping.objectType,
      objectId,
      candidateId,
      payload: { type: "field", fieldId: mapping.fieldId, fieldTitle: field.title, value: converted.value },
      contentKey: JSON.stringify(converted.value),
    });
  }

  const tags = deriveTags(settings.tags, item.outputs, item.tags ?? []);
  for (const error of tags.errors) {
    result.errors.push({ index, path: `items.${index}.outputs.${error.outputKey}`, message: error.message });
  }
  for (const wish of tags.ranges) {
    usedOutputs.add(wish.outputKey);
    result.writes.push({
      kind: "tag",
      targetKey: rangeTagTargetKey(candidateId, wish.outputKey),
      objectType: "candidate",
      objectId: candidateId,
      candidateId,
      payload: { type: "range_tag", outputKey: wish.outputKey, title: wish.title },
      contentKey: wish.title ?? "",
    });
  }
  for (const title of tags.fixed) {
    result.writes.push({
      kind: "tag",
      targetKey: tagTargetKey(candidateId, title),
      objectType: "candidate",
      objectId: candidateId,
      candidateId,
      payload: { type: "tag", title },
      contentKey: title,
    });
  }
  if (!settings.tags.enabled && item.tags !== undefined && item.tags.length > 0) {
    result.skipped.push({ reason: "tags_disabled", message: "Tag push-back is off in the push settings." });
  }

  if (item.note !== undefined) {
    if (!settings.notes.enabled) {
      result.skipped.push({
        reason: "notes_disabled",
        message: "Note push-back is off in the push settings.",
      });
    } else if (noteHash !== null) {
      result.writes.push({
        kind: "note",
        targetKey: noteTargetKey(candidateId, item.applicationId),
        objectType: "candidate",
        objectId: candidateId,
        candidateId,
        payload: { type: "note", content: item.note },
        contentKey: noteHash,
      });
    }
  }

  for (const outputKey of Object.keys(item.outputs)) {
    if (!usedOutputs.has(outputKey) && !isRangeTagOutput(settings, outputKey)) {
      result.skipped.push({
        reason: "unmapped_output",
        outputKey,
        message: `No custom field or tag rule uses "${outputKey}".`,
      });
    }
  }
  return result;
}

function isRangeTagOutput(settings: PutPushSettingsRequest, outputKey: string): boolean {
  return (
    settings.tags.enabled &&
    settings.tags.rules.some((rule) => rule.kind === "score_ranges" && rule.outputKey === outputKey)
  );
}
