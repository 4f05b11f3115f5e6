import type { OrderEvent } from '@oms/order-core';
import { anOrder } from '../builders';
import { useFixture, type PersistenceFactory } from './persistence-fixture';

export function describeOrderEventRepositoryContract(name: string, factory: PersistenceFactory): void {
  describe(`OrderEventRepository contract: ${name}`, () => {
    const uow = useFixture(factory);

    it('returns an order’s events oldest first, exactly as appended, and no other order’s', async () => {
      const order = anOrder();
      const other = anOrder();
      const actor = { kind: 'staff', id: 'u1', display: 'marc@example.com' } as const;
      const events: OrderEvent[] = [
        { id: 'evt_003', orderId: order.id, type: 'status_changed', actor, at: '2026-03-20T13:00:00.000Z', data: { from: 'pending', to: 'cancelled', reason: 'Asked', refundRequested: true } },
        { id: 'evt_001', orderId: order.id, type: 'order_placed', actor, at: '2026-03-20T12:00:00.000Z', data: { status: 'pending', total: 5998, currency: 'USD' } },
        { id: 'evt_002', orderId: order.id, type: 'status_changed', actor, at: '2026-03-20T13:00:00.000Z', data: { from: 'pending', to: 'pending', reason: null, trackingNumber: 'TRK1', carrier: 'UPS', notifyCustomer: true } },
        { id: 'evt_004', orderId: other.id, type: 'order_placed', actor: { kind: 'system', id: 'cli', display: 'cli' }, at: '2026-03-20T12:00:00.000Z', data: { status: 'pending', total: 1, currency: 'USD' } },
      ];
      await uow().transaction(async (r) => {
        await r.orders.insert(order);
        await r.orders.insert(other);
        await r.orderEvents.append(events);
      });
      const read = await uow().repositories.orderEvents.listForOrder(order.id);
      expect(read).toEqual([events[1], events[2], events[0]]);
      const repo = uow().repositories.orderEvents;
      expect(await repo.pageForOrder(order.id, { limit: 2, offset: 1 })).toEqual({ items: [events[2], events[0]], total: 3 });
      expect(await repo.pageForOrder(order.id, { types: ['order_placed'], limit: 10, offset: 0 })).toEqual({ items: [events[1]], total: 1 });
      expect(await repo.pageForOrder(order.id, { types: ['note_added'], limit: 10, offset: 0 })).toEqual({ items: [], total: 0 });
      expect(await uow().repositories.orderEvents.listForOrder('order_missing')).toEqual([]);
    });
  });
}
