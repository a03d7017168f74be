import { base64ToBytes } from "../lib/base64";

/**
 * HMAC-SHA256 keys for session tokens, by key id. Tokens name the key that signed them (`kid`), so a new
 * SESSION_CURRENT_KEY_ID takes effect for new tokens while tokens signed by an older key (still in the ring)
 * verify until they expire, at most an hour later; after that the old key can be removed.
 */
export interface SigningKeyring {
  readonly currentKeyId: string;
  get(keyId: string): CryptoKey | undefined;
}

const MIN_KEY_BYTES = 32;

export async function createSigningKeyring(
  keys: Record<string, string>,
  currentKeyId: string,
): Promise<SigningKeyring> {
  const imported = new Map<string, CryptoKey>();
  for (const [keyId, base64] of Object.entries(keys)) {
    const raw = base64ToBytes(base64);
    if (raw.byteLength < MIN_KEY_BYTES) {
      throw new Error(`session signing key ${keyId} must be at least ${MIN_KEY_BYTES} bytes`);
    }
    imported.set(
      keyId,
      await crypto.subtle.importKey("raw", raw, { name: "HMAC", hash: "SHA-256" }, false, ["sign", "verify"]),
    );
  }
  if (!imported.has(currentKeyId)) {
    throw new Error(`SESSION_CURRENT_KEY_ID ${currentKeyId} is not in the keyring`);
  }
  return { currentKeyId, get: (keyId) => imported.get(keyId) };
}
