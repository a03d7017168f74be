import { describe, expect, it } from "vitest";
import { bytesToBase64Url } from "../lib/base64";
import { mintSessionToken, verifySessionToken } from "./session-token";
import { createSigningKeyring } from "./signing-keys";

const S0 = "QEFCQ0RFRkdISUpLTE1OT1BRUlNUVVZXWFlaW1xdXl8=";
const S1 = "YGFiY2RlZmdoaWprbG1ub3BxcnN0dXZ3eHl6e3x9fn8=";
const NOW = new Date("2026-03-01T12:00:00Z");
const claims = {
  jti: "ses_1",
  tid: "ten_a",
  wid: "ws_a",
  wsx: "acme",
  email: "ada@acme.test",
  role: "admin" as const,
};

const json = (part: string) => JSON.parse(atob(part.replaceAll("-", "+").replaceAll("_", "/")));
const encode = (value: unknown) => bytesToBase64Url(new TextEncoder().encode(JSON.stringify(value)));

describe("session tokens", () => {
  it("carry tenant, workspace, email and role, and verify until they expire", async () => {
    const keys = await createSigningKeyring({ s1: S1 }, "s1");
    const { token, expiresAt } = await mintSessionToken(keys, claims, NOW, 600);
    expect(expiresAt.toISOString()).toBe("2026-03-01T12:10:00.000Z");
    const [header] = token.split(".");
    expect(json(header ?? "")).toEqual({ alg: "HS256", typ: "JWT", kid: "s1" });
    const verified = await verifySessionToken(keys, token, new Date(NOW.getTime() + 599_000));
    expect(verified).toMatchObject({ ok: true, value: { ...claims, iat: NOW.getTime() / 1000 } });
  });

  it("expire at exp with token_expired", async () => {
    const keys = await createSigningKeyring({ s1: S1 }, "s1");
    const { token } = await mintSessionToken(keys, claims, NOW, 600);
    const verified = await verifySessionToken(keys, token, new Date(NOW.getTime() + 600_000));
    expect(verified).toMatchObject({ ok: false, error: { code: "token_expired" } });
  });

  it("never live longer than an hour, whatever ttl is asked", async () => {
    const keys = await createSigningKeyring({ s1: S1 }, "s1");
    const { expiresAt } = await mintSessionToken(keys, claims, NOW, 86_400);
    expect(expiresAt.getTime() - NOW.getTime()).toBe(3_600_000);
  });

  it("refuse a changed payload (role escalated) even with the original signature", async () => {
    const keys = await createSigningKeyring({ s1: S1 }, "s1");
    const { token } = await mintSessionToken(keys, { ...claims, role: "member" }, NOW, 600);
    const [header, payload, signature] = token.split(".") as [string, string, string];
    const forged = `${header}.${encode({ ...json(payload), role: "owner" })}.${signature}`;
    expect(await verifySessionToken(keys, forged, NOW)).toMatchObject({
      ok: false,
      error: { code: "token_invalid" },
    });
  });

  it("refuse a token signed by a key we do not hold, or naming an unknown kid", async () => {
    const ours = await createSigningKeyring({ s1: S1 }, "s1");
    const theirs = await createSigningKeyring({ s1: S0 }, "s1");
    const { token } = await mintSessionToken(theirs, claims, NOW, 600);
    expect(await verifySessionToken(ours, token, NOW)).toMatchObject({
      ok: false,
      error: { code: "token_invalid" },
    });
    const other = await createSigningKeyring({ s9: S0 }, "s9");
    const unknownKid = await mintSessionToken(other, claims, NOW, 600);
    const result = await verifySessionToken(ours, unknownKid.token, NOW);
    expect(result).toMatchObject({
      ok: false,
      error: { code: "token_invalid", reason: expect.stringMatching(/unknown key/) },
    });
  });

  it("refuse alg none and other headers we never issue", async () => {
    const keys = await createSigningKeyring({ s1: S1 }, "s1");
    const { token } = await mintSessionToken(keys, claims, NOW, 600);
    const [, payload] = token.split(".") as [string, string];
    for (const header of [
      { alg: "none", typ: "JWT", kid: "s1" },
      { alg: "HS512", typ: "JWT", kid: "s1" },
      {},
    ]) {
      const forged = `${encode(header)}.${payload}.`;
      expect(await verifySessionToken(keys, forged, NOW)).toMatchObject({
        ok: false,
        error: { code: "token_invalid" },
      });
    }
  });

  it("refuse garbage of every shape without throwing", async () => {
    const keys = await createSigningKeyring({ s1: S1 }, "s1");
    for (const garbage of [
      "",
      "a.b.c",
      "...",
      "x".repeat(5000),
      "e30.e30.e30",
      "!!.??.**",
      "eyJhbGciOiJIUzI1NiJ9..sig",
    ]) {
      expect((await verifySessionToken(keys, garbage, NOW)).ok).toBe(false);
    }
  });

  it("keep verifying tokens of the previous key after rotation", async () => {
    const before = await createSigningKeyring({ s0: S0 }, "s0");
    const { token } = await mintSessionToken(before, claims, NOW, 600);
    const after = await createSigningKeyring({ s0: S0, s1: S1 }, "s1");
    expect((await verifySessionToken(after, token, NOW)).ok).toBe(true);
    const fresh = await mintSessionToken(after, claims, NOW, 600);
    expect(json(fresh.token.split(".")[0] ?? "").kid).toBe("s1");
  });

  it("refuse tokens issued in the future beyond a minute of clock skew", async () => {
    const keys = await createSigningKeyring({ s1: S1 }, "s1");
    const { token } = await mintSessionToken(keys, claims, new Date(NOW.getTime() + 120_000), 600);
    expect(await verifySessionToken(keys, token, NOW)).toMatchObject({
      ok: false,
      error: { code: "token_invalid" },
    });
  });
});
