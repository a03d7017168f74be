// The partner client: one typed function per endpoint of the contract.
export { AshbyKitError, type ClientOnlyErrorCode } from "./ashby-kit-error";
export {
  type AshbyKitClient,
  type AshbyKitClientOptions,
  createAshbyKitClient,
  type EndpointInput,
  type EndpointOutput,
  type FetchLike,
} from "./create-client";
