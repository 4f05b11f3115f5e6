import { tableNames } from '../testing/schema-introspection';
import type { OutboxMessage } from '@oms/order-core';
import { anOrder, rejectionCode } from '@oms/order-testkit';
import type { LogEvent } from 'kysely';
import type { OmsDatabase } from '../connect-database';
import { KyselyOutboxRepository } from '../kysely-outbox-repository';
import { KyselyUnitOfWork } from '../kysely-unit-of-work';
import { testTargets, type TestDatabase } from '../testing/test-databases';
import { migrateTo, migrateToLatest } from './migrate-to-latest';

const AT = '2026-03-20T12:00:00.000Z';

function aMessage(overrides: Partial<OutboxMessage> = {}): OutboxMessage {
  return {
    id: 'msg_1',
    topic: 'customer_email',
    payload: { to: 'jane@example.com', subject: 'Order ORD-00001 has shipped', text: 'Hello' },
    status: 'pending',
    attempts: 0,
    availableAt: AT,
    lastError: null,
    createdAt: AT,
    updatedAt: AT,
    ...overrides,
  };
}


for (const target of testTargets()) {
  describe(`0005_outbox on ${target.name}`, () => {
    let current: TestDatabase | undefined;
    const database = (): OmsDatabase => current!.database;
    const queries: string[] = [];
    beforeEach(async () => {
      queries.length = 0;
      current = await target.connect({ log: (event: LogEvent) => void queries.push(event.query.sql) });
    });
    afterEach(async () => {
      await current?.close();
      current = undefined;
    });

    it('upgrades a database at 0004_commerce keeping its data, and goes down and up again', async () => {
      await migrateTo(database(), '0004_commerce');
      expect(await tableNames(database())).not.toContain('outbox_messages');
      const order = anOrder();
      await new KyselyUnitOfWork(database()).repositories.orders.insert(order);

      expect(await migrateToLatest(database())).toEqual(['0005_outbox', '0006_fulfillment', '0007_invoices'].map((name) => ({ name, status: 'Success' })));
      const repos = new KyselyUnitOfWork(database()).repositories;
      expect(await repos.orders.findById(order.id)).toEqual(order);
      await repos.outbox.enqueue([aMessage()]);
      expect(await repos.outbox.findById('msg_1')).toEqual(aMessage());

      expect(await migrateTo(database(), '0004_commerce')).toEqual(['0007_invoices', '0006_fulfillment', '0005_outbox'].map((name) => ({ name, status: 'Success' })));
      expect(await tableNames(database())).not.toContain('outbox_messages');
      await migrateToLatest(database());
      expect(await new KyselyUnitOfWork(database()).repositories.orders.findById(order.id)).toEqual(order);
    });

    it('claims with one guarded statement (skipping rows other claimers hold on PostgreSQL), oldest first', async () => {
      await migrateToLatest(database());
      const outbox = new KyselyOutboxRepository(database().db, database().dialect);
      await outbox.enqueue([aMessage({ id: 'msg_b' }), aMessage({ id: 'msg_a' }), aMessage({ id: 'msg_0', createdAt: '2026-03-20T13:00:00.000Z' })]);
      queries.length = 0;
      const lease = '2026-03-20T12:06:00.000Z';
      const claimed = await outbox.claim('2026-03-20T12:05:00.000Z', lease, 10);
      expect(claimed.map((m) => m.id)).toEqual(['msg_a', 'msg_b', 'msg_0']);
      expect(claimed.every((m) => m.availableAt === lease)).toBe(true);
      expect(queries).toHaveLength(1);
      const statement = queries[0]!.replace(/\s+/g, ' ').toLowerCase();
      expect(statement).toMatch(/^update "outbox_messages" set "available_at" = \S+ where "id" in \(select .* limit \S+( for update skip locked)?\) and "status" = \S+ and "available_at" <= \S+ returning \*$/);
      expect(statement.includes('for update skip locked')).toBe(database().dialect === 'postgres');
      expect(await outbox.claim('2026-03-20T12:05:00.000Z', lease, 0)).toEqual([]);
    });

    it('enqueues many messages all or nothing, beyond one INSERT', async () => {
      await migrateToLatest(database());
      const repos = new KyselyUnitOfWork(database()).repositories;
      const many = Array.from({ length: 1_001 }, (_, i) => aMessage({ id: `msg_${String(i).padStart(5, '0')}` }));
      const clash = [...many.slice(0, 1_000), aMessage({ id: 'msg_00000' })];
      expect(await rejectionCode(repos.outbox.enqueue(clash))).toEqual({ code: 'CONFLICT', details: { entity: 'outbox_message', field: 'id' } });
      expect(await repos.outbox.findById('msg_00000')).toBeNull();
      await repos.outbox.enqueue(many);
      expect(await repos.outbox.claim('2026-03-20T12:05:00.000Z', '2026-03-20T12:06:00.000Z', 2_000)).toHaveLength(1_001);
    });
  });
}
