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

export interface ProductsTable {
  id: string;
  sku: string;
  name: string;
  description: string | null;
  price_minor: StoredInteger;
  currency: string;
  status: string;
  category: string | null;
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

/** Every table the migrations create, as Kysely sees them. */
export interface DatabaseSchema {
  products: ProductsTable;
  orders: OrdersTable;
  order_lines: OrderLinesTable;
  order_events: OrderEventsTable;
  idempotency_keys: IdempotencyKeysTable;
  api_tokens: ApiTokensTable;
  counters: CountersTable;
}
