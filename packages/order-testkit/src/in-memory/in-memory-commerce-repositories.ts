import {
  DomainError,
  type Cart,
  type CartRepository,
  type Coupon,
  type CouponRedemption,
  type CouponRepository,
  type Payment,
  type PaymentRepository,
} from '@oms/order-core';
import { byTimeThenId, copy, journaledDelete, journaledPush, journaledSet, type InMemoryState, type Journal } from './in-memory-state';

export class InMemoryCartRepository implements CartRepository {
  constructor(
    private readonly state: InMemoryState,
    private readonly journal: Journal,
  ) {}

  async findByCustomer(customerId: string): Promise<Cart | null> {
    for (const cart of this.state.carts.values()) if (cart.customerId === customerId) return copy(cart);
    return null;
  }

  async insert(cart: Cart): Promise<void> {
    for (const other of this.state.carts.values()) {
      if (other.id === cart.id || other.customerId === cart.customerId) throw new DomainError('CONFLICT', 'This customer already has a cart', { entity: 'cart', field: 'customer_id' });
    }
    journaledSet(this.journal, this.state.carts, cart.id, copy(cart));
  }

  async update(cart: Cart, expectedVersion: number): Promise<boolean> {
    const stored = this.state.carts.get(cart.id);
    if (!stored || stored.version !== expectedVersion) return false;
    journaledSet(this.journal, this.state.carts, cart.id, copy(cart));
    return true;
  }

  async delete(id: string, expectedVersion: number): Promise<boolean> {
    const stored = this.state.carts.get(id);
    if (!stored || stored.version !== expectedVersion) return false;
    journaledDelete(this.journal, this.state.carts, id);
    return true;
  }
}

export class InMemoryCouponRepository implements CouponRepository {
  constructor(
    private readonly state: InMemoryState,
    private readonly journal: Journal,
  ) {}

  async insert(coupon: Coupon): Promise<void> {
    if (this.state.coupons.has(coupon.code)) throw new DomainError('CONFLICT', `Coupon ${coupon.code} already exists`, { entity: 'coupon', field: 'code' });
    journaledSet(this.journal, this.state.coupons, coupon.code, copy(coupon));
  }

  async findByCode(code: string): Promise<Coupon | null> {
    const coupon = this.state.coupons.get(code);
    return coupon ? copy(coupon) : null;
  }

  async list(query: { readonly limit: number; readonly offset: number }) {
    // Newest first, ties by code.
    const all = [...this.state.coupons.values()].sort((a, b) => (a.createdAt === b.createdAt ? (a.code < b.code ? 1 : -1) : a.createdAt < b.createdAt ? 1 : -1));
    return { items: all.slice(query.offset, query.offset + query.limit).map(copy), total: all.length };
  }

  async update(coupon: Coupon, expectedVersion: number): Promise<boolean> {
    const stored = this.state.coupons.get(coupon.code);
    if (!stored || stored.version !== expectedVersion) return false;
    journaledSet(this.journal, this.state.coupons, coupon.code, copy({ ...coupon, redemptions: stored.redemptions }));
    return true;
  }

  async incrementRedemptions(code: string): Promise<boolean> {
    const stored = this.state.coupons.get(code);
    if (!stored || (stored.maxRedemptions !== null && stored.redemptions >= stored.maxRedemptions)) return false;
    journaledSet(this.journal, this.state.coupons, code, { ...stored, redemptions: stored.redemptions + 1 });
    return true;
  }

  async recordRedemption(redemption: CouponRedemption): Promise<void> {
    journaledPush(this.journal, this.state.redemptions, [redemption]);
  }

  async countRedemptionsBy(code: string, customerId: string): Promise<number> {
    return this.state.redemptions.filter((r) => r.code === code && r.customerId === customerId).length;
  }
}

export class InMemoryPaymentRepository implements PaymentRepository {
  constructor(
    private readonly state: InMemoryState,
    private readonly journal: Journal,
  ) {}

  async insert(payment: Payment): Promise<void> {
    if (this.state.payments.some((p) => p.id === payment.id)) throw new DomainError('CONFLICT', `Payment ${payment.id} exists`, { entity: 'payment', field: 'id' });
    journaledPush(this.journal, this.state.payments, [payment]);
  }

  async listForOrder(orderId: string): Promise<readonly Payment[]> {
    return this.state.payments.filter((p) => p.orderId === orderId).sort(byTimeThenId((p) => p.createdAt)).map(copy);
  }
}
