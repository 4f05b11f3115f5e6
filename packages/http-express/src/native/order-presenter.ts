import {
  fulfillmentStatusOf,
  nextStatuses,
  statusHistory,
  toMajorNumber,
  type ActorRef,
  type Address,
  type JsonObject,
  type LifecycleDefinition,
  type LineAllocation,
  type Order,
  type OrderEvent,
  type OrderStatus,
  type OrderSummary,
  type FulfillmentStatus,
  type Shipment,
} from '@oms/order-core';
import { presentShipment, type ShipmentJson } from './shipment-presenter';

export interface OrderSummaryView {
  readonly id: string;
  readonly reference: string;
  readonly number: number;
  readonly customer_id: string;
  readonly status: OrderStatus;
  readonly currency: string;
  readonly total: number;
  readonly items_count: number;
  readonly contact: { readonly name: string; readonly email: string | null };
  readonly created_at: string;
  readonly updated_at: string;
}

export interface OrderLineView {
  readonly id: string;
  readonly product_id: string;
  readonly sku: string;
  readonly name: string;
  readonly quantity: number;
  readonly unit_price: number;
  readonly line_total: number;
  readonly metadata: JsonObject;
  /** Units held in stock for this line. */
  readonly reserved: number;
  /** Units still waiting for stock (backorder or pre-order). */
  readonly backordered: number;
  /** Units that left with a shipment (returned ones included). */
  readonly shipped: number;
}

export interface TimelineEntryView {
  readonly status: OrderStatus;
  readonly from: OrderStatus | null;
  readonly reason: string | null;
  readonly actor: ActorRef;
  readonly at: string;
}

/** Money received or given back, as the order's events recorded it (amounts in the order's currency). */
export interface OrderPaymentView {
  readonly id: string;
  readonly kind: 'payment' | 'refund';
  readonly amount: number;
  readonly method: string;
  readonly reference: string | null;
  readonly at: string;
  readonly by: ActorRef;
}

export interface OrderView {
  readonly id: string;
  readonly number: number;
  readonly reference: string;
  readonly customer_id: string;
  readonly status: OrderStatus;
  readonly version: number;
  readonly currency: string;
  readonly subtotal: number;
  readonly discount: number;
  readonly tax: number;
  readonly shipping: number;
  readonly total: number;
  /** Paid minus refunded, in major units. */
  readonly amount_paid: number;
  readonly items_count: number;
  readonly items: readonly OrderLineView[];
  readonly contact: { readonly name: string; readonly email: string | null; readonly phone: string | null };
  readonly shipping_address: Address;
  readonly billing_address: Address | null;
  readonly notes: string | null;
  readonly metadata: JsonObject;
  readonly tracking_number: string | null;
  readonly carrier: string | null;
  /** Derived from the shipments that still count. */
  readonly fulfillment_status: FulfillmentStatus;
  /** Oldest first, cancelled ones included. */
  readonly shipments: readonly ShipmentJson[];
  readonly cancellation: {
    readonly reason: string | null;
    readonly refund: boolean;
    readonly at: string;
    readonly by: ActorRef;
  } | null;
  readonly allowed_transitions: readonly OrderStatus[];
  readonly timeline: readonly TimelineEntryView[];
  /** Payments and refunds, oldest first. */
  readonly payments: readonly OrderPaymentView[];
  readonly created_at: string;
  readonly updated_at: string;
}

/** What lists show of an order. */
export function presentOrderSummary(order: OrderSummary): OrderSummaryView {
  return {
    id: order.id,
    reference: order.reference,
    number: order.number,
    customer_id: order.customerId,
    status: order.status,
    currency: order.currency,
    total: toMajorNumber(order.totals.total, order.currency),
    items_count: order.itemsCount,
    contact: { name: order.contact.name, email: order.contact.email },
    created_at: order.createdAt,
    updated_at: order.updatedAt,
  };
}

/** What an order and its stock look like to the presenter: OrderDetails, or what placing it returned. */
export interface OrderWithAllocations {
  readonly order: Order;
  readonly events: readonly OrderEvent[];
  /** Per line id; a line missing here (e.g. an idempotent replay recorded before inventory existed) shows zeros. */
  readonly lineAllocations?: Readonly<Record<string, LineAllocation>>;
  /** Oldest first; absent when nothing can have shipped yet (what placing an order returns). */
  readonly shipments?: readonly Shipment[];
  readonly fulfillmentStatus?: FulfillmentStatus;
}

const NO_ALLOCATION: LineAllocation = { reserved: 0, backordered: 0, shipped: 0 };

/**
 * The full order, with per-line stock (reserved, backordered, shipped), its shipments and fulfillment status, what the
 * lifecycle allows next and the status timeline read from its events.
 */
export function presentOrder(details: OrderWithAllocations, lifecycle: LifecycleDefinition): OrderView {
  const { order, events } = details;
  const allocationOf = (lineId: string): LineAllocation => details.lineAllocations?.[lineId] ?? NO_ALLOCATION;
  const money = (minor: number): number => toMajorNumber(minor, order.currency);
  const payments = paymentsOf(events);
  const shipments = details.shipments ?? [];
  return {
    id: order.id,
    number: order.number,
    reference: order.reference,
    customer_id: order.customerId,
    status: order.status,
    version: order.version,
    currency: order.currency,
    subtotal: money(order.totals.subtotal),
    discount: money(order.totals.discount),
    tax: money(order.totals.tax),
    shipping: money(order.totals.shipping),
    total: money(order.totals.total),
    amount_paid: money(payments.reduce((sum, p) => sum + (p.kind === 'payment' ? p.amount : -p.amount), 0)),
    items_count: order.itemsCount,
    items: order.lines.map((line) => {
      const allocation = allocationOf(line.id);
      return {
        id: line.id,
        product_id: line.productId,
        sku: line.sku,
        name: line.name,
        quantity: line.quantity,
        unit_price: money(line.unitPrice),
        line_total: money(line.lineTotal),
        metadata: line.metadata,
        reserved: allocation.reserved,
        backordered: allocation.backordered,
        shipped: allocation.shipped,
      };
    }),
    contact: { name: order.contact.name, email: order.contact.email, phone: order.contact.phone },
    shipping_address: presentAddress(order.shippingAddress),
    billing_address: order.billingAddress === null ? null : presentAddress(order.billingAddress),
    notes: order.notes,
    metadata: order.metadata,
    tracking_number: order.trackingNumber,
    carrier: order.carrier,
    fulfillment_status: details.fulfillmentStatus ?? fulfillmentStatusOf(order, shipments),
    shipments: shipments.map(presentShipment),
    cancellation:
      order.cancellation === null
        ? null
        : {
            reason: order.cancellation.reason,
            refund: order.cancellation.refundRequested,
            at: order.cancellation.at,
            by: presentActor(order.cancellation.by),
          },
    allowed_transitions: nextStatuses(lifecycle, order.status),
    timeline: statusHistory(events).map((entry) => ({
      status: entry.status,
      from: entry.from,
      reason: entry.reason,
      actor: presentActor(entry.actor),
      at: entry.at,
    })),
    payments: payments.map((p) => ({ ...p, amount: money(p.amount) })),
    created_at: order.createdAt,
    updated_at: order.updatedAt,
  };
}

/** Payments and refunds in minor units, from the order's events (the payment repository holds the same). */
function paymentsOf(events: readonly OrderEvent[]): OrderPaymentView[] {
  return events.flatMap((event): OrderPaymentView[] => {
    if (event.type !== 'payment_recorded' && event.type !== 'refund_recorded') return [];
    return [
      {
        id: event.data.paymentId,
        kind: event.type === 'payment_recorded' ? 'payment' : 'refund',
        amount: event.data.amount,
        method: event.data.method,
        reference: event.data.reference,
        at: event.at,
        by: presentActor(event.actor),
      },
    ];
  });
}

// Copies field by field so that whatever an adapter adds to its objects never leaks into the API.
function presentAddress(address: Address): Address {
  return {
    name: address.name,
    company: address.company,
    street: address.street,
    street2: address.street2,
    city: address.city,
    state: address.state,
    zip: address.zip,
    country: address.country,
  };
}

function presentActor(actor: ActorRef): ActorRef {
  return { kind: actor.kind, id: actor.id, display: actor.display };
}
