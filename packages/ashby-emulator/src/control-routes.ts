import type { Context } from "hono";
import { Hono } from "hono";
import type { z } from "zod";
import { ControlError, deleteFeedback } from "./control-actions.ts";
import {
  ClearFaultsRequestSchema,
  CreateApiKeyRequestSchema,
  MutationBatchSchema,
  MutationSchema,
  OrgOptionsSchema,
  RevokeApiKeyRequestSchema,
  SetFaultsRequestSchema,
  WriteKindSchema,
} from "./control-contract.ts";
import { applyMutation } from "./mutations.ts";
import type { Org } from "./org.ts";
import { PERMISSIONS } from "./permissions.ts";
import type { ApiKeyRecord, EmulatorState } from "./state.ts";

function keySummary(key: ApiKeyRecord) {
  return {
    apiKey: key.apiKey,
    orgId: key.orgId,
    title: key.title,
    permissions: key.permissions,
    revoked: key.revoked,
    createdAt: new Date(key.createdAt).toISOString(),
  };
}

async function readBody<S extends z.ZodType>(c: Context, schema: S): Promise<z.infer<S>> {
  const text = await c.req.text();
  let raw: unknown = {};
  if (text.trim().length > 0) {
    try {
      raw = JSON.parse(text);
    } catch {
      throw new ControlError(400, "malformed_json", "The control request body is not valid JSON.");
    }
  }
  const parsed = schema.safeParse(raw);
  if (!parsed.success) {
    const detail = parsed.error.issues
      .slice(0, 5)
      .map((issue) => `${issue.path.map(String).join(".") || "body"}: ${issue.message}`)
      .join("; ");
    throw new ControlError(400, "invalid_request", `Invalid control request: ${detail}`);
  }
  return parsed.data;
}

/**
 * The control API under `/_emulator`. It is the test's hand inside "Ashby's UI": it needs no API key, so
 * never expose an emulator to anything but tests.
 */
export function createControlRoutes(state: EmulatorState): Hono {
  const control = new Hono({ strict: false });

  const orgOf = (c: Context): Org => {
    const org = state.orgs.get(c.req.param("orgId") ?? "");
    if (!org) throw new ControlError(404, "org_not_found", `No org ${c.req.param("orgId")}.`);
    return org;
  };

  control.get("/", (c) =>
    c.json({
      defaultOrgId: state.defaultOrg.id,
      orgs: [...state.orgs.keys()],
      baseUrl: state.settings.baseUrl,
    }),
  );

  control.post("/orgs", async (c) => {
    const options = await readBody(c, OrgOptionsSchema);
    return c.json(state.createOrg(options), 201);
  });

  control.get("/orgs/:orgId", (c) => {
    const org = orgOf(c);
    const counts: Record<string, number> = {};
    for (const [name, table] of Object.entries(org.tables)) counts[name] = table.size;
    return c.json({
      orgId: org.id,
      name: org.config.name,
      domain: org.config.domain,
      seed: org.config.seed,
      changeSeq: org.changeSeq,
      counts,
    });
  });

  control.post("/orgs/:orgId/api-keys", async (c) => {
    const org = orgOf(c);
    const request = await readBody(c, CreateApiKeyRequestSchema);
    const key = state.createApiKey(
      org.id,
      request.permissions ?? [...PERMISSIONS],
      request.title ?? "Emulator key",
    );
    return c.json(keySummary(key), 201);
  });

  control.post("/api-keys/revoke", async (c) => {
    const { apiKey } = await readBody(c, RevokeApiKeyRequestSchema);
    const key = state.keys.get(apiKey);
    if (!key) throw new ControlError(404, "api_key_not_found", "No such API key.");
    key.revoked = true;
    return c.json(keySummary(key));
  });

  control.post("/faults", async (c) => {
    const { scope, faults } = await readBody(c, SetFaultsRequestSchema);
    if ("apiKey" in scope && !state.keys.has(scope.apiKey)) {
      throw new ControlError(404, "api_key_not_found", "No such API key.");
    }
    if ("orgId" in scope && !state.orgs.has(scope.orgId)) {
      throw new ControlError(404, "org_not_found", `No org ${scope.orgId}.`);
    }
    state.setFaults(scope, faults);
    return c.json({ ok: true });
  });

  control.post("/faults/clear", async (c) => {
    const { scope } = await readBody(c, ClearFaultsRequestSchema);
    state.clearFaults(scope);
    return c.json({ ok: true });
  });

  control.post("/orgs/:orgId/expire-tokens", (c) => {
    const org = orgOf(c);
    org.tokenGeneration += 1;
    return c.json({ ok: true, tokenGeneration: org.tokenGeneration });
  });

  control.post("/orgs/:orgId/mutations", async (c) => {
    const org = orgOf(c);
    const mutation = await readBody(c, MutationSchema);
    return c.json(applyMutation(org, mutation, state.settings.now()));
  });

  control.post("/orgs/:orgId/mutations/batch", async (c) => {
    const org = orgOf(c);
    const { mutations } = await readBody(c, MutationBatchSchema);
    const now = state.settings.now();
    const results = mutations.map((mutation, index) => {
      try {
        return applyMutation(org, mutation, now);
      } catch (error) {
        // No rollback (the org's tables have none): the ones before stay applied, and the error says how many.
        if (error instanceof ControlError) {
          throw new ControlError(
            error.status,
            error.code,
            `mutations[${index}] (${mutation.type}): ${error.message} The ${index} before it were applied.`,
          );
        }
        throw error;
      }
    });
    return c.json({ changeSeq: org.changeSeq, results });
  });

  control.get("/orgs/:orgId/writes", (c) => {
    const org = orgOf(c);
    const kind = c.req.query("kind");
    if (kind !== undefined && !WriteKindSchema.safeParse(kind).success) {
      throw new ControlError(400, "invalid_request", `Unknown write kind ${kind}.`);
    }
    return c.json(kind === undefined ? org.writes : org.writes.filter((write) => write.kind === kind));
  });

  control.get("/orgs/:orgId/requests", (c) => c.json(orgOf(c).counts));

  control.post("/orgs/:orgId/feedback/:feedbackId/delete", (c) => {
    const org = orgOf(c);
    deleteFeedback(org, c.req.param("feedbackId"), state.settings.now());
    return c.json({ ok: true });
  });

  // Where file.info's URLs point: a stand-in document, like Ashby's pre-signed S3 links.
  control.get("/files/:orgId/:fileId/:name", (c) => {
    orgOf(c);
    const name = c.req.param("name");
    return c.body(`%PDF-1.4\n% ashby-emulator stand-in for ${name}\n`, 200, {
      "content-type": "application/pdf",
      "content-disposition": `attachment; filename="${name.replace(/"/g, "")}"`,
    });
  });

  control.post("/reset", (c) => {
    state.reset();
    return c.json({ ok: true, orgId: state.defaultOrg.id, apiKey: state.defaultApiKey });
  });

  control.onError((error, c) => {
    if (error instanceof ControlError) {
      return c.json({ error: { code: error.code, message: error.message } }, error.status as 400 | 404 | 409);
    }
    throw error;
  });
  control.notFound((c) =>
    c.json(
      { error: { code: "route_not_found", message: `No control route ${c.req.method} ${c.req.path}.` } },
      404,
    ),
  );
  return control;
}
