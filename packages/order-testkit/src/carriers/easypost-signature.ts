import { createHmac } from 'node:crypto';

export const EASYPOST_SIGNATURE_HEADER = 'x-hmac-signature';

/**
 * Signs a webhook body the way EasyPost does, as its official clients check it (easypost-python `validate_webhook`,
 * easypost-node `validateWebhook`): HMAC-SHA256 over the raw bytes, keyed with the NFKD-normalized secret in UTF-8,
 * sent as `X-Hmac-Signature: hmac-sha256-hex=<lower-case hex>`.
 */
export function easyPostSignature(rawBody: Uint8Array, secret: string): string {
  const key = Buffer.from(secret.normalize('NFKD'), 'utf8');
  return `hmac-sha256-hex=${createHmac('sha256', key).update(rawBody).digest('hex')}`;
}
