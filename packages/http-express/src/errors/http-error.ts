import type { ErrorDetails } from '@oms/order-core';
import type { EdgeErrorCode } from './http-error-codes';

/** An expected failure raised by the HTTP layer itself (bad media type, missing token, unknown route). */
export class HttpError extends Error {
  override readonly name = 'HttpError';

  constructor(
    readonly code: EdgeErrorCode,
    message: string,
    readonly details: ErrorDetails = {},
    /** Extra response headers, e.g. WWW-Authenticate on a 401. */
    readonly headers: Readonly<Record<string, string>> = {},
  ) {
    super(message);
  }
}
