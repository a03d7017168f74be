import { describe, expect, it } from "vitest";
import { CreatePushRequestSchema, MAX_PUSH_ITEMS } from "./pushes";

describe("CreatePushRequestSchema", () => {
  it("accepts items naming a candidate or an application, with outputs, a note and tags", () => {
    const parsed = CreatePushRequestSchema.parse({
      items: [
        {
          candidateId: "c-1",
          outputs: { score: 87, reasons: "Strong", skills: ["go"], fit: true },
          note: "n",
          tags: ["A"],
        },
        { applicationId: "a-1" },
      ],
    });
    expect(parsed.items[1]?.outputs).toEqual({});
  });

  it("rejects items without a target, non-finite scores, unknown fields and oversized batches", () => {
    expect(CreatePushRequestSchema.safeParse({ items: [{ outputs: { score: 1 } }] }).success).toBe(false);
    expect(
      CreatePushRequestSchema.safeParse({ items: [{ candidateId: "c", outputs: { score: Number.NaN } }] })
        .success,
    ).toBe(false);
    expect(CreatePushRequestSchema.safeParse({ items: [{ candidateId: "c", score: 1 }] }).success).toBe(
      false,
    );
    expect(CreatePushRequestSchema.safeParse({ items: [] }).success).toBe(false);
    const many = Array.from({ length: MAX_PUSH_ITEMS + 1 }, (_, i) => ({ candidateId: `c${i}` }));
    expect(CreatePushRequestSchema.safeParse({ items: many }).success).toBe(false);
    expect(
      CreatePushRequestSchema.safeParse({ items: [{ candidateId: "c", outputs: { "bad key": 1 } }] }).success,
    ).toBe(false);
  });
});
