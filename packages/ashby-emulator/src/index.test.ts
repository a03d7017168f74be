import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import * as publicApi from "./index.ts";

describe("public entry", () => {
  it("imports nothing Node-only, transitively (it must load inside workerd)", () => {
    const seen = new Set<string>();
    const offenders: string[] = [];
    const visit = (file: string) => {
      if (seen.has(file)) return;
      seen.add(file);
      const source = readFileSync(file, "utf8");
      for (const match of source.matchAll(/^\s*(?:import|export)[^"';]*?from\s+["']([^"']+)["']/gm)) {
        const specifier = match[1] ?? "";
        if (
          specifier.startsWith("node:") ||
          specifier === "@hono/node-server" ||
          specifier.startsWith("ajv") ||
          specifier === "yaml"
        ) {
          offenders.push(`${path.basename(file)} → ${specifier}`);
        }
        if (specifier.startsWith(".")) visit(path.resolve(path.dirname(file), specifier));
      }
    };
    visit(path.resolve(import.meta.dirname, "index.ts"));
    expect(seen.size).toBeGreaterThan(20);
    expect(offenders).toEqual([]);
  });

  it("exposes the documented names", () => {
    expect(Object.keys(publicApi).sort()).toEqual(
      [
        "DEFAULT_BASE_URL",
        "ENDPOINT_NAMES",
        "EmulatorControlError",
        "FaultsSchema",
        "MutationSchema",
        "OrgOptionsSchema",
        "PERMISSIONS",
        "WRITE_KINDS",
        "createEmulator",
        "createEmulatorControl",
        "permissionToScope",
      ].sort(),
    );
    // The endpoints the kit depends on; each is driven by the conformance suite.
    expect(publicApi.ENDPOINT_NAMES).toEqual(
      [
        "apiKey.info",
        "user.list",
        "user.search",
        "user.info",
        "candidate.list",
        "candidate.info",
        "candidate.search",
        "candidate.createNote",
        "candidate.listNotes",
        "candidate.addTag",
        "candidate.removeTag",
        "candidateTag.list",
        "candidateTag.create",
        "customField.list",
        "customField.setValue",
        "customField.setValues",
        "job.list",
        "job.info",
        "application.list",
        "application.info",
        "interviewStage.list",
        "interview.list",
        "interviewSchedule.list",
        "interviewEvent.list",
        "feedbackFormDefinition.list",
        "feedbackFormDefinition.info",
        "applicationFeedback.submit",
        "applicationFeedback.list",
        "department.list",
        "location.list",
        "archiveReason.list",
        "source.list",
        "file.info",
        "webhook.create",
        "webhook.delete",
      ].sort(),
    );
  });
});
