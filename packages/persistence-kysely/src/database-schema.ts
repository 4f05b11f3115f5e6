import type { ColumnType } from 'kysely';

/**
 * An integer column as the drivers hand it back: better-sqlite3 runs with safe integers on (bigint), pg parses int8
 * to a checked number. Rows are always read through `readSafeInteger`, so neither type leaks past the mappers.
 */
export type StoredInteger = ColumnType<number | bigint, number, number>;

/** ISO 8601 UTC with milliseconds (`2026-03-20T12:00:00.000Z`): fixed width, so text order is time order. */
export type StoredTimestamp = string;

/** JSON written with JSON.stringify and read with JSON.parse. */
export type StoredJson = string;

/** A calendar date as text, `2026-04-01`. */
export type StoredDate = string;

/** A boolean as the integer 0 or 1 on both dialects (SQLite has no boolean type and better-sqlite3 cannot bind one). */
export type StoredBoolean = ColumnType<number | bigint, 0 | 1, 0 | 1>;

export interface ProductsTable {
  id: string;
  sku: string;
  name: string;
  description: string | null;
  price_minor: StoredInteger;
  currency: string;
  status: string;
  category: string | null;
  /** Added by 0002_inventory with the default 'deny', which is what products created before it get. */
  backorder_policy: ColumnType<string, string | undefined, string>;
  /** A calendar date, YYYY-MM-DD. */
  expected_date: StoredDate | null;
  version: StoredInteger;
  created_at: StoredTimestamp;
  updated_at: StoredTimestamp;
}

export interface OrdersTable {
  id: string;
  number: StoredInteger;
  reference: string;
  customer_id: string;
  contact_name: string;
  contact_email: string | null;
  contact_phone: string | null;
  shipping_address: StoredJson;
  billing_address: StoredJson | null;
  currency: string;
  subtotal_minor: StoredInteger;
  discount_minor: StoredInteger;
  tax_minor: StoredInteger;
  shipping_minor: StoredInteger;
  total_minor: StoredInteger;
  items_count: StoredInteger;
  status: string;
  notes: string | null;
  metadata: StoredJson;
  tracking_number: string | null;
  carrier: string | null;
  cancellation: StoredJson | null;
  version: StoredInteger;
  created_at: StoredTimestamp;
  updated_at: StoredTimestamp;
}

export interface OrderLinesTable {
  id: string;
  order_id: string;
  position: StoredInteger;
  product_id: string;
  sku: string;
  name: string;
  quantity: StoredInteger;
  unit_price_minor: StoredInteger;
  line_total_minor: StoredInteger;
  metadata: StoredJson;
}

export interface OrderEventsTable {
  id: string;
  order_id: string;
  type: string;
  actor_kind: string;
  actor_id: string | null;
  actor_display: string;
  data: StoredJson;
  at: StoredTimestamp;
}

export interface IdempotencyKeysTable {
  scope: string;
  key: string;
  operation: string;
  fingerprint: string;
  result: StoredJson;
  created_at: StoredTimestamp;
  expires_at: StoredTimestamp;
}

export interface ApiTokensTable {
  id: string;
  name: string;
  token_hash: string;
  role: string;
  scopes: StoredJson;
  created_at: StoredTimestamp;
  revoked_at: StoredTimestamp | null;
}

/** SQLite only: PostgreSQL numbers orders from a SEQUENCE instead. */
export interface CountersTable {
  name: string;
  value: StoredInteger;
}

export interface WarehousesTable {
  id: string;
  code: string;
  name: string;
  active: StoredBoolean;
  priority: StoredInteger;
  version: StoredInteger;
  created_at: StoredTimestamp;
  updated_at: StoredTimestamp;
}

/** CHECK (reserved >= 0 AND on_hand >= reserved): the guarded statements never reach it; a stray write does. */
export interface StockLevelsTable {
  product_id: string;
  warehouse_id: string;
  on_hand: StoredInteger;
  reserved: StoredInteger;
}

/** Append-only. */
export interface InventoryMovementsTable {
  id: string;
  product_id: string;
  warehouse_id: string;
  on_hand_change: StoredInteger;
  reserved_change: StoredInteger;
  reason: string;
  order_id: string | null;
  note: string | null;
  /** `{ kind, id, display }`. */
  actor: StoredJson;
  at: StoredTimestamp;
}

export interface ReservationsTable {
  id: string;
  allocation_id: string;
  order_id: string;
  line_id: string;
  product_id: string;
  warehouse_id: string;
  quantity: StoredInteger;
  status: string;
  /** Added by 0006_fulfillment: the shipment that took these units; null before shipping (and on older rows). */
  shipment_id: string | null;
  created_at: StoredTimestamp;
  updated_at: StoredTimestamp;
}

export interface BackordersTable {
  id: string;
  kind: string;
  order_id: string;
  line_id: string;
  product_id: string;
  quantity: StoredInteger;
  requested_quantity: StoredInteger;
  expected_date: StoredDate | null;
  status: string;
  version: StoredInteger;
  created_at: StoredTimestamp;
  updated_at: StoredTimestamp;
}

/** Metadata of a file on an order; the bytes are in a FileStore under `storage_key`. */
export interface AttachmentsTable {
  id: string;
  order_id: string;
  filename: string;
  content_type: string;
  size: StoredInteger;
  sha256: string;
  kind: string;
  description: string | null;
  /** `{ kind, id, display }`. */
  uploaded_by: StoredJson;
  storage_key: string;
  version: StoredInteger;
  created_at: StoredTimestamp;
  updated_at: StoredTimestamp;
}

/** The bytes kept by KyselyFileStore: BLOB on SQLite, BYTEA on PostgreSQL; both drivers read them as a Buffer. */
export interface FileBlobsTable {
  key: string;
  size: StoredInteger;
  sha256: string;
  content: ColumnType<Uint8Array, Buffer, Buffer>;
  created_at: StoredTimestamp;
}

/** One open cart per customer (UNIQUE customer_id). Prices are not stored: the core reads them from the catalog. */
export interface CartsTable {
  id: string;
  customer_id: string;
  /** `[{"productId":…,"quantity":…}, …]`, in the cart's order. */
  items: StoredJson;
  coupon_code: string | null;
  version: StoredInteger;
  created_at: StoredTimestamp;
  updated_at: StoredTimestamp;
}

/**
 * CHECK (max_redemptions IS NULL OR redemptions <= max_redemptions): the guarded increment never reaches it, a stray
 * write (or an edit lowering the limit below the count) does.
 */
export interface CouponsTable {
  code: string;
  type: string;
  percent_off_basis_points: StoredInteger | null;
  amount_off_minor: StoredInteger | null;
  currency: string | null;
  minimum_subtotal_minor: StoredInteger | null;
  starts_at: StoredTimestamp | null;
  ends_at: StoredTimestamp | null;
  max_redemptions: StoredInteger | null;
  max_redemptions_per_customer: StoredInteger | null;
  /** Changed only by the guarded increment; an update of the coupon leaves it alone. */
  redemptions: ColumnType<number | bigint, number | undefined, number>;
  active: StoredBoolean;
  version: StoredInteger;
  created_at: StoredTimestamp;
  updated_at: StoredTimestamp;
}

/** Append-only: one row per checkout that redeemed a coupon. */
export interface CouponRedemptionsTable {
  /** Assigned by the database (SQLite rowid, PostgreSQL identity). */
  id: ColumnType<number | bigint | string, never, never>;
  code: string;
  customer_id: string;
  order_id: string;
  at: StoredTimestamp;
}

/** Payments and refunds of an order (ON DELETE CASCADE). */
export interface PaymentsTable {
  id: string;
  order_id: string;
  kind: string;
  amount_minor: StoredInteger;
  currency: string;
  method: string;
  reference: string | null;
  /** `{ kind, id, display }`. */
  recorded_by: StoredJson;
  created_at: StoredTimestamp;
}

/** Messages to deliver after the transaction that wrote them commits (customer e-mails). */
export interface OutboxMessagesTable {
  id: string;
  topic: string;
  payload: StoredJson;
  status: string;
  attempts: StoredInteger;
  /** When it may be tried (again); a claim moves it to the end of the claimer's lease. */
  available_at: StoredTimestamp;
  last_error: string | null;
  created_at: StoredTimestamp;
  updated_at: StoredTimestamp;
}

/**
 * Shipments of an order (ON DELETE CASCADE). UNIQUE (gateway, carrier_shipment_id) where the latter is not null;
 * CHECKs on status (the tracking statuses), from_stock (0 or 1) and version (>= 1).
 */
export interface ShipmentsTable {
  id: string;
  order_id: string;
  /** `[{"lineId":…,"productId":…,"sku":…,"name":…,"quantity":…}, …]`. */
  lines: StoredJson;
  gateway: string;
  carrier: string;
  service: string | null;
  tracking_number: string | null;
  carrier_shipment_id: string | null;
  status: string;
  status_at: StoredTimestamp;
  estimated_delivery: StoredDate | null;
  /** `{"format":…,"url":…}`. */
  label: StoredJson | null;
  warehouse_id: string | null;
  courier_id: string | null;
  from_stock: StoredBoolean;
  failure_reason: string | null;
  version: StoredInteger;
  created_at: StoredTimestamp;
  updated_at: StoredTimestamp;
}

/** Append-only; UNIQUE (shipment_id, dedupe_key) stores each carrier report once. */
export interface TrackingEventsTable {
  id: string;
  shipment_id: string;
  status: string;
  raw_code: string;
  description: string | null;
  location: string | null;
  occurred_at: StoredTimestamp;
  received_at: StoredTimestamp;
  dedupe_key: string;
  source: string;
}

/** The job queue; a claim sets status 'running' with a lease (CHECK: a running job always has one). */
export interface JobsTable {
  id: string;
  type: string;
  payload: StoredJson;
  status: string;
  attempts: StoredInteger;
  max_attempts: StoredInteger;
  available_at: StoredTimestamp;
  lease_token: string | null;
  lease_until: StoredTimestamp | null;
  last_error: string | null;
  result: StoredJson | null;
  order_id: string | null;
  created_at: StoredTimestamp;
  updated_at: StoredTimestamp;
}

/**
 * One invoice per order (primary key order_id, referencing orders without a cascade). UNIQUE sequence and number;
 * CHECK (sequence >= 1).
 */
export interface InvoicesTable {
  order_id: string;
  sequence: StoredInteger;
  number: string;
  issued_at: StoredTimestamp;
}

/** The one row (id = 1) invoice numbers are taken from; last_value is the last sequence taken (0 before any). */
export interface InvoiceSequenceTable {
  id: StoredInteger;
  last_value: StoredInteger;
}

/** Every table the migrations create, as Kysely sees them. */
export interface DatabaseSchema {
  products: ProductsTable;
  orders: OrdersTable;
  order_lines: OrderLinesTable;
  order_events: OrderEventsTable;
  idempotency_keys: IdempotencyKeysTable;
  api_tokens: ApiTokensTable;
  counters: CountersTable;
  warehouses: WarehousesTable;
  stock_levels: StockLevelsTable;
  inventory_movements: InventoryMovementsTable;
  reservations: ReservationsTable;
  backorders: BackordersTable;
  attachments: AttachmentsTable;
  file_blobs: FileBlobsTable;
  carts: CartsTable;
  coupons: CouponsTable;
  coupon_redemptions: CouponRedemptionsTable;
  payments: PaymentsTable;
  outbox_messages: OutboxMessagesTable;
  shipments: ShipmentsTable;
  tracking_events: TrackingEventsTable;
  jobs: JobsTable;
  invoices: InvoicesTable;
  invoice_sequence: InvoiceSequenceTable;
}
