import { and, asc, eq, isNull } from "drizzle-orm";
import type { Db } from "../client";
import { tenantOrigins, tenantSecretKeys, tenants } from "../schema";

export async function findActiveSecretKeyByHash(db: Db, keyHash: string) {
  const rows = await db
    .select({
      id: tenantSecretKeys.id,
      tenantId: tenantSecretKeys.tenantId,
      keyHash: tenantSecretKeys.keyHash,
    })
    .from(tenantSecretKeys)
    .where(and(eq(tenantSecretKeys.keyHash, keyHash), isNull(tenantSecretKeys.revokedAt)))
    .limit(1);
  return rows[0];
}

export async function findTenant(db: Db, tenantId: string) {
  const rows = await db.select().from(tenants).where(eq(tenants.id, tenantId)).limit(1);
  return rows[0];
}

export async function listTenantOrigins(db: Db, tenantId: string): Promise<string[]> {
  const rows = await db
    .select({ origin: tenantOrigins.origin })
    .from(tenantOrigins)
    .where(eq(tenantOrigins.tenantId, tenantId))
    .orderBy(tenantOrigins.origin);
  return rows.map((row) => row.origin);
}

export async function isOriginAllowedForAnyTenant(db: Db, origin: string): Promise<boolean> {
  const rows = await db
    .select({ tenantId: tenantOrigins.tenantId })
    .from(tenantOrigins)
    .where(eq(tenantOrigins.origin, origin))
    .limit(1);
  return rows.length > 0;
}

export async function isOriginAllowedForTenant(db: Db, tenantId: string, origin: string): Promise<boolean> {
  const rows = await db
    .select({ tenantId: tenantOrigins.tenantId })
    .from(tenantOrigins)
    .where(and(eq(tenantOrigins.tenantId, tenantId), eq(tenantOrigins.origin, origin)))
    .limit(1);
  return rows.length > 0;
}

export async function insertTenant(
  db: Db,
  tenant: { id: string; name: string; createdAt: Date },
  secretKey: { id: string; keyHash: string; prefix: string },
  origins: readonly string[],
): Promise<void> {
  await db.batch([
    db.insert(tenants).values(tenant),
    db.insert(tenantSecretKeys).values({ ...secretKey, tenantId: tenant.id, createdAt: tenant.createdAt }),
    ...origins.map((origin) =>
      db
        .insert(tenantOrigins)
        .values({ tenantId: tenant.id, origin, createdAt: tenant.createdAt })
        .onConflictDoNothing(),
    ),
  ]);
}

export async function insertSecretKey(
  db: Db,
  tenantId: string,
  secretKey: { id: string; keyHash: string; prefix: string },
  createdAt: Date,
): Promise<void> {
  await db.insert(tenantSecretKeys).values({ ...secretKey, tenantId, createdAt });
}

export async function updateTenant(
  db: Db,
  tenantId: string,
  changes: { name?: string; allowedOrigins?: readonly string[] },
  now: Date,
): Promise<void> {
  const statements = [];
  if (changes.name !== undefined) {
    statements.push(db.update(tenants).set({ name: changes.name }).where(eq(tenants.id, tenantId)));
  }
  if (changes.allowedOrigins !== undefined) {
    statements.push(db.delete(tenantOrigins).where(eq(tenantOrigins.tenantId, tenantId)));
    for (const origin of new Set(changes.allowedOrigins)) {
      statements.push(db.insert(tenantOrigins).values({ tenantId, origin, createdAt: now }));
    }
  }
  const [first, ...rest] = statements;
  if (first) {
    await db.batch([first, ...rest]);
  }
}

export async function listSecretKeys(db: Db, tenantId: string) {
  return db
    .select({
      id: tenantSecretKeys.id,
      prefix: tenantSecretKeys.prefix,
      createdAt: tenantSecretKeys.createdAt,
      revokedAt: tenantSecretKeys.revokedAt,
    })
    .from(tenantSecretKeys)
    .where(eq(tenantSecretKeys.tenantId, tenantId))
    .orderBy(asc(tenantSecretKeys.createdAt), asc(tenantSecretKeys.id));
}

/** Revokes one key of one tenant; returns false when the tenant has no such key. Revoking twice is harmless. */
export async function revokeSecretKey(db: Db, tenantId: string, keyId: string, now: Date): Promise<boolean> {
  const existing = await db
    .select({ id: tenantSecretKeys.id, revokedAt: tenantSecretKeys.revokedAt })
    .from(tenantSecretKeys)
    .where(and(eq(tenantSecretKeys.tenantId, tenantId), eq(tenantSecretKeys.id, keyId)))
    .limit(1);
  const row = existing[0];
  if (!row) {
    return false;
  }
  if (!row.revokedAt) {
    await db.update(tenantSecretKeys).set({ revokedAt: now }).where(eq(tenantSecretKeys.id, keyId));
  }
  return true;
}
