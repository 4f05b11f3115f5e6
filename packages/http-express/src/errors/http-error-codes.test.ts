import { ERROR_CODES } from '@oms/order-core';
import { HTTP_STATUS_BY_CODE } from './http-error-codes';

describe('HTTP_STATUS_BY_CODE', () => {
  it('gives every core error code a client error status, but a failing carrier a 502', () => {
    for (const code of ERROR_CODES) {
      const status = HTTP_STATUS_BY_CODE[code];
      if (code === 'CARRIER_FAILED') {
        expect(status).toBe(502);
        continue;
      }
      expect(status).toBeGreaterThanOrEqual(400);
      expect(status).toBeLessThan(500);
    }
  });

  it('maps the core codes as the native API documents', () => {
    expect(HTTP_STATUS_BY_CODE).toMatchObject({
      VALIDATION_FAILED: 422,
      NOT_FOUND: 404,
      FORBIDDEN: 403,
      UNAUTHENTICATED: 401,
      CONFLICT: 409,
      INVALID_TRANSITION: 409,
      VERSION_CONFLICT: 409,
      PRECONDITION_FAILED: 412,
      IDEMPOTENCY_CONFLICT: 422,
      INSUFFICIENT_STOCK: 422,
      FILE_TOO_LARGE: 413,
      UNSUPPORTED_FILE_TYPE: 415,
      COUPON_NOT_APPLICABLE: 422,
      CARRIER_FAILED: 502,
      MALFORMED_JSON: 400,
      PAYLOAD_TOO_LARGE: 413,
      UNSUPPORTED_MEDIA_TYPE: 415,
      ROUTE_NOT_FOUND: 404,
      INTERNAL_ERROR: 500,
    });
  });
});
