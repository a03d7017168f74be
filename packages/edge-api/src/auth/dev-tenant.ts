import type { Db } from "../db/client";
import { tenantOrigins, tenantSecretKeys, tenants, workspaces } from "../db/schema";
import { DEFAULT_DEV_ALLOWED_ORIGINS, DEFAULT_DEV_TENANT_SECRET_KEY, type ParsedEnv } from "../env";
import { hashSecretKey } from "./secret-key";

/**
 * The local demo tenant: `pnpm dev`, scripts and tests use it without a setup step. Its secret key is
 * DEV_TENANT_SECRET_KEY (default `ak_dev_demo_secret_key_change_me`), its workspace is `demo`. Seeded lazily and
 * idempotently the first time that key is presented, and only when ENVIRONMENT is not production.
 */
export const DEV_TENANT_ID = "ten_demo";
export const DEV_WORKSPACE_EXTERNAL_ID = "demo";
export const DEV_WORKSPACE_ID = "ws_demo";

export function devTenantSecretKey(env: ParsedEnv): string | undefined {
  if (env.ENVIRONMENT === "production") {
    return undefined;
  }
  return env.DEV_TENANT_SECRET_KEY ?? DEFAULT_DEV_TENANT_SECRET_KEY;
}

export function devAllowedOrigins(env: ParsedEnv): string[] {
  const configured = env.DEV_ALLOWED_ORIGINS?.split(",")
    .map((origin) => origin.trim())
    .filter(Boolean);
  return configured && configured.length > 0 ? configured : DEFAULT_DEV_ALLOWED_ORIGINS;
}

export async function seedDevTenant(db: Db, env: ParsedEnv, now: Date): Promise<boolean> {
  const secretKey = devTenantSecretKey(env);
  if (!secretKey) {
    return false;
  }
  const keyHash = await hashSecretKey(secretKey);
  await db.batch([
    db
      .insert(tenants)
      .values({ id: DEV_TENANT_ID, name: "Demo tenant (local dev)", createdAt: now })
      .onConflictDoNothing(),
    db
      .insert(tenantSecretKeys)
      .values({
        id: `sk_demo_${keyHash.slice(0, 12)}`,
        tenantId: DEV_TENANT_ID,
        keyHash,
        prefix: "ak_dev_…",
        createdAt: now,
      })
      .onConflictDoNothing(),
    db
      .insert(workspaces)
      .values({
        id: DEV_WORKSPACE_ID,
        tenantId: DEV_TENANT_ID,
        externalId: DEV_WORKSPACE_EXTERNAL_ID,
        createdAt: now,
      })
      .onConflictDoNothing(),
    ...devAllowedOrigins(env).map((origin) =>
      db
        .insert(tenantOrigins)
        .values({ tenantId: DEV_TENANT_ID, origin, createdAt: now })
        .onConflictDoNothing(),
    ),
  ]);
  return true;
}
