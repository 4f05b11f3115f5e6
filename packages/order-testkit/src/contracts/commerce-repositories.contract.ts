import type { Cart, Coupon, Payment, UnitOfWork } from '@oms/order-core';
import { anOrder } from '../builders';
import { rejectionCode, useFixture, type PersistenceFactory } from './persistence-fixture';

function aCoupon(overrides: Partial<Coupon> = {}): Coupon {
  return {
    code: 'SPRING10',
    type: 'percentage',
    percentOffBasisPoints: 1_000,
    amountOff: null,
    currency: null,
    minimumSubtotal: null,
    startsAt: '2026-03-01T00:00:00.000Z',
    endsAt: null,
    maxRedemptions: 10,
    maxRedemptionsPerCustomer: 1,
    redemptions: 0,
    active: true,
    version: 1,
    createdAt: '2026-03-20T12:00:00.000Z',
    updatedAt: '2026-03-20T12:00:00.000Z',
    ...overrides,
  };
}

function aCart(overrides: Partial<Cart> = {}): Cart {
  return {
    id: 'cart_1',
    customerId: 'cust_1',
    items: [{ productId: 'prod_1', quantity: 2 }, { productId: 'prod_2', quantity: 1 }],
    couponCode: null,
    version: 1,
    createdAt: '2026-03-20T12:00:00.000Z',
    updatedAt: '2026-03-20T12:00:00.000Z',
    ...overrides,
  };
}

async function storedOrder(uow: UnitOfWork) {
  const order = anOrder();
  await uow.transaction((r) => r.orders.insert(order));
  return order;
}

export function describeCommerceRepositoriesContract(name: string, factory: PersistenceFactory): void {
  describe(`Cart, coupon and payment repositories contract: ${name}`, () => {
    const uow = useFixture(factory);

    it('keeps one cart per customer, updated and deleted at its version', async () => {
      const cart = aCart();
      await uow().transaction((r) => r.carts.insert(cart));
      expect(await uow().repositories.carts.findByCustomer('cust_1')).toEqual(cart);
      expect(await uow().repositories.carts.findByCustomer('cust_2')).toBeNull();
      expect((await rejectionCode(uow().transaction((r) => r.carts.insert(aCart({ id: 'cart_2' }))))).code).toBe('CONFLICT');
      const changed = { ...cart, items: [{ productId: 'prod_3', quantity: 5 }], couponCode: 'SPRING10', version: 2 };
      expect(await uow().transaction((r) => r.carts.update(changed, 1))).toBe(true);
      expect(await uow().transaction((r) => r.carts.update({ ...cart, version: 2 }, 1))).toBe(false);
      expect(await uow().repositories.carts.findByCustomer('cust_1')).toEqual(changed);
      expect(await uow().transaction((r) => r.carts.delete(cart.id, 1))).toBe(false);
      expect(await uow().transaction((r) => r.carts.delete(cart.id, 2))).toBe(true);
      expect(await uow().repositories.carts.findByCustomer('cust_1')).toBeNull();
    });

    it('stores coupons, lists newest first, and updates everything but the redemption count', async () => {
      const older = aCoupon({ code: 'OLD', createdAt: '2026-03-19T00:00:00.000Z' });
      const fixed = aCoupon({ code: 'FIVE', type: 'fixed', percentOffBasisPoints: null, amountOff: 500, currency: 'USD', minimumSubtotal: 2_000, maxRedemptions: null, maxRedemptionsPerCustomer: null, startsAt: null, endsAt: '2026-12-31T23:59:59.999Z' });
      await uow().transaction(async (r) => {
        await r.coupons.insert(older);
        await r.coupons.insert(fixed);
      });
      expect(await uow().repositories.coupons.findByCode('FIVE')).toEqual(fixed);
      expect(await uow().repositories.coupons.findByCode('NONE')).toBeNull();
      expect(await uow().repositories.coupons.list({ limit: 10, offset: 0 })).toEqual({ items: [fixed, older], total: 2 });
      expect((await rejectionCode(uow().transaction((r) => r.coupons.insert(aCoupon({ code: 'FIVE' }))))).code).toBe('CONFLICT');
      expect(await uow().transaction((r) => r.coupons.incrementRedemptions('FIVE'))).toBe(true);
      const edited = { ...fixed, active: false, redemptions: 0, version: 2 };
      expect(await uow().transaction((r) => r.coupons.update(edited, 1))).toBe(true);
      expect(await uow().transaction((r) => r.coupons.update(edited, 1))).toBe(false);
      expect(await uow().repositories.coupons.findByCode('FIVE')).toEqual({ ...edited, redemptions: 1 });
    });

    it('never redeems a coupon beyond its limit, also concurrently', async () => {
      await uow().transaction((r) => r.coupons.insert(aCoupon({ maxRedemptions: 10 })));
      const outcomes = await Promise.all(Array.from({ length: 50 }, () => uow().transaction((r) => r.coupons.incrementRedemptions('SPRING10'))));
      expect(outcomes.filter(Boolean)).toHaveLength(10);
      expect((await uow().repositories.coupons.findByCode('SPRING10'))?.redemptions).toBe(10);
      expect(await uow().transaction((r) => r.coupons.incrementRedemptions('NONE'))).toBe(false);
    });

    it('counts redemptions per customer', async () => {
      await uow().transaction((r) => r.coupons.insert(aCoupon()));
      const order = await storedOrder(uow());
      await uow().transaction(async (r) => {
        await r.coupons.recordRedemption({ code: 'SPRING10', customerId: 'cust_1', orderId: order.id, at: '2026-03-20T12:00:00.000Z' });
        await r.coupons.recordRedemption({ code: 'SPRING10', customerId: 'cust_1', orderId: order.id, at: '2026-03-20T13:00:00.000Z' });
      });
      expect(await uow().repositories.coupons.countRedemptionsBy('SPRING10', 'cust_1')).toBe(2);
      expect(await uow().repositories.coupons.countRedemptionsBy('SPRING10', 'cust_2')).toBe(0);
    });

    it('lists an order’s payments and refunds oldest first', async () => {
      const order = await storedOrder(uow());
      const actor = { kind: 'staff', id: 'u1', display: 'u1' } as const;
      const refund: Payment = { id: 'pay_2', orderId: order.id, kind: 'refund', amount: 999_999_999_999, currency: 'USD', method: 'manual', reference: 'r-1', recordedBy: actor, createdAt: '2026-03-21T00:00:00.000Z' };
      const payment: Payment = { id: 'pay_1', orderId: order.id, kind: 'payment', amount: 5_998, currency: 'USD', method: 'card', reference: null, recordedBy: actor, createdAt: '2026-03-20T00:00:00.000Z' };
      await uow().transaction(async (r) => {
        await r.payments.insert(refund);
        await r.payments.insert(payment);
      });
      expect(await uow().repositories.payments.listForOrder(order.id)).toEqual([payment, refund]);
      expect(await uow().repositories.payments.listForOrder('order_none')).toEqual([]);
    });
  });
}
