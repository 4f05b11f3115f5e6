import type { OutboxMessage } from '@oms/order-core';
import { useFixture, type PersistenceFactory } from './persistence-fixture';

function aMessage(overrides: Partial<OutboxMessage> = {}): OutboxMessage {
  return {
    id: 'msg_1',
    topic: 'customer_email',
    payload: { to: 'jane@example.com', subject: 'Order ORD-00001 has shipped', text: 'Hello' },
    status: 'pending',
    attempts: 0,
    availableAt: '2026-03-20T12:00:00.000Z',
    lastError: null,
    createdAt: '2026-03-20T12:00:00.000Z',
    updatedAt: '2026-03-20T12:00:00.000Z',
    ...overrides,
  };
}

export function describeOutboxRepositoryContract(name: string, factory: PersistenceFactory): void {
  describe(`OutboxRepository contract: ${name}`, () => {
    const uow = useFixture(factory);
    const now = '2026-03-20T12:05:00.000Z';
    const lease = '2026-03-20T12:06:00.000Z';

    it('claims due pending messages oldest first, each once until its lease runs out', async () => {
      const second = aMessage({ id: 'msg_2', createdAt: '2026-03-20T12:01:00.000Z' });
      await uow().transaction((r) =>
        r.outbox.enqueue([second, aMessage(), aMessage({ id: 'msg_late', availableAt: '2026-03-20T13:00:00.000Z' }), aMessage({ id: 'msg_sent', status: 'sent' })]),
      );
      const claimed = await uow().transaction((r) => r.outbox.claim(now, lease, 10));
      expect(claimed.map((m) => m.id)).toEqual(['msg_1', 'msg_2']);
      expect(claimed[0]).toEqual({ ...aMessage(), availableAt: lease });
      expect(await uow().transaction((r) => r.outbox.claim(now, lease, 10))).toEqual([]);
      expect((await uow().transaction((r) => r.outbox.claim('2026-03-20T12:06:00.000Z', '2026-03-20T12:07:00.000Z', 1))).map((m) => m.id)).toEqual(['msg_1']);
    });

    it('never gives one message to two concurrent claimers', async () => {
      await uow().transaction((r) => r.outbox.enqueue(Array.from({ length: 30 }, (_, i) => aMessage({ id: `msg_${String(i).padStart(2, '0')}` }))));
      const batches = await Promise.all(Array.from({ length: 6 }, () => uow().transaction((r) => r.outbox.claim(now, lease, 10))));
      const ids = batches.flat().map((m) => m.id);
      expect(ids).toHaveLength(30);
      expect(new Set(ids).size).toBe(30);
    });

    it('records attempts and outcomes', async () => {
      await uow().transaction((r) => r.outbox.enqueue([aMessage()]));
      const failed = aMessage({ attempts: 1, lastError: 'connection refused', availableAt: '2026-03-20T12:00:30.000Z', updatedAt: now });
      await uow().transaction((r) => r.outbox.update(failed));
      expect(await uow().repositories.outbox.findById('msg_1')).toEqual(failed);
      expect(await uow().repositories.outbox.findById('msg_none')).toBeNull();
    });
  });
}
