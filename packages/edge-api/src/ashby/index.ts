// The public surface of the Ashby client. Everything else in src/ashby is an implementation detail.
export { type AshbyClient, type AshbyClientOptions, type AshbyFetch, createAshbyClient } from "./client";
export type { AshbyPage } from "./envelope";
export {
  ASHBY_CLIENT_ERROR_CODES,
  type AshbyError,
  type AshbyErrorCode,
  AshbyErrorCodeSchema,
  AshbyErrorSchema,
  type AshbyResult,
  classifyAshbyResponse,
  classifyThrown,
  isAuthFailure,
} from "./errors";
export {
  type ListItemOf,
  type ListMethod,
  type ListParamsOf,
  listAll,
  type PaginatedPage,
  type PaginateOptions,
  type PaginationFallback,
  paginate,
  paginationFallback,
} from "./paginate";
export {
  ASHBY_ENDPOINTS,
  ASHBY_PERMISSIONS,
  type AshbyEndpoint,
  type AshbyPermission,
  type AshbyPermissionSpellings,
  ENDPOINT_PERMISSIONS,
  isAshbyPermission,
  missingPermissions,
  parseApiKeyScopes,
  permissionFor,
  permissionsFor,
  spellingsOf,
} from "./permissions";
export type * from "./requests";
export { DEFAULT_TIMEOUT_MS } from "./transport";
export * from "./types";
