import { DomainError, type IdempotencyRecord, type IdempotencyRepository } from '@oms/order-core';
import type { Kysely } from 'kysely';
import type { DatabaseSchema } from './database-schema';
import { readJsonColumn, writeJsonColumn } from './json-column';
import { toStoredTimestamp } from './stored-timestamp';

/** A record is live while `now < expires_at`; at its expiry instant it is gone. */
export class KyselyIdempotencyRepository implements IdempotencyRepository {
  constructor(private readonly db: Kysely<DatabaseSchema>) {}

  async find(scope: string, key: string, now: string): Promise<IdempotencyRecord | null> {
    const row = await this.db
      .selectFrom('idempotency_keys')
      .selectAll()
      .where('scope', '=', scope)
      .where('key', '=', key)
      .where('expires_at', '>', toStoredTimestamp(now, 'now'))
      .executeTakeFirst();
    if (!row) return null;
    return {
      scope: row.scope,
      key: row.key,
      operation: row.operation,
      fingerprint: row.fingerprint,
      result: readJsonColumn(row.result, 'idempotency_keys.result'),
      createdAt: row.created_at,
      expiresAt: row.expires_at,
    };
  }

  async insert(record: IdempotencyRecord, now: string): Promise<void> {
    const at = toStoredTimestamp(now, 'now');
    await this.db
      .deleteFrom('idempotency_keys')
      .where('scope', '=', record.scope)
      .where('key', '=', record.key)
      .where('expires_at', '<=', at)
      .execute();
    // ON CONFLICT DO NOTHING rather than catching the violation: on PostgreSQL a failed INSERT would poison the
    // caller's transaction, and PlaceOrder wants to handle this CONFLICT by retrying, not by losing its transaction.
    const result = await this.db
      .insertInto('idempotency_keys')
      .values({
        scope: record.scope,
        key: record.key,
        operation: record.operation,
        fingerprint: record.fingerprint,
        result: writeJsonColumn(record.result),
        created_at: toStoredTimestamp(record.createdAt, 'createdAt'),
        expires_at: toStoredTimestamp(record.expiresAt, 'expiresAt'),
      })
      .onConflict((oc) => oc.columns(['scope', 'key']).doNothing())
      .executeTakeFirst();
    if ((result.numInsertedOrUpdatedRows ?? 0n) === 0n) {
      // PlaceOrder recognises entity 'idempotency_key' to retry and replay the first request's result.
      throw new DomainError('CONFLICT', 'This idempotency key is already in use', { entity: 'idempotency_key', field: 'key' });
    }
  }

  async purgeExpired(now: string): Promise<number> {
    const result = await this.db.deleteFrom('idempotency_keys').where('expires_at', '<=', toStoredTimestamp(now, 'now')).executeTakeFirst();
    return Number(result.numDeletedRows);
  }
}
