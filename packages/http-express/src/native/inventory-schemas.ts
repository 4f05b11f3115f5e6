import { ADJUSTMENT_REASONS, BACKORDER_STATUSES, MAX_ADJUSTMENTS, MOVEMENT_REASONS } from '@oms/order-core';
import { nullable, strictObject, type JsonSchema } from '../validation/json-schema';
import { LIMIT_PARAM, OFFSET_PARAM, OPTIONAL_TEXT, TEXT, TIMESTAMP } from './common-schemas';

// Quantities are whole numbers: a fractional one is refused by the schema ("must be a whole number"); zero and
// ranges are checked by the core, which names the field the same way.

const VERSION: JsonSchema = { type: 'integer', minimum: 1 };
const COUNT: JsonSchema = { type: 'integer', minimum: 0 };
const QUANTITY_INPUT: JsonSchema = { type: 'integer', minimum: 1, description: 'Whole units, at least 1' };

export const ACTOR_SCHEMA = strictObject({ kind: TEXT, id: OPTIONAL_TEXT, display: TEXT }, ['kind', 'id', 'display']);

// Warehouses

const WAREHOUSE_FIELDS = {
  code: { ...TEXT, description: 'Unique short code: letters, digits, "_" and "-", stored upper case (e.g. EU-1)' },
  name: TEXT,
  priority: { type: 'integer', minimum: 0, description: 'Lower is tried first when reserving stock; defaults to 100' },
  active: { type: 'boolean', description: 'Inactive warehouses are not reserved from; defaults to true' },
} as const;

export const CREATE_WAREHOUSE_BODY = strictObject(WAREHOUSE_FIELDS, ['code', 'name']);
export const UPDATE_WAREHOUSE_BODY = strictObject(WAREHOUSE_FIELDS);

export interface WarehouseBody {
  readonly code?: string;
  readonly name?: string;
  readonly priority?: number;
  readonly active?: boolean;
}

export const LIST_WAREHOUSES_QUERY = strictObject({
  active_only: { type: 'boolean', default: false, description: 'Only warehouses that stock is reserved from' },
});

export const WAREHOUSE_SCHEMA = strictObject(
  {
    id: TEXT,
    code: TEXT,
    name: TEXT,
    active: { type: 'boolean' },
    priority: { type: 'integer', minimum: 0 },
    version: VERSION,
    created_at: TIMESTAMP,
    updated_at: TIMESTAMP,
  },
  ['id', 'code', 'name', 'active', 'priority', 'version', 'created_at', 'updated_at'],
);

// Stock levels

export const LIST_STOCK_QUERY = strictObject({
  product_id: TEXT,
  warehouse_id: TEXT,
  low_stock: { type: 'integer', minimum: 0, description: 'Only levels with at most this many available units' },
  limit: LIMIT_PARAM,
  offset: OFFSET_PARAM,
});

export interface ListStockQuery {
  readonly product_id?: string;
  readonly warehouse_id?: string;
  readonly low_stock?: number;
  readonly limit?: number;
  readonly offset?: number;
}

export const STOCK_LEVEL_SCHEMA = strictObject(
  {
    product_id: TEXT,
    warehouse_id: TEXT,
    on_hand: COUNT,
    reserved: COUNT,
    available: { type: 'integer', description: 'on_hand - reserved' },
  },
  ['product_id', 'warehouse_id', 'on_hand', 'reserved', 'available'],
);

// Inventory history

const ADJUSTMENT_REASON: JsonSchema = { type: 'string', enum: ADJUSTMENT_REASONS };
const MOVEMENT_REASON: JsonSchema = { type: 'string', enum: MOVEMENT_REASONS };

export const BULK_ADJUST_BODY = strictObject(
  {
    adjustments: {
      type: 'array',
      minItems: 1,
      maxItems: MAX_ADJUSTMENTS,
      items: strictObject(
        {
          product_id: TEXT,
          quantity_change: { type: 'integer', description: 'Whole units, not zero: positive adds stock, negative removes it' },
          reason: ADJUSTMENT_REASON,
          warehouse_id: { ...TEXT, description: 'Defaults to the default warehouse' },
          note: OPTIONAL_TEXT,
        },
        ['product_id', 'quantity_change', 'reason'],
      ),
    },
  },
  ['adjustments'],
  { description: 'All or nothing: one adjustment that would leave on-hand stock below what is reserved (or below zero) fails the request' },
);

export interface BulkAdjustBody {
  readonly adjustments: readonly {
    readonly product_id: string;
    readonly quantity_change: number;
    readonly reason: (typeof ADJUSTMENT_REASONS)[number];
    readonly warehouse_id?: string;
    readonly note?: string | null;
  }[];
}

export const LIST_MOVEMENTS_QUERY = strictObject({
  product_id: TEXT,
  warehouse_id: TEXT,
  reason: MOVEMENT_REASON,
  order_id: TEXT,
  from: { ...TEXT, description: 'Inclusive; a date (2026-03-20) or a date-time' },
  to: { ...TEXT, description: 'Inclusive; a date (the whole day) or a date-time' },
  limit: LIMIT_PARAM,
  offset: OFFSET_PARAM,
});

export interface ListMovementsQuery {
  readonly product_id?: string;
  readonly warehouse_id?: string;
  readonly reason?: (typeof MOVEMENT_REASONS)[number];
  readonly order_id?: string;
  readonly from?: string;
  readonly to?: string;
  readonly limit?: number;
  readonly offset?: number;
}

export const MOVEMENT_SCHEMA = strictObject(
  {
    id: TEXT,
    product_id: TEXT,
    warehouse_id: TEXT,
    quantity_change: { type: 'integer', description: 'Change of on-hand units' },
    reserved_change: { type: 'integer', description: 'Change of reserved units' },
    reason: MOVEMENT_REASON,
    order_id: OPTIONAL_TEXT,
    note: OPTIONAL_TEXT,
    actor: ACTOR_SCHEMA,
    at: TIMESTAMP,
  },
  ['id', 'product_id', 'warehouse_id', 'quantity_change', 'reserved_change', 'reason', 'order_id', 'note', 'actor', 'at'],
);

// Backorders and pre-orders

export const LIST_BACKORDERS_QUERY = strictObject({ product_id: TEXT, limit: LIMIT_PARAM, offset: OFFSET_PARAM });

export interface ListBackordersQuery {
  readonly product_id?: string;
  readonly limit?: number;
  readonly offset?: number;
}

const BACKORDER_STATUS: JsonSchema = { type: 'string', enum: BACKORDER_STATUSES };

export const LIST_PREORDERS_QUERY = strictObject({
  status: { ...BACKORDER_STATUS, description: 'Defaults to every status' },
  product_id: TEXT,
  limit: LIMIT_PARAM,
  offset: OFFSET_PARAM,
});

export interface ListPreordersQuery extends ListBackordersQuery {
  readonly status?: (typeof BACKORDER_STATUSES)[number];
}

const BACKORDER_FIELDS = {
  id: TEXT,
  order_id: TEXT,
  line_id: TEXT,
  product_id: TEXT,
  quantity: { ...COUNT, description: 'Units still waiting for stock' },
  requested_quantity: { ...COUNT, description: 'Units the line was short of when the order was placed' },
  created_at: TIMESTAMP,
} as const;

export const BACKORDER_SCHEMA = strictObject(BACKORDER_FIELDS, Object.keys(BACKORDER_FIELDS));

const PREORDER_FIELDS = {
  ...BACKORDER_FIELDS,
  status: BACKORDER_STATUS,
  expected_date: nullable({ type: 'string', format: 'date', description: 'YYYY-MM-DD, when the stock is expected' }),
} as const;

export const PREORDER_SCHEMA = strictObject(PREORDER_FIELDS, Object.keys(PREORDER_FIELDS));

export const ALLOCATE_BACKORDER_BODY = strictObject({
  quantity: { ...QUANTITY_INPUT, description: 'At most this many units; defaults to everything still waiting' },
});

export interface AllocateBackorderBody {
  readonly quantity?: number;
}

export const ALLOCATE_PREORDER_BODY = strictObject(
  {
    backorder_id: { ...TEXT, description: 'id of the pre-order (as listed by GET /admin/preorders)' },
    quantity: { ...QUANTITY_INPUT, description: 'At most this many units; defaults to everything still waiting' },
  },
  ['backorder_id'],
);

export interface AllocatePreorderBody extends AllocateBackorderBody {
  readonly backorder_id: string;
}

export const ALLOCATION_SCHEMA = strictObject(
  {
    allocation_id: TEXT,
    quantity_allocated: { type: 'integer', minimum: 1 },
    remaining: { ...COUNT, description: 'Units still waiting after this allocation (0: fully allocated)' },
  },
  ['allocation_id', 'quantity_allocated', 'remaining'],
);

export const AUTO_ALLOCATE_BODY = strictObject({}, [], { description: 'No fields; the body may be omitted' });

export const AUTO_ALLOCATION_SCHEMA = strictObject(
  { allocations_created: COUNT, total_allocated: COUNT },
  ['allocations_created', 'total_allocated'],
);
