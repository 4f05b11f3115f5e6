import type { Scope } from '../auth/principal';

/** An opaque bearer token; only its hash is ever stored. */
export interface ApiToken {
  readonly id: string;
  readonly name: string;
  readonly tokenHash: string;
  /** `admin` tokens act with every scope; `integration` tokens with `scopes` only. */
  readonly role: 'admin' | 'integration';
  readonly scopes: readonly Scope[];
  readonly createdAt: string;
  readonly revokedAt: string | null;
}

export const ApiTokenRepository = Symbol.for('oms.ApiTokenRepository');
export interface ApiTokenRepository {
  /** Rejects with CONFLICT when the id or hash exists. */
  insert(token: ApiToken): Promise<void>;
  /** Resolves null on a miss; revoked tokens are returned (the caller refuses them). */
  findByHash(tokenHash: string): Promise<ApiToken | null>;
  /** Oldest first. */
  list(): Promise<readonly ApiToken[]>;
  /** Resolves false when there is no such live token. */
  revoke(id: string, at: string): Promise<boolean>;
}
