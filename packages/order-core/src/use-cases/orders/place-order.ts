import { actorOf, principalKey, requireScope, type Principal } from '../../auth/principal';
import type { Product } from '../../catalog/product';
import type { LineAllocation } from '../../inventory/allocation';
import { nextStatuses } from '../../lifecycle/lifecycle-definition';
import { lineAllocationsFrom } from '../../inventory/line-allocations';
import { reserveLines } from '../../inventory/stock-allocator';
import { checkCurrency } from '../../catalog/product-input';
import { checkAddress, checkCustomerId, checkEmail, checkPhone, LIMITS, type AddressInput } from '../../orders/order-input';
import { orderReference, type Order, type OrderLine } from '../../orders/order';
import type { OrderEvent } from '../../orders/order-event';
import type { OrderStatus } from '../../lifecycle/order-status';
import type { Repositories } from '../../ports/unit-of-work.port';
import { DomainError, isDomainError, type FieldProblem } from '../../shared/errors';
import { InputChecker } from '../../shared/input-checker';
import { canonicalJson, type JsonObject, type JsonValue } from '../../shared/json';
import { addMinor, formatMinor, multiplyMinor, parseDecimal, type DecimalAmount } from '../../shared/money';
import type { OrderDependencies } from '../dependencies';
import { runIdempotent } from '../idempotency';

export interface PlaceOrderItemInput {
  readonly productId: string;
  readonly quantity: number;
  readonly metadata?: JsonObject | null;
}

export interface PlaceOrderInput {
  readonly customerId: string;
  readonly items: readonly PlaceOrderItemInput[];
  readonly shippingAddress: AddressInput;
  readonly billingAddress?: AddressInput | null;
  /** Contact name; defaults to the shipping address name. */
  readonly contactName?: string | null;
  readonly email?: string | null;
  readonly phone?: string | null;
  readonly notes?: string | null;
  readonly metadata?: JsonObject | null;
  /** When given, every product must be priced in it. */
  readonly currency?: string;
  /** When given, the total the core computes must equal it, or the order is refused. */
  readonly expectedTotal?: DecimalAmount;
  /** Retries with the same key and request replay the first result; scoped to the principal. */
  readonly idempotencyKey?: string;
}

export interface PlaceOrderResult {
  readonly order: Order;
  /** The events of the placement (on a replay: as they were then, so a retry sees exactly the first answer). */
  readonly events: readonly OrderEvent[];
  /** Per line: reserved and backordered units at placement. */
  readonly lineAllocations: Readonly<Record<string, LineAllocation>>;
  /** True when the idempotency key had been used before and this is the first request's order. */
  readonly replayed: boolean;
}

const OPERATION = 'place_order';

export class PlaceOrder {
  constructor(private readonly deps: OrderDependencies) {}

  async execute(input: PlaceOrderInput, principal: Principal): Promise<PlaceOrderResult> {
    authorize(input, principal);
    // A customer ordering for themselves gets their own e-mail on the order unless they give one, so it can be tracked.
    const email = input.email === undefined && principal.kind === 'customer' ? principal.email : input.email;
    const request = normalize({ ...input, email });
    const idem = { scope: principalKey(principal), key: input.idempotencyKey, operation: OPERATION, fingerprint: canonicalJson(request) };
    const { result, replayed } = await runIdempotent(this.deps.uow, this.deps.clock, idem, (repos, now) =>
      placeOrderInTransaction(this.deps, repos, request, principal, now, {}),
    );
    return { ...result, replayed };
  }
}

export interface PlacementOptions {
  /** Defaults to pending (or the lifecycle's first entry state). */
  readonly status?: OrderStatus;
  /** The discount for this subtotal, computed (and any coupon redeemed) inside the placement's transaction. */
  readonly discount?: (subtotal: number, currency: string) => Promise<number>;
}

/**
 * Places an order inside a caller's transaction: catalog prices, totals, stock reservation, events. Shared by the
 * admin placement and the cart checkout.
 */
export async function placeOrderInTransaction(
  deps: OrderDependencies,
  repos: Repositories,
  request: NormalizedPlaceOrder,
  principal: Principal,
  now: string,
  options: PlacementOptions,
): Promise<Omit<PlaceOrderResult, 'replayed'>> {
  return place(deps, repos, request, principal, now, options);
}

async function place(
  deps: OrderDependencies,
  repos: Repositories,
  request: NormalizedPlaceOrder,
  principal: Principal,
  now: string,
  options: PlacementOptions,
): Promise<Omit<PlaceOrderResult, 'replayed'>> {
  const productIds = [...new Set(request.items.map((item) => item.productId))];
  const products = new Map((await repos.products.findByIds(productIds)).map((p) => [p.id, p] as const));
  const problems: FieldProblem[] = [];
  request.items.forEach((item, index) => {
    const product = products.get(item.productId);
    const field = `items[${index}].product_id`;
    if (!product) problems.push({ field, message: `product ${item.productId} does not exist` });
    else if (product.status !== 'active') problems.push({ field, message: `product ${item.productId} (${product.sku}) is ${product.status}, not active` });
  });
  if (problems.length > 0) throw DomainError.validation(problems);

  const currency = request.currency ?? (products.get(request.items[0]!.productId) as Product).currency;
  request.items.forEach((item, index) => {
    const product = products.get(item.productId) as Product;
    if (product.currency !== currency) {
      problems.push({ field: `items[${index}].product_id`, message: `product ${product.id} is priced in ${product.currency}, not ${currency}` });
    }
  });
  if (problems.length > 0) throw DomainError.validation(problems);

  const lines: OrderLine[] = request.items.map((item, index) => {
    const product = products.get(item.productId) as Product;
    return {
      id: deps.ids.next('line'),
      productId: product.id,
      sku: product.sku,
      name: product.name,
      quantity: item.quantity,
      unitPrice: product.price,
      lineTotal: multiplyMinor(`items[${index}]`, product.price, item.quantity),
      metadata: item.metadata,
    };
  });
  const subtotal = addMinor('total', ...lines.map((line) => line.lineTotal));
  const discount = options.discount ? await options.discount(subtotal, currency) : 0;
  const totals = { subtotal, discount, tax: 0, shipping: 0, total: subtotal - discount };
  if (request.expectedTotal !== undefined) {
    const expected = parseDecimal('total', request.expectedTotal, currency);
    if (expected !== totals.total) {
      throw new DomainError('VALIDATION_FAILED', `total ${formatMinor(expected, currency)} does not match the computed total ${formatMinor(totals.total, currency)}`, {
        errors: [{ field: 'total', message: `must equal the computed total ${formatMinor(totals.total, currency)}` }],
        computed_total: formatMinor(totals.total, currency),
      });
    }
  }

  const number = await repos.orders.nextNumber();
  const status = options.status ?? (deps.lifecycle.entry.includes('pending') ? 'pending' : deps.lifecycle.entry[0]!);
  const order: Order = {
    id: deps.ids.next('order'),
    number,
    reference: orderReference(number),
    customerId: request.customerId,
    contact: { name: request.contactName ?? request.shippingAddress.name, email: request.email, phone: request.phone },
    shippingAddress: request.shippingAddress,
    billingAddress: request.billingAddress,
    lines,
    currency,
    totals,
    itemsCount: lines.reduce((sum, line) => sum + line.quantity, 0),
    status,
    notes: request.notes,
    metadata: request.metadata,
    trackingNumber: null,
    carrier: null,
    cancellation: null,
    version: 1,
    createdAt: now,
    updatedAt: now,
  };
  await repos.orders.insert(order);
  const actor = actorOf(principal);
  const events: OrderEvent[] = [
    { id: deps.ids.next('evt'), orderId: order.id, type: 'order_placed', actor, at: now, data: { status, total: totals.total, currency } },
  ];
  const { reservations, backorders } = await reserveLines({ repos, ids: deps.ids, actor, now }, order.id, lines, products, 'policy');
  // What was just written is all the order has: no need to read it back.
  const lineAllocations = lineAllocationsFrom(lines.map((l) => l.id), reservations, backorders);
  let placed = order;
  // A lifecycle without pending -> out_of_stock keeps the order pending; its backorders still wait for stock.
  if (backorders.length > 0 && nextStatuses(deps.lifecycle, status).includes('out_of_stock')) {
    // Lines that could not be fully reserved wait for stock: the order sits in out_of_stock until allocation completes it.
    placed = { ...order, status: 'out_of_stock', version: order.version + 1 };
    if (!(await repos.orders.update(placed, order.version))) throw new Error(`Order ${order.id} changed while it was being placed`);
    const waiting = backorders.map((b) => `${order.lines.find((l) => l.id === b.lineId)?.sku ?? b.productId} x${b.quantity}`).join(', ');
    events.push({
      id: deps.ids.next('evt'),
      orderId: order.id,
      type: 'status_changed',
      actor,
      at: now,
      data: { from: status, to: 'out_of_stock', reason: `Waiting for stock: ${waiting}` },
    });
  }
  await repos.orderEvents.append(events);
  return { order: placed, events, lineAllocations };
}

function authorize(input: PlaceOrderInput, principal: Principal): void {
  // Customers may place orders for themselves only; staff and integrations need orders:write.
  if (principal.kind === 'customer') {
    if (input.customerId !== principal.customerId) {
      throw new DomainError('FORBIDDEN', 'Customers can place orders only for themselves', {});
    }
    return;
  }
  requireScope(principal, 'orders:write');
}

export type NormalizedPlaceOrder = ReturnType<typeof normalize>;

export function normalize(input: PlaceOrderInput) {
  const check = new InputChecker();
  const customerId = checkCustomerId(check, 'customer_id', input.customerId);
  const items: { productId: string; quantity: number; metadata: JsonObject }[] = [];
  if (!Array.isArray(input.items) || input.items.length === 0) check.fail('items', 'must list at least one item');
  else if (input.items.length > LIMITS.maxLines) check.fail('items', `must have at most ${LIMITS.maxLines} lines`);
  else {
    input.items.forEach((item, index) => {
      items.push({
        productId: check.text(`items[${index}].product_id`, item?.productId, { max: 64 }),
        quantity: check.integer(`items[${index}].quantity`, item?.quantity, 1, LIMITS.maxQuantity),
        metadata: check.metadata(`items[${index}].metadata`, item?.metadata, LIMITS.maxMetadataBytes),
      });
    });
  }
  const request = {
    customerId,
    items,
    shippingAddress: checkAddress(check, 'shipping_address', input.shippingAddress),
    billingAddress: input.billingAddress == null ? null : checkAddress(check, 'billing_address', input.billingAddress),
    contactName: check.optionalText('contact_name', input.contactName, { max: 200 }),
    email: checkEmail(check, 'email', input.email),
    phone: checkPhone(check, 'phone', input.phone),
    notes: check.multiline('notes', input.notes, LIMITS.maxNotes),
    metadata: check.metadata('metadata', input.metadata, LIMITS.maxMetadataBytes),
    currency: input.currency === undefined ? undefined : checkCurrency(check, 'currency', input.currency),
    expectedTotal: input.expectedTotal,
  };
  if (input.idempotencyKey !== undefined) {
    check.text('Idempotency-Key', input.idempotencyKey, { max: 255 });
  }
  check.throwIfFailed();
  return request;
}
