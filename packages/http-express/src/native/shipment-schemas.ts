import { FULFILLMENT_STATUSES, JOB_STATUSES, LABEL_FORMATS, TRACKING_STATUSES } from '@oms/order-core';
import { nullable, strictObject, type JsonSchema } from '../validation/json-schema';
import { JSON_OBJECT, OPTIONAL_TEXT, TEXT, TIMESTAMP } from './common-schemas';

// Output schemas of shipments, tracking events and jobs. They import nothing from the order schemas, so the order
// schema can embed them.

export const TRACKING_STATUS: JsonSchema = {
  type: 'string',
  enum: TRACKING_STATUSES,
  description: 'Normalized tracking status; the carrier\'s own code is kept on each tracking event',
};

export const FULFILLMENT_STATUS: JsonSchema = {
  type: 'string',
  enum: FULFILLMENT_STATUSES,
  description: 'Derived from the shipments that still count (not cancelled, not returned to sender): unfulfilled until a unit ships, fulfilled when every unit has',
};

export const CALENDAR_DATE: JsonSchema = { type: 'string', format: 'date', description: 'YYYY-MM-DD' };

const ESTIMATED_DELIVERY: JsonSchema = { ...nullable(CALENDAR_DATE), description: 'YYYY-MM-DD, as the carrier last said' };

export const SHIPMENT_LINE_SCHEMA = strictObject(
  { line_id: TEXT, product_id: TEXT, sku: TEXT, name: TEXT, quantity: { type: 'integer', minimum: 1 } },
  ['line_id', 'product_id', 'sku', 'name', 'quantity'],
);

const LABEL_SCHEMA = nullable(
  strictObject(
    {
      format: { type: 'string', enum: LABEL_FORMATS },
      url: { ...TEXT, description: 'Where the carrier serves the label' },
    },
    ['format', 'url'],
  ),
);

const SHIPMENT_FIELDS = {
  id: TEXT,
  carrier: { ...TEXT, description: 'The shipping company (UPS, USPS, a courier service), or `courier` for a hand-over to a delivery person' },
  service: OPTIONAL_TEXT,
  tracking_number: OPTIONAL_TEXT,
  status: TRACKING_STATUS,
  estimated_delivery: ESTIMATED_DELIVERY,
  label: LABEL_SCHEMA,
  lines: { type: 'array', items: SHIPMENT_LINE_SCHEMA, description: 'The units of each order line in this parcel' },
  courier_id: { ...OPTIONAL_TEXT, description: 'The delivery person, for hand-overs to a courier' },
  warehouse_id: { ...OPTIONAL_TEXT, description: 'The warehouse the parcel left from' },
  created_at: TIMESTAMP,
  updated_at: TIMESTAMP,
} as const;

/** A shipment as the admin order shows it. */
export const SHIPMENT_SCHEMA = strictObject(SHIPMENT_FIELDS, Object.keys(SHIPMENT_FIELDS));

/** A shipment as its own resource (GET /admin/shipments): what the order shows, plus what staff need to follow it. */
const SHIPMENT_RESOURCE_FIELDS = {
  ...SHIPMENT_FIELDS,
  order_id: TEXT,
  gateway: { ...TEXT, description: 'The carrier integration that handles it: `manual`, `courier`, or a gateway code' },
  carrier_shipment_id: { ...OPTIONAL_TEXT, description: "The carrier's own id of the shipment, when it made one" },
  status_at: { ...TIMESTAMP, description: 'When the carrier event that set the status happened' },
  from_stock: { type: 'boolean', description: 'Whether the goods left our stock' },
  failure_reason: { ...OPTIONAL_TEXT, description: 'Why the last delivery attempt failed, when it did' },
  version: { type: 'integer', minimum: 1 },
} as const;

export const SHIPMENT_RESOURCE_SCHEMA = strictObject(SHIPMENT_RESOURCE_FIELDS, Object.keys(SHIPMENT_RESOURCE_FIELDS));

export const TRACKING_EVENT_SCHEMA = strictObject(
  {
    id: TEXT,
    status: TRACKING_STATUS,
    raw_code: { ...TEXT, description: "The carrier's own status code or name, as received" },
    description: OPTIONAL_TEXT,
    location: OPTIONAL_TEXT,
    occurred_at: TIMESTAMP,
    received_at: TIMESTAMP,
    source: { ...TEXT, description: 'webhook, poll, carrier, staff, courier or scan' },
  },
  ['id', 'status', 'raw_code', 'description', 'location', 'occurred_at', 'received_at', 'source'],
);

export const SHIPMENT_DETAILS_SCHEMA = strictObject(
  {
    ...SHIPMENT_RESOURCE_FIELDS,
    tracking_events: { type: 'array', items: TRACKING_EVENT_SCHEMA, description: 'Every report received, oldest first' },
  },
  [...Object.keys(SHIPMENT_RESOURCE_FIELDS), 'tracking_events'],
);

/** What customers see of a parcel: no courier, warehouse, label or carrier-side ids. */
const CUSTOMER_SHIPMENT_FIELDS = {
  id: TEXT,
  carrier: SHIPMENT_FIELDS.carrier,
  service: OPTIONAL_TEXT,
  tracking_number: OPTIONAL_TEXT,
  status: TRACKING_STATUS,
  estimated_delivery: ESTIMATED_DELIVERY,
  lines: SHIPMENT_FIELDS.lines,
  created_at: TIMESTAMP,
  updated_at: TIMESTAMP,
} as const;

export const CUSTOMER_SHIPMENT_SCHEMA = strictObject(CUSTOMER_SHIPMENT_FIELDS, Object.keys(CUSTOMER_SHIPMENT_FIELDS));

export const JOB_SCHEMA = strictObject(
  {
    id: TEXT,
    type: { ...TEXT, description: 'What the job does, e.g. carrier.create_shipment' },
    status: { type: 'string', enum: JOB_STATUSES },
    order_id: OPTIONAL_TEXT,
    attempts: { type: 'integer', minimum: 0, description: 'Claims so far, including one whose worker died' },
    max_attempts: { type: 'integer', minimum: 1 },
    available_at: { ...TIMESTAMP, description: 'When it may be claimed (again)' },
    lease_until: { ...nullable(TIMESTAMP), description: 'While running: when the worker holding it must have finished' },
    last_error: OPTIONAL_TEXT,
    payload: { ...JSON_OBJECT, description: 'What the job was asked to do (keys in snake_case)' },
    result: { ...nullable(JSON_OBJECT), description: 'What it produced once succeeded (keys in snake_case)' },
    created_at: TIMESTAMP,
    updated_at: TIMESTAMP,
  },
  ['id', 'type', 'status', 'order_id', 'attempts', 'max_attempts', 'available_at', 'lease_until', 'last_error', 'payload', 'result', 'created_at', 'updated_at'],
);
