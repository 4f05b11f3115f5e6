import type { IdempotencyRecord } from '@oms/order-core';
import { rejectionCode, useFixture, type PersistenceFactory } from './persistence-fixture';

function aRecord(overrides: Partial<IdempotencyRecord> = {}): IdempotencyRecord {
  return {
    scope: 'staff:u1',
    key: 'key-1',
    operation: 'place_order',
    fingerprint: '{"a":1}',
    result: { id: 'order_1', total: 999_999_999_999_999, nested: { list: [1, 'two', null] } },
    createdAt: '2026-03-20T12:00:00.000Z',
    expiresAt: '2026-03-21T12:00:00.000Z',
    ...overrides,
  };
}

export function describeIdempotencyRepositoryContract(name: string, factory: PersistenceFactory): void {
  describe(`IdempotencyRepository contract: ${name}`, () => {
    const uow = useFixture(factory);
    const now = '2026-03-20T13:00:00.000Z';

    it('finds a live record by scope and key only', async () => {
      const record = aRecord();
      await uow().transaction((r) => r.idempotency.insert(record, now));
      expect(await uow().repositories.idempotency.find('staff:u1', 'key-1', now)).toEqual(record);
      expect(await uow().repositories.idempotency.find('staff:u2', 'key-1', now)).toBeNull();
      expect(await uow().repositories.idempotency.find('staff:u1', 'key-2', now)).toBeNull();
      expect(await uow().repositories.idempotency.find('staff:u1', 'key-1', '2026-03-21T12:00:00.000Z')).toBeNull();
    });

    it('refuses a second live record for the same scope and key with CONFLICT on idempotency_key', async () => {
      await uow().transaction((r) => r.idempotency.insert(aRecord(), now));
      const result = await rejectionCode(uow().transaction((r) => r.idempotency.insert(aRecord({ fingerprint: 'other' }), now)));
      expect(result.code).toBe('CONFLICT');
      expect(result.details).toMatchObject({ entity: 'idempotency_key' });
      await uow().transaction((r) => r.idempotency.insert(aRecord({ scope: 'staff:u2' }), now));
      expect(await uow().repositories.idempotency.find('staff:u2', 'key-1', now)).not.toBeNull();
    });

    it('replaces an expired record and purges expired ones', async () => {
      await uow().transaction((r) => r.idempotency.insert(aRecord({ expiresAt: '2026-03-20T12:30:00.000Z' }), now));
      const fresh = aRecord({ fingerprint: 'new', createdAt: now, expiresAt: '2026-03-21T13:00:00.000Z' });
      await uow().transaction((r) => r.idempotency.insert(fresh, now));
      expect(await uow().repositories.idempotency.find('staff:u1', 'key-1', now)).toEqual(fresh);
      await uow().transaction((r) => r.idempotency.insert(aRecord({ key: 'old', expiresAt: '2026-03-20T12:59:59.999Z' }), '2026-03-20T12:00:00.000Z'));
      expect(await uow().transaction((r) => r.idempotency.purgeExpired(now))).toBe(1);
      expect(await uow().repositories.idempotency.find('staff:u1', 'key-1', now)).toEqual(fresh);
    });
  });
}
