import { DEFAULT_WAREHOUSE_ID, type Backorder, type Order, type Reservation, type UnitOfWork } from '@oms/order-core';
import { anOrder } from '../builders';
import { useFixture, type PersistenceFactory } from './persistence-fixture';

async function storedOrder(uow: UnitOfWork): Promise<Order> {
  const order = anOrder();
  await uow.transaction((r) => r.orders.insert(order));
  return order;
}

function aReservation(order: Order, overrides: Partial<Reservation> = {}): Reservation {
  const line = order.lines[0]!;
  return {
    id: 'res_1',
    allocationId: 'alloc_1',
    orderId: order.id,
    lineId: line.id,
    productId: line.productId,
    warehouseId: DEFAULT_WAREHOUSE_ID,
    quantity: 2,
    status: 'held',
    shipmentId: null,
    createdAt: '2026-03-20T12:00:00.000Z',
    updatedAt: '2026-03-20T12:00:00.000Z',
    ...overrides,
  };
}

function aBackorder(order: Order, overrides: Partial<Backorder> = {}): Backorder {
  const line = order.lines[0]!;
  return {
    id: 'bo_1',
    kind: 'backorder',
    orderId: order.id,
    lineId: line.id,
    productId: line.productId,
    quantity: 3,
    requestedQuantity: 3,
    expectedDate: null,
    status: 'waiting',
    version: 1,
    createdAt: '2026-03-20T12:00:00.000Z',
    updatedAt: '2026-03-20T12:00:00.000Z',
    ...overrides,
  };
}

export function describeAllocationRepositoryContract(name: string, factory: PersistenceFactory): void {
  describe(`AllocationRepository contract: ${name}`, () => {
    const uow = useFixture(factory);

    it('stores reservations per order, oldest first, and changes their status', async () => {
      const order = await storedOrder(uow());
      const other = await storedOrder(uow());
      const second = aReservation(order, { id: 'res_2', quantity: 1, createdAt: '2026-03-20T13:00:00.000Z', updatedAt: '2026-03-20T13:00:00.000Z' });
      const first = aReservation(order);
      await uow().transaction((r) => r.allocations.insertReservations([second, first, aReservation(other, { id: 'res_3' })]));
      expect(await uow().repositories.allocations.reservationsForOrder(order.id)).toEqual([first, second]);
      await uow().transaction((r) => r.allocations.setReservationStatus([first.id], 'released', '2026-03-21T00:00:00.000Z'));
      const after = await uow().repositories.allocations.reservationsForOrder(order.id);
      expect(after[0]).toEqual({ ...first, status: 'released', updatedAt: '2026-03-21T00:00:00.000Z' });
      expect(after[1]).toEqual(second);
      expect(await uow().repositories.allocations.reservationsForOrder('order_none')).toEqual([]);
    });

    it('replaces quantity, status and shipment of a reservation, leaving the rest as stored', async () => {
      const order = await storedOrder(uow());
      const held = aReservation(order, { quantity: 5 });
      await uow().transaction((r) => r.allocations.insertReservations([held]));
      const split = { ...held, quantity: 3, status: 'consumed' as const, shipmentId: 'shp_1', updatedAt: '2026-03-22T00:00:00.000Z' };
      await uow().transaction((r) => r.allocations.replaceReservation({ ...split, productId: 'prod_ignored', orderId: 'order_ignored' }));
      expect(await uow().repositories.allocations.reservationsForOrder(order.id)).toEqual([split]);
    });

    it('stores backorders, lists them FIFO with filters, and updates at the expected version only', async () => {
      const order = await storedOrder(uow());
      const younger = aBackorder(order, { id: 'bo_2', kind: 'preorder', expectedDate: '2026-04-01', createdAt: '2026-03-21T00:00:00.000Z', updatedAt: '2026-03-21T00:00:00.000Z' });
      const older = aBackorder(order);
      const done = aBackorder(order, { id: 'bo_3', status: 'allocated', quantity: 0 });
      await uow().transaction((r) => r.allocations.insertBackorders([younger, older, done]));
      const repo = uow().repositories.allocations;
      expect(await repo.findBackorder('bo_2')).toEqual(younger);
      expect(await repo.findBackorder('bo_none')).toBeNull();
      expect(await repo.listBackorders({ statuses: ['waiting'], limit: 10, offset: 0 })).toEqual({ items: [older, younger], total: 2 });
      expect((await repo.listBackorders({ kind: 'preorder', limit: 10, offset: 0 })).items).toEqual([younger]);
      expect((await repo.listBackorders({ orderId: order.id, limit: 1, offset: 1 })).items).toHaveLength(1);
      expect((await repo.listBackorders({ productIds: ['prod_none'], limit: 10, offset: 0 })).total).toBe(0);
      const partly = { ...older, quantity: 1, version: 2, updatedAt: '2026-03-22T00:00:00.000Z' };
      expect(await uow().transaction((r) => r.allocations.updateBackorder(partly, 1))).toBe(true);
      expect(await uow().transaction((r) => r.allocations.updateBackorder({ ...older, status: 'cancelled', version: 2 }, 1))).toBe(false);
      expect(await repo.findBackorder(older.id)).toEqual(partly);
    });

    it('lets exactly one of two concurrent backorder updates at the same version win', async () => {
      const order = await storedOrder(uow());
      const backorder = aBackorder(order);
      await uow().transaction((r) => r.allocations.insertBackorders([backorder]));
      const outcomes = await Promise.all(
        [1, 2].map((q) => uow().transaction((r) => r.allocations.updateBackorder({ ...backorder, quantity: q, version: 2 }, 1))),
      );
      expect(outcomes.filter(Boolean)).toHaveLength(1);
    });
  });
}
