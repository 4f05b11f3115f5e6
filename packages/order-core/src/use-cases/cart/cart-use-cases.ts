import { principalKey, type Principal } from '../../auth/principal';
import type { Product } from '../../catalog/product';
import type { Cart, CartItem } from '../../commerce/cart';
import { MAX_CART_LINES } from '../../commerce/cart';
import { checkCouponApplies, couponRefused, discountOf, type Coupon, type CouponRefusal } from '../../commerce/coupon';
import { checkAddress, checkEmail, LIMITS, type AddressInput } from '../../orders/order-input';
import type { Repositories } from '../../ports/unit-of-work.port';
import { DomainError, isDomainError } from '../../shared/errors';
import { canonicalJson } from '../../shared/json';
import { InputChecker } from '../../shared/input-checker';
import { addMinor, multiplyMinor } from '../../shared/money';
import { normalizeCouponCode } from '../coupons/coupons';
import { nowIso, type OrderDependencies } from '../dependencies';
import { runIdempotent } from '../idempotency';
import { normalize, placeOrderInTransaction, type PlaceOrderResult } from '../orders/place-order';

export interface CartLineView {
  readonly productId: string;
  readonly sku: string | null;
  readonly name: string | null;
  readonly quantity: number;
  /** Minor units, from the catalog now; null when the product is gone. */
  readonly unitPrice: number | null;
  readonly subtotal: number;
  /** False when the product was removed or deactivated: the line is left out of the totals and of checkout. */
  readonly available: boolean;
}

export interface CartView {
  readonly cartId: string | null;
  readonly items: readonly CartLineView[];
  readonly currency: string | null;
  readonly subtotal: number;
  readonly discount: number;
  readonly total: number;
  readonly couponCode: string | null;
  /** Why the applied coupon gives no discount right now (expired, minimum not met, ...), else null. */
  readonly couponProblem: CouponRefusal | null;
  readonly version: number;
}

function customerOf(principal: Principal): string {
  if (principal.kind !== 'customer') throw new DomainError('FORBIDDEN', 'Only a signed-in customer has a cart', {});
  return principal.customerId;
}

async function view(repos: Repositories, cart: Cart | null, now: string): Promise<CartView> {
  if (!cart) return { cartId: null, items: [], currency: null, subtotal: 0, discount: 0, total: 0, couponCode: null, couponProblem: null, version: 0 };
  const products = new Map((await repos.products.findByIds(cart.items.map((i) => i.productId))).map((p) => [p.id, p] as const));
  const items = cart.items.map((item, index): CartLineView => {
    const product = products.get(item.productId);
    const available = product !== undefined && product.status === 'active';
    return {
      productId: item.productId,
      sku: product?.sku ?? null,
      name: product?.name ?? null,
      quantity: item.quantity,
      unitPrice: product?.price ?? null,
      subtotal: available ? multiplyMinor(`items[${index}]`, product.price, item.quantity) : 0,
      available,
    };
  });
  const currency = items.map((i) => products.get(i.productId)).find((p) => p !== undefined)?.currency ?? null;
  const subtotal = addMinor('subtotal', ...items.map((i) => i.subtotal));
  let discount = 0;
  let couponProblem: CouponRefusal | null = null;
  if (cart.couponCode !== null && currency !== null) {
    const coupon = await repos.coupons.findByCode(cart.couponCode);
    try {
      if (!coupon) throw couponRefused(cart.couponCode, 'unknown');
      checkCouponApplies(coupon, subtotal, currency, now);
      discount = discountOf(coupon, subtotal);
    } catch (error) {
      if (!isDomainError(error, 'COUPON_NOT_APPLICABLE')) throw error;
      couponProblem = error.details['reason'] as CouponRefusal;
    }
  }
  return { cartId: cart.id, items, currency, subtotal, discount, total: subtotal - discount, couponCode: cart.couponCode, couponProblem, version: cart.version };
}

/** Loads the customer's cart (or a new empty one), applies `change`, saves it at its version, and shows it. */
async function changeCart(deps: OrderDependencies, principal: Principal, change: (cart: Cart, repos: Repositories, now: string) => Promise<Cart>): Promise<CartView> {
  const customerId = customerOf(principal);
  return deps.uow.transaction(async (repos) => {
    const now = nowIso(deps.clock);
    const existing = await repos.carts.findByCustomer(customerId);
    const base: Cart = existing ?? { id: deps.ids.next('cart'), customerId, items: [], couponCode: null, version: 0, createdAt: now, updatedAt: now };
    const changed = await change(base, repos, now);
    const next: Cart = { ...changed, version: base.version + 1, updatedAt: now };
    if (existing) {
      if (!(await repos.carts.update(next, existing.version))) throw new DomainError('VERSION_CONFLICT', 'The cart was changed meanwhile; reload it', {});
    } else {
      await repos.carts.insert(next);
    }
    return view(repos, next, now);
  });
}

async function activeProduct(repos: Repositories, productId: string): Promise<Product> {
  const product = await repos.products.findById(productId);
  if (!product || product.status !== 'active') {
    throw DomainError.validation([{ field: 'product_id', message: `product ${productId} does not exist or cannot be ordered` }]);
  }
  return product;
}

function checkQuantity(value: unknown): number {
  const check = new InputChecker();
  const quantity = check.integer('quantity', value, 1, LIMITS.maxQuantity);
  check.throwIfFailed();
  return quantity;
}

export class GetCart {
  constructor(private readonly deps: OrderDependencies) {}

  async execute(_input: Record<string, never>, principal: Principal): Promise<CartView> {
    const customerId = customerOf(principal);
    const repos = this.deps.uow.repositories;
    return view(repos, await repos.carts.findByCustomer(customerId), nowIso(this.deps.clock));
  }
}

export class AddCartItem {
  constructor(private readonly deps: OrderDependencies) {}

  async execute(input: { readonly productId: string; readonly quantity: number }, principal: Principal): Promise<CartView> {
    const quantity = checkQuantity(input.quantity);
    return changeCart(this.deps, principal, async (cart, repos) => {
      const product = await activeProduct(repos, input.productId);
      const others = await repos.products.findByIds(cart.items.map((i) => i.productId).filter((id) => id !== product.id));
      const otherCurrency = others.find((p) => p.currency !== product.currency);
      if (otherCurrency) {
        throw DomainError.validation([{ field: 'product_id', message: `product ${product.id} is priced in ${product.currency}, the cart in ${otherCurrency.currency}` }]);
      }
      const existing = cart.items.find((i) => i.productId === product.id);
      if (!existing && cart.items.length >= MAX_CART_LINES) throw DomainError.validation([{ field: 'product_id', message: `a cart holds at most ${MAX_CART_LINES} products` }]);
      const total = (existing?.quantity ?? 0) + quantity;
      if (total > LIMITS.maxQuantity) throw DomainError.validation([{ field: 'quantity', message: `a cart line holds at most ${LIMITS.maxQuantity}` }]);
      const items: CartItem[] = existing
        ? cart.items.map((i) => (i.productId === product.id ? { ...i, quantity: total } : i))
        : [...cart.items, { productId: product.id, quantity }];
      return { ...cart, items };
    });
  }
}

export class UpdateCartItem {
  constructor(private readonly deps: OrderDependencies) {}

  async execute(input: { readonly productId: string; readonly quantity: number }, principal: Principal): Promise<CartView> {
    const quantity = checkQuantity(input.quantity);
    return changeCart(this.deps, principal, async (cart) => {
      if (!cart.items.some((i) => i.productId === input.productId)) throw DomainError.notFound('Cart item', input.productId);
      return { ...cart, items: cart.items.map((i) => (i.productId === input.productId ? { ...i, quantity } : i)) };
    });
  }
}

export class RemoveCartItem {
  constructor(private readonly deps: OrderDependencies) {}

  async execute(input: { readonly productId: string }, principal: Principal): Promise<CartView> {
    return changeCart(this.deps, principal, async (cart) => {
      if (!cart.items.some((i) => i.productId === input.productId)) throw DomainError.notFound('Cart item', input.productId);
      return { ...cart, items: cart.items.filter((i) => i.productId !== input.productId) };
    });
  }
}

export class ApplyCartCoupon {
  constructor(private readonly deps: OrderDependencies) {}

  async execute(input: { readonly code: string }, principal: Principal): Promise<CartView> {
    const code = normalizeCouponCode(input.code);
    if (code === '') throw DomainError.validation([{ field: 'code', message: 'must not be empty' }]);
    return changeCart(this.deps, principal, async (cart, repos, now) => {
      const coupon = await repos.coupons.findByCode(code);
      if (!coupon) throw couponRefused(code, 'unknown');
      const current = await view(repos, cart, now);
      if (current.currency === null) throw DomainError.validation([{ field: 'code', message: 'add products before applying a coupon' }]);
      checkCouponApplies(coupon, current.subtotal, current.currency, now);
      await checkCustomerLimit(repos, coupon, cart.customerId);
      return { ...cart, couponCode: coupon.code };
    });
  }
}

export class RemoveCartCoupon {
  constructor(private readonly deps: OrderDependencies) {}

  async execute(_input: Record<string, never>, principal: Principal): Promise<CartView> {
    return changeCart(this.deps, principal, async (cart) => ({ ...cart, couponCode: null }));
  }
}

async function checkCustomerLimit(repos: Repositories, coupon: Coupon, customerId: string): Promise<void> {
  if (coupon.maxRedemptionsPerCustomer !== null && (await repos.coupons.countRedemptionsBy(coupon.code, customerId)) >= coupon.maxRedemptionsPerCustomer) {
    throw couponRefused(coupon.code, 'customer_limit');
  }
}

export interface CheckoutInput {
  readonly shippingAddress: AddressInput;
  readonly billingAddress?: AddressInput | null;
  /** Defaults to the e-mail of the signed-in customer. */
  readonly email?: string | null;
  readonly idempotencyKey?: string;
}

/**
 * Turns the customer's cart into an order awaiting payment, in one transaction: prices and stock are read again,
 * the coupon is checked and redeemed with one guarded statement (its limit holds under concurrency), and the cart
 * is emptied only when the order is placed.
 */
export class CheckoutCart {
  constructor(private readonly deps: OrderDependencies) {}

  async execute(input: CheckoutInput, principal: Principal): Promise<PlaceOrderResult> {
    const customerId = customerOf(principal);
    const check = new InputChecker();
    checkAddress(check, 'shipping_address', input.shippingAddress);
    if (input.billingAddress != null) checkAddress(check, 'billing_address', input.billingAddress);
    const email = input.email === undefined ? (principal.kind === 'customer' ? principal.email : null) : checkEmail(check, 'email', input.email);
    check.throwIfFailed();
    const request = { shippingAddress: input.shippingAddress, billingAddress: input.billingAddress ?? null, email };
    const idem = { scope: principalKey(principal), key: input.idempotencyKey, operation: 'checkout', fingerprint: canonicalJson(request) };
    const status = this.deps.lifecycle.entry.includes('pending_payment') ? 'pending_payment' : undefined;
    const { result, replayed } = await runIdempotent(this.deps.uow, this.deps.clock, idem, async (repos, now) => {
      const cart = await repos.carts.findByCustomer(customerId);
      const current = await view(repos, cart, now);
      const lines = current.items.filter((i) => i.available);
      if (!cart || lines.length === 0) throw DomainError.validation([{ field: 'cart', message: 'is empty' }]);
      const placement = normalize({
        customerId,
        items: lines.map((i) => ({ productId: i.productId, quantity: i.quantity })),
        shippingAddress: input.shippingAddress,
        billingAddress: input.billingAddress ?? null,
        email,
      });
      let redeemed: string | null = null;
      const placed = await placeOrderInTransaction(this.deps, repos, placement, principal, now, {
        status,
        discount: async (subtotal, currency) => {
          if (cart.couponCode === null) return 0;
          const coupon = await repos.coupons.findByCode(cart.couponCode);
          if (!coupon) throw couponRefused(cart.couponCode, 'unknown');
          checkCouponApplies(coupon, subtotal, currency, now);
          await checkCustomerLimit(repos, coupon, customerId);
          if (!(await repos.coupons.incrementRedemptions(coupon.code))) throw couponRefused(coupon.code, 'exhausted');
          redeemed = coupon.code;
          return discountOf(coupon, subtotal);
        },
      });
      if (redeemed !== null) await repos.coupons.recordRedemption({ code: redeemed, customerId, orderId: placed.order.id, at: now });
      // Lines that could not be ordered (product gone or deactivated) stay in the cart for the customer to see.
      const leftOver = cart.items.filter((item) => !lines.some((line) => line.productId === item.productId));
      const emptied =
        leftOver.length === 0
          ? await repos.carts.delete(cart.id, cart.version)
          : await repos.carts.update({ ...cart, items: leftOver, couponCode: null, version: cart.version + 1, updatedAt: now }, cart.version);
      if (!emptied) throw new DomainError('VERSION_CONFLICT', 'The cart was changed during checkout; try again', {});
      return placed;
    });
    return { ...result, replayed };
  }
}
