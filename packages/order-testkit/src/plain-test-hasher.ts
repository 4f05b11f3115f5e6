import type { TokenHasher } from '@oms/order-core';

/** A deterministic, NON-cryptographic TokenHasher for tests only; production uses Sha256TokenHasher. */
export class PlainTestHasher implements TokenHasher {
  private counter = 0;

  generateSecret(): string {
    this.counter += 1;
    return `test_secret_${this.counter}`;
  }

  hash(secret: string): string {
    return `hashed:${[...secret].reverse().join('')}`;
  }
}
