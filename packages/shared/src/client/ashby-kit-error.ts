import type { ErrorCode } from "../errors";

/** Codes the client itself produces when no error envelope came back. */
export type ClientOnlyErrorCode = "network_error" | "invalid_response";

/** A failed call: the API's error envelope as an Error, or a client-side failure with a code of its own. */
export class AshbyKitError extends Error {
  readonly code: ErrorCode | ClientOnlyErrorCode;
  readonly status: number;
  readonly requestId: string | null;
  readonly retryable: boolean;
  readonly details: unknown;

  constructor(init: {
    code: ErrorCode | ClientOnlyErrorCode;
    message: string;
    status: number;
    requestId: string | null;
    retryable: boolean;
    details?: unknown;
  }) {
    super(init.message);
    this.name = "AshbyKitError";
    this.code = init.code;
    this.status = init.status;
    this.requestId = init.requestId;
    this.retryable = init.retryable;
    this.details = init.details;
  }
}
