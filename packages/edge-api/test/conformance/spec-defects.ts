import type { AshbySpec } from "@ashby-kit/ashby-emulator/conformance";

/**
 * Places where Ashby's OpenAPI document rejects bodies its own prose (and production clients) say are valid.
 * Each is relaxed in a copy of the spec, narrowly, at one JSON pointer, with the reason written down; every other
 * schema is used exactly as Ashby wrote it. `isStillDefective` lets the suite fail once Ashby fixes a defect, so the
 * relaxation gets removed instead of lingering.
 */
export type SpecDefect = {
  pointer: string;
  reason: string;
  isStillDefective(node: Record<string, unknown>): boolean;
  relax(node: Record<string, unknown>): void;
};

const FIELD_VALUE_OVERLAP =
  "fieldValue is a oneOf whose branches overlap: three bare `string` branches (so no plain string can match exactly " +
  "one), and number-range/compensation-range objects that both accept a compensation range (their `type` is only " +
  "an example, not a const). Read as anyOf, which is what the description means.";

function oneOfToAnyOf(node: Record<string, unknown>): void {
  node.anyOf = node.oneOf;
  delete node.oneOf;
}

export const SPEC_DEFECTS: readonly SpecDefect[] = [
  {
    pointer:
      "/paths/~1customField.setValue/post/requestBody/content/application~1json/schema/properties/fieldValue",
    reason: FIELD_VALUE_OVERLAP,
    isStillDefective: (node) => Array.isArray(node.oneOf),
    relax: oneOfToAnyOf,
  },
  {
    pointer:
      "/paths/~1customField.setValues/post/requestBody/content/application~1json/schema/properties/values/items/properties/fieldValue",
    reason: FIELD_VALUE_OVERLAP,
    isStillDefective: (node) => Array.isArray(node.oneOf),
    relax: oneOfToAnyOf,
  },
  {
    pointer: "/paths/~1applicationFeedback.submit/post/requestBody/content/application~1json/schema",
    reason:
      "The two body shapes are a oneOf, but the free-standing shape does not forbid interviewEventId, so every " +
      "body for a scheduled interview matches both branches. Read as anyOf.",
    isStillDefective: (node) => Array.isArray(node.oneOf),
    relax: oneOfToAnyOf,
  },
  {
    // applicationFeedback.submit's feedbackForm is a $ref to offer.create's offerForm.
    pointer:
      "/paths/~1offer.create/post/requestBody/content/application~1json/schema/properties/offerForm/properties/fieldSubmissions/items/properties/value",
    reason:
      "fieldSubmissions[].value is typed `string`, while its own description (and applicationFeedback.submit's) says " +
      "the value depends on the field type: Score fields take { score: 1..4 }, Boolean a boolean, MultiValueSelect an " +
      "array (API-NOTES §3.2). Any JSON value is accepted.",
    isStillDefective: (node) => node.type === "string",
    relax: (node) => {
      delete node.type;
    },
  },
];

export function nodeAt(document: unknown, pointer: string): Record<string, unknown> {
  let node: unknown = document;
  for (const token of pointer.split("/").slice(1)) {
    const key = token.replace(/~1/g, "/").replace(/~0/g, "~");
    node = (node as Record<string, unknown> | undefined)?.[key];
  }
  if (!node || typeof node !== "object") throw new Error(`Nothing at ${pointer} in the spec.`);
  return node as Record<string, unknown>;
}

/** A copy of the spec with every listed defect relaxed; the original is left untouched. */
export function relaxSpec(spec: AshbySpec): AshbySpec {
  const copy = structuredClone(spec);
  for (const defect of SPEC_DEFECTS) defect.relax(nodeAt(copy, defect.pointer));
  return copy;
}
