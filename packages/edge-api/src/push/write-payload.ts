import { PushObjectTypeSchema } from "@ashby-kit/shared";
import { z } from "zod";
import type { DesiredWrite } from "./desired-writes";

/**
 * The `payload` of a push write in the ledger: the DesiredWrite fixed when the host pushed. Parsed on the way
 * out of D1, so a row written by an older version fails loudly instead of sending something half-understood.
 */
const FieldValueSchema = z.union([z.number(), z.string(), z.boolean(), z.array(z.string())]);

export const PushWritePayloadSchema = z.object({
  version: z.literal(1),
  kind: z.enum(["custom_field", "tag", "note"]),
  targetKey: z.string(),
  objectType: PushObjectTypeSchema,
  objectId: z.string(),
  candidateId: z.string(),
  contentKey: z.string(),
  payload: z.discriminatedUnion("type", [
    z.object({
      type: z.literal("field"),
      fieldId: z.string(),
      fieldTitle: z.string(),
      value: FieldValueSchema,
    }),
    z.object({ type: z.literal("range_tag"), outputKey: z.string(), title: z.string().nullable() }),
    z.object({ type: z.literal("tag"), title: z.string() }),
    z.object({ type: z.literal("note"), content: z.string() }),
  ]),
});

export function toWritePayload(write: DesiredWrite): Record<string, unknown> {
  return { version: 1, ...write };
}

export function parseWritePayload(raw: unknown): DesiredWrite | null {
  const parsed = PushWritePayloadSchema.safeParse(raw);
  if (!parsed.success) return null;
  const { version: _version, ...write } = parsed.data;
  return write;
}

/** A one-line account of what the write sends, for the ledger listing. */
export function summarizeWrite(write: DesiredWrite): string {
  const payload = write.payload;
  switch (payload.type) {
    case "field":
      return `${payload.fieldTitle} = ${JSON.stringify(payload.value).slice(0, 200)}`;
    case "range_tag":
      return payload.title === null ? `no "${payload.outputKey}" range tag` : `tag "${payload.title}"`;
    case "tag":
      return `tag "${payload.title}"`;
    case "note":
      return `note: ${payload.content.slice(0, 120)}${payload.content.length > 120 ? "…" : ""}`;
    default:
      return payload satisfies never;
  }
}
