import { API_ERROR_STATUS, type ApiError, type ApiErrorCode } from '../protocol/http';
import type { PolicyLoadErrorDetail } from '../protocol/policies';

/** A refusal with its contract code (server/protocol/http.ts); the API answers it as `{error: {code, message, ...}}`. */
export class HttpError extends Error {
  readonly status: number;
  /** Extra fields of the error object, as the contract allows for the code (e.g. `policy`). */
  detail?: Partial<ApiError>;
  constructor(readonly code: ApiErrorCode, message: string, readonly retryAfterSeconds?: number) {
    super(message);
    this.status = API_ERROR_STATUS[code];
  }
}

/**
 * Code the sandbox refused to load, from whichever route took it (policy runs, the lab,
 * the arena): one answer, 400 `invalid-policy`, with the load error's kind, its place
 * where the compiler gave one, and the fault that stopped a module's top level.
 */
export function invalidPolicy(failure: PolicyLoadErrorDetail & { message: string }): HttpError {
  const err = new HttpError('invalid-policy', `${failure.kind}: ${failure.message}`);
  err.detail = { policy: { kind: failure.kind, line: failure.line, column: failure.column, fault: failure.fault } };
  return err;
}
