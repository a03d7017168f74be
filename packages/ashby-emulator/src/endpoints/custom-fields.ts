import { z } from "zod";
import { type EndpointContext, endpoint } from "../endpoint.ts";
import { AshbyError, invalidInput } from "../envelope.ts";
import type { CustomFieldDefinitionRecord } from "../records.ts";
import { renderCustomFieldValue } from "../render.ts";
import { IdSchema, need, recordWrite } from "./common.ts";

const ObjectTypeSchema = z.enum(["Application", "Candidate", "Job", "Opening"]);
type ObjectType = z.infer<typeof ObjectTypeSchema>;

/** Checks a value against the field type the way customField.setValue documents it; null clears. */
function normalizeValue(field: CustomFieldDefinitionRecord, value: unknown): unknown {
  if (value === null) return null;
  const fail = (expected: string) =>
    invalidInput(`fieldValue for "${field.title}" (${field.fieldType}) must be ${expected}.`);
  const options = (field.selectableValues ?? [])
    .filter((option) => !option.isArchived)
    .map((option) => option.value);
  switch (field.fieldType) {
    case "Boolean":
      if (typeof value !== "boolean") throw fail("a boolean");
      return value;
    case "Number":
      if (typeof value !== "number" || !Number.isFinite(value)) throw fail("a number");
      return value;
    case "String":
    case "LongText":
      if (typeof value !== "string") throw fail("a string");
      return value;
    case "Date": {
      if (typeof value !== "string" || Number.isNaN(Date.parse(value))) throw fail("an ISO date string");
      return new Date(value).toISOString();
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
  }
}

function setValues(
  ctx: EndpointContext,
  objectType: ObjectType,
  objectId: string,
  values: Array<{ fieldId: string; fieldValue: unknown }>,
) {
  const t = ctx.org.tables;
  if (objectType === "Job" || objectType === "Opening") {
    throw invalidInput(
      `The emulator stores custom field values on Candidate and Application objects only, not ${objectType}.`,
    );
  }
  const checked = values.map(({ fieldId, fieldValue }) => {
    const field = need(t.customFields.get(fieldId), "custom_field", fieldId);
    if (field.isArchived)
      throw new AshbyError("custom_field_archived", `Custom field "${field.title}" is archived.`);
    if (field.objectType !== objectType) {
      throw invalidInput(
        `Custom field "${field.title}" belongs to ${field.objectType} objects, not ${objectType}.`,
      );
    }
    return { field, value: normalizeValue(field, fieldValue) };
  });
  const apply = (current: Record<string, unknown>) => {
    const next = { ...current };
    for (const { field, value } of checked) {
      if (value === null) delete next[field.id];
      else next[field.id] = value;
    }
    return next;
  };
  if (objectType === "Candidate") {
    const candidate = need(t.candidates.get(objectId), "candidate", objectId);
    t.candidates.put(
      { ...candidate, customFields: apply(candidate.customFields), updatedAt: ctx.now },
      ctx.org.nextSeq(),
    );
  } else {
    const application = need(t.applications.get(objectId), "application", objectId);
    t.applications.put(
      { ...application, customFields: apply(application.customFields), updatedAt: ctx.now },
      ctx.org.nextSeq(),
    );
  }
  return checked.map(({ field, value }) => renderCustomFieldValue(field, value));
}

export const customFieldEndpoints = {
  // https://developers.ashbyhq.com/reference/customfieldsetvalue
  "customField.setValue": endpoint({
    permission: "candidatesWrite",
    request: z.object({
      objectId: IdSchema,
      objectType: ObjectTypeSchema,
      fieldId: IdSchema,
      fieldValue: z.unknown(),
    }),
    handle: (ctx, body) => {
      if (!("fieldValue" in body)) throw invalidInput("fieldValue is required (null clears the value).");
      const [results] = setValues(ctx, body.objectType, body.objectId, [
        { fieldId: body.fieldId, fieldValue: body.fieldValue },
      ]);
      recordWrite(ctx, "customFieldValue", body, results);
      return { results };
    },
  }),
  // https://developers.ashbyhq.com/reference/customfieldsetvalues — all or nothing
  "customField.setValues": endpoint({
    permission: "candidatesWrite",
    request: z.object({
      objectId: IdSchema,
      objectType: ObjectTypeSchema,
      values: z.array(z.object({ fieldId: IdSchema, fieldValue: z.unknown() })).min(1),
    }),
    handle: (ctx, body) => {
      const results = setValues(ctx, body.objectType, body.objectId, body.values);
      recordWrite(ctx, "customFieldValue", body, results);
      return { results };
    },
  }),
};
