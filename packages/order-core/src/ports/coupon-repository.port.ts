import type { Coupon } from '../commerce/coupon';

export interface CouponRedemption {
  readonly code: string;
  readonly customerId: string;
  readonly orderId: string;
  readonly at: string;
}

export const CouponRepository = Symbol.for('oms.CouponRepository');
export interface CouponRepository {
  /** Rejects with CONFLICT (details.field = "code") when the code exists. */
  insert(coupon: Coupon): Promise<void>;
  findByCode(code: string): Promise<Coupon | null>;
  /** Newest first; `total` ignores paging. */
  list(query: { readonly limit: number; readonly offset: number }): Promise<{ readonly items: readonly Coupon[]; readonly total: number }>;
  /** Replaces everything but `redemptions` if still at `expectedVersion`; false (nothing changed) otherwise. */
  update(coupon: Coupon, expectedVersion: number): Promise<boolean>;
  /**
   * redemptions += 1 where the total limit still allows it, in ONE guarded statement; false when used up. Concurrent
   * callers can never redeem more than maxRedemptions.
   */
  incrementRedemptions(code: string): Promise<boolean>;
  recordRedemption(redemption: CouponRedemption): Promise<void>;
  countRedemptionsBy(code: string, customerId: string): Promise<number>;
}
