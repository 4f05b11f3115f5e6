import type { JsonValue } from '../shared/json';

export interface IdempotencyRecord {
  /** Who sent the key: keys never collide across callers. */
  readonly scope: string;
  readonly key: string;
  readonly operation: string;
  /** Canonical JSON of the request the key was first used with. */
  readonly fingerprint: string;
  /** What the first request produced, replayed to every retry. */
  readonly result: JsonValue;
  readonly createdAt: string;
  readonly expiresAt: string;
}

export const IdempotencyRepository = Symbol.for('oms.IdempotencyRepository');
export interface IdempotencyRepository {
  /** The live record for (scope, key) at `now`; null when there is none or it has expired. */
  find(scope: string, key: string, now: string): Promise<IdempotencyRecord | null>;
  /**
   * Rejects with DomainError CONFLICT, details.entity = 'idempotency_key', when a live record holds (scope, key)
   * (PlaceOrder retries on exactly that to replay a concurrent twin); an expired record is replaced.
   */
  insert(record: IdempotencyRecord, now: string): Promise<void>;
  /** Deletes expired records; resolves how many. */
  purgeExpired(now: string): Promise<number>;
}
