import type { Db } from "../db/client";
import { findActiveSecretKeyByHash } from "../db/queries/tenants";
import { bytesToBase64Url } from "../lib/base64";
import { constantTimeEqual, sha256Hex } from "../lib/crypto";

/**
 * Tenant secret keys: `ak_sk_` + 32 random bytes (base64url). Stored only as SHA-256 hex; a key is high-entropy,
 * so a plain hash is enough (no password KDF), and looking it up by hash means the database never sees it.
 */
export const SECRET_KEY_PREFIX = "ak_sk_";

export function generateSecretKey(): string {
  return `${SECRET_KEY_PREFIX}${bytesToBase64Url(crypto.getRandomValues(new Uint8Array(32)))}`;
}

/** Enough of the key to tell keys apart in a list, not enough to use. */
export function displayPrefix(secretKey: string): string {
  return `${secretKey.slice(0, SECRET_KEY_PREFIX.length + 4)}…`;
}

export const hashSecretKey = sha256Hex;

/** The tenant a presented secret key belongs to, or undefined (unknown or revoked). */
export async function resolveSecretKey(
  db: Db,
  presented: string,
): Promise<{ tenantId: string; secretKeyId: string } | undefined> {
  if (presented.length < 16 || presented.length > 256) {
    return undefined;
  }
  const hash = await hashSecretKey(presented);
  const row = await findActiveSecretKeyByHash(db, hash);
  // The index lookup already matched; comparing again in constant time keeps the check itself timing-safe
  // should the lookup ever become a prefix or range match.
  if (!row || !constantTimeEqual(row.keyHash, hash)) {
    return undefined;
  }
  return { tenantId: row.tenantId, secretKeyId: row.id };
}
