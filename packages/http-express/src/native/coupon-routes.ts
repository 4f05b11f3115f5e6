import { COUPON_TYPES, toMajorNumber, type Coupon, type CouponInput, type CouponType, type OrderCore } from '@oms/order-core';
import { defineRoute, type ResponseDoc, type RouteDefinition } from '../routing/route-definition';
import { nullable, strictObject, type JsonSchema } from '../validation/json-schema';
import { CURRENCY, LIMIT_PARAM, MONEY_INPUT, MONEY_OUTPUT, OFFSET_PARAM, OPTIONAL_TEXT, TEXT, TIMESTAMP } from './common-schemas';
import { entityTag, expectedVersionFromIfMatch } from './entity-tag';
import { ETAG_HEADER_DOC, IF_MATCH_HEADER_DOC } from './header-docs';
import { dataEnvelopeSchema, ok, okPage, pageEnvelopeSchema } from './native-envelope';

export interface CouponJson {
  readonly code: string;
  readonly type: CouponType;
  /** Percent, e.g. 12.5; null for fixed coupons. */
  readonly percent_off: number | null;
  /** Major units of `currency`; null for percentage coupons. */
  readonly amount_off: number | null;
  readonly currency: string | null;
  readonly minimum_subtotal: number | null;
  readonly starts_at: string | null;
  readonly ends_at: string | null;
  readonly max_redemptions: number | null;
  readonly max_redemptions_per_customer: number | null;
  readonly redemptions: number;
  readonly active: boolean;
  readonly version: number;
  readonly created_at: string;
  readonly updated_at: string;
}

/** A coupon as the admin API shows it; amounts are exact major units of the coupon's currency. */
export function presentCoupon(coupon: Coupon): CouponJson {
  const money = (minor: number | null): number | null =>
    minor === null || coupon.currency === null ? null : toMajorNumber(minor, coupon.currency);
  return {
    code: coupon.code,
    type: coupon.type,
    // Basis points / 100 is correctly rounded, so 1250 reads back as exactly 12.5 and 1 as 0.01.
    percent_off: coupon.percentOffBasisPoints === null ? null : coupon.percentOffBasisPoints / 100,
    amount_off: money(coupon.amountOff),
    currency: coupon.currency,
    minimum_subtotal: money(coupon.minimumSubtotal),
    starts_at: coupon.startsAt,
    ends_at: coupon.endsAt,
    max_redemptions: coupon.maxRedemptions,
    max_redemptions_per_customer: coupon.maxRedemptionsPerCustomer,
    redemptions: coupon.redemptions,
    active: coupon.active,
    version: coupon.version,
    created_at: coupon.createdAt,
    updated_at: coupon.updatedAt,
  };
}

const COUPON_TYPE: JsonSchema = { type: 'string', enum: COUPON_TYPES };
const WHOLE_OR_NULL: JsonSchema = nullable({ type: 'integer' });
const DATE_INPUT: JsonSchema = { ...OPTIONAL_TEXT, description: 'ISO 8601 date (whole day) or date-time' };

const COUPON_FIELDS = {
  type: COUPON_TYPE,
  percent_off: { ...nullable({ type: ['number', 'string'] }), description: 'Percentage coupons: 0.01 to 100, at most two decimals (12.5 = 12.5%)' },
  amount_off: { ...nullable(MONEY_INPUT), description: 'Fixed coupons: major units of currency; never takes a total below zero' },
  currency: { ...nullable(CURRENCY), description: 'Required for fixed coupons and minimum subtotals; a percentage coupon without one fits any currency' },
  minimum_subtotal: { ...nullable(MONEY_INPUT), description: 'The cart subtotal (before discount) must reach it' },
  starts_at: DATE_INPUT,
  ends_at: { ...DATE_INPUT, description: 'Exclusive; a date means the end of that day (UTC)' },
  max_redemptions: { ...WHOLE_OR_NULL, description: 'Total uses; counted atomically at checkout' },
  max_redemptions_per_customer: WHOLE_OR_NULL,
  active: { type: 'boolean', description: 'Defaults to true' },
} as const satisfies Record<string, JsonSchema>;

export const CREATE_COUPON_BODY = strictObject(
  { code: { ...TEXT, description: '2 to 40 letters, digits, "_" or "-"; stored upper case' }, ...COUPON_FIELDS },
  ['code', 'type'],
);

export const UPDATE_COUPON_BODY = strictObject(COUPON_FIELDS);

interface CouponFieldsBody {
  readonly type?: CouponType;
  readonly percent_off?: number | string | null;
  readonly amount_off?: number | string | null;
  readonly currency?: string | null;
  readonly minimum_subtotal?: number | string | null;
  readonly starts_at?: string | null;
  readonly ends_at?: string | null;
  readonly max_redemptions?: number | null;
  readonly max_redemptions_per_customer?: number | null;
  readonly active?: boolean;
}

type CreateCouponBody = CouponFieldsBody & { readonly code: string; readonly type: CouponType };

export const COUPON_SCHEMA = strictObject(
  {
    code: TEXT,
    type: COUPON_TYPE,
    percent_off: nullable({ type: 'number' }),
    amount_off: nullable(MONEY_OUTPUT),
    currency: nullable(CURRENCY),
    minimum_subtotal: nullable(MONEY_OUTPUT),
    starts_at: nullable(TIMESTAMP),
    ends_at: nullable(TIMESTAMP),
    max_redemptions: nullable({ type: 'integer', minimum: 1 }),
    max_redemptions_per_customer: nullable({ type: 'integer', minimum: 1 }),
    redemptions: { type: 'integer', minimum: 0, description: 'Checkouts that used it' },
    active: { type: 'boolean' },
    version: { type: 'integer', minimum: 1 },
    created_at: TIMESTAMP,
    updated_at: TIMESTAMP,
  },
  [
    'code', 'type', 'percent_off', 'amount_off', 'currency', 'minimum_subtotal', 'starts_at', 'ends_at', 'max_redemptions',
    'max_redemptions_per_customer', 'redemptions', 'active', 'version', 'created_at', 'updated_at',
  ],
);

const LIST_COUPONS_QUERY = strictObject({ limit: LIMIT_PARAM, offset: OFFSET_PARAM });

const ONE_COUPON: ResponseDoc = { description: 'The coupon', schema: dataEnvelopeSchema(COUPON_SCHEMA), headers: { ETag: ETAG_HEADER_DOC } };

/** Fields sent (null included: it clears), in the core's words; absent fields stay undefined and do not change. */
function couponChanges(body: CouponFieldsBody): Partial<Omit<CouponInput, 'code'>> {
  return {
    type: body.type,
    percentOff: body.percent_off,
    amountOff: body.amount_off,
    currency: body.currency,
    minimumSubtotal: body.minimum_subtotal,
    startsAt: body.starts_at,
    endsAt: body.ends_at,
    maxRedemptions: body.max_redemptions,
    maxRedemptionsPerCustomer: body.max_redemptions_per_customer,
    active: body.active,
  };
}

/** Discount codes, for staff who can change the catalog (products:write) and read by those who can read it. */
export function couponRoutes(core: OrderCore): readonly RouteDefinition[] {
  const couponResponse = (status: number, coupon: Coupon, headers: Record<string, string> = {}) => ({
    status,
    body: ok(presentCoupon(coupon)),
    headers: { ETag: entityTag(coupon.version), ...headers },
  });
  return [
    defineRoute<CreateCouponBody>({
      method: 'post',
      path: '/admin/coupons',
      operationId: 'createCoupon',
      summary: 'Create a coupon: a percentage or a fixed amount, with optional minimum, validity window and limits',
      description: 'A code already taken answers 409.',
      tags: ['Coupons'],
      audience: 'staff',
      requiredScope: 'products:write',
      body: CREATE_COUPON_BODY,
      responses: { 201: { ...ONE_COUPON, description: 'The created coupon' } },
      async handle({ body, principal }) {
        const coupon = await core.createCoupon.execute({ ...couponChanges(body), code: body.code, type: body.type }, principal);
        return couponResponse(201, coupon, { Location: `/admin/coupons/${encodeURIComponent(coupon.code)}` });
      },
    }),
    defineRoute<Record<string, never>, { limit?: number; offset?: number }>({
      method: 'get',
      path: '/admin/coupons',
      operationId: 'listCoupons',
      summary: 'List coupons, newest first, with how often each was redeemed',
      tags: ['Coupons'],
      audience: 'staff',
      requiredScope: 'products:read',
      query: LIST_COUPONS_QUERY,
      responses: { 200: { description: 'A page of coupons', schema: pageEnvelopeSchema(COUPON_SCHEMA) } },
      async handle({ query, principal }) {
        const page = await core.listCoupons.execute({ limit: query.limit, offset: query.offset }, principal);
        return {
          status: 200,
          body: okPage(page.items.map(presentCoupon), { total: page.total, limit: page.limit, offset: page.offset, next_cursor: null }),
        };
      },
    }),
    defineRoute<CouponFieldsBody>({
      method: 'patch',
      path: '/admin/coupons/{code}',
      operationId: 'updateCoupon',
      summary: 'Change a coupon (the code stays)',
      description:
        'Only the fields sent change; null clears one. The whole coupon must still be valid (a fixed coupon keeps a ' +
        'currency and an amount). Changing the currency needs amount_off and minimum_subtotal again. Redemptions ' +
        'already counted stay. If-Match makes it conditional (412 when stale).',
      tags: ['Coupons'],
      audience: 'staff',
      requiredScope: 'products:write',
      headers: { 'If-Match': IF_MATCH_HEADER_DOC },
      body: UPDATE_COUPON_BODY,
      responses: { 200: { ...ONE_COUPON, description: 'The coupon after the change' } },
      async handle({ params, body, principal, header }) {
        const coupon = await core.updateCoupon.execute(
          { code: params['code'] ?? '', changes: couponChanges(body), expectedVersion: expectedVersionFromIfMatch(header('if-match')) },
          principal,
        );
        return couponResponse(200, coupon);
      },
    }),
  ];
}
