import { DomainError } from '../shared/errors';

export const COUPON_TYPES = ['percentage', 'fixed'] as const;
export type CouponType = (typeof COUPON_TYPES)[number];

/** A discount code. Redemptions are counted by one guarded statement, so a limit holds under concurrency. */
export interface Coupon {
  /** Upper case, unique: `SPRING10`. */
  readonly code: string;
  readonly type: CouponType;
  /** For percentage coupons: basis points (1,000 = 10%), 1 to 10,000. */
  readonly percentOffBasisPoints: number | null;
  /** For fixed coupons: minor units of `currency`. */
  readonly amountOff: number | null;
  /** Required for fixed coupons and minimum subtotals; a percentage coupon without one fits any currency. */
  readonly currency: string | null;
  /** Minor units of `currency`. */
  readonly minimumSubtotal: number | null;
  readonly startsAt: string | null;
  readonly endsAt: string | null;
  readonly maxRedemptions: number | null;
  readonly maxRedemptionsPerCustomer: number | null;
  readonly redemptions: number;
  readonly active: boolean;
  readonly version: number;
  readonly createdAt: string;
  readonly updatedAt: string;
}

export type CouponRefusal = 'unknown' | 'inactive' | 'not_started' | 'expired' | 'exhausted' | 'customer_limit' | 'minimum_not_met' | 'currency_mismatch';

const MESSAGES: Record<CouponRefusal, string> = {
  unknown: 'does not exist',
  inactive: 'is not active',
  not_started: 'is not valid yet',
  expired: 'has expired',
  exhausted: 'has been used up',
  customer_limit: 'has already been used the most times allowed for this customer',
  minimum_not_met: 'needs a higher subtotal',
  currency_mismatch: 'is for another currency',
};

export function couponRefused(code: string, reason: CouponRefusal, extra: Record<string, unknown> = {}): DomainError {
  return new DomainError('COUPON_NOT_APPLICABLE', `Coupon ${code} ${MESSAGES[reason]}`, { code, reason, ...extra });
}

/** Checks everything but the redemption counts, which are checked atomically when redeeming. */
export function checkCouponApplies(coupon: Coupon, subtotal: number, currency: string, now: string): void {
  if (!coupon.active) throw couponRefused(coupon.code, 'inactive');
  if (coupon.startsAt !== null && now < coupon.startsAt) throw couponRefused(coupon.code, 'not_started', { starts_at: coupon.startsAt });
  if (coupon.endsAt !== null && now >= coupon.endsAt) throw couponRefused(coupon.code, 'expired', { ends_at: coupon.endsAt });
  if (coupon.maxRedemptions !== null && coupon.redemptions >= coupon.maxRedemptions) throw couponRefused(coupon.code, 'exhausted');
  if (coupon.currency !== null && coupon.currency !== currency) throw couponRefused(coupon.code, 'currency_mismatch', { currency: coupon.currency });
  if (coupon.minimumSubtotal !== null && subtotal < coupon.minimumSubtotal) {
    throw couponRefused(coupon.code, 'minimum_not_met', { minimum_subtotal: coupon.minimumSubtotal });
  }
}

/**
 * The discount in minor units: a percentage rounds half up to the minor unit; a fixed amount never takes the total
 * below zero.
 */
export function discountOf(coupon: Coupon, subtotal: number): number {
  if (coupon.type === 'percentage') {
    const raw = BigInt(subtotal) * BigInt(coupon.percentOffBasisPoints ?? 0);
    return Number((raw + 5_000n) / 10_000n);
  }
  return Math.min(coupon.amountOff ?? 0, subtotal);
}
