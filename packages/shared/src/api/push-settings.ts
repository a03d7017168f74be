import { z } from "zod";
import { ActorTypeSchema } from "./connection";

/**
 * Push-back settings: how a host's AI outputs (a score, reasons, a summary) land in Ashby as custom field
 * values, candidate tags and notes. Owners and admins write them; members read them. Field ids are Ashby's own
 * custom field definition ids, as listed by `GET /v1/ashby/custom-fields`.
 */

/** The Ashby objects a value can be pushed onto (Ashby's `Candidate` and `Application` custom fields). */
export const PUSH_OBJECT_TYPES = ["candidate", "application"] as const;
export const PushObjectTypeSchema = z.enum(PUSH_OBJECT_TYPES).meta({ id: "PushObjectType" });
export type PushObjectType = z.infer<typeof PushObjectTypeSchema>;

/** A key of the host's `outputs` object, e.g. `score` or `reasons`. */
export const OutputKeySchema = z
  .string()
  .regex(/^[A-Za-z][A-Za-z0-9_.-]{0,63}$/, "Use 1–64 letters, digits and _ . - (starting with a letter).")
  .meta({ id: "OutputKey" });
export type OutputKey = z.infer<typeof OutputKeySchema>;

/**
 * How an Ashby custom field type takes a value. `null` means the kit does not push into that type (currency,
 * ranges, URL, e-mail, phone, UUID): an AI output has no natural shape for them.
 */
export const FIELD_VALUE_KINDS = [
  "number",
  "text",
  "long_text",
  "boolean",
  "date",
  "select",
  "multi_select",
] as const;
export const FieldValueKindSchema = z.enum(FIELD_VALUE_KINDS).meta({ id: "FieldValueKind" });
export type FieldValueKind = z.infer<typeof FieldValueKindSchema>;

/** Ashby's `fieldType` → the kind of value the kit writes into it. */
export const ASHBY_FIELD_TYPE_KINDS: Readonly<Record<string, FieldValueKind>> = {
  Number: "number",
  String: "text",
  LongText: "long_text",
  Boolean: "boolean",
  Date: "date",
  ValueSelect: "select",
  MultiValueSelect: "multi_select",
};

const finite = z.number().refine(Number.isFinite, "Must be a finite number.");

const minNotAboveMax = (range: { min: number; max: number }) => range.min <= range.max;

const OptionValueSchema = z.string().min(1).max(500);

/**
 * Ranges (here and in tag rules) include both ends: `{ min: 80, max: 89 }` holds 80, 85 and 89, not 89.5.
 *
 * How an output becomes one option of a select field: either a value for each output (`"strong_yes" → the
 * option whose value is "Strong yes"`) or score ranges (`80–100 → "Top"`). Keys of `values` are outputs as
 * text, so a numeric output 3 is looked up as "3" and a boolean as "true" / "false".
 */
export const SelectRuleSchema = z
  .discriminatedUnion("kind", [
    z.strictObject({
      kind: z.literal("values"),
      values: z
        .record(z.string().min(1).max(200), OptionValueSchema)
        .refine((values) => Object.keys(values).length > 0, "Give at least one output → option pair.")
        .refine((values) => Object.keys(values).length <= 200, "At most 200 output → option pairs."),
    }),
    z.strictObject({
      kind: z.literal("ranges"),
      ranges: z
        .array(
          z
            .strictObject({ min: finite, max: finite, option: OptionValueSchema })
            .refine(minNotAboveMax, { message: "min must not be greater than max." }),
        )
        .min(1)
        .max(50),
    }),
  ])
  .meta({ id: "SelectRule" });
export type SelectRule = z.infer<typeof SelectRuleSchema>;

export const CustomFieldMappingSchema = z
  .strictObject({
    outputKey: OutputKeySchema,
    objectType: PushObjectTypeSchema,
    /** Ashby's custom field definition id. */
    fieldId: z.string().min(1).max(100),
    select: SelectRuleSchema.optional().describe("Required for select fields; forbidden for other types."),
  })
  .meta({ id: "CustomFieldMapping" });
export type CustomFieldMapping = z.infer<typeof CustomFieldMappingSchema>;

/** Tag titles as Ashby shows them; trimmed, since " AI Screened" and "AI Screened" would be two tags. */
export const TagTitleSchema = z.string().trim().min(1).max(100).meta({ id: "TagTitle" });

export const TAG_TEMPLATE_PLACEHOLDERS = ["{min}", "{max}"] as const;

/**
 * A fixed tag ("AI Screened") added to every pushed candidate, or a range tag derived from a score: each range
 * gets `title`, or the template rendered with its bounds ("AI score {min}–{max}" → "AI score 80–89"). A
 * candidate carries at most one range tag per output: when the score moves to another range, the old tag is
 * removed and the new one added. A score outside every range removes the range tag.
 */
export const TagRuleSchema = z
  .discriminatedUnion("kind", [
    z.strictObject({ kind: z.literal("fixed"), title: TagTitleSchema }),
    z.strictObject({
      kind: z.literal("score_ranges"),
      outputKey: OutputKeySchema,
      template: z.string().trim().min(1).max(100).optional(),
      ranges: z
        .array(
          z
            .strictObject({ min: finite, max: finite, title: TagTitleSchema.optional() })
            .refine(minNotAboveMax, { message: "min must not be greater than max." }),
        )
        .min(1)
        .max(50),
    }),
  ])
  .meta({ id: "TagRule" });
export type TagRule = z.infer<typeof TagRuleSchema>;

export const TagSettingsSchema = z
  .strictObject({ enabled: z.boolean(), rules: z.array(TagRuleSchema).max(10) })
  .meta({ id: "TagSettings" });
export type TagSettings = z.infer<typeof TagSettingsSchema>;

/** Notes land on the candidate's activity timeline in Ashby, as plain text. */
export const NoteSettingsSchema = z.strictObject({ enabled: z.boolean() }).meta({ id: "NoteSettings" });
export type NoteSettings = z.infer<typeof NoteSettingsSchema>;

export const MAX_CUSTOM_FIELD_MAPPINGS = 50;

/** `PUT /v1/push-settings` body: the whole settings object (a PUT replaces, it never merges). */
export const PutPushSettingsRequestSchema = z
  .strictObject({
    customFields: z.array(CustomFieldMappingSchema).max(MAX_CUSTOM_FIELD_MAPPINGS),
    tags: TagSettingsSchema,
    notes: NoteSettingsSchema,
  })
  .meta({ id: "PutPushSettingsRequest" });
export type PutPushSettingsRequest = z.infer<typeof PutPushSettingsRequestSchema>;

export const PushSettingsSchema = PutPushSettingsRequestSchema.extend({
  updatedAt: z.iso.datetime().nullable().describe("Null while the workspace still has the defaults."),
  updatedBy: z.object({ type: ActorTypeSchema, email: z.string().nullable() }).nullable(),
}).meta({ id: "PushSettings" });
export type PushSettings = z.infer<typeof PushSettingsSchema>;

/** What a workspace has before anyone saves settings: nothing is pushed. */
export const DEFAULT_PUSH_SETTINGS: PutPushSettingsRequest = {
  customFields: [],
  tags: { enabled: false, rules: [] },
  notes: { enabled: false },
};

/**
 * Why a mapping or tag rule was refused. `path` points into the PUT body (`customFields.0.fieldId`) so a settings
 * screen can put the message next to the right control.
 */
export const PUSH_SETTINGS_ISSUE_CODES = [
  "field_not_found",
  "field_archived",
  "field_object_mismatch",
  "field_type_unsupported",
  "select_rule_required",
  "select_rule_not_allowed",
  "select_option_unknown",
  "select_range_overlap",
  "duplicate_mapping",
  "tag_range_overlap",
  "tag_title_duplicate",
  "tag_rule_duplicate",
  "tag_template_required",
] as const;
export const PushSettingsIssueCodeSchema = z
  .enum(PUSH_SETTINGS_ISSUE_CODES)
  .meta({ id: "PushSettingsIssueCode" });
export type PushSettingsIssueCode = z.infer<typeof PushSettingsIssueCodeSchema>;

export const PushSettingsIssueSchema = z
  .object({
    path: z.string(),
    code: PushSettingsIssueCodeSchema,
    message: z.string(),
  })
  .meta({ id: "PushSettingsIssue" });
export type PushSettingsIssue = z.infer<typeof PushSettingsIssueSchema>;

/** `details` of a `push_mapping_invalid` error. */
export const PushSettingsIssuesDetailsSchema = z.object({ issues: z.array(PushSettingsIssueSchema) });

/** A custom field definition of the workspace's Ashby, from synced data, as the mapping screen needs it. */
export const AshbyCustomFieldSchema = z
  .object({
    id: z.string(),
    title: z.string(),
    /** Ashby's object type as Ashby spells it (`Candidate`, `Application`, `Job`, …). */
    ashbyObjectType: z.string(),
    /** The push target when the kit can push onto this object; null for jobs, openings, offers, … */
    objectType: PushObjectTypeSchema.nullable(),
    /** Ashby's `fieldType` (`Number`, `String`, `LongText`, `ValueSelect`, …). */
    fieldType: z.string(),
    valueKind: FieldValueKindSchema.nullable(),
    isArchived: z.boolean(),
    isPrivate: z.boolean(),
    selectableValues: z.array(z.object({ label: z.string(), value: z.string() })),
    /** True when a mapping may point at this field; otherwise `notPushableReason` says why. */
    pushable: z.boolean(),
    notPushableReason: z.string().nullable(),
  })
  .meta({ id: "AshbyCustomField" });
export type AshbyCustomField = z.infer<typeof AshbyCustomFieldSchema>;

export const ListAshbyCustomFieldsQuerySchema = z.object({
  objectType: PushObjectTypeSchema.optional(),
  valueKind: FieldValueKindSchema.optional(),
  pushable: z.enum(["true", "false"]).optional(),
});
export type ListAshbyCustomFieldsQuery = z.infer<typeof ListAshbyCustomFieldsQuerySchema>;

export const AshbyCustomFieldListSchema = z
  .object({
    fields: z.array(AshbyCustomFieldSchema),
    /** When the definitions were last synced from Ashby; null before the first sync. */
    syncedAt: z.iso.datetime().nullable(),
    /** Plain-language help when nothing fits (no fields yet, none pushable, none of the asked kind). */
    hint: z.string().nullable(),
  })
  .meta({ id: "AshbyCustomFieldList" });
export type AshbyCustomFieldList = z.infer<typeof AshbyCustomFieldListSchema>;
