import { describe, expect, it } from "vitest";
import { ASHBY_ENDPOINTS, ENDPOINT_PERMISSIONS, isAshbyPermission } from "../../src/ashby/permissions";
import { SKIP_REASON, spec } from "./spec";

type Operation = { description?: string; operationId?: string };

function operationOf(endpoint: string): Operation | undefined {
  return (spec?.paths[`/${endpoint}`] as { post?: Operation } | undefined)?.post;
}

describe.skipIf(!spec)(
  `endpoint → permission table matches Ashby's spec${spec ? "" : ` (${SKIP_REASON})`}`,
  () => {
    it.each(ASHBY_ENDPOINTS)("%s", (endpoint) => {
      const operation = operationOf(endpoint);
      expect(operation, `${endpoint} is not in the spec`).toBeDefined();
      const required = [...(operation?.description ?? "").matchAll(/Requires the \[`(\w+)`\]/g)].map(
        (m) => m[1],
      );
      expect(required).toEqual([ENDPOINT_PERMISSIONS[endpoint]]);
    });

    it("every permission the spec names is in our vocabulary (except its one typo)", () => {
      const named = new Set<string>();
      for (const item of Object.values(spec?.paths ?? {})) {
        const description = (item as { post?: Operation }).post?.description ?? "";
        for (const match of description.matchAll(/Requires the \[`(\w+)`\]/g))
          if (match[1]) named.add(match[1]);
      }
      // The spec spells candidatesWrite as "candidateWrite" on two hiring-team endpoints (API-NOTES §4).
      named.delete("candidateWrite");
      expect([...named].filter((permission) => !isAshbyPermission(permission))).toEqual([]);
    });
  },
);
