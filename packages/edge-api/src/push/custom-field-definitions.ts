import { ASHBY_FIELD_TYPE_KINDS, type AshbyCustomField, type PushObjectType } from "@ashby-kit/shared";
import type { CustomFieldDefinition } from "../ashby";

/**
 * Ashby custom field definitions (as synced) → what the mapping screen and the settings validator need:
 * which object the field lives on, which kind of value it takes, and whether the kit can push into it.
 */

const PUSHABLE_OBJECTS: Readonly<Record<string, PushObjectType>> = {
  Candidate: "candidate",
  Application: "application",
};

export const SUPPORTED_FIELD_TYPES = Object.keys(ASHBY_FIELD_TYPE_KINDS);

export function describeCustomField(definition: CustomFieldDefinition): AshbyCustomField {
  const objectType = PUSHABLE_OBJECTS[definition.objectType] ?? null;
  const valueKind = ASHBY_FIELD_TYPE_KINDS[definition.fieldType] ?? null;
  const selectableValues = (definition.selectableValues ?? [])
    .filter((option) => option.isArchived !== true)
    .map((option) => ({ label: option.label, value: option.value }));
  const notPushableReason = definition.isArchived
    ? "The field is archived in Ashby."
    : objectType === null
      ? `The field is on ${definition.objectType} records; the kit pushes onto candidates and applications only.`
      : valueKind === null
        ? `${definition.fieldType} fields are not supported; use one of ${SUPPORTED_FIELD_TYPES.join(", ")}.`
        : (valueKind === "select" || valueKind === "multi_select") && selectableValues.length === 0
          ? "The select field has no options in Ashby; add options there first."
          : null;
  return {
    id: definition.id,
    title: definition.title,
    ashbyObjectType: definition.objectType,
    objectType,
    fieldType: definition.fieldType,
    valueKind,
    isArchived: definition.isArchived,
    isPrivate: definition.isPrivate === true,
    selectableValues,
    pushable: notPushableReason === null,
    notPushableReason,
  };
}

/** Ashby's `objectType` for `customField.setValues`. */
export function ashbyObjectType(objectType: PushObjectType): "Candidate" | "Application" {
  return objectType === "candidate" ? "Candidate" : "Application";
}
