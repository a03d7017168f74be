import type { AshbyCustomField } from "@ashby-kit/shared";
import type { CustomFieldDefinition } from "../ashby";
import { describeCustomField } from "./custom-field-definitions";

/**
 * Custom field definitions shaped exactly as Ashby's `customField.list` returns them, for the pure tests of
 * this folder. (The route and consumer tests use the emulator's own fields instead.)
 */
export const DEFINITIONS: CustomFieldDefinition[] = [
  {
    id: "f-score",
    title: "AI score",
    objectType: "Candidate",
    isArchived: false,
    fieldType: "Number",
    isRequired: false,
  },
  {
    id: "f-reasons",
    title: "AI reasons",
    objectType: "Candidate",
    isArchived: false,
    fieldType: "LongText",
    isRequired: false,
  },
  {
    id: "f-summary",
    title: "AI summary",
    objectType: "Application",
    isArchived: false,
    fieldType: "String",
    isRequired: false,
  },
  {
    id: "f-fit",
    title: "Good fit",
    objectType: "Application",
    isArchived: false,
    fieldType: "Boolean",
    isRequired: false,
  },
  {
    id: "f-screened",
    title: "Screened on",
    objectType: "Candidate",
    isArchived: false,
    fieldType: "Date",
    isRequired: false,
  },
  {
    id: "f-verdict",
    title: "AI verdict",
    objectType: "Application",
    isArchived: false,
    fieldType: "ValueSelect",
    isRequired: false,
    selectableValues: [
      { label: "Strong yes", value: "strong_yes", isArchived: false },
      { label: "Yes", value: "yes", isArchived: false },
      { label: "No", value: "no", isArchived: false },
      { label: "Old", value: "old", isArchived: true },
    ],
  },
  {
    id: "f-skills",
    title: "Skills",
    objectType: "Candidate",
    isArchived: false,
    fieldType: "MultiValueSelect",
    isRequired: false,
    selectableValues: [
      { label: "Go", value: "go", isArchived: false },
      { label: "TypeScript", value: "ts", isArchived: false },
    ],
  },
  {
    id: "f-salary",
    title: "Expected salary",
    objectType: "Candidate",
    isArchived: false,
    fieldType: "Currency",
    isRequired: false,
  },
  {
    id: "f-old",
    title: "Old score",
    objectType: "Candidate",
    isArchived: true,
    fieldType: "Number",
    isRequired: false,
  },
  {
    id: "f-job",
    title: "Job code",
    objectType: "Job",
    isArchived: false,
    fieldType: "String",
    isRequired: false,
  },
];

export const FIELDS: AshbyCustomField[] = DEFINITIONS.map(describeCustomField);
export const FIELD_MAP: ReadonlyMap<string, AshbyCustomField> = new Map(
  FIELDS.map((field) => [field.id, field]),
);
