/**
 * Ashby's envelope. Success: `{ success: true, results, moreDataAvailable?, nextCursor?, syncToken? }`.
 * Failure: `{ success: false, errors: [code], errorInfo: { code, message, requestId } }` — HTTP 200 for
 * business errors (Ashby's "would-be 4xx"), 401/403/429/5xx only where Ashby uses them.
 */
export class AshbyError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly httpStatus = 200,
    readonly headers: Record<string, string> = {},
    readonly meta?: Record<string, unknown>,
  ) {
    super(message);
    this.name = "AshbyError";
  }
}

export interface SuccessPayload {
  results: unknown;
  moreDataAvailable?: boolean;
  nextCursor?: string;
  syncToken?: string;
}

export function successBody(payload: SuccessPayload): Record<string, unknown> {
  const body: Record<string, unknown> = { success: true, results: payload.results };
  if (payload.moreDataAvailable !== undefined) body.moreDataAvailable = payload.moreDataAvailable;
  if (payload.nextCursor !== undefined) body.nextCursor = payload.nextCursor;
  if (payload.syncToken !== undefined) body.syncToken = payload.syncToken;
  return body;
}

export function errorBody(code: string, message: string, requestId: string, meta?: Record<string, unknown>) {
  return {
    success: false as const,
    errors: [code],
    errorInfo: meta ? { code, message, requestId, meta } : { code, message, requestId },
  };
}

export const notFound = (what: string, id: unknown) =>
  new AshbyError(`${what}_not_found`, `No ${what.replace(/_/g, " ")} with id ${JSON.stringify(id)} exists.`);

export const invalidInput = (message: string) => new AshbyError("invalid_input", message);
