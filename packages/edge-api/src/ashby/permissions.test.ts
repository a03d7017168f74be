import { describe, expect, it } from "vitest";
import {
  ASHBY_PERMISSIONS,
  missingPermissions,
  parseApiKeyScopes,
  permissionFor,
  permissionsFor,
  spellingsOf,
} from "./permissions";

describe("permission spellings", () => {
  it("knows all three spellings of a permission", () => {
    expect(spellingsOf("candidatesRead")).toEqual({
      permission: "candidatesRead",
      scope: "candidates:read",
      label: "Candidates: Read",
    });
    expect(spellingsOf("hiringProcessMetadataWrite")).toEqual({
      permission: "hiringProcessMetadataWrite",
      scope: "hiringProcessMetadata:write",
      label: "Hiring Process: Write",
    });
  });

  it("has no duplicate spellings", () => {
    for (const key of ["permission", "scope", "label"] as const) {
      const values = ASHBY_PERMISSIONS.map((p) => p[key]);
      expect(new Set(values).size).toBe(values.length);
    }
  });
});

describe("parseApiKeyScopes", () => {
  it("turns apiKey.info scopes into spec identifiers and keeps unknown ones aside", () => {
    expect(
      parseApiKeyScopes([
        "candidates:read",
        "Jobs:Read",
        "hiringProcessMetadata:read",
        "candidates:read",
        "mystery:read",
      ]),
    ).toEqual({
      permissions: ["candidatesRead", "jobsRead", "hiringProcessMetadataRead"],
      unknown: ["mystery:read"],
    });
  });

  it("also accepts the spec spelling", () => {
    expect(parseApiKeyScopes(["candidatesWrite"]).permissions).toEqual(["candidatesWrite"]);
  });
});

describe("endpoint permissions", () => {
  it("maps endpoints to what they need and finds what is missing", () => {
    expect(permissionFor("applicationFeedback.submit")).toBe("candidatesWrite");
    const required = permissionsFor([
      "candidate.list",
      "application.list",
      "candidate.createNote",
      "job.list",
    ]);
    expect(required).toEqual(["candidatesRead", "candidatesWrite", "jobsRead"]);
    expect(missingPermissions(["candidatesRead", "jobsRead"], required)).toEqual(["candidatesWrite"]);
  });
});
