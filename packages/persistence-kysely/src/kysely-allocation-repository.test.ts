import type { Backorder, Order } from '@oms/order-core';
import { anOrder } from '@oms/order-testkit';
import type { CompiledQuery, LogEvent } from 'kysely';
import { KyselyUnitOfWork } from './kysely-unit-of-work';
import { testTargets, type TestDatabase } from './testing/test-databases';

function backorders(order: Order, count: number): Backorder[] {
  const line = order.lines[0]!;
  return Array.from({ length: count }, (_, i) => ({
    id: `bo_${String(i).padStart(3, '0')}`,
    kind: 'backorder',
    orderId: order.id,
    lineId: line.id,
    productId: line.productId,
    quantity: 1,
    requestedQuantity: 1,
    expectedDate: null,
    status: 'waiting',
    version: 1,
    createdAt: '2026-03-20T12:00:00.000Z',
    updatedAt: '2026-03-20T12:00:00.000Z',
  }));
}

// The total of a backorder page: told by the page itself when it ends the list, counted otherwise.
for (const target of testTargets()) {
  describe(`KyselyAllocationRepository.listBackorders totals on ${target.name}`, () => {
    let current: TestDatabase | undefined;
    let queries: CompiledQuery[] = [];
    beforeEach(async () => {
      current = await target.open({ log: (event: LogEvent) => void queries.push(event.query) });
    });
    afterEach(async () => {
      await current?.close();
      current = undefined;
    });

    it('answers the total of every page, counting only when the page does not end the list', async () => {
      const uow = new KyselyUnitOfWork(current!.database);
      const order = anOrder();
      await uow.transaction(async (r) => {
        await r.orders.insert(order);
        await r.allocations.insertBackorders(backorders(order, 5));
      });
      const repo = uow.repositories.allocations;
      const page = async (limit: number, offset: number) => {
        queries = [];
        const result = await repo.listBackorders({ orderId: order.id, limit, offset });
        return { ids: result.items.map((b) => b.id), total: result.total, statements: queries.length };
      };
      expect(await page(10, 0)).toEqual({ ids: ['bo_000', 'bo_001', 'bo_002', 'bo_003', 'bo_004'], total: 5, statements: 1 });
      expect(await page(2, 0)).toEqual({ ids: ['bo_000', 'bo_001'], total: 5, statements: 2 });
      expect(await page(5, 0)).toEqual({ ids: ['bo_000', 'bo_001', 'bo_002', 'bo_003', 'bo_004'], total: 5, statements: 2 });
      expect(await page(2, 4)).toEqual({ ids: ['bo_004'], total: 5, statements: 1 });
      expect(await page(2, 3)).toEqual({ ids: ['bo_003', 'bo_004'], total: 5, statements: 2 });
      expect(await page(2, 7)).toEqual({ ids: [], total: 5, statements: 2 });
      expect(await page(0, 0)).toEqual({ ids: [], total: 5, statements: 2 });
      queries = [];
      expect(await repo.listBackorders({ orderId: 'order_none', limit: 10, offset: 0 })).toEqual({ items: [], total: 0 });
      expect(queries).toHaveLength(1);
      expect((await repo.listBackorders({ orderId: order.id, statuses: [], limit: 10, offset: 0 })).total).toBe(0);
    });
  });
}
