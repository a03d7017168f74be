import { base64ToBytes, bytesToBase64 } from "./base64";
import { err, ok, type Result } from "./result";

/**
 * Encryption at rest for Ashby API keys: AES-256-GCM with a keyring. Each ciphertext records the id of the
 * key that sealed it, so rotating ENCRYPTION_CURRENT_KEY_ID only changes what new writes use; old rows stay
 * readable as long as their key stays in ENCRYPTION_KEYS. The caller passes associated data (the connection
 * id) so a ciphertext copied onto another row fails to open instead of lending that row its key.
 */
export interface Sealed {
  keyId: string;
  /** base64 of iv (12 bytes) ‖ ciphertext+tag */
  ciphertext: string;
}

export type DecryptError = { code: "unknown_key_id"; keyId: string } | { code: "decrypt_failed" };

export interface Encryptor {
  readonly currentKeyId: string;
  encrypt(plaintext: string, associatedData: string): Promise<Sealed>;
  decrypt(sealed: Sealed, associatedData: string): Promise<Result<string, DecryptError>>;
}

const IV_BYTES = 12;

export async function createEncryptor(
  keys: Record<string, string>,
  currentKeyId: string,
): Promise<Encryptor> {
  const imported = new Map<string, CryptoKey>();
  for (const [keyId, base64] of Object.entries(keys)) {
    const raw = base64ToBytes(base64);
    if (raw.byteLength !== 32) {
      throw new Error(`encryption key ${keyId} must be 32 bytes (base64), got ${raw.byteLength}`);
    }
    imported.set(keyId, await crypto.subtle.importKey("raw", raw, "AES-GCM", false, ["encrypt", "decrypt"]));
  }
  const current = imported.get(currentKeyId);
  if (!current) {
    throw new Error(`ENCRYPTION_CURRENT_KEY_ID ${currentKeyId} is not in the keyring`);
  }
  const encoder = new TextEncoder();

  return {
    currentKeyId,
    async encrypt(plaintext, associatedData) {
      const iv = crypto.getRandomValues(new Uint8Array(IV_BYTES));
      const sealed = await crypto.subtle.encrypt(
        { name: "AES-GCM", iv, additionalData: encoder.encode(associatedData) },
        current,
        encoder.encode(plaintext),
      );
      const out = new Uint8Array(IV_BYTES + sealed.byteLength);
      out.set(iv, 0);
      out.set(new Uint8Array(sealed), IV_BYTES);
      return { keyId: currentKeyId, ciphertext: bytesToBase64(out) };
    },
    async decrypt(sealed, associatedData) {
      const key = imported.get(sealed.keyId);
      if (!key) {
        return err({ code: "unknown_key_id", keyId: sealed.keyId });
      }
      try {
        const bytes = base64ToBytes(sealed.ciphertext);
        const plain = await crypto.subtle.decrypt(
          { name: "AES-GCM", iv: bytes.slice(0, IV_BYTES), additionalData: encoder.encode(associatedData) },
          key,
          bytes.slice(IV_BYTES),
        );
        return ok(new TextDecoder().decode(plain));
      } catch {
        return err({ code: "decrypt_failed" });
      }
    },
  };
}

export async function sha256Hex(value: string): Promise<string> {
  const digest = await crypto.subtle.digest("SHA-256", new TextEncoder().encode(value));
  let hex = "";
  for (const byte of new Uint8Array(digest)) {
    hex += byte.toString(16).padStart(2, "0");
  }
  return hex;
}

/** Compares two strings without an early exit, so the time taken says nothing about where they differ. */
export function constantTimeEqual(a: string, b: string): boolean {
  const left = new TextEncoder().encode(a);
  const right = new TextEncoder().encode(b);
  let diff = left.length ^ right.length;
  const length = Math.max(left.length, right.length);
  for (let i = 0; i < length; i++) {
    diff |= (left[i] ?? 0) ^ (right[i] ?? 0);
  }
  return diff === 0;
}
