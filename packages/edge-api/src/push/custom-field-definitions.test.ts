import { describe, expect, it } from "vitest";
import { FIELDS } from "./test-fields";

const byId = (id: string) => FIELDS.find((field) => field.id === id);

describe("describeCustomField", () => {
  it("maps each supported Ashby field type to the kind of value the kit writes", () => {
    expect(byId("f-score")).toMatchObject({ objectType: "candidate", valueKind: "number", pushable: true });
    expect(byId("f-reasons")).toMatchObject({ valueKind: "long_text", pushable: true });
    expect(byId("f-summary")).toMatchObject({ objectType: "application", valueKind: "text" });
    expect(byId("f-fit")).toMatchObject({ valueKind: "boolean" });
    expect(byId("f-screened")).toMatchObject({ valueKind: "date" });
    expect(byId("f-skills")).toMatchObject({ valueKind: "multi_select" });
  });

  it("keeps only the live options of a select field, in Ashby's order", () => {
    expect(byId("f-verdict")?.selectableValues).toEqual([
      { label: "Strong yes", value: "strong_yes" },
      { label: "Yes", value: "yes" },
      { label: "No", value: "no" },
    ]);
  });

  it("says why a field cannot be pushed into", () => {
    expect(byId("f-salary")).toMatchObject({ valueKind: null, pushable: false });
    expect(byId("f-salary")?.notPushableReason).toMatch(/Currency fields are not supported/);
    expect(byId("f-old")?.notPushableReason).toMatch(/archived/);
    expect(byId("f-job")).toMatchObject({ objectType: null, pushable: false });
    expect(byId("f-job")?.notPushableReason).toMatch(/on Job records/);
  });
});
