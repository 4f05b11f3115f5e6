import { JOB_STATUSES, LABEL_FORMATS, MAX_DISPATCH_ROWS, MAX_PUSH_ORDERS, SCAN_ACTIONS, TRACKING_STATUSES, type LabelFormat, type ScanAction } from '@oms/order-core';
import { nullable, strictObject, type JsonSchema } from '../validation/json-schema';
import { LIMIT_PARAM, OFFSET_PARAM, OPTIONAL_TEXT, TEXT } from './common-schemas';
import { ORDER_STATUS } from './order-schemas';
import { SHIPMENT_SCHEMA } from './shipment-schemas';

// Shapes only, as elsewhere: lengths, tracking-number check digits and business rules are checked by the core, which
// names the fields the same way.

const MAX_SHIP_LINES = 500;
/** The core takes up to 500 orders per assignment, like a push. */
const MAX_ASSIGN_ORDERS = 500;

const CARRIER: JsonSchema = {
  ...TEXT,
  description:
    'A carrier gateway code (e.g. easypost: the carrier is asked for a shipment and a label) or the name of the shipping ' +
    'company (UPS, USPS, FedEx, DHL Express: their tracking numbers are checked, check digit included; any other name is taken as is)',
};

const ORDER_IDS = (max: number): JsonSchema => ({
  type: 'array',
  minItems: 1,
  maxItems: max,
  items: TEXT,
  description: `1 to ${max} order ids; repeated ids count once`,
});

export const SHIP_ORDER_BODY = strictObject(
  {
    order_id: TEXT,
    carrier: CARRIER,
    tracking_number: {
      ...OPTIONAL_TEXT,
      description: 'As printed on the parcel (spaces and dashes ignored). Without one, a gateway that can buy labels is asked for one',
    },
    service: { ...OPTIONAL_TEXT, description: 'The carrier service level, e.g. Ground' },
    lines: {
      ...nullable({
        type: 'array',
        minItems: 1,
        maxItems: MAX_SHIP_LINES,
        items: strictObject({ product_id: TEXT, quantity: { type: 'integer', minimum: 1 } }, ['product_id', 'quantity']),
      }),
      description: 'What this parcel holds, per product; everything not yet shipped when absent. Partial shipments leave the order in processing until the rest ships',
    },
    notify_customer: { type: 'boolean', description: 'E-mail the customer when the order becomes shipped' },
    warehouse_id: { ...OPTIONAL_TEXT, description: 'The warehouse the parcel leaves from: its reserved units are used first' },
    label_format: { ...nullable({ type: 'string', enum: LABEL_FORMATS }), description: 'For gateways that make labels' },
  },
  ['order_id', 'carrier'],
);

export interface ShipOrderBody {
  readonly order_id: string;
  readonly carrier: string;
  readonly tracking_number?: string | null;
  readonly service?: string | null;
  readonly lines?: readonly { readonly product_id: string; readonly quantity: number }[] | null;
  readonly notify_customer?: boolean;
  readonly warehouse_id?: string | null;
  readonly label_format?: LabelFormat | null;
}

export const BULK_DISPATCH_BODY = strictObject(
  {
    orders: {
      type: 'array',
      minItems: 1,
      maxItems: MAX_DISPATCH_ROWS,
      description: `1 to ${MAX_DISPATCH_ROWS} rows, each shipped on its own: a bad row never stops the others`,
      items: strictObject({ order_id: TEXT, tracking_number: TEXT, carrier: CARRIER }, ['order_id', 'tracking_number', 'carrier']),
    },
  },
  ['orders'],
);

export interface BulkDispatchBody {
  readonly orders: readonly { readonly order_id: string; readonly tracking_number: string; readonly carrier: string }[];
}

export const PUSH_TO_CARRIER_BODY = strictObject(
  {
    order_ids: ORDER_IDS(MAX_PUSH_ORDERS),
    carrier: { ...TEXT, description: 'The code of a carrier gateway that creates shipments' },
    from_stock: { type: 'boolean', description: 'Whether the goods leave our stock (false: the carrier or a supplier ships them)' },
    service: OPTIONAL_TEXT,
  },
  ['order_ids', 'carrier', 'from_stock'],
);

export interface PushToCarrierBody {
  readonly order_ids: readonly string[];
  readonly carrier: string;
  readonly from_stock: boolean;
  readonly service?: string | null;
}

export const ASSIGN_TO_COURIER_BODY = strictObject(
  {
    order_ids: { ...ORDER_IDS(MAX_ASSIGN_ORDERS), description: `1 to ${MAX_ASSIGN_ORDERS} ids of packed orders; repeated ids count once` },
    courier_id: { ...TEXT, description: 'The delivery person: the subject (sub) of their courier token' },
    warehouse_id: { ...TEXT, description: 'The warehouse the parcels leave from' },
  },
  ['order_ids', 'courier_id', 'warehouse_id'],
);

export interface AssignToCourierBody {
  readonly order_ids: readonly string[];
  readonly courier_id: string;
  readonly warehouse_id: string;
}

export const CANCEL_SHIPMENT_BODY = strictObject({ reason: OPTIONAL_TEXT });

export interface CancelShipmentBody {
  readonly reason?: string | null;
}

export const SCAN_BODY = strictObject(
  {
    code: { ...TEXT, description: 'What the scanner read: an order reference (ORD-00042), an order id or a parcel\'s tracking number' },
    action: { type: 'string', enum: SCAN_ACTIONS },
    warehouse_id: { ...OPTIONAL_TEXT, description: 'The station\'s warehouse' },
    date: { ...nullable({ type: 'string', pattern: '^\\d{4}-\\d{2}-\\d{2}$' }), description: 'The day the parcel was handled, YYYY-MM-DD (noted on the timeline)' },
  },
  ['code', 'action'],
);

export interface ScanBody {
  readonly code: string;
  readonly action: ScanAction;
  readonly warehouse_id?: string | null;
  readonly date?: string | null;
}

export const LIST_SHIPMENTS_QUERY = strictObject({
  order_id: TEXT,
  status: { type: 'string', enum: TRACKING_STATUSES },
  carrier: { ...TEXT, description: 'The shipping company as shown on the shipment' },
  limit: LIMIT_PARAM,
  offset: OFFSET_PARAM,
});

export interface ListShipmentsQuery {
  readonly order_id?: string;
  readonly status?: string;
  readonly carrier?: string;
  readonly limit?: number;
  readonly offset?: number;
}

export const LIST_JOBS_QUERY = strictObject({
  status: { type: 'string', enum: JOB_STATUSES },
  type: { ...TEXT, description: 'e.g. carrier.create_shipment' },
  order_id: TEXT,
  limit: LIMIT_PARAM,
  offset: OFFSET_PARAM,
});

export interface ListJobsQuery {
  readonly status?: string;
  readonly type?: string;
  readonly order_id?: string;
  readonly limit?: number;
  readonly offset?: number;
}

/** How a row of a bulk request failed: the same code, message and details a single request would have answered. */
export const ROW_ERROR_SCHEMA = strictObject(
  { code: { ...TEXT, description: 'The error code a single request would have answered' }, message: TEXT, details: { type: 'object' } },
  ['code', 'message', 'details'],
);

function rowResults(success: JsonSchema, description: string): JsonSchema {
  return {
    type: 'array',
    description,
    items: {
      anyOf: [
        success,
        strictObject({ order_id: TEXT, ok: { const: false }, error: ROW_ERROR_SCHEMA }, ['order_id', 'ok', 'error']),
      ],
    },
  };
}

const COUNTS = {
  succeeded: { type: 'integer', minimum: 0 },
  failed: { type: 'integer', minimum: 0 },
} as const;

export const BULK_DISPATCH_RESULT_SCHEMA = strictObject(
  {
    results: rowResults(
      strictObject(
        { order_id: TEXT, ok: { const: true }, shipment_id: TEXT, status: { ...ORDER_STATUS, description: 'The order\'s status after shipping' } },
        ['order_id', 'ok', 'shipment_id', 'status'],
      ),
      'One per row, in the order sent',
    ),
    ...COUNTS,
  },
  ['results', 'succeeded', 'failed'],
);

export const PUSH_RESULT_SCHEMA = strictObject(
  {
    results: rowResults(
      strictObject({ order_id: TEXT, ok: { const: true }, job_id: { ...TEXT, description: 'Follow it at GET /admin/jobs/{job_id}' } }, ['order_id', 'ok', 'job_id']),
      'One per distinct order id, in the order sent',
    ),
    ...COUNTS,
  },
  ['results', 'succeeded', 'failed'],
);

export const ASSIGN_RESULT_SCHEMA = strictObject(
  {
    results: rowResults(
      strictObject({ order_id: TEXT, ok: { const: true }, shipment_id: TEXT }, ['order_id', 'ok', 'shipment_id']),
      'One per distinct order id, in the order sent',
    ),
    ...COUNTS,
  },
  ['results', 'succeeded', 'failed'],
);

export const SCAN_RESULT_SCHEMA = strictObject(
  {
    order_id: TEXT,
    reference: TEXT,
    action: { type: 'string', enum: SCAN_ACTIONS },
    changed: { type: 'boolean', description: 'False when the parcel had already been through this step: nothing changed' },
    status: ORDER_STATUS,
    message: TEXT,
  },
  ['order_id', 'reference', 'action', 'changed', 'status', 'message'],
);

/** The shipment a ship or cancel request made or changed, beside the order it belongs to. */
export const WITH_SHIPMENT = { shipment: SHIPMENT_SCHEMA } as const;
