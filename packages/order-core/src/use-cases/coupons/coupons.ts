import { requireScope, type Principal } from '../../auth/principal';
import { checkCurrency } from '../../catalog/product-input';
import { COUPON_TYPES, type Coupon, type CouponType } from '../../commerce/coupon';
import { DomainError } from '../../shared/errors';
import { InputChecker } from '../../shared/input-checker';
import { formatMinor, parseDecimal, type DecimalAmount } from '../../shared/money';
import { checkDate } from '../dates';
import { nowIso, type CoreDependencies } from '../dependencies';
import { checkPaging } from '../paging';
import { checkExpectedVersion } from '../versioning';

export interface CouponInput {
  readonly code: string;
  readonly type: CouponType;
  /** For percentage coupons: 0.01 to 100 (percent, up to two decimals). */
  readonly percentOff?: DecimalAmount | null;
  /** For fixed coupons: major units of `currency`. */
  readonly amountOff?: DecimalAmount | null;
  readonly currency?: string | null;
  readonly minimumSubtotal?: DecimalAmount | null;
  readonly startsAt?: string | null;
  readonly endsAt?: string | null;
  readonly maxRedemptions?: number | null;
  readonly maxRedemptionsPerCustomer?: number | null;
  readonly active?: boolean;
}

const CODE = /^[A-Z0-9][A-Z0-9_-]{1,39}$/;

export function normalizeCouponCode(code: unknown): string {
  return typeof code === 'string' ? code.trim().toUpperCase() : '';
}

/** Checks a complete coupon definition; shared by create and update so both hold the same rules. */
function buildCoupon(input: CouponInput, base: Pick<Coupon, 'redemptions' | 'version' | 'createdAt' | 'updatedAt'>): Coupon {
  const check = new InputChecker();
  const code = normalizeCouponCode(input.code);
  if (!CODE.test(code)) check.fail('code', 'must be 2 to 40 letters, digits, "_" or "-"');
  const type = check.oneOf('type', input.type, COUPON_TYPES);
  const currency = input.currency == null ? null : checkCurrency(check, 'currency', input.currency);
  let percentOffBasisPoints: number | null = null;
  let amountOff: number | null = null;
  if (type === 'percentage') {
    if (input.percentOff == null) check.fail('percent_off', 'is required for a percentage coupon');
    else {
      // Percent with up to two decimals is exactly an amount with exponent 2: reuse the exact decimal reader.
      percentOffBasisPoints = parseDecimal('percent_off', input.percentOff, 'USD');
      if (percentOffBasisPoints < 1 || percentOffBasisPoints > 10_000) check.fail('percent_off', 'must be between 0.01 and 100');
    }
    if (input.amountOff != null) check.fail('amount_off', 'is only for fixed coupons');
  } else {
    if (currency === null) check.fail('currency', 'is required for a fixed coupon');
    if (input.amountOff == null) check.fail('amount_off', 'is required for a fixed coupon');
    else if (currency !== null) {
      amountOff = parseDecimal('amount_off', input.amountOff, currency);
      if (amountOff <= 0) check.fail('amount_off', 'must be more than zero');
    }
    if (input.percentOff != null) check.fail('percent_off', 'is only for percentage coupons');
  }
  let minimumSubtotal: number | null = null;
  if (input.minimumSubtotal != null) {
    if (currency === null) check.fail('currency', 'is required with a minimum subtotal');
    else minimumSubtotal = parseDecimal('minimum_subtotal', input.minimumSubtotal, currency);
  }
  const startsAt = input.startsAt == null ? null : (checkDate(check, 'starts_at', input.startsAt, 'start') ?? null);
  const endsAt = input.endsAt == null ? null : (checkDate(check, 'ends_at', input.endsAt, 'end') ?? null);
  if (startsAt !== null && endsAt !== null && endsAt <= startsAt) check.fail('ends_at', 'must be after starts_at');
  const maxRedemptions = input.maxRedemptions == null ? null : check.integer('max_redemptions', input.maxRedemptions, 1, 1_000_000_000);
  const maxPerCustomer = input.maxRedemptionsPerCustomer == null ? null : check.integer('max_redemptions_per_customer', input.maxRedemptionsPerCustomer, 1, 1_000_000);
  if (input.active !== undefined && typeof input.active !== 'boolean') check.fail('active', 'must be true or false');
  check.throwIfFailed();
  return {
    code,
    type,
    percentOffBasisPoints,
    amountOff,
    currency,
    minimumSubtotal,
    startsAt,
    endsAt,
    maxRedemptions,
    maxRedemptionsPerCustomer: maxPerCustomer,
    active: input.active ?? true,
    ...base,
  };
}

export class CreateCoupon {
  constructor(private readonly deps: CoreDependencies) {}

  async execute(input: CouponInput, principal: Principal): Promise<Coupon> {
    requireScope(principal, 'products:write');
    const now = nowIso(this.deps.clock);
    const coupon = buildCoupon(input, { redemptions: 0, version: 1, createdAt: now, updatedAt: now });
    return this.deps.uow.transaction(async (repos) => {
      if (await repos.coupons.findByCode(coupon.code)) {
        throw new DomainError('CONFLICT', `A coupon with code ${coupon.code} already exists`, { field: 'code', code: coupon.code });
      }
      await repos.coupons.insert(coupon);
      return coupon;
    });
  }
}

export class UpdateCoupon {
  constructor(private readonly deps: CoreDependencies) {}

  async execute(input: { readonly code: string; readonly changes: Partial<Omit<CouponInput, 'code'>>; readonly expectedVersion?: number }, principal: Principal): Promise<Coupon> {
    requireScope(principal, 'products:write');
    const code = normalizeCouponCode(input.code);
    if (Object.values(input.changes ?? {}).every((v) => v === undefined)) throw DomainError.validation([{ field: 'body', message: 'must change at least one field' }]);
    return this.deps.uow.transaction(async (repos) => {
      const current = await repos.coupons.findByCode(code);
      if (!current) throw DomainError.notFound('Coupon', code);
      checkExpectedVersion('Coupon', current.version, input.expectedVersion);
      const currency = input.changes.currency !== undefined ? input.changes.currency : current.currency;
      if (currency !== current.currency) {
        // Amounts in the old currency must not be read in the new one: they are given again.
        const missing = (['amountOff', 'minimumSubtotal'] as const).filter((f) => current[f] !== null && input.changes[f] === undefined);
        if (missing.length > 0) {
          throw DomainError.validation(missing.map((f) => ({ field: f === 'amountOff' ? 'amount_off' : 'minimum_subtotal', message: 'is required when the currency changes' })));
        }
      }
      const asInput: CouponInput = {
        code: current.code,
        type: current.type,
        percentOff: current.percentOffBasisPoints === null ? null : formatMinor(current.percentOffBasisPoints, 'USD'),
        amountOff: current.amountOff === null || current.currency === null ? null : formatMinor(current.amountOff, current.currency),
        currency,
        minimumSubtotal: current.minimumSubtotal === null || current.currency === null ? null : formatMinor(current.minimumSubtotal, current.currency),
        startsAt: current.startsAt,
        endsAt: current.endsAt,
        maxRedemptions: current.maxRedemptions,
        maxRedemptionsPerCustomer: current.maxRedemptionsPerCustomer,
        active: current.active,
        ...withoutUndefined(input.changes),
      };
      const next = buildCoupon(asInput, { redemptions: current.redemptions, version: current.version + 1, createdAt: current.createdAt, updatedAt: nowIso(this.deps.clock) });
      if (next.maxRedemptions !== null && next.maxRedemptions < current.redemptions) {
        throw DomainError.validation([{ field: 'max_redemptions', message: `must be at least the ${current.redemptions} redemptions already made` }]);
      }
      if (!(await repos.coupons.update(next, current.version))) {
        throw new DomainError('VERSION_CONFLICT', `Coupon ${code} was changed by someone else; reload and retry`, { code });
      }
      return { ...next, redemptions: (await repos.coupons.findByCode(code))?.redemptions ?? next.redemptions };
    });
  }
}

function withoutUndefined<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}

export class ListCoupons {
  constructor(private readonly deps: Pick<CoreDependencies, 'uow'>) {}

  async execute(input: { readonly limit?: number; readonly offset?: number }, principal: Principal) {
    requireScope(principal, 'products:read');
    const check = new InputChecker();
    const paging = checkPaging(check, input);
    check.throwIfFailed();
    return { ...(await this.deps.uow.repositories.coupons.list(paging)), ...paging };
  }
}
