import {
  DEFAULT_WAREHOUSE_CODE,
  DEFAULT_WAREHOUSE_ID,
  type ApiToken,
  type Attachment,
  type Cart,
  type Coupon,
  type CouponRedemption,
  type Payment,
  type OutboxMessage,
  type Job,
  type Invoice,
  type Shipment,
  type TrackingEvent,
  type Backorder,
  type IdempotencyRecord,
  type InventoryMovement,
  type Order,
  type OrderEvent,
  type Product,
  type Reservation,
  type StockLevel,
  type Warehouse,
} from '@oms/order-core';

/** Everything an in-memory deployment holds. Values are deep copies: callers never share objects with it. */
export class InMemoryState {
  readonly products = new Map<string, Product>();
  readonly orders = new Map<string, Order>();
  readonly events: OrderEvent[] = [];
  readonly idempotency = new Map<string, IdempotencyRecord>();
  readonly apiTokens = new Map<string, ApiToken>();
  readonly warehouses = new Map<string, Warehouse>([
    [
      DEFAULT_WAREHOUSE_ID,
      { id: DEFAULT_WAREHOUSE_ID, code: DEFAULT_WAREHOUSE_CODE, name: 'Default warehouse', active: true, priority: 0, version: 1, createdAt: '1970-01-01T00:00:00.000Z', updatedAt: '1970-01-01T00:00:00.000Z' },
    ],
  ]);
  /** Keyed by `productId warehouseId`. */
  readonly stock = new Map<string, StockLevel>();
  readonly movements: InventoryMovement[] = [];
  readonly reservations = new Map<string, Reservation>();
  readonly backorders = new Map<string, Backorder>();
  readonly attachments = new Map<string, Attachment>();
  readonly carts = new Map<string, Cart>();
  /** Keyed by code. */
  readonly coupons = new Map<string, Coupon>();
  readonly redemptions: CouponRedemption[] = [];
  readonly payments: Payment[] = [];
  readonly outbox = new Map<string, OutboxMessage>();
  readonly shipments = new Map<string, Shipment>();
  readonly trackingEvents: TrackingEvent[] = [];
  readonly jobs = new Map<string, Job>();
  /** Keyed by order id. */
  readonly invoices = new Map<string, Invoice>();
  orderNumber = 0;
}

/** Appends to an array and records how to take the additions back. */
export function journaledPush<T>(journal: Journal, array: T[], items: readonly T[]): void {
  const before = array.length;
  array.push(...items.map(copy));
  journal?.push(() => array.splice(before));
}

/** Newest-last ordering by a timestamp, then id. */
export function byTimeThenId<T extends { readonly id: string }>(time: (item: T) => string): (a: T, b: T) => number {
  return (a, b) => (time(a) === time(b) ? (a.id < b.id ? -1 : a.id > b.id ? 1 : 0) : time(a) < time(b) ? -1 : 1);
}

/** Undo actions of the running transaction, applied in reverse on rollback; null outside a transaction. */
export type Journal = (() => void)[] | null;

export function copy<T>(value: T): T {
  return structuredClone(value);
}

/** Sets a map entry and records how to put back what was there. */
export function journaledSet<K, V>(journal: Journal, map: Map<K, V>, key: K, value: V): void {
  const had = map.has(key);
  const previous = map.get(key);
  map.set(key, value);
  journal?.push(() => (had ? map.set(key, previous as V) : map.delete(key)));
}

export function journaledDelete<K, V>(journal: Journal, map: Map<K, V>, key: K): void {
  if (!map.has(key)) return;
  const previous = map.get(key) as V;
  map.delete(key);
  journal?.push(() => map.set(key, previous));
}
