import type { ErrorCode } from '@oms/order-core';

/** Failures that only exist at the HTTP edge, before a request reaches the core. */
export type EdgeErrorCode =
  | 'BAD_REQUEST'
  | 'MALFORMED_JSON'
  | 'UNAUTHENTICATED'
  | 'PAYLOAD_TOO_LARGE'
  | 'UNSUPPORTED_MEDIA_TYPE'
  | 'ROUTE_NOT_FOUND'
  | 'TOO_MANY_REQUESTS'
  | 'SERVICE_UNAVAILABLE'
  | 'DOCUMENTS_UNAVAILABLE'
  | 'INTERNAL_ERROR';

export type HttpErrorCode = ErrorCode | EdgeErrorCode;

/**
 * The one place where error codes become statuses. A Record over the union makes it exhaustive: a code added to the
 * core without a status here fails to compile.
 */
export const HTTP_STATUS_BY_CODE: Readonly<Record<HttpErrorCode, number>> = {
  VALIDATION_FAILED: 422,
  NOT_FOUND: 404,
  FORBIDDEN: 403,
  UNAUTHENTICATED: 401,
  CONFLICT: 409,
  INVALID_TRANSITION: 409,
  VERSION_CONFLICT: 409,
  PRECONDITION_FAILED: 412,
  IDEMPOTENCY_CONFLICT: 422,
  /** details.items lists each short line: {sku, product_id, requested, available}. */
  INSUFFICIENT_STOCK: 422,
  /** An attachment over the size limit (details.max_bytes); nothing is stored. */
  FILE_TOO_LARGE: 413,
  /** An attachment whose bytes are not an accepted type (details.detected, details.allowed). */
  UNSUPPORTED_FILE_TYPE: 415,
  /** A coupon that cannot apply to this cart (details.reason: expired, exhausted, minimum not met, ...). */
  COUPON_NOT_APPLICABLE: 422,
  /**
   * A carrier refused the call or could not be reached (details.carrier, details.retryable): the request was fine but
   * the upstream it needs failed, so 502 Bad Gateway. Nothing was recorded; retry later when details.retryable is true.
   */
  CARRIER_FAILED: 502,
  BAD_REQUEST: 400,
  MALFORMED_JSON: 400,
  PAYLOAD_TOO_LARGE: 413,
  UNSUPPORTED_MEDIA_TYPE: 415,
  ROUTE_NOT_FOUND: 404,
  /** A client over a rate limit (public order tracking); Retry-After says when to try again. */
  TOO_MANY_REQUESTS: 429,
  SERVICE_UNAVAILABLE: 503,
  /** No document renderer on this server (no Chromium): packing slips, invoices, pick lists and labels cannot be made. */
  DOCUMENTS_UNAVAILABLE: 503,
  INTERNAL_ERROR: 500,
};

export function httpStatusOf(code: HttpErrorCode): number {
  return HTTP_STATUS_BY_CODE[code];
}
