import { createTestOrderCore, domainErrorOf, InMemoryUnitOfWork } from '@oms/order-testkit';
import { adminPrincipal, type Principal } from '../../auth/principal';
import type { PlaceOrderInput } from './place-order';

const admin = adminPrincipal('admin_1', 'admin@example.com');
const reader: Principal = { kind: 'integration', id: 'tok_r', name: 'reporting', scopes: ['orders:read'] };
const customerA: Principal = { kind: 'customer', id: 'u_a', customerId: 'cust_a', email: 'a@example.com' };
const address = { name: 'Jane Doe', street: '123 Main St', city: 'Springfield', state: 'IL', zip: '62701' };

const rejection = domainErrorOf;

async function restock(core: ReturnType<typeof createTestOrderCore>['core'], ...productIds: string[]) {
  await core.bulkAdjustStock.execute({ adjustments: productIds.map((productId) => ({ productId, quantityChange: 1_000_000, reason: 'restock' as const })) }, admin);
}

async function setup() {
  const kit = createTestOrderCore();
  const { core } = kit;
  const tee = await core.createProduct.execute({ sku: 'TEE', name: 'Custom T-Shirt', price: 29.99 }, admin);
  const mug = await core.createProduct.execute({ sku: 'MUG', name: 'Mug', price: '12.50' }, admin);
  const draft = await core.createProduct.execute({ sku: 'DRAFT', name: 'Draft', price: 1, status: 'draft' }, admin);
  const yen = await core.createProduct.execute({ sku: 'YEN', name: 'Yen thing', price: 500, currency: 'JPY' }, admin);
  await restock(core, tee.id, mug.id, yen.id);
  const place = (input: Partial<PlaceOrderInput> = {}, principal: Principal = admin) =>
    core.placeOrder.execute({ customerId: 'cust_a', items: [{ productId: tee.id, quantity: 3 }], shippingAddress: address, ...input }, principal);
  return { ...kit, tee, mug, draft, yen, place };
}

describe('PlaceOrder', () => {
  it('prices lines from the catalog and computes totals in the core', async () => {
    const { place, tee, mug } = await setup();
    const { order, replayed } = await place({ items: [{ productId: tee.id, quantity: 3 }, { productId: mug.id, quantity: 2 }], email: 'jane@example.com' });
    expect(replayed).toBe(false);
    expect(order.lines.map((l) => [l.sku, l.unitPrice, l.lineTotal])).toEqual([['TEE', 2999, 8997], ['MUG', 1250, 2500]]);
    expect(order.totals).toEqual({ subtotal: 11497, discount: 0, tax: 0, shipping: 0, total: 11497 });
    expect(order).toMatchObject({ status: 'pending', number: 1, reference: 'ORD-00001', currency: 'USD', itemsCount: 5, version: 1 });
    expect(order.contact).toEqual({ name: 'Jane Doe', email: 'jane@example.com', phone: null });
    expect(order.id).toMatch(/^order_/);
  });

  it('records an order_placed event in the same transaction', async () => {
    const { place, core } = await setup();
    const { order } = await place();
    const { events } = await core.getOrder.execute({ orderId: order.id }, admin);
    expect(events).toEqual([expect.objectContaining({ type: 'order_placed', orderId: order.id, data: { status: 'pending', total: 8997, currency: 'USD' } })]);
    expect(events[0]?.actor).toEqual({ kind: 'staff', id: 'admin_1', display: 'admin@example.com' });
  });

  it('refuses unknown and non-active products, naming each', async () => {
    const { place, draft, tee } = await setup();
    const error = await rejection(place({ items: [{ productId: tee.id, quantity: 1 }, { productId: 'prod_nope', quantity: 1 }, { productId: draft.id, quantity: 1 }] }));
    expect(error.code).toBe('VALIDATION_FAILED');
    expect(error.details['errors']).toEqual([
      { field: 'items[1].product_id', message: 'product prod_nope does not exist' },
      { field: 'items[2].product_id', message: `product ${draft.id} (DRAFT) is draft, not active` },
    ]);
  });

  it('refuses bad quantities, too many lines, bad addresses and mixed currencies, and stores nothing', async () => {
    const { place, tee, yen, core } = await setup();
    for (const quantity of [0, -1, 1.5, 100_001]) {
      const error = await rejection(place({ items: [{ productId: tee.id, quantity }] }));
      expect(error.details['errors']).toEqual([expect.objectContaining({ field: 'items[0].quantity' })]);
    }
    const tooMany = Array.from({ length: 101 }, () => ({ productId: tee.id, quantity: 1 }));
    expect((await rejection(place({ items: tooMany }))).details['errors']).toEqual([{ field: 'items', message: 'must have at most 100 lines' }]);
    expect((await rejection(place({ items: [] }))).code).toBe('VALIDATION_FAILED');
    const badAddress = await rejection(place({ shippingAddress: { ...address, city: ' ', country: 'USA' } }));
    expect((badAddress.details['errors'] as { field: string }[]).map((e) => e.field)).toEqual(['shipping_address.city', 'shipping_address.country']);
    const mixed = await rejection(place({ items: [{ productId: tee.id, quantity: 1 }, { productId: yen.id, quantity: 1 }] }));
    expect(mixed.details['errors']).toEqual([{ field: 'items[1].product_id', message: `product ${yen.id} is priced in JPY, not USD` }]);
    expect((await rejection(place({ currency: 'EUR' }))).code).toBe('VALIDATION_FAILED');
    expect((await rejection(place({ email: 'not-an-email' }))).details['errors']).toEqual([{ field: 'email', message: 'must be an e-mail address' }]);
    expect((await core.listOrders.execute({}, admin)).total).toBe(0);
  });

  it('accepts a total that matches and refuses one that does not', async () => {
    const { place } = await setup();
    expect((await place({ expectedTotal: 89.97 })).order.totals.total).toBe(8997);
    const error = await rejection(place({ expectedTotal: 89.96 }));
    expect(error.code).toBe('VALIDATION_FAILED');
    expect(error.details['computed_total']).toBe('89.97');
  });

  it('keeps JPY whole and totals above 2^31 minor units exact', async () => {
    const { place, yen, core } = await setup();
    expect((await place({ items: [{ productId: yen.id, quantity: 3 }] })).order.totals.total).toBe(1500);
    const big = await core.createProduct.execute({ sku: 'BIG', name: 'Big', price: '99999999.99' }, admin);
    await restock(core, big.id);
    const { order } = await place({ items: [{ productId: big.id, quantity: 1000 }] });
    expect(order.totals.total).toBe(9_999_999_999_000);
  });

  it('replays the first result for the same idempotency key and request, once per caller', async () => {
    const { place, core } = await setup();
    const first = await place({ idempotencyKey: 'k1' });
    const again = await place({ idempotencyKey: 'k1' });
    expect(again.replayed).toBe(true);
    expect(again.order).toEqual(first.order);
    expect(again.events).toEqual(first.events);
    await core.changeOrderStatus.execute({ orderId: first.order.id, status: 'processing' }, admin);
    const afterChange = await place({ idempotencyKey: 'k1' });
    expect(afterChange).toEqual({ ...first, replayed: true });
    const concurrent = await Promise.all([place({ idempotencyKey: 'k2' }), place({ idempotencyKey: 'k2' })]);
    expect(concurrent[0].order.id).toBe(concurrent[1].order.id);
    const conflict = await rejection(place({ idempotencyKey: 'k1', notes: 'different' }));
    expect(conflict.code).toBe('IDEMPOTENCY_CONFLICT');
    const otherCaller = await place({ idempotencyKey: 'k1' }, adminPrincipal('admin_2'));
    expect(otherCaller.order.id).not.toBe(first.order.id);
    expect((await core.listOrders.execute({}, admin)).total).toBe(3);
  });

  it('forgets keys after 24 hours, when the system purges them', async () => {
    const { place, core, clock } = await setup();
    const first = await place({ idempotencyKey: 'day' });
    clock.advance(24 * 60 * 60 * 1000 - 1);
    expect((await place({ idempotencyKey: 'day' })).order.id).toBe(first.order.id);
    expect((await rejection(core.purgeIdempotencyRecords.execute({}, admin))).code).toBe('FORBIDDEN');
    expect(await core.purgeIdempotencyRecords.execute({}, { kind: 'system', id: 'maintenance' })).toEqual({ purged: 0 });
    clock.advance(1);
    expect(await core.purgeIdempotencyRecords.execute({}, { kind: 'system', id: 'maintenance' })).toEqual({ purged: 1 });
    expect((await place({ idempotencyKey: 'day' })).order.id).not.toBe(first.order.id);
  });

  it('retries once and replays when a concurrent twin committed the key first', async () => {
    const uow = new InMemoryUnitOfWork();
    const { core } = createTestOrderCore({ uow });
    const tee = await core.createProduct.execute({ sku: 'TEE', name: 'Tee', price: 1 }, admin);
    await restock(core, tee.id);
    const input = { customerId: 'c', items: [{ productId: tee.id, quantity: 1 }], shippingAddress: address, idempotencyKey: 'race' };
    const first = await core.placeOrder.execute(input, admin);
    // The next attempt's lookup misses, as if its twin had not committed yet; its insert then conflicts.
    let calls = 0;
    const transaction = uow.transaction.bind(uow);
    uow.transaction = (work) =>
      transaction((repos) => {
        calls += 1;
        if (calls > 1) return work(repos);
        return work({ ...repos, idempotency: { ...repos.idempotency, find: async () => null, insert: repos.idempotency.insert.bind(repos.idempotency), purgeExpired: repos.idempotency.purgeExpired.bind(repos.idempotency) } });
      });
    const replay = await core.placeOrder.execute(input, admin);
    expect(calls).toBe(2);
    expect(replay).toEqual({ ...first, replayed: true });
    expect((await core.listOrders.execute({}, admin)).total).toBe(1);
  });

  it('lets customers place orders for themselves only, and refuses read-only tokens', async () => {
    const { place } = await setup();
    const own = await place({ customerId: 'cust_a' }, customerA);
    expect(own.order.customerId).toBe('cust_a');
    expect(own.order.contact.email).toBe('a@example.com');
    expect((await rejection(place({ customerId: 'cust_b' }, customerA))).code).toBe('FORBIDDEN');
    expect((await rejection(place({}, reader))).code).toBe('FORBIDDEN');
    expect((await rejection(place({}, { kind: 'public' }))).code).toBe('FORBIDDEN');
  });
});

describe('ChangeOrderStatus and CancelOrder', () => {
  it('applies an allowed transition, records reason, tracking and notify flag on the event', async () => {
    const { place, core, clock } = await setup();
    const { order } = await place();
    clock.advance(60_000);
    const { order: processing } = await core.changeOrderStatus.execute({ orderId: order.id, status: 'processing' }, admin);
    const { order: shipped, events: afterShipping } = await core.changeOrderStatus.execute(
      { orderId: order.id, status: 'shipped', trackingNumber: '1Z999AA10123456784', carrier: 'UPS', notifyCustomer: true, reason: 'Left the dock' },
      admin,
    );
    expect(processing.version).toBe(2);
    expect(shipped).toMatchObject({ status: 'shipped', version: 3, trackingNumber: '1Z999AA10123456784', carrier: 'UPS', updatedAt: '2026-03-20T12:01:00.000Z' });
    const { events } = await core.getOrder.execute({ orderId: order.id }, admin);
    expect(afterShipping).toEqual(events);
    // Shipping by status records a shipment for everything, then the status change.
    expect(events[2]).toMatchObject({ type: 'shipment_created', data: { carrier: 'UPS', trackingNumber: '1Z999AA10123456784' } });
    expect(events[3]).toMatchObject({
      type: 'status_changed',
      data: { from: 'processing', to: 'shipped', reason: 'Left the dock', trackingNumber: '1Z999AA10123456784', carrier: 'UPS', notifyCustomer: true },
    });
  });

  it('refuses a transition the lifecycle does not allow, listing the allowed ones, and changes nothing', async () => {
    const { place, core } = await setup();
    const { order } = await place();
    const error = await rejection(core.changeOrderStatus.execute({ orderId: order.id, status: 'delivered' }, admin));
    expect(error.code).toBe('INVALID_TRANSITION');
    expect(error.details).toEqual({ from: 'pending', to: 'delivered', allowed: ['confirmed', 'processing', 'in_progress', 'packed', 'on_hold', 'out_of_stock', 'cancelled'] });
    const { order: unchanged, events } = await core.getOrder.execute({ orderId: order.id }, admin);
    expect(unchanged.version).toBe(1);
    expect(events).toHaveLength(1);
  });

  it('refuses a stale expected version with PRECONDITION_FAILED and changes nothing', async () => {
    const { place, core } = await setup();
    const { order } = await place();
    await core.changeOrderStatus.execute({ orderId: order.id, status: 'confirmed', expectedVersion: 1 }, admin);
    const error = await rejection(core.changeOrderStatus.execute({ orderId: order.id, status: 'on_hold', expectedVersion: 1 }, admin));
    expect(error.code).toBe('PRECONDITION_FAILED');
    expect((await core.getOrder.execute({ orderId: order.id }, admin)).order.status).toBe('confirmed');
  });

  it('lets only one of two racing changes at the same version apply', async () => {
    const { place, core } = await setup();
    const { order } = await place();
    const results = await Promise.allSettled([
      core.changeOrderStatus.execute({ orderId: order.id, status: 'processing', expectedVersion: 1 }, admin),
      core.changeOrderStatus.execute({ orderId: order.id, status: 'on_hold', expectedVersion: 1 }, admin),
    ]);
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    const { order: final, events } = await core.getOrder.execute({ orderId: order.id }, admin);
    expect(final.version).toBe(2);
    expect(events).toHaveLength(2);
  });

  it('cancels with reason and refund flag, and refuses to cancel a shipped order', async () => {
    const { place, core } = await setup();
    const { order } = await place();
    const { order: cancelled } = await core.cancelOrder.execute({ orderId: order.id, reason: 'Customer changed their mind', refund: true }, admin);
    expect(cancelled.status).toBe('cancelled');
    expect(cancelled.cancellation).toEqual({ reason: 'Customer changed their mind', refundRequested: true, at: '2026-03-20T12:00:00.000Z', by: { kind: 'staff', id: 'admin_1', display: 'admin@example.com' } });
    const { order: other } = await place();
    await core.changeOrderStatus.execute({ orderId: other.id, status: 'processing' }, admin);
    await core.changeOrderStatus.execute({ orderId: other.id, status: 'shipped' }, admin);
    const error = await rejection(core.cancelOrder.execute({ orderId: other.id }, admin));
    expect(error.code).toBe('INVALID_TRANSITION');
    expect(error.details['allowed']).toEqual(['delivered', 'returned', 'packed']);
  });

  it('answers NOT_FOUND for a missing order and FORBIDDEN without orders:write', async () => {
    const { place, core } = await setup();
    expect((await rejection(core.changeOrderStatus.execute({ orderId: 'order_nope', status: 'processing' }, admin))).code).toBe('NOT_FOUND');
    const { order } = await place();
    expect((await rejection(core.changeOrderStatus.execute({ orderId: order.id, status: 'processing' }, reader))).code).toBe('FORBIDDEN');
    expect((await rejection(core.cancelOrder.execute({ orderId: order.id }, customerA))).code).toBe('FORBIDDEN');
  });

  it('checks the types an embedding caller may get wrong', async () => {
    const { place, core } = await setup();
    const { order } = await place();
    const notify = await rejection(core.changeOrderStatus.execute({ orderId: order.id, status: 'processing', notifyCustomer: 'yes' as never }, admin));
    expect(notify.details['errors']).toEqual([{ field: 'notify_customer', message: 'must be true or false' }]);
    const refund = await rejection(core.cancelOrder.execute({ orderId: order.id, refund: 1 as never }, admin));
    expect(refund.details['errors']).toEqual([{ field: 'refund', message: 'must be true or false' }]);
    expect((await core.getOrder.execute({ orderId: order.id }, admin)).order.version).toBe(1);
  });
});

describe('reading orders', () => {
  it('lists with filters and counts every status', async () => {
    const { place, core, clock } = await setup();
    const a = await place({ email: 'ann@example.com' });
    clock.advance(1000);
    const b = await place({ customerId: 'cust_b' });
    await core.cancelOrder.execute({ orderId: b.order.id }, admin);
    const page = await core.listOrders.execute({ statuses: ['pending'] }, reader);
    expect(page.items.map((o) => o.id)).toEqual([a.order.id]);
    expect((await core.listOrders.execute({ search: 'ANN@' }, admin)).items.map((o) => o.id)).toEqual([a.order.id]);
    expect((await core.listOrders.execute({ createdFrom: '2026-03-20T12:00:01Z' }, admin)).items.map((o) => o.id)).toEqual([b.order.id]);
    expect((await core.listOrders.execute({ createdTo: '2026-03-20' }, admin)).total).toBe(2);
    const counts = await core.countOrdersByStatus.execute({}, reader);
    expect(Object.keys(counts)).toHaveLength(15);
    expect(counts).toMatchObject({ pending: 1, cancelled: 1, shipped: 0, refunded: 0 });
  });

  it('validates list input', async () => {
    const { core } = await setup();
    const error = await rejection(core.listOrders.execute({ limit: 101, offset: -1, createdFrom: 'yesterday', statuses: ['lost' as never] }, admin));
    expect((error.details['errors'] as { field: string }[]).map((e) => e.field).sort()).toEqual(['created_from', 'limit', 'offset', 'status[0]']);
  });

  it('shows customers their own orders only, and another customer’s order as missing', async () => {
    const { place, core } = await setup();
    const mine = await place({ customerId: 'cust_a' });
    const theirs = await place({ customerId: 'cust_b' });
    expect((await core.getOrder.execute({ orderId: mine.order.id }, customerA)).order.id).toBe(mine.order.id);
    const hidden = await rejection(core.getOrder.execute({ orderId: theirs.order.id }, customerA));
    const missing = await rejection(core.getOrder.execute({ orderId: 'order_missing' }, customerA));
    expect(hidden.code).toBe('NOT_FOUND');
    expect(hidden.message.replace(theirs.order.id, 'X')).toBe(missing.message.replace('order_missing', 'X'));
    const listed = await core.listOrders.execute({ customerId: 'cust_b' }, customerA);
    expect(listed.items.map((o) => o.customerId)).toEqual(['cust_a']);
    expect((await rejection(core.countOrdersByStatus.execute({}, customerA))).code).toBe('FORBIDDEN');
  });
});
