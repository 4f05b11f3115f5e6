import { DomainError, type IdempotencyRecord, type IdempotencyRepository } from '@oms/order-core';
import { copy, journaledDelete, journaledSet, type InMemoryState, type Journal } from './in-memory-state';

export class InMemoryIdempotencyRepository implements IdempotencyRepository {
  constructor(
    private readonly state: InMemoryState,
    private readonly journal: Journal,
  ) {}

  async find(scope: string, key: string, now: string): Promise<IdempotencyRecord | null> {
    const record = this.state.idempotency.get(mapKey(scope, key));
    return record && record.expiresAt > now ? copy(record) : null;
  }

  async insert(record: IdempotencyRecord, now: string): Promise<void> {
    const existing = this.state.idempotency.get(mapKey(record.scope, record.key));
    if (existing && existing.expiresAt > now) {
      throw new DomainError('CONFLICT', 'This idempotency key is already in use', { entity: 'idempotency_key', field: 'key' });
    }
    journaledSet(this.journal, this.state.idempotency, mapKey(record.scope, record.key), copy(record));
  }

  async purgeExpired(now: string): Promise<number> {
    let purged = 0;
    for (const [key, record] of [...this.state.idempotency]) {
      if (record.expiresAt <= now) {
        journaledDelete(this.journal, this.state.idempotency, key);
        purged += 1;
      }
    }
    return purged;
  }
}

function mapKey(scope: string, key: string): string {
  return JSON.stringify([scope, key]);
}
