import { z } from "zod";
import type { WriteKind } from "../control-contract.ts";
import type { EndpointContext } from "../endpoint.ts";
import { AshbyError } from "../envelope.ts";

/** Ids are strings; a malformed one is simply not found, as with Ashby's lookups. */
export const IdSchema = z.string().min(1);
/** `createdAfter`: milliseconds since the epoch. */
export const CreatedAfterSchema = z.number().int().optional();

export function need<T>(record: T | undefined, what: string, id: string): T {
  if (record === undefined) {
    throw new AshbyError(`${what}_not_found`, `No ${what.replace(/_/g, " ")} with id "${id}" exists.`);
  }
  return record;
}

export function createdAfter(since: number | undefined, createdAt: number): boolean {
  return since === undefined || createdAt > since;
}

/** Remember a client write so tests can inspect it through the control API. */
export function recordWrite(ctx: EndpointContext, kind: WriteKind, body: unknown, result: unknown): void {
  ctx.org.writes.push({
    kind,
    method: ctx.method,
    apiKey: ctx.key.apiKey,
    at: new Date(ctx.now).toISOString(),
    requestId: ctx.requestId,
    body,
    result,
  });
}
