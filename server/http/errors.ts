import { API_ERROR_STATUS, type ApiErrorCode } from '../protocol/http';

/** A refusal of the API: its code (and so its status), a message for people, and what the code carries. */
export class HttpError extends Error {
  readonly status: number;
  constructor(readonly code: ApiErrorCode, message: string, readonly retryAfterSeconds?: number, readonly kind?: string) {
    super(message);
    this.status = API_ERROR_STATUS[code];
  }
}
