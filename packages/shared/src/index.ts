export {
  ApiErrorBodySchema,
  type ApiErrorBody,
  ERROR_CATALOG,
  ERROR_CODES,
  ErrorCodeSchema,
  type ErrorCode,
  defaultMessageForCode,
  isRetryableCode,
  statusForCode,
} from "./errors";
