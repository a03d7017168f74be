import { describe, expect, it } from "vitest";
import { constantTimeEqual, createEncryptor, sha256Hex } from "./crypto";

const K0 = "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=";
const K1 = "ICEiIyQlJicoKSorLC0uLzAxMjM0NTY3ODk6Ozw9Pj8=";

describe("API key encryption at rest", () => {
  it("round-trips and never stores the plaintext in the ciphertext", async () => {
    const encryptor = await createEncryptor({ k1: K1 }, "k1");
    const sealed = await encryptor.encrypt("ashby_live_secret_value", "conn_1");
    expect(sealed.keyId).toBe("k1");
    expect(sealed.ciphertext).not.toContain("ashby_live_secret_value");
    expect(atob(sealed.ciphertext)).not.toContain("ashby_live_secret_value");
    expect(await encryptor.decrypt(sealed, "conn_1")).toEqual({ ok: true, value: "ashby_live_secret_value" });
  });

  it("uses a fresh IV each time, so equal keys do not give equal ciphertexts", async () => {
    const encryptor = await createEncryptor({ k1: K1 }, "k1");
    const a = await encryptor.encrypt("same", "conn_1");
    const b = await encryptor.encrypt("same", "conn_1");
    expect(a.ciphertext).not.toBe(b.ciphertext);
  });

  it("refuses a ciphertext moved to another connection (associated data)", async () => {
    const encryptor = await createEncryptor({ k1: K1 }, "k1");
    const sealed = await encryptor.encrypt("key", "conn_1");
    expect(await encryptor.decrypt(sealed, "conn_2")).toEqual({
      ok: false,
      error: { code: "decrypt_failed" },
    });
  });

  it("refuses a tampered ciphertext", async () => {
    const encryptor = await createEncryptor({ k1: K1 }, "k1");
    const sealed = await encryptor.encrypt("key", "conn_1");
    const bytes = Uint8Array.from(atob(sealed.ciphertext), (ch) => ch.charCodeAt(0));
    bytes[bytes.length - 1] = (bytes.at(-1) ?? 0) ^ 1;
    const tampered = { ...sealed, ciphertext: btoa(String.fromCharCode(...bytes)) };
    expect((await encryptor.decrypt(tampered, "conn_1")).ok).toBe(false);
  });

  it("keeps old rows readable after rotation, by the key id stored with them", async () => {
    const before = await createEncryptor({ k0: K0 }, "k0");
    const old = await before.encrypt("old key", "conn_1");
    const after = await createEncryptor({ k0: K0, k1: K1 }, "k1");
    expect(after.currentKeyId).toBe("k1");
    expect((await after.encrypt("new key", "conn_1")).keyId).toBe("k1");
    expect(await after.decrypt(old, "conn_1")).toEqual({ ok: true, value: "old key" });
  });

  it("reports a key id that left the ring", async () => {
    const before = await createEncryptor({ k0: K0 }, "k0");
    const old = await before.encrypt("old key", "conn_1");
    const after = await createEncryptor({ k1: K1 }, "k1");
    expect(await after.decrypt(old, "conn_1")).toEqual({
      ok: false,
      error: { code: "unknown_key_id", keyId: "k0" },
    });
  });

  it("rejects keys that are not 32 bytes and a current id outside the ring", async () => {
    await expect(createEncryptor({ k1: btoa("short") }, "k1")).rejects.toThrow(/32 bytes/);
    await expect(createEncryptor({ k1: K1 }, "k9")).rejects.toThrow(/not in the keyring/);
  });
});

describe("hash and compare helpers", () => {
  it("hashes with SHA-256", async () => {
    expect(await sha256Hex("abc")).toBe("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  });
  it("compares equal and unequal strings, including different lengths", () => {
    expect(constantTimeEqual("abc", "abc")).toBe(true);
    expect(constantTimeEqual("abc", "abd")).toBe(false);
    expect(constantTimeEqual("abc", "abcd")).toBe(false);
    expect(constantTimeEqual("", "")).toBe(true);
  });
});
