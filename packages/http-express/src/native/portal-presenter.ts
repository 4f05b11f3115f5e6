import { DomainError, type OrderStatus, type Principal } from '@oms/order-core';
import { strictObject, nullable, type JsonSchema } from '../validation/json-schema';
import { MONEY_OUTPUT, TEXT, TIMESTAMP } from './common-schemas';
import type { OrderLineView, OrderView } from './order-presenter';
import { ORDER_SCHEMA, ORDER_STATUS } from './order-schemas';
import { presentCustomerShipment, type CustomerShipmentJson } from './shipment-presenter';
import { CUSTOMER_SHIPMENT_SCHEMA } from './shipment-schemas';

/**
 * An order as its customer sees it: the admin view without what only staff should read: who on the staff did
 * what (actors), their reasons, the cancellation's author, payment references, the lifecycle's next steps, the
 * version, and of its parcels the courier, the warehouse, the label and the carrier's ids.
 */
export interface CustomerOrderView {
  readonly id: string;
  readonly number: number;
  readonly reference: string;
  readonly customer_id: string;
  readonly status: OrderStatus;
  readonly currency: string;
  readonly subtotal: number;
  readonly discount: number;
  readonly tax: number;
  readonly shipping: number;
  readonly total: number;
  readonly amount_paid: number;
  readonly items_count: number;
  readonly items: readonly OrderLineView[];
  readonly contact: OrderView['contact'];
  readonly shipping_address: OrderView['shipping_address'];
  readonly billing_address: OrderView['billing_address'];
  readonly notes: string | null;
  readonly metadata: OrderView['metadata'];
  readonly tracking_number: string | null;
  readonly carrier: string | null;
  readonly fulfillment_status: OrderView['fulfillment_status'];
  /** Without courier, warehouse, label URL or carrier-side ids. */
  readonly shipments: readonly CustomerShipmentJson[];
  readonly cancellation: { readonly refund: boolean; readonly at: string } | null;
  readonly timeline: readonly { readonly status: OrderStatus; readonly from: OrderStatus | null; readonly at: string }[];
  readonly payments: readonly { readonly kind: 'payment' | 'refund'; readonly amount: number; readonly method: string; readonly at: string }[];
  readonly created_at: string;
  readonly updated_at: string;
}

/** Built from the admin view, so money and stock are converted in one place; field by field, so nothing leaks. */
export function presentCustomerOrder(view: OrderView): CustomerOrderView {
  return {
    id: view.id,
    number: view.number,
    reference: view.reference,
    customer_id: view.customer_id,
    status: view.status,
    currency: view.currency,
    subtotal: view.subtotal,
    discount: view.discount,
    tax: view.tax,
    shipping: view.shipping,
    total: view.total,
    amount_paid: view.amount_paid,
    items_count: view.items_count,
    items: view.items,
    contact: view.contact,
    shipping_address: view.shipping_address,
    billing_address: view.billing_address,
    notes: view.notes,
    metadata: view.metadata,
    tracking_number: view.tracking_number,
    carrier: view.carrier,
    fulfillment_status: view.fulfillment_status,
    shipments: view.shipments.map(presentCustomerShipment),
    cancellation: view.cancellation === null ? null : { refund: view.cancellation.refund, at: view.cancellation.at },
    timeline: view.timeline.map((entry) => ({ status: entry.status, from: entry.from, at: entry.at })),
    payments: view.payments.map((payment) => ({ kind: payment.kind, amount: payment.amount, method: payment.method, at: payment.at })),
    created_at: view.created_at,
    updated_at: view.updated_at,
  };
}

const ADMIN = ORDER_SCHEMA.properties ?? {};
const pick = (name: string): JsonSchema => {
  const schema = ADMIN[name];
  if (schema === undefined) throw new Error(`ORDER_SCHEMA has no ${name}`);
  return schema;
};

const CUSTOMER_ORDER_FIELDS: Record<string, JsonSchema> = {
  ...Object.fromEntries(
    [
      'id', 'number', 'reference', 'customer_id', 'status', 'currency', 'subtotal', 'discount', 'tax', 'shipping', 'total',
      'amount_paid', 'items_count', 'items', 'contact', 'shipping_address', 'billing_address', 'notes', 'metadata',
      'tracking_number', 'carrier', 'fulfillment_status',
    ].map((name) => [name, pick(name)]),
  ),
  shipments: { type: 'array', items: CUSTOMER_SHIPMENT_SCHEMA, description: 'Your parcels, oldest first' },
  cancellation: nullable(strictObject({ refund: { type: 'boolean' }, at: TIMESTAMP }, ['refund', 'at'])),
  timeline: {
    type: 'array',
    description: 'Status changes, oldest first',
    items: strictObject({ status: ORDER_STATUS, from: nullable(ORDER_STATUS), at: TIMESTAMP }, ['status', 'from', 'at']),
  },
  payments: {
    type: 'array',
    description: 'Payments and refunds, oldest first',
    items: strictObject(
      { kind: { type: 'string', enum: ['payment', 'refund'] }, amount: MONEY_OUTPUT, method: TEXT, at: TIMESTAMP },
      ['kind', 'amount', 'method', 'at'],
    ),
  },
  created_at: TIMESTAMP,
  updated_at: TIMESTAMP,
};

export const CUSTOMER_ORDER_SCHEMA: JsonSchema = strictObject(CUSTOMER_ORDER_FIELDS, Object.keys(CUSTOMER_ORDER_FIELDS));

/** The customer id of a portal caller; the route's audience already refused everyone else. */
export function customerIdOf(principal: Principal): string {
  if (principal.kind !== 'customer') throw new DomainError('FORBIDDEN', 'These endpoints are for signed-in customers', {});
  return principal.customerId;
}
