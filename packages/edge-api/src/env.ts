import type { SessionUser } from "@ashby-kit/shared";
import { z } from "zod";

/**
 * The worker's configuration, parsed once per invocation from the raw bindings. Nothing else reads `env`:
 * handlers parse it here and pass the result down, so a missing or malformed secret fails loudly in one place.
 */

/** The documented default secret key of the local demo tenant (dev and test only; never used in production). */
export const DEFAULT_DEV_TENANT_SECRET_KEY = "ak_dev_demo_secret_key_change_me";
export const DEFAULT_DEV_ALLOWED_ORIGINS = [
  "http://localhost:5173",
  "http://127.0.0.1:5173",
  "http://localhost:6006",
  "http://127.0.0.1:6006",
  "http://localhost:8787",
  "http://127.0.0.1:8787",
];

/** `{"k1":"<base64 of 32 bytes>"}`: a keyring, so keys can be rotated while old ciphertexts stay readable. */
const KeyringSchema = z
  .string()
  .transform((raw, ctx) => {
    try {
      return JSON.parse(raw) as unknown;
    } catch {
      ctx.addIssue({ code: "custom", message: "must be a JSON object of key id → base64 key" });
      return z.NEVER;
    }
  })
  .pipe(z.record(z.string().regex(/^[A-Za-z0-9_-]{1,32}$/), z.base64()))
  .refine((ring) => Object.keys(ring).length > 0, "must hold at least one key");

/** A burst must leave sync some tokens beyond what is kept for write-back (DEFAULT_BUDGET_POLICY's reserve). */
const MIN_CALL_BURST = 20;

const binding = <T>(name: string) =>
  z.custom<T>((value) => typeof value === "object" && value !== null, `${name} binding is missing`);

export const EnvSchema = z
  .object({
    ENVIRONMENT: z.enum(["development", "test", "production"]).default("production"),
    ASHBY_BASE_URL: z.url().default("https://api.ashbyhq.com"),
    ENCRYPTION_KEYS: KeyringSchema,
    ENCRYPTION_CURRENT_KEY_ID: z.string().min(1),
    SESSION_SIGNING_KEYS: KeyringSchema,
    SESSION_CURRENT_KEY_ID: z.string().min(1),
    DEV_TENANT_SECRET_KEY: z.string().min(16).optional(),
    DEV_ALLOWED_ORIGINS: z.string().optional(),
    ADMIN_TOKEN: z.string().min(32).optional(),
    // The per-connection budget of Ashby calls (sync and write-back share it; see src/sync/budget.ts). Ashby
    // publishes no limit for its list endpoints, so this is the knob to turn once real traffic shows its 429s.
    ASHBY_CALLS_PER_SECOND: z.coerce.number().positive().max(1000).optional(),
    ASHBY_CALL_BURST: z.coerce.number().int().min(MIN_CALL_BURST).max(10_000).optional(),
    DB: binding<D1Database>("DB"),
    SYNC_QUEUE: binding<Queue>("SYNC_QUEUE"),
    SYNC_PAGES_QUEUE: binding<Queue>("SYNC_PAGES_QUEUE"),
    WRITEBACK_QUEUE: binding<Queue>("WRITEBACK_QUEUE"),
  })
  .refine((env) => env.ENCRYPTION_CURRENT_KEY_ID in env.ENCRYPTION_KEYS, {
    message: "ENCRYPTION_CURRENT_KEY_ID must name a key in ENCRYPTION_KEYS",
    path: ["ENCRYPTION_CURRENT_KEY_ID"],
  })
  .refine((env) => env.SESSION_CURRENT_KEY_ID in env.SESSION_SIGNING_KEYS, {
    message: "SESSION_CURRENT_KEY_ID must name a key in SESSION_SIGNING_KEYS",
    path: ["SESSION_CURRENT_KEY_ID"],
  });

export type ParsedEnv = z.output<typeof EnvSchema>;

export class EnvError extends Error {
  constructor(readonly issues: string[]) {
    super(`Invalid worker configuration: ${issues.join("; ")}`);
    this.name = "EnvError";
  }
}

/** Parse raw bindings; reports only the names of bad settings, never their values (they are secrets). */
export function parseEnv(raw: unknown): ParsedEnv {
  const result = EnvSchema.safeParse(raw);
  if (!result.success) {
    throw new EnvError(
      result.error.issues.map((issue) => `${issue.path.join(".") || "env"}: ${issue.message}`),
    );
  }
  return result.data;
}

export function isDevLike(env: ParsedEnv): boolean {
  return env.ENVIRONMENT !== "production";
}

/** Who is calling, after authentication. Secret-key calls act as the tenant with owner rights (see auth/). */
export interface AuthContext {
  tenantId: string;
  /** Our internal workspace id (`ws_…`). */
  workspaceId: string;
  /** The host's id for the workspace, as it sends it. */
  workspaceExternalId: string;
  user: { email: string | null; role: SessionUser["role"]; name?: string };
  via: "secret_key" | "session";
}

/** The Hono environment of the app: raw bindings plus per-request variables set by middleware. */
export interface AppEnv {
  Bindings: Record<string, unknown>;
  Variables: {
    requestId: string;
    deps: import("./deps").Deps;
    tenantId: string;
    auth: AuthContext;
  };
}
