import type { Order, UnitOfWork } from '@oms/order-core';
import { anOrder } from '../builders';
import { rejectionCode, useFixture, type PersistenceFactory } from './persistence-fixture';

async function storedOrders(uow: UnitOfWork, count: number): Promise<Order[]> {
  const orders = Array.from({ length: count }, () => anOrder());
  await uow.transaction(async (r) => {
    for (const order of orders) await r.orders.insert(order);
  });
  return orders;
}

const numberOf = (n: number) => `INV-${String(n).padStart(6, '0')}`;

export function describeInvoiceRepositoryContract(name: string, factory: PersistenceFactory): void {
  describe(`InvoiceRepository contract: ${name}`, () => {
    const uow = useFixture(factory);

    it('numbers invoices 1, 2, 3 and keeps each one', async () => {
      const [a, b] = await storedOrders(uow(), 2);
      const first = await uow().transaction((r) => r.invoices.issue(a!.id, '2026-03-20T12:00:00.000Z', numberOf));
      expect(first).toEqual({ orderId: a!.id, sequence: 1, number: 'INV-000001', issuedAt: '2026-03-20T12:00:00.000Z' });
      const second = await uow().transaction((r) => r.invoices.issue(b!.id, '2026-03-21T12:00:00.000Z', numberOf));
      expect(second.sequence).toBe(2);
      expect(await uow().repositories.invoices.findByOrder(a!.id)).toEqual(first);
      expect(await uow().repositories.invoices.findByOrder('order_none')).toBeNull();
      expect(await rejectionCode(uow().transaction((r) => r.invoices.issue(a!.id, '2026-03-22T00:00:00.000Z', numberOf)))).toMatchObject({ code: 'CONFLICT' });
    });

    it('leaves no gap when the transaction that took a number rolls back', async () => {
      const [a, b] = await storedOrders(uow(), 2);
      await expect(
        uow().transaction(async (r) => {
          await r.invoices.issue(a!.id, '2026-03-20T12:00:00.000Z', numberOf);
          throw new Error('boom');
        }),
      ).rejects.toThrow('boom');
      expect(await uow().repositories.invoices.findByOrder(a!.id)).toBeNull();
      const next = await uow().transaction((r) => r.invoices.issue(b!.id, '2026-03-20T12:00:00.000Z', numberOf));
      expect(next.sequence).toBe(1);
    });

    it('gives concurrent first invoices distinct numbers without gaps', async () => {
      const orders = await storedOrders(uow(), 12);
      const issued = await Promise.all(orders.map((o) => uow().transaction((r) => r.invoices.issue(o.id, '2026-03-20T12:00:00.000Z', numberOf))));
      expect(issued.map((i) => i.sequence).sort((x, y) => x - y)).toEqual(Array.from({ length: 12 }, (_, i) => i + 1));
    });
  });
}
