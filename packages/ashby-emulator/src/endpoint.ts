import type { z } from "zod";
import type { SuccessPayload } from "./envelope.ts";
import type { Org } from "./org.ts";
import type { Permission } from "./permissions.ts";
import type { ApiKeyRecord, EmulatorState } from "./state.ts";

export interface EndpointContext {
  state: EmulatorState;
  org: Org;
  key: ApiKeyRecord;
  method: string;
  requestId: string;
  /** Clock reading for this request (ms). */
  now: number;
}

/** One Ashby RPC method: the permission the spec names, its request schema and a pure-ish handler. */
export interface Endpoint<S extends z.ZodType = z.ZodType> {
  permission: Permission;
  request: S;
  handle(ctx: EndpointContext, body: z.infer<S>): SuccessPayload;
}

export function endpoint<S extends z.ZodType>(definition: Endpoint<S>): Endpoint {
  return definition as unknown as Endpoint;
}
