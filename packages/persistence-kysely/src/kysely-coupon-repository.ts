import { COUPON_TYPES, DomainError, type Coupon, type CouponRedemption, type CouponRepository, type CouponType } from '@oms/order-core';
import { sql, type Kysely, type Selectable, type SqlBool } from 'kysely';
import { checkViolationOf } from './check-violation';
import type { CouponsTable, DatabaseSchema } from './database-schema';
import { readSafeInteger } from './read-safe-integer';
import { toStoredTimestamp } from './stored-timestamp';
import { withConflictMapping, type UniqueKey } from './unique-violation';

type CouponRow = Selectable<CouponsTable>;

function uniqueKeys(coupon: Coupon): readonly UniqueKey[] {
  return [{ column: 'code', constraint: 'coupons_pkey', field: 'code', message: `A coupon with code ${coupon.code} already exists` }];
}

/**
 * Coupons and their redemptions. The redemption count changes only through `incrementRedemptions`, one guarded
 * UPDATE whose affected-row count is the answer; `update` writes every other column and never that one.
 */
export class KyselyCouponRepository implements CouponRepository {
  constructor(private readonly db: Kysely<DatabaseSchema>) {}

  async insert(coupon: Coupon): Promise<void> {
    const row = { code: coupon.code, ...toRow(coupon), redemptions: coupon.redemptions };
    await withConflictMapping('coupon', uniqueKeys(coupon), () => this.db.insertInto('coupons').values(row).execute());
  }

  async findByCode(code: string): Promise<Coupon | null> {
    const row = await this.db.selectFrom('coupons').selectAll().where('code', '=', code).executeTakeFirst();
    return row ? fromRow(row) : null;
  }

  async list(query: { readonly limit: number; readonly offset: number }): Promise<{ readonly items: readonly Coupon[]; readonly total: number }> {
    // Codes are unique, so (created_at, code) is a total order: read backwards along coupons_created_idx.
    const rows = await this.db
      .selectFrom('coupons')
      .selectAll()
      .orderBy('created_at', 'desc')
      .orderBy('code', 'desc')
      .limit(query.limit)
      .offset(query.offset)
      .execute();
    const items = rows.map(fromRow);
    // A page that is neither empty nor full is the last one: its total needs no count.
    if (items.length > 0 && items.length < query.limit) return { items, total: query.offset + items.length };
    const counted = await this.db.selectFrom('coupons').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow();
    return { items, total: readSafeInteger(counted.n, 'count(coupons)') };
  }

  async update(coupon: Coupon, expectedVersion: number): Promise<boolean> {
    try {
      const result = await this.db
        .updateTable('coupons')
        .set(toRow(coupon))
        .where('code', '=', coupon.code)
        .where('version', '=', expectedVersion)
        .executeTakeFirst();
      return result.numUpdatedRows > 0n;
    } catch (error) {
      // The only CHECK an edit can break on its own: a limit below the redemptions already counted.
      if (checkViolationOf(error) === 'coupons_redemptions_check') {
        throw DomainError.validation([{ field: 'max_redemptions', message: 'must be at least the number of redemptions so far' }]);
      }
      throw error;
    }
  }

  async incrementRedemptions(code: string): Promise<boolean> {
    // ONE guarded statement: PostgreSQL re-checks the guard against the row a concurrent redeemer committed after
    // waiting for its lock, SQLite has one writer at a time; so concurrent callers never pass the limit.
    const result = await this.db
      .updateTable('coupons')
      .set({ redemptions: sql<number>`redemptions + 1` })
      .where('code', '=', code)
      .where(sql<SqlBool>`(max_redemptions is null or redemptions < max_redemptions)`)
      .executeTakeFirst();
    return result.numUpdatedRows > 0n;
  }

  async recordRedemption(redemption: CouponRedemption): Promise<void> {
    await this.db
      .insertInto('coupon_redemptions')
      .values({
        code: redemption.code,
        customer_id: redemption.customerId,
        order_id: redemption.orderId,
        at: toStoredTimestamp(redemption.at, 'at'),
      })
      .execute();
  }

  async countRedemptionsBy(code: string, customerId: string): Promise<number> {
    // Along coupon_redemptions_code_customer_idx.
    const counted = await this.db
      .selectFrom('coupon_redemptions')
      .select((eb) => eb.fn.countAll().as('n'))
      .where('code', '=', code)
      .where('customer_id', '=', customerId)
      .executeTakeFirstOrThrow();
    return readSafeInteger(counted.n, 'count(coupon_redemptions)');
  }
}

/** Every column but the key and the redemption count. */
function toRow(coupon: Coupon) {
  return {
    type: coupon.type,
    percent_off_basis_points: coupon.percentOffBasisPoints,
    amount_off_minor: coupon.amountOff,
    currency: coupon.currency,
    minimum_subtotal_minor: coupon.minimumSubtotal,
    starts_at: coupon.startsAt === null ? null : toStoredTimestamp(coupon.startsAt, 'startsAt'),
    ends_at: coupon.endsAt === null ? null : toStoredTimestamp(coupon.endsAt, 'endsAt'),
    max_redemptions: coupon.maxRedemptions,
    max_redemptions_per_customer: coupon.maxRedemptionsPerCustomer,
    active: coupon.active ? (1 as const) : (0 as const),
    version: coupon.version,
    created_at: toStoredTimestamp(coupon.createdAt, 'createdAt'),
    updated_at: toStoredTimestamp(coupon.updatedAt, 'updatedAt'),
  };
}

function fromRow(row: CouponRow): Coupon {
  const int = (column: keyof CouponsTable): number => readSafeInteger(row[column], `coupons.${column}`);
  const nullableInt = (column: keyof CouponsTable): number | null => (row[column] === null ? null : int(column));
  const active = int('active');
  if (active !== 0 && active !== 1) throw new Error(`Column coupons.active of ${row.code} holds ${active}, not 0 or 1`);
  return {
    code: row.code,
    type: couponType(row),
    percentOffBasisPoints: nullableInt('percent_off_basis_points'),
    amountOff: nullableInt('amount_off_minor'),
    currency: row.currency,
    minimumSubtotal: nullableInt('minimum_subtotal_minor'),
    startsAt: row.starts_at,
    endsAt: row.ends_at,
    maxRedemptions: nullableInt('max_redemptions'),
    maxRedemptionsPerCustomer: nullableInt('max_redemptions_per_customer'),
    redemptions: int('redemptions'),
    active: active === 1,
    version: int('version'),
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

function couponType(row: CouponRow): CouponType {
  const type = COUPON_TYPES.find((t) => t === row.type);
  if (type === undefined) throw new Error(`Column coupons.type of ${row.code} holds an unknown type ${JSON.stringify(row.type)}`);
  return type;
}
