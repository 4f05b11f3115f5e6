/** Makes and hashes opaque bearer secrets; implemented with real cryptography outside the core. */
export const TokenHasher = Symbol.for('oms.TokenHasher');
export interface TokenHasher {
  /** A new random secret, suitable as a bearer token. */
  generateSecret(): string;
  /** A one-way digest to store and look up by; equal secrets give equal digests. */
  hash(secret: string): string;
}
