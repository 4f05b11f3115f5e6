import { createHash, randomBytes } from 'node:crypto';
import type { TokenHasher } from '@oms/order-core';

/**
 * Opaque API token secrets: 256 random bits, so a plain SHA-256 digest (no salt, no stretching) is enough to store
 * and look them up by; nothing about them can be guessed.
 */
export class Sha256TokenHasher implements TokenHasher {
  /** The prefix makes leaked tokens easy to recognise in logs and secret scanners. */
  static readonly PREFIX = 'oms_';

  generateSecret(): string {
    return `${Sha256TokenHasher.PREFIX}${randomBytes(32).toString('base64url')}`;
  }

  hash(secret: string): string {
    return createHash('sha256').update(secret, 'utf8').digest('hex');
  }
}
