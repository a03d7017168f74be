import type { z } from "zod";
import {
  type ApiKeySummary,
  ApiKeySummarySchema,
  type CreateApiKeyRequest,
  type CreatedOrg,
  CreatedOrgSchema,
  type FaultScope,
  type Faults,
  type Mutation,
  type MutationBatchResult,
  MutationBatchResultSchema,
  type MutationResult,
  MutationResultSchema,
  type OrgOptions,
  type OrgSummary,
  OrgSummarySchema,
  type RequestCounts,
  RequestCountsSchema,
  type WriteKind,
  type WriteRecord,
  WriteRecordSchema,
} from "./control-contract.ts";

export type FetchLike = (input: Request | string | URL, init?: RequestInit) => Promise<Response>;

/** A typed client for `/_emulator/*`, so tests never hand-write control URLs. */
export interface EmulatorControl {
  createOrg(options?: OrgOptions): Promise<CreatedOrg>;
  org(orgId: string): Promise<OrgSummary>;
  createApiKey(orgId: string, request?: CreateApiKeyRequest): Promise<ApiKeySummary>;
  revokeApiKey(apiKey: string): Promise<void>;
  setFaults(scope: FaultScope, faults: Faults): Promise<void>;
  /** Without a scope, clears every fault everywhere. */
  clearFaults(scope?: FaultScope): Promise<void>;
  /** Expire every sync token and cursor issued so far in this org. */
  expireTokens(orgId: string): Promise<void>;
  mutate(orgId: string, mutation: Mutation): Promise<MutationResult>;
  /** Apply `mutations` in order in one call; on a failing one, those before it stay applied. */
  mutateMany(orgId: string, mutations: Mutation[]): Promise<MutationBatchResult>;
  writes(orgId: string, kind?: WriteKind): Promise<WriteRecord[]>;
  requestCounts(orgId: string): Promise<RequestCounts>;
  /** Delete a submitted feedback as if a person did it in Ashby's UI (no trace left for incremental sync). */
  deleteFeedback(orgId: string, feedbackId: string): Promise<void>;
  /** Back to the start state: extra orgs dropped, default org regenerated, faults and counters cleared. */
  reset(): Promise<void>;
}

export class EmulatorControlError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = "EmulatorControlError";
  }
}

export function createEmulatorControl(fetchLike: FetchLike, baseUrl: string): EmulatorControl {
  const root = baseUrl.replace(/\/+$/, "");

  async function call<T>(
    method: "GET" | "POST",
    path: string,
    body: unknown,
    schema: z.ZodType<T> | null,
  ): Promise<T> {
    const init: RequestInit =
      method === "GET"
        ? { method }
        : { method, headers: { "content-type": "application/json" }, body: JSON.stringify(body ?? {}) };
    const response = await fetchLike(`${root}/_emulator${path}`, init);
    const text = await response.text();
    const json: unknown = text.length > 0 ? JSON.parse(text) : null;
    if (!response.ok) {
      const error = (json as { error?: { code?: string; message?: string } } | null)?.error;
      throw new EmulatorControlError(
        response.status,
        error?.code ?? "control_error",
        error?.message ?? `Control call ${method} ${path} failed with HTTP ${response.status}.`,
      );
    }
    return schema ? schema.parse(json) : (undefined as T);
  }

  const org = (orgId: string) => `/orgs/${encodeURIComponent(orgId)}`;

  return {
    createOrg: (options = {}) => call("POST", "/orgs", options, CreatedOrgSchema),
    org: (orgId) => call("GET", org(orgId), undefined, OrgSummarySchema),
    createApiKey: (orgId, request = {}) =>
      call("POST", `${org(orgId)}/api-keys`, request, ApiKeySummarySchema),
    revokeApiKey: (apiKey) => call("POST", "/api-keys/revoke", { apiKey }, null),
    setFaults: (scope, faults) => call("POST", "/faults", { scope, faults }, null),
    clearFaults: (scope) => call("POST", "/faults/clear", scope ? { scope } : {}, null),
    expireTokens: (orgId) => call("POST", `${org(orgId)}/expire-tokens`, {}, null),
    mutate: (orgId, mutation) => call("POST", `${org(orgId)}/mutations`, mutation, MutationResultSchema),
    mutateMany: (orgId, mutations) =>
      call("POST", `${org(orgId)}/mutations/batch`, { mutations }, MutationBatchResultSchema),
    writes: async (orgId, kind) => {
      const query = kind ? `?kind=${encodeURIComponent(kind)}` : "";
      const body = await call("GET", `${org(orgId)}/writes${query}`, undefined, WriteRecordSchema.array());
      return body;
    },
    requestCounts: (orgId) => call("GET", `${org(orgId)}/requests`, undefined, RequestCountsSchema),
    deleteFeedback: (orgId, feedbackId) =>
      call("POST", `${org(orgId)}/feedback/${encodeURIComponent(feedbackId)}/delete`, {}, null),
    reset: () => call("POST", "/reset", {}, null),
  };
}
