import type { ActorRef } from '../auth/principal';
import type { OrderStatus } from '../lifecycle/order-status';
import type { JsonObject } from '../shared/json';

export interface Address {
  readonly name: string;
  readonly company: string | null;
  readonly street: string;
  readonly street2: string | null;
  readonly city: string;
  readonly state: string | null;
  readonly zip: string;
  /** ISO 3166-1 alpha-2, upper case, when given. */
  readonly country: string | null;
}

/** The customer's contact details as they were when the order was placed (customers live elsewhere). */
export interface ContactSnapshot {
  readonly name: string;
  readonly email: string | null;
  readonly phone: string | null;
}

export interface OrderLine {
  readonly id: string;
  readonly productId: string;
  readonly sku: string;
  readonly name: string;
  readonly quantity: number;
  /** Minor units of the order's currency. */
  readonly unitPrice: number;
  readonly lineTotal: number;
  readonly metadata: JsonObject;
}

/** All amounts are integers of minor units in the order's currency, computed by the core. */
export interface OrderTotals {
  readonly subtotal: number;
  readonly discount: number;
  readonly tax: number;
  readonly shipping: number;
  readonly total: number;
}

export interface Cancellation {
  readonly reason: string | null;
  readonly refundRequested: boolean;
  readonly at: string;
  readonly by: ActorRef;
}

export interface Order {
  /** `order_` followed by a ULID: unique and sortable by creation. */
  readonly id: string;
  /** Human sequence number; unique and increasing, not guaranteed gap-free. */
  readonly number: number;
  /** `ORD-00042`, derived from number. */
  readonly reference: string;
  /** Opaque id of the customer in the external identity system. */
  readonly customerId: string;
  readonly contact: ContactSnapshot;
  readonly shippingAddress: Address;
  readonly billingAddress: Address | null;
  readonly lines: readonly OrderLine[];
  readonly currency: string;
  readonly totals: OrderTotals;
  /** Sum of line quantities. */
  readonly itemsCount: number;
  readonly status: OrderStatus;
  readonly notes: string | null;
  readonly metadata: JsonObject;
  /** Last tracking number and carrier given with a status change. */
  readonly trackingNumber: string | null;
  readonly carrier: string | null;
  readonly cancellation: Cancellation | null;
  /** Starts at 1 and grows by one with every change; updates are conditional on it. */
  readonly version: number;
  /** UTC ISO 8601 with milliseconds. */
  readonly createdAt: string;
  readonly updatedAt: string;
}

/** What lists return: the order without its lines. */
export type OrderSummary = Omit<Order, 'lines'>;

export function orderReference(number: number): string {
  return `ORD-${String(number).padStart(5, '0')}`;
}
