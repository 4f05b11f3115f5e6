import { randomBytes } from 'node:crypto';
import { DEFAULT_LIFECYCLE, orderReference, type ActorRef, type OrderStatus } from '@oms/order-core';
import type { DatabaseSchema, OmsDatabase } from '@oms/persistence-kysely';
import { CompiledQuery, sql, type Kysely } from 'kysely';

/**
 * Bulk data for benchmarks, demos and load tests: products with stock, then orders spread over a year with their
 * lines, status timeline, stock reservations and inventory history, written with multi-row INSERTs in one
 * transaction per batch straight through the app's Kysely database (no use case, no HTTP: a million orders take
 * minutes). What it writes is what the app would have written for the same history, so every seeded order can be
 * read, listed, cancelled or shipped afterwards like any other:
 *
 * - ids are `prefix_` + ULID with the time of the row, so orders sort by created_at;
 * - numbers come from the app's own counter (SQLite `counters`, PostgreSQL `order_number_seq`), which is left past
 *   the last seeded number: the next order placed gets a higher one;
 * - totals are computed from the lines exactly as the core computes them (no tax, shipping or discount);
 * - each status is reached by a path the default lifecycle allows, one status_changed event per step;
 * - stock is reserved, consumed, released or restocked as those steps would have done, and every change is in
 *   inventory_movements, so on_hand and reserved stay equal to the sum of the history.
 */
export interface SeedOptions {
  /** Orders to create (0 creates products only). */
  readonly orders: number;
  /** New products to create and order from (default 1,000). */
  readonly products?: number;
  /** Distinct customers the orders are spread over (default 10,000). */
  readonly customers?: number;
  /** Orders are created over this many days up to `now` (default 365). */
  readonly days?: number;
  /** Units on hand per product that no seeded order touches (default 1,000,000). */
  readonly freeStock?: number;
  /** Orders per transaction (default 5,000). */
  readonly batchSize?: number;
  /** The end of the seeded period (default: the current time). */
  readonly now?: Date;
  /** Makes the data (not the ids' uniqueness across runs) repeatable. Default: random. */
  readonly randomSeed?: number;
  /** Called after each committed batch. */
  readonly onProgress?: (progress: { readonly orders: number; readonly total: number }) => void;
}

export interface SeedResult {
  readonly products: number;
  readonly orders: number;
  readonly lines: number;
  readonly events: number;
  readonly reservations: number;
  readonly movements: number;
  /** The first and last order number written (null when no orders were). */
  readonly numbers: { readonly first: number; readonly last: number } | null;
  readonly warehouseId: string;
  readonly milliseconds: number;
}

const DAY_MS = 24 * 60 * 60 * 1000;
const HOUR_MS = 60 * 60 * 1000;
/** Below SQLite's 32,766 and PostgreSQL's 65,535 bound parameters per statement. */
const MAX_PARAMETERS = 30_000;
const MAX_ROWS_PER_INSERT = 1_000;
const CURRENCY = 'USD';

/** Staff who moved seeded orders along; orders are placed by them too (admin placement). */
const STAFF: readonly ActorRef[] = [
  { kind: 'staff', id: 'staff_ana', display: 'ana@shop.example' },
  { kind: 'staff', id: 'staff_ben', display: 'ben@shop.example' },
  { kind: 'staff', id: 'staff_chloe', display: 'chloe@shop.example' },
  { kind: 'staff', id: 'staff_dev', display: 'dev@shop.example' },
];

/** The statuses after the entry one, in the order the default lifecycle allows them. */
const PATHS: Readonly<Record<OrderStatus, readonly OrderStatus[]>> = {
  pending_payment: [],
  pending: [],
  confirmed: ['confirmed'],
  processing: ['processing'],
  in_progress: ['processing', 'in_progress'],
  out_of_stock: ['out_of_stock'],
  on_hold: ['on_hold'],
  packed: ['processing', 'packed'],
  awaiting_carrier: ['processing', 'packed', 'awaiting_carrier'],
  shipped: ['processing', 'packed', 'shipped'],
  delivered: ['processing', 'packed', 'shipped', 'delivered'],
  completed: ['processing', 'packed', 'shipped', 'delivered', 'completed'],
  returned: ['processing', 'packed', 'shipped', 'delivered', 'returned'],
  cancelled: ['cancelled'],
  refunded: ['cancelled', 'refunded'],
};

/** What happened to the order's reserved stock by the time it reached a status (see DEFAULT_LIFECYCLE's effects). */
type StockOutcome = 'held' | 'consumed' | 'returned' | 'released';
function stockOutcome(status: OrderStatus): StockOutcome {
  switch (status) {
    case 'shipped':
    case 'delivered':
    case 'completed':
      return 'consumed';
    case 'returned':
      return 'returned';
    case 'cancelled':
    case 'refunded':
      return 'released';
    default:
      return 'held';
  }
}

/** Status mix by age: recent orders are still being worked on, old ones are mostly done. */
const STATUS_MIX: readonly { readonly maxAgeDays: number; readonly weights: readonly (readonly [OrderStatus, number])[] }[] = [
  {
    maxAgeDays: 1,
    weights: [
      ['pending_payment', 4], ['pending', 45], ['confirmed', 12], ['processing', 15], ['in_progress', 4], ['packed', 5],
      ['awaiting_carrier', 3], ['on_hold', 4], ['out_of_stock', 2], ['cancelled', 6],
    ],
  },
  {
    maxAgeDays: 7,
    weights: [
      ['pending', 3], ['processing', 6], ['in_progress', 2], ['packed', 3], ['awaiting_carrier', 2], ['on_hold', 2],
      ['out_of_stock', 1], ['shipped', 30], ['delivered', 40], ['cancelled', 8], ['returned', 1], ['refunded', 2],
    ],
  },
  {
    maxAgeDays: Infinity,
    weights: [['completed', 62], ['delivered', 20], ['cancelled', 9], ['returned', 3], ['refunded', 4], ['on_hold', 1], ['shipped', 1]],
  },
];

const FIRST_NAMES = ['Jane', 'John', 'Maria', 'Wei', 'Aisha', 'Carlos', 'Emma', 'Liam', 'Olivia', 'Noah', 'Sofia', 'Yuki', 'Omar', 'Chloe', 'Lucas', 'Priya', 'Mateo', 'Hannah', 'Ivan', 'Zoe'];
const LAST_NAMES = ['Doe', 'Smith', 'Garcia', 'Chen', 'Khan', 'Silva', 'Brown', 'Martin', 'Rossi', 'Kim', 'Nguyen', 'Müller', 'Novak', 'Dubois', 'Jensen', 'Patel', 'Lopez', 'Walker', 'Sato', 'Okafor'];
const STREETS = ['Main St', 'Oak Ave', 'Maple Dr', 'Cedar Ln', 'Park Rd', 'Elm St', 'Lake View', 'Hill St', 'River Rd', 'Sunset Blvd'];
const CITIES: readonly (readonly [string, string, string])[] = [
  ['Springfield', 'IL', '62701'], ['Portland', 'OR', '97201'], ['Austin', 'TX', '73301'], ['Denver', 'CO', '80201'],
  ['Boston', 'MA', '02108'], ['Seattle', 'WA', '98101'], ['Madison', 'WI', '53703'], ['Raleigh', 'NC', '27601'],
  ['Phoenix', 'AZ', '85001'], ['Columbus', 'OH', '43004'],
];
const ADJECTIVES = ['Classic', 'Organic', 'Vintage', 'Premium', 'Custom', 'Eco', 'Deluxe', 'Slim', 'Heavy', 'Soft'];
const NOUNS = ['T-Shirt', 'Hoodie', 'Mug', 'Poster', 'Tote Bag', 'Cap', 'Sticker Pack', 'Notebook', 'Water Bottle', 'Phone Case'];
const CATEGORIES = ['shirts', 'hoodies', 'mugs', 'posters', 'bags', 'caps', 'stickers', 'stationery', 'bottles', 'accessories'];
const CARRIERS = ['UPS', 'FedEx', 'USPS', 'DHL'];
const CANCEL_REASONS = ['Customer changed their mind', 'Payment failed', 'Out of stock too long', 'Duplicate order', null];

/** mulberry32: small, fast and good enough to spread data. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const CROCKFORD = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

/**
 * ULIDs with a given time and fast pseudo-random bits (the `ulid` package draws each character from the system's
 * CSPRNG, far too slow for tens of millions of ids). Within one prefix and millisecond they increase, so orders
 * created in time order get ids in the same order. Uniqueness across runs comes from a random seed.
 */
class SeedIds {
  private readonly random: () => number;
  private readonly last = new Map<string, { time: number; digits: number[] }>();

  constructor(seed: number) {
    this.random = prng(seed ^ 0x9e3779b9);
  }

  next(prefix: string, time: number): string {
    const previous = this.last.get(prefix);
    let digits: number[];
    if (previous !== undefined && previous.time === time) {
      digits = previous.digits;
      let i = digits.length - 1;
      while (i >= 0 && digits[i] === 31) digits[i--] = 0;
      if (i < 0) throw new Error('ULID random part overflowed within one millisecond');
      digits[i]! += 1;
    } else {
      digits = new Array<number>(16);
      for (let i = 0; i < 16; i++) digits[i] = Math.floor(this.random() * 32);
      this.last.set(prefix, { time, digits });
    }
    let timePart = '';
    let t = time;
    for (let i = 0; i < 10; i++) {
      timePart = CROCKFORD[t % 32] + timePart;
      t = Math.floor(t / 32);
    }
    let randomPart = '';
    for (const d of digits) randomPart += CROCKFORD[d];
    return `${prefix}_${timePart}${randomPart}`;
  }
}

interface SeedProduct {
  readonly id: string;
  readonly sku: string;
  readonly name: string;
  readonly price: number;
}

interface Customer {
  readonly id: string;
  readonly name: string;
  readonly email: string;
  readonly phone: string | null;
  readonly address: string;
}

type Row = unknown[];

const ORDER_COLUMNS = [
  'id', 'number', 'reference', 'customer_id', 'contact_name', 'contact_email', 'contact_phone', 'shipping_address',
  'billing_address', 'currency', 'subtotal_minor', 'discount_minor', 'tax_minor', 'shipping_minor', 'total_minor',
  'items_count', 'status', 'notes', 'metadata', 'tracking_number', 'carrier', 'cancellation', 'version', 'created_at',
  'updated_at',
] as const;
const LINE_COLUMNS = ['id', 'order_id', 'position', 'product_id', 'sku', 'name', 'quantity', 'unit_price_minor', 'line_total_minor', 'metadata'] as const;
const EVENT_COLUMNS = ['id', 'order_id', 'type', 'actor_kind', 'actor_id', 'actor_display', 'data', 'at'] as const;
const RESERVATION_COLUMNS = ['id', 'allocation_id', 'order_id', 'line_id', 'product_id', 'warehouse_id', 'quantity', 'status', 'created_at', 'updated_at'] as const;
const MOVEMENT_COLUMNS = ['id', 'product_id', 'warehouse_id', 'on_hand_change', 'reserved_change', 'reason', 'order_id', 'note', 'actor', 'at'] as const;
const PRODUCT_COLUMNS = [
  'id', 'sku', 'name', 'description', 'price_minor', 'currency', 'status', 'category', 'backorder_policy', 'expected_date',
  'version', 'created_at', 'updated_at',
] as const;

/** Writes the seed data; the database must be migrated (createApplication does it). */
export async function seedDatabase(database: OmsDatabase, options: SeedOptions): Promise<SeedResult> {
  if (database.dialect !== 'sqlite') return writeSeed(database, options);
  // A bigger page cache keeps the indexes being appended to in memory (SQLite's default is 2 MiB); put back after.
  const { db } = database;
  const before = Number((await sql<{ cache_size: unknown }>`pragma cache_size`.execute(db)).rows[0]?.cache_size);
  await sql`pragma cache_size = -262144`.execute(db);
  try {
    return await writeSeed(database, options);
  } finally {
    await sql`pragma cache_size = ${sql.raw(String(Number.isSafeInteger(before) ? before : -2000))}`.execute(db);
  }
}

async function writeSeed(database: OmsDatabase, options: SeedOptions): Promise<SeedResult> {
  const started = Date.now();
  const orderCount = wholeNumber('orders', options.orders, 0);
  const productCount = wholeNumber('products', options.products ?? 1_000, 1);
  const customerCount = wholeNumber('customers', options.customers ?? 10_000, 1);
  const days = positive('days', options.days ?? 365);
  const freeStock = wholeNumber('freeStock', options.freeStock ?? 1_000_000, 0);
  const batchSize = wholeNumber('batchSize', options.batchSize ?? 5_000, 1);
  const seed = options.randomSeed ?? randomBytes(4).readUInt32LE(0);
  const random = prng(seed);
  // Ids are random even with a fixed seed: seeding the same database twice must not collide.
  const ids = new SeedIds(randomBytes(4).readUInt32LE(0));
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
  const end = (options.now ?? new Date()).getTime();
  const start = end - Math.round(days * DAY_MS);
  const { db, dialect } = database;
  const writer = new RowWriter(dialect);

  const warehouse = await db
    .selectFrom('warehouses')
    .select('id')
    .where('active', '=', 1)
    .orderBy('priority', 'asc')
    .orderBy('code', 'asc')
    .executeTakeFirst();
  if (!warehouse) throw new Error('No active warehouse to hold the seeded stock');
  const warehouseId = warehouse.id;

  // Products (created a little before the first order), their stock and its first restock.
  const tag = ids.next('x', end).slice(-6);
  const productsAt = new Date(start - DAY_MS).toISOString();
  const products: SeedProduct[] = [];
  await db.transaction().execute(async (trx) => {
    const productRows: Row[] = [];
    const levelRows: Row[] = [];
    const movementRows: Row[] = [];
    const restockActor = JSON.stringify({ kind: 'system', id: 'seed', display: 'seed' });
    for (let i = 0; i < productCount; i++) {
      const id = ids.next('prod', start - DAY_MS);
      const name = `${pick(ADJECTIVES)} ${pick(NOUNS)} ${i + 1}`;
      const product = { id, sku: `SEED-${tag}-${String(i + 1).padStart(5, '0')}`, name, price: (Math.floor(random() * 100) + 3) * 100 - 1 };
      products.push(product);
      productRows.push([id, product.sku, name, null, product.price, CURRENCY, 'active', pick(CATEGORIES), 'deny', null, 1, productsAt, productsAt]);
      levelRows.push([id, warehouseId, freeStock, 0]);
      if (freeStock > 0) {
        movementRows.push([ids.next('mov', start - DAY_MS), id, warehouseId, freeStock, 0, 'restock', null, 'Seeded stock', restockActor, productsAt]);
      }
    }
    await writer.insert(trx, 'products', PRODUCT_COLUMNS, productRows);
    await writer.insert(trx, 'stock_levels', ['product_id', 'warehouse_id', 'on_hand', 'reserved'], levelRows);
    await writer.insert(trx, 'inventory_movements', MOVEMENT_COLUMNS, movementRows);
  });

  const customers: Customer[] = [];
  for (let i = 0; i < customerCount; i++) {
    const first = FIRST_NAMES[i % FIRST_NAMES.length]!;
    const last = LAST_NAMES[Math.floor(i / FIRST_NAMES.length) % LAST_NAMES.length]!;
    const [city, state, zip] = CITIES[i % CITIES.length]!;
    const name = `${first} ${last}`;
    const address = { name, company: null, street: `${(i % 9_000) + 100} ${STREETS[i % STREETS.length]}`, street2: null, city, state, zip, country: 'US' };
    customers.push({
      id: `cust_${String(i + 1).padStart(6, '0')}`,
      name,
      email: `${first}.${last}.${i + 1}@example.com`.normalize('NFD').replace(/[^\x00-\x7f]/g, '').toLowerCase(),
      phone: i % 2 === 0 ? `+1 555 ${String(1000 + (i % 9000)).padStart(4, '0')}` : null,
      address: JSON.stringify(address),
    });
  }

  let lines = 0;
  let events = 0;
  let reservations = 0;
  let movements = 0;
  let firstNumber: number | null = null;
  let lastNumber: number | null = null;
  const span = end - start;

  for (let done = 0; done < orderCount; ) {
    const count = Math.min(batchSize, orderCount - done);
    await db.transaction().execute(async (trx) => {
      const numbers = await reserveNumbers(trx, dialect, count);
      const orderRows: Row[] = [];
      const lineRows: Row[] = [];
      const eventRows: Row[] = [];
      const reservationRows: Row[] = [];
      const movementRows: Row[] = [];
      const stockChanges = new Map<string, { onHand: number; reserved: number }>();

      for (let k = 0; k < count; k++) {
        const index = done + k;
        // Evenly spread with jitter and never decreasing: ids (time-based) then sort like created_at.
        const created = Math.floor(start + ((index + random()) * span) / orderCount);
        const number = numbers[k]!;
        const orderId = ids.next('order', created);
        const customer = pick(customers);
        const staff = pick(STAFF);
        const ageDays = (end - created) / DAY_MS;
        const status = weighted(random, STATUS_MIX.find((m) => ageDays < m.maxAgeDays)!.weights);
        const entry: OrderStatus = status === 'pending_payment' ? 'pending_payment' : 'pending';
        const path = PATHS[status];

        // Lines: 1 to 3 distinct products, 1 to 3 units each.
        const lineCount = weighted(random, [[1, 50], [2, 30], [3, 20]] as const);
        const chosen = new Set<SeedProduct>();
        while (chosen.size < Math.min(lineCount, products.length)) chosen.add(pick(products));
        let subtotal = 0;
        let itemsCount = 0;
        const orderLines: { id: string; product: SeedProduct; quantity: number }[] = [];
        let position = 0;
        for (const product of chosen) {
          const quantity = weighted(random, [[1, 70], [2, 20], [3, 10]] as const);
          const line = { id: ids.next('line', created), product, quantity };
          orderLines.push(line);
          subtotal += product.price * quantity;
          itemsCount += quantity;
          lineRows.push([line.id, orderId, position++, product.id, product.sku, product.name, quantity, product.price, product.price * quantity, '{}']);
        }

        // The timeline: placed, then one step at a time, spaced hours apart but never after `end`.
        const createdIso = new Date(created).toISOString();
        eventRows.push([
          ids.next('evt', created), orderId, 'order_placed', staff.kind, staff.id, staff.display,
          JSON.stringify({ status: entry, total: subtotal, currency: CURRENCY }), createdIso,
        ]);
        const room = Math.max(0, end - created);
        const gap = Math.min(36 * HOUR_MS, room / (path.length + 1));
        let at = created;
        let from: OrderStatus = entry;
        let trackingNumber: string | null = null;
        let carrier: string | null = null;
        let cancellation: string | null = null;
        const stepTimes = new Map<OrderStatus, number>();
        for (const to of path) {
          at += Math.floor(gap * (0.25 + random() * 0.75));
          const atIso = new Date(at).toISOString();
          stepTimes.set(to, at);
          const data: Record<string, unknown> = { from, to, reason: null };
          if (to === 'shipped') {
            carrier = pick(CARRIERS);
            trackingNumber = trackingFor(carrier, random);
            data['trackingNumber'] = trackingNumber;
            data['carrier'] = carrier;
          }
          if (to === 'cancelled') {
            const reason = pick(CANCEL_REASONS);
            const refundRequested = status === 'refunded';
            data['reason'] = reason;
            data['refundRequested'] = refundRequested;
            cancellation = JSON.stringify({ reason, refundRequested, at: atIso, by: staff });
          }
          eventRows.push([ids.next('evt', at), orderId, 'status_changed', staff.kind, staff.id, staff.display, JSON.stringify(data), atIso]);
          from = to;
        }
        const updatedIso = new Date(at).toISOString();

        // Stock: reserved at placement, then consumed, restocked or released as the steps above would have.
        const outcome = stockOutcome(status);
        const allocationId = ids.next('alloc', created);
        const actor = JSON.stringify(staff);
        for (const line of orderLines) {
          const q = line.quantity;
          const change = stockChanges.get(line.product.id) ?? { onHand: 0, reserved: 0 };
          stockChanges.set(line.product.id, change);
          const resolvedAt = outcome === 'held' ? created : (stepTimes.get(outcome === 'released' ? 'cancelled' : outcome === 'returned' ? 'returned' : 'shipped') ?? at);
          reservationRows.push([
            ids.next('res', created), allocationId, orderId, line.id, line.product.id, warehouseId, q, outcome,
            createdIso, new Date(resolvedAt).toISOString(),
          ]);
          movementRows.push([ids.next('mov', created), line.product.id, warehouseId, 0, q, 'reservation', orderId, null, actor, createdIso]);
          if (outcome === 'held') {
            change.reserved += q;
          } else if (outcome === 'released') {
            movementRows.push([ids.next('mov', resolvedAt), line.product.id, warehouseId, 0, -q, 'release', orderId, null, actor, new Date(resolvedAt).toISOString()]);
          } else {
            const shippedAt = stepTimes.get('shipped') ?? at;
            movementRows.push([ids.next('mov', shippedAt), line.product.id, warehouseId, -q, -q, 'shipment', orderId, null, actor, new Date(shippedAt).toISOString()]);
            change.onHand -= q;
            if (outcome === 'returned') {
              movementRows.push([ids.next('mov', resolvedAt), line.product.id, warehouseId, q, 0, 'return', orderId, null, actor, new Date(resolvedAt).toISOString()]);
              change.onHand += q;
            }
          }
        }

        const billing = random() < 0.3 ? customer.address : null;
        const notes = random() < 0.05 ? 'Please gift wrap' : null;
        orderRows.push([
          orderId, number, orderReference(number), customer.id, customer.name, customer.email, customer.phone, customer.address,
          billing, CURRENCY, subtotal, 0, 0, 0, subtotal, itemsCount, status, notes, '{}', trackingNumber, carrier, cancellation,
          1 + path.length, createdIso, updatedIso,
        ]);
      }

      await writer.insert(trx, 'orders', ORDER_COLUMNS, orderRows);
      await writer.insert(trx, 'order_lines', LINE_COLUMNS, lineRows);
      await writer.insert(trx, 'order_events', EVENT_COLUMNS, eventRows);
      await writer.insert(trx, 'reservations', RESERVATION_COLUMNS, reservationRows);
      await writer.insert(trx, 'inventory_movements', MOVEMENT_COLUMNS, movementRows);
      for (const [productId, change] of stockChanges) {
        if (change.onHand === 0 && change.reserved === 0) continue;
        await trx.executeQuery(
          CompiledQuery.raw(
            dialect === 'postgres'
              ? 'update stock_levels set on_hand = on_hand + $1, reserved = reserved + $2 where product_id = $3 and warehouse_id = $4'
              : 'update stock_levels set on_hand = on_hand + ?, reserved = reserved + ? where product_id = ? and warehouse_id = ?',
            [change.onHand, change.reserved, productId, warehouseId],
          ),
        );
      }
      firstNumber ??= numbers[0]!;
      lastNumber = numbers[numbers.length - 1]!;
      lines += lineRows.length;
      events += eventRows.length;
      reservations += reservationRows.length;
      movements += movementRows.length;
    });
    done += count;
    options.onProgress?.({ orders: done, total: orderCount });
  }

  // Fresh planner statistics after a bulk load; on PostgreSQL also the visibility map that index-only scans (counts)
  // rely on, which autovacuum would otherwise build later, in the middle of whatever runs next.
  if (dialect === 'sqlite') await sql`analyze`.execute(db);
  else await sql`vacuum (analyze) products, stock_levels, orders, order_lines, order_events, reservations, inventory_movements`.execute(db);

  return {
    products: productCount,
    orders: orderCount,
    lines,
    events,
    reservations,
    movements: movements + (freeStock > 0 ? productCount : 0),
    numbers: firstNumber === null || lastNumber === null ? null : { first: firstNumber, last: lastNumber },
    warehouseId,
    milliseconds: Date.now() - started,
  };
}

/**
 * Takes `count` order numbers from the app's own counter, inside the batch's transaction: SQLite's counter row is
 * moved on by `count` under the write lock (one contiguous block); PostgreSQL's sequence hands out `count` values
 * (never given to anyone else, even if a concurrent app places orders meanwhile). Either way the next order placed
 * by the app gets a higher number than every seeded one.
 */
async function reserveNumbers(db: Kysely<DatabaseSchema>, dialect: OmsDatabase['dialect'], count: number): Promise<number[]> {
  if (dialect === 'postgres') {
    const { rows } = await sql<{ n: unknown }>`select nextval('order_number_seq') as n from generate_series(1, ${count})`.execute(db);
    return rows.map((r) => Number(r.n)).sort((a, b) => a - b);
  }
  const row = await db
    .updateTable('counters')
    .set({ value: sql<number>`value + ${count}` })
    .where('name', '=', 'order_number')
    .returning('value')
    .executeTakeFirst();
  if (!row) throw new Error('The order number counter is missing: run the migrations');
  const last = Number(row.value);
  return Array.from({ length: count }, (_, i) => last - count + 1 + i);
}

/** Multi-row INSERTs with bound parameters, as large as both databases allow; SQL text is cached per shape. */
class RowWriter {
  private readonly statements = new Map<string, string>();

  constructor(private readonly dialect: OmsDatabase['dialect']) {}

  async insert(db: Kysely<DatabaseSchema>, table: string, columns: readonly string[], rows: readonly Row[]): Promise<void> {
    const perInsert = Math.max(1, Math.min(MAX_ROWS_PER_INSERT, Math.floor(MAX_PARAMETERS / columns.length)));
    for (let i = 0; i < rows.length; i += perInsert) {
      const slice = rows.slice(i, i + perInsert);
      const params: unknown[] = [];
      for (const row of slice) {
        if (row.length !== columns.length) throw new Error(`A ${table} row has ${row.length} values for ${columns.length} columns`);
        for (const value of row) params.push(value);
      }
      await db.executeQuery(CompiledQuery.raw(this.statement(table, columns, slice.length), params));
    }
  }

  private statement(table: string, columns: readonly string[], rows: number): string {
    const key = `${table}:${rows}`;
    let text = this.statements.get(key);
    if (text === undefined) {
      let n = 0;
      const tuple = () => `(${columns.map(() => (this.dialect === 'postgres' ? `$${++n}` : '?')).join(', ')})`;
      const tuples: string[] = [];
      for (let r = 0; r < rows; r++) tuples.push(tuple());
      text = `insert into ${table} (${columns.join(', ')}) values ${tuples.join(', ')}`;
      this.statements.set(key, text);
    }
    return text;
  }
}

function weighted<T>(random: () => number, weights: readonly (readonly [T, number])[]): T {
  let total = 0;
  for (const [, w] of weights) total += w;
  let r = random() * total;
  for (const [value, w] of weights) {
    r -= w;
    if (r < 0) return value;
  }
  return weights[weights.length - 1]![0];
}

function trackingFor(carrier: string, random: () => number): string {
  const digits = (n: number) => Array.from({ length: n }, () => Math.floor(random() * 10)).join('');
  switch (carrier) {
    case 'UPS':
      return `1Z${Array.from({ length: 16 }, () => CROCKFORD[Math.floor(random() * 32)]).join('')}`;
    case 'USPS':
      return `9400${digits(18)}`;
    case 'DHL':
      return digits(10);
    default:
      return digits(12);
  }
}

function wholeNumber(name: string, value: number, min: number): number {
  if (!Number.isSafeInteger(value) || value < min) throw new RangeError(`${name} must be a whole number of at least ${min}, got ${value}`);
  return value;
}

function positive(name: string, value: number): number {
  if (!Number.isFinite(value) || value <= 0) throw new RangeError(`${name} must be a positive number, got ${value}`);
  return value;
}

/** Whether every status path the seed writes is one the lifecycle allows (the seed test checks the default one). */
export function seedPathsAllowedBy(lifecycle = DEFAULT_LIFECYCLE): boolean {
  return (Object.entries(PATHS) as [OrderStatus, readonly OrderStatus[]][]).every(([status, path]) => {
    let from: OrderStatus = status === 'pending_payment' ? 'pending_payment' : 'pending';
    if (!lifecycle.entry.includes(from)) return false;
    for (const to of path) {
      if (!(lifecycle.transitions[from] ?? []).includes(to)) return false;
      from = to;
    }
    return from === status;
  });
}
