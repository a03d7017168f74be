import { EmailSchema, type UserRole, WorkspaceExternalIdSchema } from "@ashby-kit/shared";
import type { Context, MiddlewareHandler } from "hono";
import { isOriginAllowedForTenant } from "../db/queries/tenants";
import { ensureWorkspace, findWorkspaceById } from "../db/queries/workspaces";
import type { AppEnv, AuthContext } from "../env";
import { ApiError } from "../lib/api-error";
import { devTenantSecretKey, seedDevTenant } from "./dev-tenant";
import { resolveSecretKey } from "./secret-key";
import { looksLikeSessionToken, verifySessionToken } from "./session-token";

/**
 * Two ways in:
 * - Server to server: `Authorization: Bearer <secret key>` (+ `X-Workspace-Id` on workspace routes). The caller
 *   is the tenant's backend and acts with **owner** rights on any of the tenant's workspaces; it may name the
 *   person it acts for in `X-Acting-User-Email`, which is then recorded in the audit log.
 * - Browser: `Authorization: Bearer <session token>` minted by POST /v1/sessions; tenant, workspace, user and
 *   role come from the signed token, and the request's Origin must be on the tenant's allow-list.
 */

function bearer(c: Context<AppEnv>): string {
  const header = c.req.header("authorization");
  if (!header) {
    throw new ApiError("unauthorized", "Send Authorization: Bearer <secret key or session token>.");
  }
  const match = /^Bearer[ ]+([^\s]+)\s*$/i.exec(header);
  if (!match?.[1]) {
    throw new ApiError("unauthorized", "The Authorization header must be `Bearer <credential>`.");
  }
  return match[1];
}

async function tenantFromSecretKey(c: Context<AppEnv>, credential: string): Promise<string> {
  const deps = c.get("deps");
  let resolved = await resolveSecretKey(deps.db, credential);
  if (!resolved && credential === devTenantSecretKey(deps.config)) {
    await seedDevTenant(deps.db, deps.config, deps.clock.now());
    resolved = await resolveSecretKey(deps.db, credential);
  }
  if (!resolved) {
    throw new ApiError("unauthorized", "The secret key is not valid (unknown or revoked).");
  }
  const origin = c.req.header("origin");
  if (origin) {
    // A secret key in a browser request means it is shipped to browsers; refuse so that mistake surfaces early.
    // The one exception is the public demo key outside production, so local demo pages can mint sessions.
    const isDevKey = credential === devTenantSecretKey(deps.config);
    if (!isDevKey || !(await isOriginAllowedForTenant(deps.db, resolved.tenantId, origin))) {
      throw new ApiError("forbidden", "Secret keys must stay on your server; browsers use session tokens.");
    }
  }
  return resolved.tenantId;
}

/** Routes only the tenant's backend may call (POST /v1/sessions). */
export const requireSecretKey: MiddlewareHandler<AppEnv> = async (c, next) => {
  const credential = bearer(c);
  if (looksLikeSessionToken(credential)) {
    throw new ApiError("forbidden", "This route needs the tenant's secret key, not a session token.");
  }
  c.set("tenantId", await tenantFromSecretKey(c, credential));
  await next();
};

function headerWorkspaceId(c: Context<AppEnv>): string | undefined {
  const raw = c.req.header("x-workspace-id");
  if (raw === undefined) {
    return undefined;
  }
  const parsed = WorkspaceExternalIdSchema.safeParse(raw);
  if (!parsed.success) {
    throw new ApiError("invalid_request", "X-Workspace-Id is not a valid workspace id.", {
      issues: [{ path: "headers.x-workspace-id", message: parsed.error.issues[0]?.message ?? "invalid" }],
    });
  }
  return parsed.data;
}

/** Workspace-scoped routes: sets `c.var.auth`. */
export const requireWorkspace: MiddlewareHandler<AppEnv> = async (c, next) => {
  const deps = c.get("deps");
  const credential = bearer(c);
  const workspaceExternalId = headerWorkspaceId(c);

  if (!looksLikeSessionToken(credential)) {
    const tenantId = await tenantFromSecretKey(c, credential);
    if (!workspaceExternalId) {
      throw new ApiError("invalid_request", "Send X-Workspace-Id with the host's id of the workspace.", {
        issues: [{ path: "headers.x-workspace-id", message: "Required with a secret key." }],
      });
    }
    const actingEmail = c.req.header("x-acting-user-email");
    let email: string | null = null;
    if (actingEmail !== undefined) {
      const parsed = EmailSchema.safeParse(actingEmail);
      if (!parsed.success) {
        throw new ApiError("invalid_request", "X-Acting-User-Email is not an email address.", {
          issues: [{ path: "headers.x-acting-user-email", message: "Invalid email." }],
        });
      }
      email = parsed.data.toLowerCase();
    }
    const workspace = await ensureWorkspace(deps, tenantId, workspaceExternalId);
    c.set("tenantId", tenantId);
    c.set("auth", {
      tenantId,
      workspaceId: workspace.id,
      workspaceExternalId: workspace.externalId,
      user: { email, role: "owner" },
      via: "secret_key",
    });
    await next();
    return;
  }

  const verified = await verifySessionToken(deps.sessionKeys, credential, deps.clock.now());
  if (!verified.ok) {
    throw new ApiError(verified.error.code, verified.error.reason);
  }
  const claims = verified.value;
  const workspace = await findWorkspaceById(deps.db, claims.wid);
  // The token names both; both must still agree with the database (a deleted tenant's tokens die with it).
  if (!workspace || workspace.tenantId !== claims.tid || workspace.externalId !== claims.wsx) {
    throw new ApiError("token_invalid", "The session token's workspace does not exist for its tenant.");
  }
  if (workspaceExternalId !== undefined && workspaceExternalId !== workspace.externalId) {
    throw new ApiError(
      "forbidden",
      "The session token belongs to a different workspace than X-Workspace-Id.",
    );
  }
  await assertOriginAllowed(c, claims.tid);
  const auth: AuthContext = {
    tenantId: claims.tid,
    workspaceId: workspace.id,
    workspaceExternalId: workspace.externalId,
    user: {
      email: claims.email,
      role: claims.role,
      ...(claims.name === undefined ? {} : { name: claims.name }),
    },
    via: "session",
  };
  c.set("tenantId", claims.tid);
  c.set("auth", auth);
  await next();
};

async function assertOriginAllowed(c: Context<AppEnv>, tenantId: string): Promise<void> {
  const origin = c.req.header("origin");
  if (origin && !(await isOriginAllowedForTenant(c.get("deps").db, tenantId, origin))) {
    throw new ApiError("forbidden", `Origin ${origin} is not on this tenant's allow-list.`);
  }
}

/** Role gate for workspace routes; the reason names the role needed and the caller's role. */
export function requireRole(...roles: UserRole[]): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const { role } = c.get("auth").user;
    if (!roles.includes(role)) {
      throw new ApiError("forbidden", `Only ${roles.join(" or ")} users can do this; you are ${role}.`, {
        requiredRoles: roles,
        role,
      });
    }
    await next();
  };
}
