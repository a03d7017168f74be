// Public surface of @ashby-kit/ashby-emulator. Runs anywhere fetch does (Node, workerd): no node: imports
// here or in anything this file imports. Node server: "@ashby-kit/ashby-emulator/node".
// Spec validation: "@ashby-kit/ashby-emulator/conformance".

export type { EmulatorControl, FetchLike } from "./control-client.ts";
export { createEmulatorControl, EmulatorControlError } from "./control-client.ts";
export type {
  ApiKeySummary,
  CreateApiKeyRequest,
  CreatedOrg,
  FailNext,
  FaultScope,
  Faults,
  Mutation,
  MutationBatch,
  MutationBatchResult,
  MutationResult,
  OrgOptions,
  OrgSummary,
  RequestCounts,
  WriteKind,
  WriteRecord,
} from "./control-contract.ts";
export {
  FaultsSchema,
  MutationSchema,
  OrgOptionsSchema,
  WRITE_KINDS,
} from "./control-contract.ts";
export type { Emulator, EmulatorOptions } from "./emulator.ts";
export { createEmulator, DEFAULT_BASE_URL } from "./emulator.ts";
export { ENDPOINT_NAMES } from "./endpoints/names.ts";
export type { Permission } from "./permissions.ts";
export { PERMISSIONS, permissionToScope } from "./permissions.ts";
