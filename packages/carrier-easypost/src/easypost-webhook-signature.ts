import { createHmac, timingSafeEqual } from 'node:crypto';
import type { CarrierWebhookRequest } from '@oms/order-core';

export const EASYPOST_SIGNATURE_HEADER = 'x-hmac-signature';

function header(headers: CarrierWebhookRequest['headers'], name: string): string | undefined {
  if (headers[name] !== undefined) return headers[name];
  const key = Object.keys(headers).find((k) => k.toLowerCase() === name);
  return key === undefined ? undefined : headers[key];
}

/**
 * EasyPost's webhook signature, checked the way its official clients do (easypost-python `validate_webhook`,
 * easypost-node `validateWebhook`): `X-Hmac-Signature: hmac-sha256-hex=<hex>`, the HMAC-SHA256 of the raw body keyed
 * with the secret normalized to NFKD and encoded in UTF-8, compared in constant time.
 */
export function verifyEasyPostSignature(request: CarrierWebhookRequest, secret: string | null): boolean {
  if (secret === null) return false;
  const given = header(request.headers, EASYPOST_SIGNATURE_HEADER);
  if (typeof given !== 'string') return false;
  const key = Buffer.from(secret.normalize('NFKD'), 'utf8');
  const expected = Buffer.from(`hmac-sha256-hex=${createHmac('sha256', key).update(request.rawBody).digest('hex')}`, 'utf8');
  const actual = Buffer.from(given.trim(), 'utf8');
  return actual.length === expected.length && timingSafeEqual(actual, expected);
}
