import { createHash } from 'node:crypto';
import { Sha256TokenHasher } from './sha256-token-hasher';

describe('Sha256TokenHasher', () => {
  const hasher = new Sha256TokenHasher();

  it('generates oms_ secrets carrying 32 random bytes in base64url', () => {
    const secrets = new Set(Array.from({ length: 50 }, () => hasher.generateSecret()));
    expect(secrets.size).toBe(50);
    for (const secret of secrets) {
      expect(secret).toMatch(/^oms_[A-Za-z0-9_-]{43}$/);
      expect(Buffer.from(secret.slice(4), 'base64url')).toHaveLength(32);
    }
  });

  it('hashes to the hex SHA-256 of the secret, deterministically', () => {
    const secret = 'oms_example';
    expect(hasher.hash(secret)).toBe(createHash('sha256').update(secret).digest('hex'));
    expect(hasher.hash(secret)).toBe(hasher.hash(secret));
    expect(hasher.hash(secret)).not.toBe(hasher.hash('oms_other'));
    expect(hasher.hash(secret)).toMatch(/^[0-9a-f]{64}$/);
  });
});
