import {
  adminPrincipal,
  createOrderCore,
  DEFAULT_WAREHOUSE_ID,
  DomainError,
  type OrderCore,
  type UnitOfWork,
} from '@oms/order-core';
import fc from 'fast-check';
import { FixedClock } from '../fixed-clock';
import { InMemoryFileStore } from '../in-memory/in-memory-file-store';
import { PlainTestHasher } from '../plain-test-hasher';
import { SequentialIdGenerator } from '../sequential-id-generator';
import { useFixture, type PersistenceFactory } from './persistence-fixture';

const admin = adminPrincipal('admin_behaviour', 'ops@example.com');
const address = { name: 'Jane Doe', street: '1 Main St', city: 'Springfield', zip: '62701' };

function coreOver(uow: UnitOfWork, namespace = ''): { core: OrderCore; clock: FixedClock } {
  const clock = new FixedClock();
  return { core: createOrderCore({ uow, clock, ids: new SequentialIdGenerator(namespace), hasher: new PlainTestHasher(), files: new InMemoryFileStore() }), clock };
}

async function stocked(core: OrderCore, sku: string, onHand: number, backorderPolicy: 'deny' | 'backorder' | 'preorder' = 'deny') {
  const product = await core.createProduct.execute({ sku, name: sku, price: 10, backorderPolicy, expectedDate: backorderPolicy === 'preorder' ? '2026-04-01' : null }, admin);
  if (onHand > 0) await core.bulkAdjustStock.execute({ adjustments: [{ productId: product.id, quantityChange: onHand, reason: 'restock' }] }, admin);
  return product;
}

async function levelOf(uow: UnitOfWork, productId: string) {
  const levels = await uow.repositories.stock.levelsFor([productId]);
  return levels.find((l) => l.warehouseId === DEFAULT_WAREHOUSE_ID) ?? { onHand: 0, reserved: 0 };
}

function place(core: OrderCore, productId: string, quantity: number, customerId = 'cust_1') {
  return core.placeOrder.execute({ customerId, items: [{ productId, quantity }], shippingAddress: address }, admin);
}

function seeded(count: number, seed: number): number[] {
  let x = seed;
  return Array.from({ length: count }, () => {
    x = (x * 1103515245 + 12345) % 2147483648;
    return 1 + (x % 3);
  });
}

/**
 * The core's inventory rules over a persistence adapter: what must hold under real concurrency on that adapter,
 * not only in memory.
 */
export function describeInventoryBehaviourContract(name: string, factory: PersistenceFactory): void {
  describe(`inventory behaviour of order-core over: ${name}`, () => {
    const uow = useFixture(factory);

    it('places exactly 50 of 200 concurrent single-unit orders against a stock of 50 under deny', async () => {
      const { core } = coreOver(uow());
      const product = await stocked(core, 'RACE-1', 50);
      const results = await Promise.allSettled(Array.from({ length: 200 }, (_, i) => place(core, product.id, 1, `cust_${i}`)));
      const refused = results.filter((r) => r.status === 'rejected');
      expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(50);
      expect(refused).toHaveLength(150);
      for (const r of refused) expect((r as PromiseRejectedResult).reason).toMatchObject({ code: 'INSUFFICIENT_STOCK' });
      expect(await levelOf(uow(), product.id)).toMatchObject({ onHand: 50, reserved: 50 });
      expect((await core.listOrders.execute({ limit: 1 }, admin)).total).toBe(50);
    });

    it('never oversells concurrent orders of 1 to 3 units, and refusals name sku, requested and available', async () => {
      const { core } = coreOver(uow());
      const product = await stocked(core, 'RACE-2', 50);
      const wanted = seeded(200, 11);
      const results = await Promise.allSettled(wanted.map((q, i) => place(core, product.id, q, `cust_${i}`)));
      const granted = wanted.filter((_, i) => results[i]!.status === 'fulfilled').reduce((a, b) => a + b, 0);
      const level = await levelOf(uow(), product.id);
      expect(level.reserved).toBe(granted);
      expect(level.onHand - level.reserved).toBeGreaterThanOrEqual(0);
      const refusal = results.find((r) => r.status === 'rejected') as PromiseRejectedResult;
      expect(refusal.reason).toBeInstanceOf(DomainError);
      expect(refusal.reason.details.items[0]).toMatchObject({ sku: 'RACE-2', product_id: product.id });
      expect(refusal.reason.details.items[0].available).toBeLessThan(refusal.reason.details.items[0].requested);
    });

    it('serves concurrent two-line orders whose lines come in opposite orders, without deadlocks', async () => {
      const { core } = coreOver(uow());
      const a = await stocked(core, 'LOCK-A', 100);
      const b = await stocked(core, 'LOCK-B', 100);
      const results = await Promise.allSettled(
        Array.from({ length: 40 }, (_, i) =>
          core.placeOrder.execute(
            { customerId: `c${i}`, items: (i % 2 === 0 ? [a, b] : [b, a]).map((p) => ({ productId: p.id, quantity: 1 })), shippingAddress: address },
            admin,
          ),
        ),
      );
      expect(results.filter((r) => r.status === 'rejected').map((r) => String((r as PromiseRejectedResult).reason))).toEqual([]);
      expect(await levelOf(uow(), a.id)).toMatchObject({ reserved: 40 });
      expect(await levelOf(uow(), b.id)).toMatchObject({ reserved: 40 });
    });

    it('redeems a coupon limited to 10 exactly 10 times when 50 customers check out at once', async () => {
      const { core } = coreOver(uow());
      const product = await stocked(core, 'COUPON-RUSH', 100);
      await core.createCoupon.execute({ code: 'RUSH10', type: 'percentage', percentOff: 10, maxRedemptions: 10 }, admin);
      const customers = Array.from({ length: 50 }, (_, i) => ({ kind: 'customer' as const, id: `u${i}`, customerId: `rush_${i}`, email: `rush${i}@example.com` }));
      for (const c of customers) {
        await core.addCartItem.execute({ productId: product.id, quantity: 1 }, c);
        await core.applyCartCoupon.execute({ code: 'RUSH10' }, c);
      }
      const results = await Promise.allSettled(customers.map((c) => core.checkoutCart.execute({ shippingAddress: address }, c)));
      expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(10);
      for (const r of results) if (r.status === 'rejected') expect(r.reason).toMatchObject({ code: 'COUPON_NOT_APPLICABLE', details: { reason: 'exhausted' } });
      expect((await uow().repositories.coupons.findByCode('RUSH10'))?.redemptions).toBe(10);
      expect(await levelOf(uow(), product.id)).toMatchObject({ reserved: 10 });
    });

    it('refuses a multi-line order under deny without reserving anything, counting lines of one product together', async () => {
      const { core } = coreOver(uow());
      const a = await stocked(core, 'MULTI-A', 5);
      const b = await stocked(core, 'MULTI-B', 1);
      const error = await core.placeOrder
        .execute({ customerId: 'c', items: [{ productId: a.id, quantity: 3 }, { productId: b.id, quantity: 1 }, { productId: a.id, quantity: 3 }], shippingAddress: address }, admin)
        .catch((e: unknown) => e);
      expect(error).toMatchObject({ code: 'INSUFFICIENT_STOCK', details: { items: [{ sku: 'MULTI-A', product_id: a.id, requested: 6, available: 5 }] } });
      expect(await levelOf(uow(), a.id)).toMatchObject({ onHand: 5, reserved: 0 });
      expect(await levelOf(uow(), b.id)).toMatchObject({ onHand: 1, reserved: 0 });
    });

    it('serves the oldest backorders first when stock arrives, never allocating more than arrived', async () => {
      const { core, clock } = coreOver(uow());
      const product = await stocked(core, 'BACK-1', 2, 'backorder');
      const orders = [];
      for (const [i, q] of [3, 2, 4].entries()) {
        clock.advance(1000);
        orders.push((await place(core, product.id, q, `cust_${i}`)).order);
      }
      expect(orders.map((o) => o.status)).toEqual(['out_of_stock', 'out_of_stock', 'out_of_stock']);
      const waiting = await core.listBackorders.execute({}, admin);
      expect(waiting.items.map((b) => [b.orderId, b.quantity])).toEqual([[orders[0]!.id, 1], [orders[1]!.id, 2], [orders[2]!.id, 4]]);
      await core.bulkAdjustStock.execute({ adjustments: [{ productId: product.id, quantityChange: 4, reason: 'restock' }] }, admin);
      const result = await core.autoAllocateBackorders.execute({}, admin);
      expect(result).toEqual({ allocationsCreated: 3, totalAllocated: 4 });
      const after = await core.listBackorders.execute({}, admin);
      expect(after.items.map((b) => [b.orderId, b.quantity])).toEqual([[orders[2]!.id, 3]]);
      expect(await levelOf(uow(), product.id)).toMatchObject({ onHand: 6, reserved: 6 });
      const first = await core.getOrder.execute({ orderId: orders[0]!.id }, admin);
      expect(first.order.status).toBe('pending');
      expect(Object.values(first.lineAllocations)).toEqual([{ reserved: 3, backordered: 0, shipped: 0 }]);
      expect((await core.getOrder.execute({ orderId: orders[2]!.id }, admin)).order.status).toBe('out_of_stock');
      expect(await core.autoAllocateBackorders.execute({}, admin)).toEqual({ allocationsCreated: 0, totalAllocated: 0 });
    });

    it('releases on cancel, consumes on ship, restocks on return and reserves again on renew', async () => {
      const { core } = coreOver(uow());
      const product = await stocked(core, 'LIFE-1', 5);
      const { order } = await place(core, product.id, 2);
      const { order: other } = await place(core, product.id, 3);
      await core.cancelOrder.execute({ orderId: other.id }, admin);
      expect(await levelOf(uow(), product.id)).toMatchObject({ onHand: 5, reserved: 2 });
      await core.changeOrderStatus.execute({ orderId: order.id, status: 'processing' }, admin);
      await core.changeOrderStatus.execute({ orderId: order.id, status: 'shipped' }, admin);
      expect(await levelOf(uow(), product.id)).toMatchObject({ onHand: 3, reserved: 0 });
      await core.changeOrderStatus.execute({ orderId: order.id, status: 'returned' }, admin);
      expect(await levelOf(uow(), product.id)).toMatchObject({ onHand: 5, reserved: 0 });
      await core.changeOrderStatus.execute({ orderId: other.id, status: 'pending' }, admin);
      expect(await levelOf(uow(), product.id)).toMatchObject({ onHand: 5, reserved: 3 });
      await core.bulkAdjustStock.execute({ adjustments: [{ productId: product.id, quantityChange: -2, reason: 'damaged' }] }, admin);
      const renew = await core.changeOrderStatus.execute({ orderId: order.id, status: 'pending' }, admin).catch((e: unknown) => e);
      expect(renew).toMatchObject({ code: 'INSUFFICIENT_STOCK' });
      expect((await core.getOrder.execute({ orderId: order.id }, admin)).order.status).toBe('returned');
      expect(await levelOf(uow(), product.id)).toMatchObject({ onHand: 3, reserved: 3 });
    });

    it('keeps on_hand >= reserved >= 0 and on_hand equal to the sum of the history (property)', async () => {
      const { core } = coreOver(uow(), 'p');
      const products = [await stocked(core, 'PROP-A', 3, 'backorder'), await stocked(core, 'PROP-B', 2, 'deny')];
      const orderIds: string[] = [];
      const op = fc.oneof(
        fc.record({ kind: fc.constant('adjust' as const), p: fc.nat(1), q: fc.integer({ min: -3, max: 5 }) }),
        fc.record({ kind: fc.constant('place' as const), p: fc.nat(1), q: fc.integer({ min: 1, max: 4 }) }),
        fc.record({ kind: fc.constantFrom('cancel' as const, 'ship' as const, 'return' as const, 'renew' as const), o: fc.nat(50) }),
        fc.record({ kind: fc.constant('allocate' as const) }),
        fc.record({ kind: fc.constantFrom('shipOne' as const, 'unship' as const, 'cancelShipment' as const), o: fc.nat(50) }),
      );
      await fc.assert(
        fc.asyncProperty(fc.array(op, { minLength: 1, maxLength: 12 }), async (ops) => {
          for (const step of ops) {
            try {
              if (step.kind === 'adjust' && step.q !== 0) {
                await core.bulkAdjustStock.execute({ adjustments: [{ productId: products[step.p]!.id, quantityChange: step.q, reason: 'correction' }] }, admin);
              } else if (step.kind === 'place') {
                orderIds.push((await place(core, products[step.p]!.id, step.q)).order.id);
              } else if (step.kind === 'allocate') {
                await core.autoAllocateBackorders.execute({}, admin);
              } else if (step.kind !== 'adjust' && orderIds.length > 0) {
                const orderId = orderIds[step.o % orderIds.length]!;
                const details = await core.getOrder.execute({ orderId }, admin);
                const status = details.order.status;
                if (step.kind === 'shipOne') {
                  await core.shipOrder.execute({ orderId, carrier: 'Local', lines: [{ productId: details.order.lines[0]!.productId, quantity: 1 }] }, admin);
                } else if (step.kind === 'unship') await core.changeOrderStatus.execute({ orderId, status: 'packed' }, admin);
                else if (step.kind === 'cancelShipment') {
                  const latest = details.shipments[details.shipments.length - 1];
                  if (latest) await core.cancelShipment.execute({ shipmentId: latest.id }, admin);
                } else if (step.kind === 'cancel') await core.cancelOrder.execute({ orderId }, admin);
                else if (step.kind === 'ship') {
                  if (status === 'pending') await core.changeOrderStatus.execute({ orderId, status: 'processing' }, admin);
                  await core.changeOrderStatus.execute({ orderId, status: 'shipped' }, admin);
                } else if (step.kind === 'return') await core.changeOrderStatus.execute({ orderId, status: 'returned' }, admin);
                else await core.changeOrderStatus.execute({ orderId, status: 'pending' }, admin);
              }
            } catch (error) {
              // Refusals are expected (a transition not allowed now, stock short); anything else is a bug.
              if (!(error instanceof DomainError) || !['INVALID_TRANSITION', 'INSUFFICIENT_STOCK', 'VALIDATION_FAILED', 'CONFLICT'].includes(error.code)) throw error;
            }
          }
          // Every parcel that still counts took exactly its units out of reservations.
          for (const orderId of orderIds) {
            const { shipments } = await core.getOrder.execute({ orderId }, admin);
            const pieces = await uow().repositories.allocations.reservationsForOrder(orderId);
            for (const shipment of shipments.filter((x) => x.status !== 'cancelled' && x.status !== 'returned_to_sender')) {
              const taken = pieces.filter((r) => r.shipmentId === shipment.id && r.status === 'consumed').reduce((sum, r) => sum + r.quantity, 0);
              expect(taken).toBe(shipment.lines.reduce((sum, l) => sum + l.quantity, 0));
            }
          }
          for (const product of products) {
            const level = await levelOf(uow(), product.id);
            expect(level.reserved).toBeGreaterThanOrEqual(0);
            expect(level.onHand).toBeGreaterThanOrEqual(level.reserved);
            const history = await uow().repositories.stock.listMovements({ productId: product.id, limit: 100, offset: 0 });
            const all = [...history.items];
            for (let offset = 100; offset < history.total; offset += 100) {
              all.push(...(await uow().repositories.stock.listMovements({ productId: product.id, limit: 100, offset })).items);
            }
            expect(all.reduce((sum, m) => sum + m.onHandChange, 0)).toBe(level.onHand);
            expect(all.reduce((sum, m) => sum + m.reservedChange, 0)).toBe(level.reserved);
          }
        }),
        { numRuns: 15 },
      );
    });
  });
}
