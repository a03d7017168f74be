import type { PushObjectType } from "@ashby-kit/shared";
import type { DesiredWrite } from "./desired-writes";
import type { AshbyFieldValue } from "./field-values";

/**
 * The content-idempotency plan: given what was last written to each target and the writes now pending, the
 * minimal list of Ashby calls. Identical content → no call. Changed custom fields of one object → one
 * `customField.setValues` call. A range tag that moved → `candidate.removeTag` of the old one, then
 * `candidate.addTag` of the new one. A note → `candidate.createNote` only when its content changed. Pure.
 */

/** What the kit last wrote to a target (null fields: never written, or the range tag was removed). */
export type TargetState = {
  targetKey: string;
  writtenContentKey: string | null;
  /** For tags: Ashby's id of the tag last added, needed to remove it when the range moves. */
  writtenTagId: string | null;
  writtenTagTitle: string | null;
};

export type PendingWrite = DesiredWrite & { writeId: string };

export type PlannedCall =
  | {
      type: "set_fields";
      objectType: PushObjectType;
      objectId: string;
      values: { fieldId: string; fieldValue: AshbyFieldValue }[];
      writeIds: string[];
    }
  | { type: "remove_tag"; candidateId: string; tagId: string; tagTitle: string; writeIds: string[] }
  | { type: "add_tag"; candidateId: string; tagTitle: string; writeIds: string[] }
  | { type: "create_note"; candidateId: string; content: string; writeIds: string[] };

export type WritePlan = {
  calls: PlannedCall[];
  /** Writes whose content is already in Ashby: they end without any call. */
  unchanged: string[];
};

export function planWrites(
  pending: readonly PendingWrite[],
  states: ReadonlyMap<string, TargetState>,
): WritePlan {
  const plan: WritePlan = { calls: [], unchanged: [] };
  const fieldCalls = new Map<string, Extract<PlannedCall, { type: "set_fields" }>>();
  const tagCalls: PlannedCall[] = [];
  const noteCalls: PlannedCall[] = [];

  for (const write of pending) {
    const state = states.get(write.targetKey);
    const written = state?.writtenContentKey ?? null;
    const payload = write.payload;
    // A range tag that was never written (or was removed) is stored as null; asking for "none" then is a no-op.
    const unchanged =
      payload.type === "range_tag" ? (written ?? "") === write.contentKey : written === write.contentKey;
    if (unchanged) {
      plan.unchanged.push(write.writeId);
      continue;
    }
    switch (payload.type) {
      case "field": {
        const objectKey = `${write.objectType}:${write.objectId}`;
        let call = fieldCalls.get(objectKey);
        if (!call) {
          call = {
            type: "set_fields",
            objectType: write.objectType,
            objectId: write.objectId,
            values: [],
            writeIds: [],
          };
          fieldCalls.set(objectKey, call);
        }
        call.values.push({ fieldId: payload.fieldId, fieldValue: payload.value });
        call.writeIds.push(write.writeId);
        break;
      }
      case "range_tag": {
        if (state?.writtenTagId && state.writtenTagTitle !== null) {
          tagCalls.push({
            type: "remove_tag",
            candidateId: write.candidateId,
            tagId: state.writtenTagId,
            tagTitle: state.writtenTagTitle,
            writeIds: [write.writeId],
          });
        }
        if (payload.title !== null) {
          tagCalls.push({
            type: "add_tag",
            candidateId: write.candidateId,
            tagTitle: payload.title,
            writeIds: [write.writeId],
          });
        }
        break;
      }
      case "tag":
        tagCalls.push({
          type: "add_tag",
          candidateId: write.candidateId,
          tagTitle: payload.title,
          writeIds: [write.writeId],
        });
        break;
      case "note":
        noteCalls.push({
          type: "create_note",
          candidateId: write.candidateId,
          content: payload.content,
          writeIds: [write.writeId],
        });
        break;
      default:
        payload satisfies never;
    }
  }
  // Fields first (recruiters filter on them), then tags (old before new), then the note that explains them.
  plan.calls.push(...fieldCalls.values(), ...tagCalls, ...noteCalls);
  return plan;
}

/** Writes that need no call of their own: every call that carries them is done. */
export function writesCompletedBy(plan: WritePlan, doneCalls: number): string[] {
  const remaining = new Set(plan.calls.slice(doneCalls).flatMap((call) => call.writeIds));
  const done = new Set(plan.calls.slice(0, doneCalls).flatMap((call) => call.writeIds));
  return [...done].filter((writeId) => !remaining.has(writeId));
}
