export * from "./api/audit-events";
export * from "./api/connection";
export * from "./api/feedback";
export * from "./api/host-events";
export * from "./api/meetings";
export * from "./api/push-settings";
export * from "./api/pushes";
export * from "./api/records";
export * from "./api/requirements";
export * from "./api/routes";
export * from "./api/sessions";
export * from "./api/sync-endpoints";
export * from "./api/sync-runs";
export * from "./api/tenants";
export * from "./api/webhooks";
export * from "./api/writes";
export * from "./client";
export {
  type ApiErrorBody,
  ApiErrorBodySchema,
  defaultMessageForCode,
  ERROR_CATALOG,
  ERROR_CODES,
  type ErrorCode,
  ErrorCodeSchema,
  isRetryableCode,
  statusForCode,
} from "./errors";
