import { LIMITS, toMajorNumber, type CartView, type CouponRefusal, type OrderCore, type OrderStatus } from '@oms/order-core';
import { defineRoute, type RouteDefinition } from '../routing/route-definition';
import { nullable, strictObject, type JsonSchema } from '../validation/json-schema';
import { CURRENCY, MONEY_OUTPUT, OPTIONAL_TEXT, TEXT } from './common-schemas';
import { IDEMPOTENCY_KEY_HEADER_DOC } from './header-docs';
import { dataEnvelopeSchema, ok } from './native-envelope';
import { ADDRESS_INPUT, ORDER_STATUS, type AddressBody } from './order-schemas';

/** Every reason the core gives for a coupon that does not apply; a Record, so a new reason fails to compile here. */
const COUPON_REFUSALS: Readonly<Record<CouponRefusal, string>> = {
  unknown: 'no coupon has this code',
  inactive: 'the coupon was switched off',
  not_started: 'the coupon is not valid yet',
  expired: 'the coupon has expired',
  exhausted: 'the coupon has been used up',
  customer_limit: 'you have used it the most times allowed',
  minimum_not_met: 'the subtotal is below the coupon\'s minimum',
  currency_mismatch: 'the coupon is for another currency',
};

export const COUPON_REFUSAL: JsonSchema = {
  type: 'string',
  enum: Object.keys(COUPON_REFUSALS),
  description: Object.entries(COUPON_REFUSALS).map(([reason, meaning]) => `${reason}: ${meaning}`).join('; '),
};

export interface CartLineJson {
  readonly product_id: string;
  readonly sku: string | null;
  readonly name: string | null;
  readonly quantity: number;
  readonly unit_price: number | null;
  readonly subtotal: number;
  readonly available: boolean;
}

export interface CartJson {
  readonly items: readonly CartLineJson[];
  readonly subtotal: number;
  readonly discount: number;
  readonly total: number;
  readonly currency: string | null;
  readonly coupon_code: string | null;
  readonly coupon_problem: CouponRefusal | null;
}

export const CART_SCHEMA = strictObject(
  {
    items: {
      type: 'array',
      items: strictObject(
        {
          product_id: TEXT,
          sku: OPTIONAL_TEXT,
          name: OPTIONAL_TEXT,
          quantity: { type: 'integer', minimum: 1 },
          unit_price: { ...nullable(MONEY_OUTPUT), description: 'The catalog price now; null when the product is gone' },
          subtotal: { ...MONEY_OUTPUT, description: 'unit_price x quantity; 0 for a line that is not available' },
          available: { type: 'boolean', description: 'False when the product was removed or deactivated: left out of the totals and of checkout' },
        },
        ['product_id', 'sku', 'name', 'quantity', 'unit_price', 'subtotal', 'available'],
      ),
    },
    subtotal: MONEY_OUTPUT,
    discount: { ...MONEY_OUTPUT, description: 'A percentage rounds half up to the minor unit; a fixed amount never exceeds the subtotal' },
    total: MONEY_OUTPUT,
    currency: { ...nullable(CURRENCY), description: 'Of the products in the cart; null for an empty cart' },
    coupon_code: OPTIONAL_TEXT,
    coupon_problem: { ...nullable(COUPON_REFUSAL), description: 'Why the applied coupon gives no discount right now, else null' },
  },
  ['items', 'subtotal', 'discount', 'total', 'currency', 'coupon_code', 'coupon_problem'],
);

/** Money of a cart: every amount is in the cart's currency, which is null only when nothing in it is priced. */
export function presentCart(cart: CartView): CartJson {
  const { currency } = cart;
  const money = (minor: number): number => {
    if (currency !== null) return toMajorNumber(minor, currency);
    if (minor !== 0) throw new Error(`A cart without a currency has an amount of ${minor}`);
    return 0;
  };
  return {
    items: cart.items.map((item) => ({
      product_id: item.productId,
      sku: item.sku,
      name: item.name,
      quantity: item.quantity,
      unit_price: item.unitPrice === null ? null : money(item.unitPrice),
      subtotal: money(item.subtotal),
      available: item.available,
    })),
    subtotal: money(cart.subtotal),
    discount: money(cart.discount),
    total: money(cart.total),
    currency,
    coupon_code: cart.couponCode,
    coupon_problem: cart.couponProblem,
  };
}

const QUANTITY: JsonSchema = { type: 'integer', minimum: 1, maximum: LIMITS.maxQuantity };

const ADD_ITEM_BODY = strictObject({ product_id: TEXT, quantity: QUANTITY }, ['product_id', 'quantity']);
const UPDATE_ITEM_BODY = strictObject({ quantity: QUANTITY }, ['quantity']);
const APPLY_COUPON_BODY = strictObject({ code: { ...TEXT, description: 'Case-insensitive' } }, ['code']);
export const CHECKOUT_BODY = strictObject(
  {
    shipping_address: ADDRESS_INPUT,
    billing_address: nullable(ADDRESS_INPUT),
    email: { ...OPTIONAL_TEXT, description: 'Defaults to the e-mail in the token; tracking the order needs one' },
  },
  ['shipping_address'],
);

interface CheckoutBody {
  readonly shipping_address: AddressBody;
  readonly billing_address?: AddressBody | null;
  readonly email?: string | null;
}

export interface CheckoutJson {
  readonly order_id: string;
  readonly reference: string;
  readonly status: OrderStatus;
  readonly total: number;
  readonly currency: string;
}

const CHECKOUT_SCHEMA = strictObject(
  { order_id: TEXT, reference: TEXT, status: ORDER_STATUS, total: MONEY_OUTPUT, currency: CURRENCY },
  ['order_id', 'reference', 'status', 'total', 'currency'],
);

const THE_CART = { description: 'The cart after the change', schema: dataEnvelopeSchema(CART_SCHEMA) };

/**
 * The signed-in customer's cart (one open cart, persisted by the core). Every change answers the whole cart with
 * prices read from the catalog now; checkout turns it into an order awaiting payment.
 */
export function cartRoutes(core: OrderCore): readonly RouteDefinition[] {
  const cartResponse = (cart: CartView) => ({ status: 200, body: ok(presentCart(cart)) });
  const productId = (params: Readonly<Record<string, string>>) => params['product_id'] ?? '';
  return [
    defineRoute({
      method: 'get',
      path: '/cart',
      operationId: 'getCart',
      summary: 'Your cart: items with current prices, subtotal, discount and total',
      tags: ['Cart'],
      audience: 'customer',
      responses: { 200: { ...THE_CART, description: 'The cart (empty when you have none)' } },
      async handle({ principal }) {
        return cartResponse(await core.getCart.execute({}, principal));
      },
    }),
    defineRoute<{ product_id: string; quantity: number }>({
      method: 'post',
      path: '/cart/items',
      operationId: 'addCartItem',
      summary: 'Add a product to the cart (adds to the quantity of a line already there)',
      tags: ['Cart'],
      audience: 'customer',
      body: ADD_ITEM_BODY,
      responses: { 200: THE_CART },
      async handle({ body, principal }) {
        return cartResponse(await core.addCartItem.execute({ productId: body.product_id, quantity: body.quantity }, principal));
      },
    }),
    defineRoute<{ quantity: number }>({
      method: 'patch',
      path: '/cart/items/{product_id}',
      operationId: 'updateCartItem',
      summary: 'Set the quantity of a cart line',
      tags: ['Cart'],
      audience: 'customer',
      body: UPDATE_ITEM_BODY,
      responses: { 200: THE_CART },
      async handle({ params, body, principal }) {
        return cartResponse(await core.updateCartItem.execute({ productId: productId(params), quantity: body.quantity }, principal));
      },
    }),
    defineRoute({
      method: 'delete',
      path: '/cart/items/{product_id}',
      operationId: 'removeCartItem',
      summary: 'Remove a line from the cart',
      description: 'Answers the cart (not 204), so the new totals come with it.',
      tags: ['Cart'],
      audience: 'customer',
      responses: { 200: THE_CART },
      async handle({ params, principal }) {
        return cartResponse(await core.removeCartItem.execute({ productId: productId(params) }, principal));
      },
    }),
    defineRoute<{ code: string }>({
      method: 'post',
      path: '/cart/coupon',
      operationId: 'applyCartCoupon',
      summary: 'Apply a coupon to the cart (replaces any other)',
      description: 'A coupon that cannot apply answers 422 COUPON_NOT_APPLICABLE with details.reason saying why.',
      tags: ['Cart'],
      audience: 'customer',
      body: APPLY_COUPON_BODY,
      responses: { 200: THE_CART },
      async handle({ body, principal }) {
        return cartResponse(await core.applyCartCoupon.execute({ code: body.code }, principal));
      },
    }),
    defineRoute({
      method: 'delete',
      path: '/cart/coupon',
      operationId: 'removeCartCoupon',
      summary: 'Remove the coupon from the cart',
      tags: ['Cart'],
      audience: 'customer',
      responses: { 200: THE_CART },
      async handle({ principal }) {
        return cartResponse(await core.removeCartCoupon.execute({}, principal));
      },
    }),
    defineRoute<CheckoutBody>({
      method: 'post',
      path: '/cart/checkout',
      operationId: 'checkoutCart',
      summary: 'Turn the cart into an order awaiting payment',
      description:
        'Prices, stock and the coupon are checked again; stock is reserved and the coupon redeemed in the same ' +
        'transaction, and the cart is emptied only when the order is placed. Send an Idempotency-Key: a retry ' +
        'with the same key and body answers the same order (Idempotent-Replayed: true); another body with the key is a 422.',
      tags: ['Cart'],
      audience: 'customer',
      headers: { 'Idempotency-Key': IDEMPOTENCY_KEY_HEADER_DOC },
      body: CHECKOUT_BODY,
      responses: {
        201: {
          description: 'The order placed from the cart',
          schema: dataEnvelopeSchema(CHECKOUT_SCHEMA),
          headers: {
            'Idempotent-Replayed': { description: 'Present (true) when this answers a repeated Idempotency-Key', schema: { type: 'string' } },
          },
        },
      },
      async handle({ body, principal, header }) {
        const placed = await core.checkoutCart.execute(
          {
            shippingAddress: body.shipping_address,
            billingAddress: body.billing_address,
            email: body.email,
            idempotencyKey: header('idempotency-key'),
          },
          principal,
        );
        const { order } = placed;
        const result: CheckoutJson = {
          order_id: order.id,
          reference: order.reference,
          status: order.status,
          total: toMajorNumber(order.totals.total, order.currency),
          currency: order.currency,
        };
        const headers: Record<string, string> = { Location: `/orders/${encodeURIComponent(order.id)}` };
        if (placed.replayed) headers['Idempotent-Replayed'] = 'true';
        return { status: 201, body: ok(result), headers };
      },
    }),
  ];
}
