import type { ActorType, UserRole } from "@ashby-kit/shared";
import type { AuthContext } from "../env";

export interface Actor {
  type: ActorType;
  email: string | null;
  role: UserRole | null;
}

/**
 * Who to record in the audit log. A session is a user. A secret-key call is the tenant's backend, unless it named
 * the person it acts for in X-Acting-User-Email: then that person, with the owner rights the key carries.
 */
export function actorOf(auth: AuthContext): Actor {
  if (auth.via === "session") {
    return { type: "user", email: auth.user.email, role: auth.user.role };
  }
  return auth.user.email
    ? { type: "user", email: auth.user.email, role: "owner" }
    : { type: "tenant", email: null, role: null };
}

export const SYSTEM_ACTOR: Actor = { type: "system", email: null, role: null };
