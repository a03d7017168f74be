import { PERMISSION_IDS } from "@ashby-kit/shared";
import { describe, expect, it } from "vitest";
import { permissionsFor } from "../ashby";
import { FEATURES, missingRequirements, REQUIREMENTS } from "./requirements";
import { nextSyncAfter } from "./schedule";

describe("the kit's permission requirements", () => {
  it("are exactly the permissions the features' Ashby calls need", () => {
    const needed = new Set(FEATURES.flatMap((feature) => permissionsFor(feature.endpoints)));
    expect([...needed].sort()).toEqual([...PERMISSION_IDS].sort());
  });

  it("name each permission as Ashby's admin screen and apiKey.info do", () => {
    expect(REQUIREMENTS.find((r) => r.id === "hiringProcessMetadataWrite")).toMatchObject({
      scope: "hiringProcessMetadata:write",
      adminLabel: "Hiring Process: Write",
      module: "Hiring Process",
      access: "write",
      features: ["write_tags"],
    });
  });

  it("list what a key lacks, and nothing for a key with everything", () => {
    expect(missingRequirements(new Set(PERMISSION_IDS))).toEqual([]);
    const missing = missingRequirements(new Set(["apiKeysRead", "candidatesRead"]));
    expect(missing.map((m) => m.id)).toEqual(
      PERMISSION_IDS.filter((id) => id !== "apiKeysRead" && id !== "candidatesRead"),
    );
  });
});

describe("next sync time", () => {
  const now = new Date("2026-05-01T12:00:00Z");
  it("is one interval after the last sync", () => {
    expect(nextSyncAfter("6h", new Date("2026-05-01T10:00:00Z"), null, now).toISOString()).toBe(
      "2026-05-01T16:00:00.000Z",
    );
  });
  it("falls back to the connect time, then now", () => {
    expect(nextSyncAfter("12h", null, new Date("2026-05-01T11:00:00Z"), now).toISOString()).toBe(
      "2026-05-01T23:00:00.000Z",
    );
    expect(nextSyncAfter("24h", null, null, now).toISOString()).toBe("2026-05-02T12:00:00.000Z");
  });
  it("is never in the past", () => {
    expect(nextSyncAfter("6h", new Date("2026-04-01T00:00:00Z"), null, now)).toEqual(now);
  });
});
