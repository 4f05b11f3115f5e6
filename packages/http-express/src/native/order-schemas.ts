import { LIMITS, ORDER_SORT_FIELDS, ORDER_STATUSES, type JsonObject } from '@oms/order-core';
import { nullable, strictObject, type JsonSchema } from '../validation/json-schema';
import {
  CURRENCY,
  JSON_OBJECT,
  LIMIT_PARAM,
  MONEY_INPUT,
  MONEY_OUTPUT,
  OFFSET_PARAM,
  OPTIONAL_TEXT,
  TEXT,
  TIMESTAMP,
} from './common-schemas';
import { FULFILLMENT_STATUS, SHIPMENT_SCHEMA } from './shipment-schemas';

export const ORDER_STATUS: JsonSchema = { type: 'string', enum: ORDER_STATUSES };

export const ORDER_SORTS = ORDER_SORT_FIELDS.flatMap((field) => [field, `-${field}`]);

const ADDRESS_FIELDS = {
  name: TEXT,
  company: OPTIONAL_TEXT,
  street: TEXT,
  street2: OPTIONAL_TEXT,
  city: TEXT,
  state: OPTIONAL_TEXT,
  zip: TEXT,
  country: { ...OPTIONAL_TEXT, description: 'ISO 3166-1 alpha-2, e.g. US' },
} as const;

export const ADDRESS_INPUT = strictObject(ADDRESS_FIELDS, ['name', 'street', 'city', 'zip']);

export interface AddressBody {
  readonly name: string;
  readonly company?: string | null;
  readonly street: string;
  readonly street2?: string | null;
  readonly city: string;
  readonly state?: string | null;
  readonly zip: string;
  readonly country?: string | null;
}

export const PLACE_ORDER_BODY = strictObject(
  {
    customer_id: { ...TEXT, description: 'Opaque id of the customer in the identity system' },
    items: {
      type: 'array',
      minItems: 1,
      maxItems: LIMITS.maxLines,
      items: strictObject(
        {
          product_id: TEXT,
          quantity: { type: 'integer', minimum: 1, maximum: LIMITS.maxQuantity },
          metadata: nullable(JSON_OBJECT),
        },
        ['product_id', 'quantity'],
      ),
    },
    shipping_address: ADDRESS_INPUT,
    billing_address: nullable(ADDRESS_INPUT),
    contact_name: { ...OPTIONAL_TEXT, description: 'Defaults to the shipping address name' },
    email: OPTIONAL_TEXT,
    phone: OPTIONAL_TEXT,
    notes: OPTIONAL_TEXT,
    metadata: nullable(JSON_OBJECT),
    currency: { ...CURRENCY, description: 'When given, every product must be priced in it' },
    total: { ...MONEY_INPUT, description: 'Optional check: the order is refused unless it equals the computed total' },
  },
  ['customer_id', 'items', 'shipping_address'],
);

export interface PlaceOrderBody {
  readonly customer_id: string;
  readonly items: readonly { readonly product_id: string; readonly quantity: number; readonly metadata?: JsonObject | null }[];
  readonly shipping_address: AddressBody;
  readonly billing_address?: AddressBody | null;
  readonly contact_name?: string | null;
  readonly email?: string | null;
  readonly phone?: string | null;
  readonly notes?: string | null;
  readonly metadata?: JsonObject | null;
  readonly currency?: string;
  readonly total?: number | string;
}

export const EDIT_ORDER_BODY = strictObject({
  email: OPTIONAL_TEXT,
  phone: OPTIONAL_TEXT,
  shipping_address: { ...ADDRESS_INPUT, description: 'Replaces the whole address; refused (409) once the order has shipped' },
  billing_address: { ...nullable(ADDRESS_INPUT), description: 'Replaces the whole address (null removes it); refused (409) once shipped' },
  notes: OPTIONAL_TEXT,
  metadata: {
    ...JSON_OBJECT,
    description: 'Merged key by key into the order\'s metadata; a null value deletes the key. At most 16 KiB as JSON after merging',
  },
});

export interface EditOrderBody {
  readonly email?: string | null;
  readonly phone?: string | null;
  readonly shipping_address?: AddressBody;
  readonly billing_address?: AddressBody | null;
  readonly notes?: string | null;
  readonly metadata?: JsonObject;
}

export const LIST_ORDERS_QUERY = strictObject({
  status: { ...TEXT, description: `One status or several, comma-separated: ${ORDER_STATUSES.join(', ')}` },
  customer_id: TEXT,
  q: { ...TEXT, description: 'Order id or reference (exact), or part of the contact e-mail or name' },
  created_from: { ...TEXT, description: 'Inclusive; a date (2026-03-20) or a date-time' },
  created_to: { ...TEXT, description: 'Inclusive; a date (the whole day) or a date-time' },
  sort: { type: 'string', enum: ORDER_SORTS, default: '-created_at', description: 'A leading "-" sorts descending' },
  limit: LIMIT_PARAM,
  offset: OFFSET_PARAM,
  cursor: { type: 'string', maxLength: 1024, description: 'pagination.next_cursor of the previous page, for the same sort' },
});

export interface ListOrdersQuery {
  readonly status?: string;
  readonly customer_id?: string;
  readonly q?: string;
  readonly created_from?: string;
  readonly created_to?: string;
  readonly sort?: string;
  readonly limit?: number;
  readonly offset?: number;
  readonly cursor?: string;
}

export const CHANGE_STATUS_BODY = strictObject(
  {
    status: ORDER_STATUS,
    tracking_number: OPTIONAL_TEXT,
    carrier: OPTIONAL_TEXT,
    notify_customer: { type: 'boolean' },
    reason: OPTIONAL_TEXT,
  },
  ['status'],
);

export interface ChangeStatusBody {
  readonly status: (typeof ORDER_STATUSES)[number];
  readonly tracking_number?: string | null;
  readonly carrier?: string | null;
  readonly notify_customer?: boolean;
  readonly reason?: string | null;
}

export const CANCEL_ORDER_BODY = strictObject({
  reason: OPTIONAL_TEXT,
  refund: {
    type: 'boolean',
    description: 'Refund everything paid through the payment gateway; the order ends refunded when nothing paid remains',
  },
});

export interface CancelOrderBody {
  readonly reason?: string | null;
  readonly refund?: boolean;
}

const ADDRESS_OUTPUT = strictObject(
  {
    name: TEXT,
    company: OPTIONAL_TEXT,
    street: TEXT,
    street2: OPTIONAL_TEXT,
    city: TEXT,
    state: OPTIONAL_TEXT,
    zip: TEXT,
    country: OPTIONAL_TEXT,
  },
  ['name', 'company', 'street', 'street2', 'city', 'state', 'zip', 'country'],
);

export const ACTOR = strictObject(
  { kind: TEXT, id: OPTIONAL_TEXT, display: TEXT },
  ['kind', 'id', 'display'],
);

export const ORDER_SUMMARY_SCHEMA = strictObject(
  {
    id: TEXT,
    reference: TEXT,
    number: { type: 'integer', minimum: 1 },
    customer_id: TEXT,
    status: ORDER_STATUS,
    currency: TEXT,
    total: MONEY_OUTPUT,
    items_count: { type: 'integer', minimum: 0 },
    contact: strictObject({ name: TEXT, email: OPTIONAL_TEXT }, ['name', 'email']),
    created_at: TIMESTAMP,
    updated_at: TIMESTAMP,
  },
  ['id', 'reference', 'number', 'customer_id', 'status', 'currency', 'total', 'items_count', 'contact', 'created_at', 'updated_at'],
);

export const ORDER_SCHEMA = strictObject(
  {
    id: TEXT,
    number: { type: 'integer', minimum: 1 },
    reference: TEXT,
    customer_id: TEXT,
    status: ORDER_STATUS,
    version: { type: 'integer', minimum: 1 },
    currency: TEXT,
    subtotal: MONEY_OUTPUT,
    discount: MONEY_OUTPUT,
    tax: MONEY_OUTPUT,
    shipping: MONEY_OUTPUT,
    total: MONEY_OUTPUT,
    amount_paid: { ...MONEY_OUTPUT, description: 'Paid minus refunded (major units)' },
    items_count: { type: 'integer', minimum: 0 },
    items: {
      type: 'array',
      items: strictObject(
        {
          id: TEXT,
          product_id: TEXT,
          sku: TEXT,
          name: TEXT,
          quantity: { type: 'integer', minimum: 1 },
          unit_price: MONEY_OUTPUT,
          line_total: MONEY_OUTPUT,
          metadata: JSON_OBJECT,
          reserved: { type: 'integer', minimum: 0, description: 'Units held in stock for this line' },
          backordered: { type: 'integer', minimum: 0, description: 'Units still waiting for stock (backorder or pre-order)' },
          shipped: { type: 'integer', minimum: 0, description: 'Units that left with a shipment (returned ones included)' },
        },
        ['id', 'product_id', 'sku', 'name', 'quantity', 'unit_price', 'line_total', 'metadata', 'reserved', 'backordered', 'shipped'],
      ),
    },
    contact: strictObject({ name: TEXT, email: OPTIONAL_TEXT, phone: OPTIONAL_TEXT }, ['name', 'email', 'phone']),
    shipping_address: ADDRESS_OUTPUT,
    billing_address: nullable(ADDRESS_OUTPUT),
    notes: OPTIONAL_TEXT,
    metadata: JSON_OBJECT,
    tracking_number: { ...OPTIONAL_TEXT, description: 'The latest tracking number given for the order' },
    carrier: OPTIONAL_TEXT,
    fulfillment_status: FULFILLMENT_STATUS,
    shipments: { type: 'array', items: SHIPMENT_SCHEMA, description: 'Parcels and courier hand-overs, oldest first (cancelled ones included)' },
    cancellation: nullable(
      strictObject(
        { reason: OPTIONAL_TEXT, refund: { type: 'boolean' }, at: TIMESTAMP, by: ACTOR },
        ['reason', 'refund', 'at', 'by'],
      ),
    ),
    allowed_transitions: { type: 'array', items: ORDER_STATUS, description: 'Statuses the order can move to next' },
    timeline: {
      type: 'array',
      description: 'Status changes, oldest first',
      items: strictObject(
        { status: ORDER_STATUS, from: nullable(ORDER_STATUS), reason: OPTIONAL_TEXT, actor: ACTOR, at: TIMESTAMP },
        ['status', 'from', 'reason', 'actor', 'at'],
      ),
    },
    payments: {
      type: 'array',
      description: 'Payments and refunds, oldest first (amounts in the order\'s currency)',
      items: strictObject(
        {
          id: TEXT,
          kind: { type: 'string', enum: ['payment', 'refund'] },
          amount: MONEY_OUTPUT,
          method: TEXT,
          reference: OPTIONAL_TEXT,
          at: TIMESTAMP,
          by: ACTOR,
        },
        ['id', 'kind', 'amount', 'method', 'reference', 'at', 'by'],
      ),
    },
    created_at: TIMESTAMP,
    updated_at: TIMESTAMP,
  },
  [
    'id', 'number', 'reference', 'customer_id', 'status', 'version', 'currency', 'subtotal', 'discount', 'tax', 'shipping',
    'total', 'amount_paid', 'items_count', 'items', 'contact', 'shipping_address', 'billing_address', 'notes', 'metadata',
    'tracking_number', 'carrier', 'fulfillment_status', 'shipments', 'cancellation', 'allowed_transitions', 'timeline', 'payments', 'created_at', 'updated_at',
  ],
);

export const STATUS_COUNTS_SCHEMA = strictObject(
  Object.fromEntries(ORDER_STATUSES.map((status) => [status, { type: 'integer', minimum: 0 } as JsonSchema])),
  ORDER_STATUSES,
);
