import { SESSION_TTL_MAX_SECONDS, UserRoleSchema } from "@ashby-kit/shared";
import { z } from "zod";
import { base64UrlToBytes, bytesToBase64Url } from "../lib/base64";
import { err, ok, type Result } from "../lib/result";
import type { SigningKeyring } from "./signing-keys";

/**
 * Widget session tokens: compact JWS (HS256) signed with Web Crypto. A JWT shape because partners' tooling can
 * read one; but we accept only what we mint: alg HS256, a known `kid`, our issuer and audience, and a lifetime of
 * at most an hour. The claims carry tenant, workspace, user email and role, so verifying needs no database.
 */
export const SESSION_TOKEN_ISSUER = "ashby-kit";
export const SESSION_TOKEN_AUDIENCE = "ashby-kit/widgets";

const HeaderSchema = z.object({
  alg: z.literal("HS256"),
  typ: z.literal("JWT"),
  kid: z.string().min(1).max(32),
});

export const SessionClaimsSchema = z.object({
  iss: z.literal(SESSION_TOKEN_ISSUER),
  aud: z.literal(SESSION_TOKEN_AUDIENCE),
  jti: z.string().min(1),
  /** tenant id */
  tid: z.string().min(1),
  /** our workspace id */
  wid: z.string().min(1),
  /** the host's workspace id */
  wsx: z.string().min(1),
  email: z.string().min(1),
  name: z.string().optional(),
  role: UserRoleSchema,
  iat: z.int(),
  exp: z.int(),
});
export type SessionClaims = z.infer<typeof SessionClaimsSchema>;

export type SessionTokenError =
  | { code: "token_invalid"; reason: string }
  | { code: "token_expired"; reason: string };

const encoder = new TextEncoder();

function encodeJson(value: unknown): string {
  return bytesToBase64Url(encoder.encode(JSON.stringify(value)));
}

export async function mintSessionToken(
  keys: SigningKeyring,
  claims: Omit<SessionClaims, "iss" | "aud" | "iat" | "exp">,
  now: Date,
  ttlSeconds: number,
): Promise<{ token: string; expiresAt: Date }> {
  const key = keys.get(keys.currentKeyId);
  if (!key) {
    throw new Error("current signing key missing from keyring");
  }
  const iat = Math.floor(now.getTime() / 1000);
  const exp = iat + Math.min(ttlSeconds, SESSION_TTL_MAX_SECONDS);
  const payload: SessionClaims = {
    iss: SESSION_TOKEN_ISSUER,
    aud: SESSION_TOKEN_AUDIENCE,
    ...claims,
    iat,
    exp,
  };
  const signingInput = `${encodeJson({ alg: "HS256", typ: "JWT", kid: keys.currentKeyId })}.${encodeJson(payload)}`;
  const signature = await crypto.subtle.sign("HMAC", key, encoder.encode(signingInput));
  return {
    token: `${signingInput}.${bytesToBase64Url(new Uint8Array(signature))}`,
    expiresAt: new Date(exp * 1000),
  };
}

function decodeJson(part: string): unknown {
  return JSON.parse(new TextDecoder().decode(base64UrlToBytes(part)));
}

/** Looks like a session token (three dot-separated parts) rather than a secret key. */
export function looksLikeSessionToken(credential: string): boolean {
  return credential.split(".").length === 3;
}

export async function verifySessionToken(
  keys: SigningKeyring,
  token: string,
  now: Date,
): Promise<Result<SessionClaims, SessionTokenError>> {
  const parts = token.split(".");
  if (parts.length !== 3 || token.length > 4096) {
    return err({ code: "token_invalid", reason: "The session token is malformed." });
  }
  const [headerPart, payloadPart, signaturePart] = parts as [string, string, string];
  let header: z.infer<typeof HeaderSchema>;
  let signature: Uint8Array<ArrayBuffer>;
  let rawPayload: unknown;
  try {
    const parsedHeader = HeaderSchema.safeParse(decodeJson(headerPart));
    if (!parsedHeader.success) {
      return err({ code: "token_invalid", reason: "The session token header is not one we issue." });
    }
    header = parsedHeader.data;
    signature = base64UrlToBytes(signaturePart);
    rawPayload = decodeJson(payloadPart);
  } catch {
    return err({ code: "token_invalid", reason: "The session token is malformed." });
  }
  const key = keys.get(header.kid);
  if (!key) {
    return err({ code: "token_invalid", reason: "The session token was signed with an unknown key." });
  }
  // crypto.subtle.verify compares in constant time; the signature is checked before any claim is trusted.
  const valid = await crypto.subtle.verify(
    "HMAC",
    key,
    signature,
    encoder.encode(`${headerPart}.${payloadPart}`),
  );
  if (!valid) {
    return err({ code: "token_invalid", reason: "The session token signature does not match." });
  }
  const claims = SessionClaimsSchema.safeParse(rawPayload);
  if (!claims.success) {
    return err({ code: "token_invalid", reason: "The session token claims are not valid." });
  }
  const { iat, exp } = claims.data;
  if (exp - iat > SESSION_TTL_MAX_SECONDS || exp <= iat) {
    return err({ code: "token_invalid", reason: "The session token lifetime is not valid." });
  }
  const nowSeconds = Math.floor(now.getTime() / 1000);
  // A minute of leeway for clocks that drift between the host backend and us.
  if (iat > nowSeconds + 60) {
    return err({ code: "token_invalid", reason: "The session token is issued in the future." });
  }
  if (exp <= nowSeconds) {
    return err({
      code: "token_expired",
      reason: "The session token has expired; ask the host app for a new one.",
    });
  }
  return ok(claims.data);
}
