import { API_ERROR_STATUS, type ApiErrorCode } from '../protocol/http';

/** A refusal with its contract code (server/protocol/http.ts); the API answers it as `{error: {code, message, ...}}`. */
export class HttpError extends Error {
  readonly status: number;
  constructor(
    readonly code: ApiErrorCode,
    message: string,
    readonly retryAfterSeconds?: number,
    /** With `policy-refused`: the sandbox's LoadError kind. */
    readonly kind?: string,
  ) {
    super(message);
    this.status = API_ERROR_STATUS[code];
  }
}
