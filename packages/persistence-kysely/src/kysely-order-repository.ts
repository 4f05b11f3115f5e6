import {
  isJsonObject,
  isOrderStatus,
  type Address,
  type Cancellation,
  type JsonObject,
  type Order,
  type OrderCursor,
  type OrderLine,
  type OrderListQuery,
  type OrderPage,
  type OrderRepository,
  type OrderSortField,
  type OrderStatus,
  type OrderSummary,
} from '@oms/order-core';
import { sql, type ExpressionBuilder, type Kysely, type RawBuilder, type Selectable, type SelectQueryBuilder } from 'kysely';
import type { DatabaseDialect } from './database-dialect';
import type { DatabaseSchema, OrdersTable } from './database-schema';
import { readJsonColumn, writeJsonColumn } from './json-column';
import { readSafeInteger } from './read-safe-integer';
import { toStoredTimestamp } from './stored-timestamp';
import { containsIgnoringCase, equalsIgnoringCase } from './text-search';
import { withConflictMapping, type UniqueKey } from './unique-violation';
import { PreparedQuery } from './prepared-query';

type OrderRow = Selectable<OrdersTable>;

function orderKeys(order: Order): readonly UniqueKey[] {
  return [
    { column: 'number', constraint: 'orders_number_key', field: 'number', message: `An order with number ${order.number} already exists` },
    { column: 'reference', constraint: 'orders_reference_key', field: 'reference', message: `An order with reference ${order.reference} already exists` },
    { column: 'id', constraint: 'orders_pkey', field: 'id', message: `An order with id ${order.id} already exists` },
  ];
}
const LINE_KEYS: readonly UniqueKey[] = [
  { column: 'id', constraint: 'order_lines_pkey', field: 'id', message: 'An order line with this id already exists' },
  { column: 'order_id', constraint: 'order_lines_order_position_key', field: 'lines', message: 'The order already has lines' },
];

const SORT_COLUMNS = {
  created_at: 'created_at',
  updated_at: 'updated_at',
  total: 'total_minor',
} as const satisfies Record<OrderSortField, keyof OrdersTable>;

const ORDER_NUMBER_COUNTER = 'order_number';

export class KyselyOrderRepository implements OrderRepository {
  constructor(
    private readonly db: Kysely<DatabaseSchema>,
    private readonly dialect: DatabaseDialect,
  ) {}

  async insert(order: Order): Promise<void> {
    const header = { id: order.id, ...toHeaderRow(order) };
    const lines = order.lines.map((line, position) => toLineRow(order.id, position, line));
    // The header and its lines are one write: in the caller's transaction if there is one, else in our own.
    const write = async (db: Kysely<DatabaseSchema>): Promise<void> => {
      await withConflictMapping('order', orderKeys(order), () => db.insertInto('orders').values(header).execute());
      if (lines.length > 0) {
        await withConflictMapping('order_line', LINE_KEYS, () => db.insertInto('order_lines').values(lines).execute());
      }
    };
    if (this.db.isTransaction) await write(this.db);
    else await this.db.transaction().execute(write);
  }

  async update(order: Order, expectedVersion: number): Promise<boolean> {
    const result = await withConflictMapping('order', orderKeys(order), () =>
      this.db
        .updateTable('orders')
        .set(toHeaderRow(order))
        .where('id', '=', order.id)
        .where('version', '=', expectedVersion)
        .executeTakeFirst(),
    );
    return result.numUpdatedRows > 0n;
  }

  async findById(id: string): Promise<Order | null> {
    return this.findOne('id', id);
  }

  async findByReference(reference: string): Promise<Order | null> {
    // Exact match along orders_reference_key.
    return this.findOne('reference', reference);
  }

  /**
   * The header and its lines in one statement: the lines come as one JSON array in position order (a correlated
   * subquery, so the header is read once rather than once per line as a join would). Integers travel as text inside
   * the JSON, so readSafeInteger still refuses a stored value a JS number would round.
   */
  private async findOne(column: 'id' | 'reference', value: string): Promise<Order | null> {
    const [row] = await ORDER_WITH_LINES[this.dialect][column].execute(this.db, value);
    if (!row) return null;
    const { lines_json: linesJson, ...header } = row;
    const items = typeof linesJson === 'string' ? readJsonColumn(linesJson, 'order_lines (as JSON)') : linesJson;
    if (!Array.isArray(items)) throw new Error('The lines of an order did not come back as a JSON array');
    const lines = items.map(fromLineJson);
    return { ...fromHeaderRow(header), lines };
  }

  async list(query: OrderListQuery): Promise<OrderPage> {
    const filtered = this.filtered(query);
    const column = SORT_COLUMNS[query.sort.field];
    const direction = query.sort.direction;
    let page = filtered.selectAll();
    if (query.after !== undefined) {
      const value = cursorValue(query.sort.field, query.after);
      const id = query.after.id;
      const beyond = direction === 'asc' ? '>' : '<';
      const reaching = direction === 'asc' ? '>=' : '<=';
      // (col, id) beyond (value, id) spelled out, which both dialects understand. The redundant leading `col >= value`
      // gives the planner a range to seek to in the (col, id) index instead of scanning from the start.
      page = page.where((eb) =>
        eb.and([
          eb(column, reaching, value),
          eb.or([eb(column, beyond, value), eb.and([eb(column, '=', value), eb('id', beyond, id)])]),
        ]),
      );
    }
    page = page.orderBy(column, direction).orderBy('id', direction).limit(query.limit + 1);
    if (query.after === undefined && query.offset > 0) page = page.offset(query.offset);
    // One row more than asked tells whether another page follows without a second query.
    const rows = await page.execute();
    const items = rows.slice(0, query.limit).map(fromHeaderRow);
    const last = items[items.length - 1];
    const nextCursor: OrderCursor | null = rows.length > query.limit && last ? { value: sortValue(query.sort.field, last), id: last.id } : null;
    const count = await filtered.select((eb) => eb.fn.countAll().as('count')).executeTakeFirstOrThrow();
    return { items, total: readSafeInteger(count.count, 'count'), nextCursor };
  }

  async countByStatus(): Promise<Readonly<Partial<Record<OrderStatus, number>>>> {
    const rows = await this.db
      .selectFrom('orders')
      .select((eb) => ['status', eb.fn.countAll().as('count')])
      .groupBy('status')
      .execute();
    const counts: Partial<Record<OrderStatus, number>> = {};
    for (const row of rows) counts[orderStatus(row.status)] = readSafeInteger(row.count, 'count');
    return counts;
  }

  async nextNumber(): Promise<number> {
    if (this.dialect === 'postgres') {
      const { rows } = await sql<{ value: unknown }>`select nextval('order_number_seq') as value`.execute(this.db);
      return readSafeInteger(rows[0]?.value, 'order_number_seq');
    }
    // One guarded statement under SQLite's write lock: concurrent callers can never read the same value.
    const row = await this.db
      .updateTable('counters')
      .set({ value: sql<number>`value + 1` })
      .where('name', '=', ORDER_NUMBER_COUNTER)
      .returning('value')
      .executeTakeFirst();
    if (!row) throw new Error('The order number counter is missing: run the migrations');
    return readSafeInteger(row.value, 'counters.value');
  }

  /** The WHERE clause shared by a page and its total. */
  private filtered(query: OrderListQuery): SelectQueryBuilder<DatabaseSchema, 'orders', object> {
    let q = this.db.selectFrom('orders');
    if (query.statuses !== undefined) {
      // An empty list matches nothing, as `status IN ()` would; SQL cannot spell that, so say it directly.
      q = query.statuses.length === 0 ? q.where(sql<boolean>`1 = 0`) : q.where('status', 'in', [...query.statuses]);
    }
    if (query.customerId !== undefined) q = q.where('customer_id', '=', query.customerId);
    if (query.search !== undefined) {
      const search = query.search;
      q = q.where((eb: ExpressionBuilder<DatabaseSchema, 'orders'>) =>
        eb.or([
          eb('id', '=', search),
          equalsIgnoringCase(this.dialect, 'orders.reference', search),
          containsIgnoringCase(this.dialect, 'orders.contact_email', search),
          containsIgnoringCase(this.dialect, 'orders.contact_name', search),
        ]),
      );
    }
    if (query.createdFrom !== undefined) q = q.where('created_at', '>=', toStoredTimestamp(query.createdFrom, 'createdFrom'));
    if (query.createdTo !== undefined) q = q.where('created_at', '<=', toStoredTimestamp(query.createdTo, 'createdTo'));
    return q;
  }
}

function cursorValue(field: OrderSortField, cursor: OrderCursor): string | number {
  if (field === 'total') {
    const value = typeof cursor.value === 'string' && /^-?\d+$/.test(cursor.value) ? Number(cursor.value) : cursor.value;
    if (typeof value !== 'number' || !Number.isSafeInteger(value)) {
      throw new RangeError(`A cursor for sorting by total needs an integer of minor units, got ${JSON.stringify(cursor.value)}`);
    }
    return value;
  }
  if (typeof cursor.value !== 'string') {
    throw new RangeError(`A cursor for sorting by ${field} needs a timestamp, got ${JSON.stringify(cursor.value)}`);
  }
  return toStoredTimestamp(cursor.value, 'cursor');
}

function sortValue(field: OrderSortField, order: OrderSummary): string | number {
  switch (field) {
    case 'created_at':
      return order.createdAt;
    case 'updated_at':
      return order.updatedAt;
    case 'total':
      return order.totals.total;
  }
}

function toHeaderRow(order: Order) {
  return {
    number: order.number,
    reference: order.reference,
    customer_id: order.customerId,
    contact_name: order.contact.name,
    contact_email: order.contact.email,
    contact_phone: order.contact.phone,
    shipping_address: writeJsonColumn(order.shippingAddress),
    billing_address: order.billingAddress === null ? null : writeJsonColumn(order.billingAddress),
    currency: order.currency,
    subtotal_minor: order.totals.subtotal,
    discount_minor: order.totals.discount,
    tax_minor: order.totals.tax,
    shipping_minor: order.totals.shipping,
    total_minor: order.totals.total,
    items_count: order.itemsCount,
    status: order.status,
    notes: order.notes,
    metadata: writeJsonColumn(order.metadata),
    tracking_number: order.trackingNumber,
    carrier: order.carrier,
    cancellation: order.cancellation === null ? null : writeJsonColumn(order.cancellation),
    version: order.version,
    created_at: toStoredTimestamp(order.createdAt, 'createdAt'),
    updated_at: toStoredTimestamp(order.updatedAt, 'updatedAt'),
  };
}

function toLineRow(orderId: string, position: number, line: OrderLine) {
  return {
    id: line.id,
    order_id: orderId,
    position,
    product_id: line.productId,
    sku: line.sku,
    name: line.name,
    quantity: line.quantity,
    unit_price_minor: line.unitPrice,
    line_total_minor: line.lineTotal,
    metadata: writeJsonColumn(line.metadata),
  };
}

/** One element of the JSON lines array findOne reads: its integers come as text, read as exactly as from a column. */
function fromLineJson(item: unknown): OrderLine {
  if (!Array.isArray(item) || item.length !== 8) throw new Error('An order line did not come back as the expected JSON array');
  const [id, productId, sku, name, quantity, unitPrice, lineTotal, metadata] = item as unknown[];
  if (typeof id !== 'string' || typeof productId !== 'string' || typeof sku !== 'string' || typeof name !== 'string' || typeof metadata !== 'string') {
    throw new Error('An order line came back with a text column that is not text');
  }
  return {
    id,
    productId,
    sku,
    name,
    quantity: readSafeInteger(quantity, 'order_lines.quantity'),
    unitPrice: readSafeInteger(unitPrice, 'order_lines.unit_price_minor'),
    lineTotal: readSafeInteger(lineTotal, 'order_lines.line_total_minor'),
    metadata: readObject(metadata, 'order_lines.metadata'),
  };
}

function fromHeaderRow(row: OrderRow): OrderSummary {
  const int = (column: keyof OrdersTable): number => readSafeInteger(row[column], `orders.${column}`);
  return {
    id: row.id,
    number: int('number'),
    reference: row.reference,
    customerId: row.customer_id,
    contact: { name: row.contact_name, email: row.contact_email, phone: row.contact_phone },
    shippingAddress: readObject(row.shipping_address, 'orders.shipping_address') as unknown as Address,
    billingAddress: row.billing_address === null ? null : (readObject(row.billing_address, 'orders.billing_address') as unknown as Address),
    currency: row.currency,
    totals: {
      subtotal: int('subtotal_minor'),
      discount: int('discount_minor'),
      tax: int('tax_minor'),
      shipping: int('shipping_minor'),
      total: int('total_minor'),
    },
    itemsCount: int('items_count'),
    status: orderStatus(row.status),
    notes: row.notes,
    metadata: readObject(row.metadata, 'orders.metadata'),
    trackingNumber: row.tracking_number,
    carrier: row.carrier,
    cancellation: row.cancellation === null ? null : (readObject(row.cancellation, 'orders.cancellation') as unknown as Cancellation),
    version: int('version'),
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

function readObject(text: string, column: string): JsonObject {
  const value = readJsonColumn(text, column);
  if (!isJsonObject(value)) throw new Error(`Column ${column} holds JSON that is not an object`);
  return value;
}

function orderStatus(value: string): OrderStatus {
  if (isOrderStatus(value)) return value;
  throw new Error(`Column orders.status holds an unknown status ${JSON.stringify(value)}`);
}

/** The lines of `orders` (the outer row) as [id, product_id, sku, name, quantity, unit price, total, metadata] arrays. */
function linesJson(dialect: DatabaseDialect): RawBuilder<unknown> {
  if (dialect === 'postgres') {
    return sql`(select coalesce(json_agg(json_build_array(l.id, l.product_id, l.sku, l.name, l.quantity::text,
      l.unit_price_minor::text, l.line_total_minor::text, l.metadata) order by l.position), '[]'::json)
      from order_lines l where l.order_id = orders.id)`;
  }
  return sql`(select coalesce(json_group_array(json_array(l.id, l.product_id, l.sku, l.name,
    cast(l.quantity as text), cast(l.unit_price_minor as text), cast(l.line_total_minor as text), l.metadata) order by l.position), '[]')
    from order_lines l where l.order_id = orders.id)`;
}

function orderWithLines(dialect: DatabaseDialect, column: 'id' | 'reference') {
  return new PreparedQuery(`order with lines by ${column}`, (db, value: string) =>
    db
      .selectFrom('orders')
      .selectAll('orders')
      .select(linesJson(dialect).as('lines_json'))
      .where(column === 'id' ? 'orders.id' : 'orders.reference', '=', value),
  );
}

const ORDER_WITH_LINES = {
  sqlite: { id: orderWithLines('sqlite', 'id'), reference: orderWithLines('sqlite', 'reference') },
  postgres: { id: orderWithLines('postgres', 'id'), reference: orderWithLines('postgres', 'reference') },
};
