import { createTestOrderCore, domainErrorOf } from '@oms/order-testkit';
import { adminPrincipal, type Principal } from '../../auth/principal';
import { createOrderCore } from '../../order-core';

const admin = adminPrincipal('admin_1');
const address = { name: 'Jane', street: '1 Main St', city: 'Springfield', zip: '62701' };
const customer = (n: number | string): Principal => ({ kind: 'customer', id: `u_${n}`, customerId: `cust_${n}`, email: `c${n}@example.com` });

async function setup() {
  const kit = createTestOrderCore();
  const { core } = kit;
  const tee = await core.createProduct.execute({ sku: 'TEE', name: 'Custom T-Shirt', price: 29.99 }, admin);
  const mug = await core.createProduct.execute({ sku: 'MUG', name: 'Mug', price: 3.33 }, admin);
  await core.bulkAdjustStock.execute({ adjustments: [tee, mug].map((p) => ({ productId: p.id, quantityChange: 1_000, reason: 'restock' as const })) }, admin);
  return { ...kit, tee, mug };
}

describe('cart', () => {
  it('adds to existing lines, changes and removes them, priced from the catalog', async () => {
    const { core, tee, mug } = await setup();
    const me = customer(1);
    expect(await core.getCart.execute({}, me)).toMatchObject({ items: [], total: 0 });
    await core.addCartItem.execute({ productId: tee.id, quantity: 1 }, me);
    const cart = await core.addCartItem.execute({ productId: tee.id, quantity: 1 }, me);
    expect(cart.items).toEqual([{ productId: tee.id, sku: 'TEE', name: 'Custom T-Shirt', quantity: 2, unitPrice: 2999, subtotal: 5998, available: true }]);
    expect(cart).toMatchObject({ subtotal: 5998, discount: 0, total: 5998, currency: 'USD' });
    await core.addCartItem.execute({ productId: mug.id, quantity: 3 }, me);
    expect((await core.updateCartItem.execute({ productId: tee.id, quantity: 1 }, me)).subtotal).toBe(2999 + 999);
    expect((await core.removeCartItem.execute({ productId: mug.id }, me)).items.map((i) => i.sku)).toEqual(['TEE']);
    await core.updateProduct.execute({ productId: tee.id, changes: { price: 30 } }, admin);
    expect((await core.getCart.execute({}, me)).total).toBe(3000);
    expect((await domainErrorOf(core.removeCartItem.execute({ productId: mug.id }, me))).code).toBe('NOT_FOUND');
    expect((await domainErrorOf(core.addCartItem.execute({ productId: tee.id, quantity: 0 }, me))).code).toBe('VALIDATION_FAILED');
    expect((await domainErrorOf(core.getCart.execute({}, admin))).code).toBe('FORBIDDEN');
    expect((await core.getCart.execute({}, customer(2))).items).toEqual([]);
  });

  it('rounds percentage discounts half up in minor units and never lets a fixed amount go below zero', async () => {
    const { core, mug } = await setup();
    await core.createCoupon.execute({ code: 'third', type: 'percentage', percentOff: '33.33' }, admin);
    await core.createCoupon.execute({ code: 'BIG', type: 'fixed', amountOff: 50, currency: 'USD' }, admin);
    const me = customer(1);
    await core.addCartItem.execute({ productId: mug.id, quantity: 3 }, me);
    const third = await core.applyCartCoupon.execute({ code: 'Third' }, me);
    // 999 cents * 33.33% = 332.9667 -> 333
    expect(third).toMatchObject({ subtotal: 999, discount: 333, total: 666, couponCode: 'THIRD' });
    const big = await core.applyCartCoupon.execute({ code: 'BIG' }, me);
    expect(big).toMatchObject({ subtotal: 999, discount: 999, total: 0 });
    expect((await core.removeCartCoupon.execute({}, me)).discount).toBe(0);
  });

  it('says which way a coupon does not apply', async () => {
    const { core, clock, mug } = await setup();
    const me = customer(1);
    await core.addCartItem.execute({ productId: mug.id, quantity: 1 }, me);
    await core.createCoupon.execute({ code: 'OFF', type: 'percentage', percentOff: 10, active: false }, admin);
    await core.createCoupon.execute({ code: 'LATER', type: 'percentage', percentOff: 10, startsAt: '2026-04-01' }, admin);
    await core.createCoupon.execute({ code: 'GONE', type: 'percentage', percentOff: 10, endsAt: '2026-03-19' }, admin);
    await core.createCoupon.execute({ code: 'MIN', type: 'fixed', amountOff: 1, currency: 'USD', minimumSubtotal: 20 }, admin);
    await core.createCoupon.execute({ code: 'EURO', type: 'fixed', amountOff: 1, currency: 'EUR' }, admin);
    const reasons: Record<string, unknown> = {};
    for (const code of ['NOPE', 'OFF', 'LATER', 'GONE', 'MIN', 'EURO']) {
      const error = await domainErrorOf(core.applyCartCoupon.execute({ code }, me));
      expect(error.code).toBe('COUPON_NOT_APPLICABLE');
      reasons[code] = error.details['reason'];
    }
    expect(reasons).toEqual({ NOPE: 'unknown', OFF: 'inactive', LATER: 'not_started', GONE: 'expired', MIN: 'minimum_not_met', EURO: 'currency_mismatch' });
    clock.set('2026-04-02T00:00:00.000Z');
    expect((await core.applyCartCoupon.execute({ code: 'LATER' }, me)).discount).toBe(33);
    const badCoupon = await domainErrorOf(core.createCoupon.execute({ code: 'X', type: 'fixed', amountOff: 1 }, admin));
    expect((badCoupon.details['errors'] as { field: string }[]).map((e) => e.field)).toEqual(['code', 'currency']);
  });
});

describe('checkout', () => {
  it('places an order awaiting payment with the discount, redeems the coupon and empties the cart', async () => {
    const { core, tee } = await setup();
    await core.createCoupon.execute({ code: 'TEN', type: 'percentage', percentOff: 10, maxRedemptions: 5, maxRedemptionsPerCustomer: 1 }, admin);
    const me = customer(1);
    await core.addCartItem.execute({ productId: tee.id, quantity: 2 }, me);
    await core.applyCartCoupon.execute({ code: 'TEN' }, me);
    const { order } = await core.checkoutCart.execute({ shippingAddress: address }, me);
    expect(order).toMatchObject({ status: 'pending_payment', customerId: 'cust_1', totals: { subtotal: 5998, discount: 600, total: 5398 }, contact: { email: 'c1@example.com' } });
    expect((await core.getCart.execute({}, me)).items).toEqual([]);
    expect((await core.listCoupons.execute({}, admin)).items[0]?.redemptions).toBe(1);
    await core.addCartItem.execute({ productId: tee.id, quantity: 1 }, me);
    expect((await domainErrorOf(core.applyCartCoupon.execute({ code: 'TEN' }, me))).details['reason']).toBe('customer_limit');
    expect((await domainErrorOf(core.checkoutCart.execute({ shippingAddress: address }, customer(9)))).details['errors']).toEqual([{ field: 'cart', message: 'is empty' }]);
  });

  it('redeems a coupon limited to 10 exactly 10 times when 50 customers check out at once', async () => {
    const { core, mug } = await setup();
    await core.createCoupon.execute({ code: 'RUSH', type: 'fixed', amountOff: 1, currency: 'USD', maxRedemptions: 10 }, admin);
    const customers = Array.from({ length: 50 }, (_, i) => customer(`rush${i}`));
    for (const c of customers) {
      await core.addCartItem.execute({ productId: mug.id, quantity: 1 }, c);
      await core.applyCartCoupon.execute({ code: 'RUSH' }, c);
    }
    const results = await Promise.allSettled(customers.map((c) => core.checkoutCart.execute({ shippingAddress: address }, c)));
    const placed = results.filter((r) => r.status === 'fulfilled');
    expect(placed).toHaveLength(10);
    for (const r of results.filter((r) => r.status === 'rejected')) expect((r as PromiseRejectedResult).reason).toMatchObject({ code: 'COUPON_NOT_APPLICABLE', details: { reason: 'exhausted' } });
    expect((await core.listCoupons.execute({}, admin)).items[0]?.redemptions).toBe(10);
    expect((await domainErrorOf(core.updateCoupon.execute({ code: 'rush', changes: { maxRedemptions: 9 } }, admin))).details['errors']).toEqual([
      { field: 'max_redemptions', message: 'must be at least the 10 redemptions already made' },
    ]);
    expect((await core.updateCoupon.execute({ code: 'RUSH', changes: { maxRedemptions: 20, active: false } }, admin))).toMatchObject({ maxRedemptions: 20, active: false, redemptions: 10, version: 2 });
    expect((await core.listOrders.execute({}, admin)).total).toBe(10);
  });

  it('keeps lines that can no longer be ordered in the cart after checkout', async () => {
    const { core, tee, mug } = await setup();
    const me = customer(1);
    await core.addCartItem.execute({ productId: tee.id, quantity: 1 }, me);
    await core.addCartItem.execute({ productId: mug.id, quantity: 1 }, me);
    await core.updateProduct.execute({ productId: mug.id, changes: { status: 'inactive' } }, admin);
    const { order } = await core.checkoutCart.execute({ shippingAddress: address }, me);
    expect(order.lines.map((l) => l.sku)).toEqual(['TEE']);
    expect((await core.getCart.execute({}, me)).items).toEqual([expect.objectContaining({ productId: mug.id, available: false })]);
  });

  it('replays a checkout with the same idempotency key and keeps the cart when placement fails', async () => {
    const { core, tee } = await setup();
    const me = customer(1);
    await core.addCartItem.execute({ productId: tee.id, quantity: 1 }, me);
    const first = await core.checkoutCart.execute({ shippingAddress: address, idempotencyKey: 'co-1' }, me);
    const again = await core.checkoutCart.execute({ shippingAddress: address, idempotencyKey: 'co-1' }, me);
    expect(again).toEqual({ ...first, replayed: true });
    await core.addCartItem.execute({ productId: tee.id, quantity: 5_000 }, me);
    expect((await domainErrorOf(core.checkoutCart.execute({ shippingAddress: address }, me))).code).toBe('INSUFFICIENT_STOCK');
    expect((await core.getCart.execute({}, me)).items).toHaveLength(1);
  });
});

describe('payments and refunds', () => {
  it('moves a fully paid order to pending, refuses overpayment, and refunds on cancel', async () => {
    const { core, tee } = await setup();
    const me = customer(1);
    await core.addCartItem.execute({ productId: tee.id, quantity: 2 }, me);
    const { order } = await core.checkoutCart.execute({ shippingAddress: address }, me);
    const part = await core.recordPayment.execute({ orderId: order.id, amount: 20, method: 'card', reference: 'ch_1' }, admin);
    expect(part.details.order.status).toBe('pending_payment');
    expect((await domainErrorOf(core.recordPayment.execute({ orderId: order.id, amount: 40, method: 'card' }, admin))).details['errors']).toEqual([
      { field: 'amount', message: 'must be at most the outstanding 39.98 USD' },
    ]);
    const rest = await core.recordPayment.execute({ orderId: order.id, amount: '39.98', method: 'card' }, admin);
    expect(rest.details.order.status).toBe('pending');
    const cancelled = await core.cancelOrder.execute({ orderId: order.id, reason: 'Changed mind', refund: true }, admin);
    expect(cancelled.order.status).toBe('refunded');
    const payments = await core.listPayments.execute({ orderId: order.id }, admin);
    expect(payments.map((p) => [p.kind, p.amount])).toEqual([['payment', 2000], ['payment', 3998], ['refund', 5998]]);
    expect(cancelled.events.map((e) => e.type)).toEqual(['order_placed', 'payment_recorded', 'payment_recorded', 'status_changed', 'status_changed', 'refund_recorded', 'status_changed']);
  });

  it('finishes a refund the gateway failed during cancel, with the same idempotency key', async () => {
    const keys: string[] = [];
    let failNext = true;
    const gateway = {
      name: 'flaky',
      async refund(request: { idempotencyKey: string }) {
        keys.push(request.idempotencyKey);
        if (failNext) {
          failNext = false;
          throw new Error('gateway timeout');
        }
        return { reference: `re_${request.idempotencyKey}` };
      },
    };
    const { uow, clock, ids, hasher, files } = createTestOrderCore();
    const core = createOrderCore({ uow, clock, ids, hasher, files, payments: gateway });
    const tee = await core.createProduct.execute({ sku: 'TEE', name: 'Tee', price: 10 }, admin);
    await core.bulkAdjustStock.execute({ adjustments: [{ productId: tee.id, quantityChange: 5, reason: 'restock' }] }, admin);
    const { order } = await core.placeOrder.execute({ customerId: 'c', items: [{ productId: tee.id, quantity: 1 }], shippingAddress: address }, admin);
    await core.recordPayment.execute({ orderId: order.id, amount: 10, method: 'card' }, admin);
    await expect(core.cancelOrder.execute({ orderId: order.id, refund: true }, admin)).rejects.toThrow('gateway timeout');
    expect((await core.getOrder.execute({ orderId: order.id }, admin)).order.status).toBe('cancelled');
    const refunded = await core.refundOrder.execute({ orderId: order.id }, admin);
    expect(refunded.order.status).toBe('refunded');
    expect(keys).toEqual([`refund:${order.id}:1`, `refund:${order.id}:1`]);
    expect((await domainErrorOf(core.refundOrder.execute({ orderId: order.id }, admin))).code).toBe('INVALID_TRANSITION');
  });
});
