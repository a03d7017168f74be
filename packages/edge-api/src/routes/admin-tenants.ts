/**
 * @module /admin/tenants: the operator provisions host products. A tenant's secret key is returned once, at
 * creation (or when another key is added), and only its SHA-256 is stored.
 */
import {
  CreateSecretKeyResponseSchema,
  CreateTenantRequestSchema,
  CreateTenantResponseSchema,
  SecretKeyListSchema,
  TenantSchema,
  UpdateTenantRequestSchema,
} from "@ashby-kit/shared";
import { createRoute, OpenAPIHono, z } from "@hono/zod-openapi";
import { requireAdmin } from "../auth/require-admin";
import { displayPrefix, generateSecretKey, hashSecretKey } from "../auth/secret-key";
import type { Db } from "../db/client";
import {
  findTenant,
  insertSecretKey,
  insertTenant,
  listSecretKeys,
  listTenantOrigins,
  revokeSecretKey,
  updateTenant,
} from "../db/queries/tenants";
import type { AppEnv } from "../env";
import { ApiError } from "../lib/api-error";
import { BODY_ERRORS, errorResponses, jsonBody, jsonResponse } from "./openapi-helpers";

const TenantParams = z.object({
  tenantId: z
    .string()
    .min(1)
    .max(64)
    .regex(/^[A-Za-z0-9_]+$/),
});
const KeyParams = TenantParams.extend({
  keyId: z
    .string()
    .min(1)
    .max(64)
    .regex(/^[A-Za-z0-9_]+$/),
});
const ADMIN_ERRORS = ["unauthorized", "forbidden"] as const;

async function tenantView(db: Db, tenantId: string) {
  const tenant = await findTenant(db, tenantId);
  if (!tenant) {
    throw new ApiError("not_found", `No tenant ${tenantId}.`);
  }
  return {
    id: tenant.id,
    name: tenant.name,
    allowedOrigins: await listTenantOrigins(db, tenant.id),
    createdAt: tenant.createdAt.toISOString(),
  };
}

const create = createRoute({
  method: "post",
  path: "/admin/tenants",
  summary: "Create a tenant (a host product) and its first secret key, shown once.",
  tags: ["admin"],
  security: [{ adminToken: [] }],
  middleware: [requireAdmin] as const,
  request: { body: jsonBody(CreateTenantRequestSchema) },
  responses: {
    201: jsonResponse("The tenant and its secret key.", CreateTenantResponseSchema),
    ...errorResponses(...ADMIN_ERRORS, ...BODY_ERRORS),
  },
});

const get = createRoute({
  method: "get",
  path: "/admin/tenants/{tenantId}",
  summary: "Read a tenant.",
  tags: ["admin"],
  security: [{ adminToken: [] }],
  middleware: [requireAdmin] as const,
  request: { params: TenantParams },
  responses: {
    200: jsonResponse("The tenant.", TenantSchema),
    ...errorResponses(...ADMIN_ERRORS, "not_found"),
  },
});

const update = createRoute({
  method: "patch",
  path: "/admin/tenants/{tenantId}",
  summary: "Rename a tenant or replace its allowed browser origins.",
  tags: ["admin"],
  security: [{ adminToken: [] }],
  middleware: [requireAdmin] as const,
  request: { params: TenantParams, body: jsonBody(UpdateTenantRequestSchema) },
  responses: {
    200: jsonResponse("The tenant.", TenantSchema),
    ...errorResponses(...ADMIN_ERRORS, ...BODY_ERRORS, "not_found"),
  },
});

const addKey = createRoute({
  method: "post",
  path: "/admin/tenants/{tenantId}/secret-keys",
  summary: "Add another secret key (for rotation); shown once.",
  tags: ["admin"],
  security: [{ adminToken: [] }],
  middleware: [requireAdmin] as const,
  request: { params: TenantParams },
  responses: {
    201: jsonResponse("The new key.", CreateSecretKeyResponseSchema),
    ...errorResponses(...ADMIN_ERRORS, "not_found"),
  },
});

const listKeys = createRoute({
  method: "get",
  path: "/admin/tenants/{tenantId}/secret-keys",
  summary: "List a tenant's secret keys (prefixes only, never the keys).",
  tags: ["admin"],
  security: [{ adminToken: [] }],
  middleware: [requireAdmin] as const,
  request: { params: TenantParams },
  responses: {
    200: jsonResponse("The keys.", SecretKeyListSchema),
    ...errorResponses(...ADMIN_ERRORS, "not_found"),
  },
});

const revokeKey = createRoute({
  method: "delete",
  path: "/admin/tenants/{tenantId}/secret-keys/{keyId}",
  summary: "Revoke a secret key; calls with it fail with unauthorized from then on.",
  tags: ["admin"],
  security: [{ adminToken: [] }],
  middleware: [requireAdmin] as const,
  request: { params: KeyParams },
  responses: {
    200: jsonResponse("The keys after revoking.", SecretKeyListSchema),
    ...errorResponses(...ADMIN_ERRORS, "not_found"),
  },
});

async function keyList(db: Db, tenantId: string) {
  const rows = await listSecretKeys(db, tenantId);
  return {
    secretKeys: rows.map((row) => ({
      id: row.id,
      prefix: row.prefix,
      createdAt: row.createdAt.toISOString(),
      revokedAt: row.revokedAt ? row.revokedAt.toISOString() : null,
    })),
  };
}

export const adminTenantRoutes = new OpenAPIHono<AppEnv>()
  .openapi(create, async (c) => {
    const deps = c.get("deps");
    const body = c.req.valid("json");
    const secretKey = generateSecretKey();
    const tenantId = deps.ids.make("ten");
    await insertTenant(
      deps.db,
      { id: tenantId, name: body.name, createdAt: deps.clock.now() },
      { id: deps.ids.make("sk"), keyHash: await hashSecretKey(secretKey), prefix: displayPrefix(secretKey) },
      [...new Set(body.allowedOrigins ?? [])],
    );
    return c.json({ tenant: await tenantView(deps.db, tenantId), secretKey }, 201);
  })
  .openapi(get, async (c) => c.json(await tenantView(c.get("deps").db, c.req.valid("param").tenantId), 200))
  .openapi(update, async (c) => {
    const deps = c.get("deps");
    const { tenantId } = c.req.valid("param");
    await tenantView(deps.db, tenantId);
    const body = c.req.valid("json");
    await updateTenant(
      deps.db,
      tenantId,
      {
        ...(body.name === undefined ? {} : { name: body.name }),
        ...(body.allowedOrigins === undefined ? {} : { allowedOrigins: body.allowedOrigins }),
      },
      deps.clock.now(),
    );
    return c.json(await tenantView(deps.db, tenantId), 200);
  })
  .openapi(addKey, async (c) => {
    const deps = c.get("deps");
    const { tenantId } = c.req.valid("param");
    await tenantView(deps.db, tenantId);
    const secretKey = generateSecretKey();
    const id = deps.ids.make("sk");
    const createdAt = deps.clock.now();
    await insertSecretKey(
      deps.db,
      tenantId,
      { id, keyHash: await hashSecretKey(secretKey), prefix: displayPrefix(secretKey) },
      createdAt,
    );
    return c.json({ id, secretKey, createdAt: createdAt.toISOString() }, 201);
  })
  .openapi(listKeys, async (c) => {
    const deps = c.get("deps");
    const { tenantId } = c.req.valid("param");
    await tenantView(deps.db, tenantId);
    return c.json(await keyList(deps.db, tenantId), 200);
  })
  .openapi(revokeKey, async (c) => {
    const deps = c.get("deps");
    const { tenantId, keyId } = c.req.valid("param");
    if (!(await revokeSecretKey(deps.db, tenantId, keyId, deps.clock.now()))) {
      throw new ApiError("not_found", `Tenant ${tenantId} has no secret key ${keyId}.`);
    }
    return c.json(await keyList(deps.db, tenantId), 200);
  });
