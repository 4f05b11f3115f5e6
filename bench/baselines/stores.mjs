// The baselines' data access: the same rows as the app, written and read with the least code on each driver.
import { monotonicFactory } from 'ulid';
import { listOrdersSql } from './list-sql.mjs';

const ulid = monotonicFactory();
const newId = (prefix) => `${prefix}_${ulid()}`;
const WAREHOUSE = 'wh_default';
const STAFF = JSON.stringify({ kind: 'staff', id: 'admin-token', display: 'admin-token' });

export class HttpError extends Error {
  constructor(status, message) {
    super(message);
    this.status = status;
  }
}

/** `sqlite:<path>` or `postgres://...`. */
export async function openStore(url) {
  return url.startsWith('sqlite:') ? sqliteStore(url.slice('sqlite:'.length)) : postgresStore(url);
}

/** The order as the place and get endpoints answer it (money in major units). */
function view(order, lines, events = []) {
  return {
    id: order.id,
    number: Number(order.number),
    reference: order.reference,
    customer_id: order.customer_id,
    status: order.status,
    version: Number(order.version),
    currency: order.currency,
    subtotal: Number(order.subtotal_minor) / 100,
    total: Number(order.total_minor) / 100,
    items_count: Number(order.items_count),
    items: lines.map((l) => ({
      id: l.id,
      product_id: l.product_id,
      sku: l.sku,
      name: l.name,
      quantity: Number(l.quantity),
      unit_price: Number(l.unit_price_minor) / 100,
      line_total: Number(l.line_total_minor) / 100,
      reserved: Number(l.reserved ?? 0),
      backordered: Number(l.backordered ?? 0),
    })),
    contact: { name: order.contact_name, email: order.contact_email, phone: order.contact_phone },
    shipping_address: JSON.parse(order.shipping_address),
    timeline: events.map((e) => ({ type: e.type, data: JSON.parse(e.data), at: e.at })),
    created_at: order.created_at,
    updated_at: order.updated_at,
  };
}

/** Builds the rows of a new order from the request and the products read for it. */
function newOrder(body, products, number) {
  const now = new Date().toISOString();
  const id = newId('order');
  const lines = body.items.map((item, position) => {
    const product = products.get(item.product_id);
    if (!product || product.status !== 'active') throw new HttpError(422, `product ${item.product_id} is not orderable`);
    const unit = Number(product.price_minor);
    return {
      id: newId('line'),
      order_id: id,
      position,
      product_id: product.id,
      sku: product.sku,
      name: product.name,
      quantity: item.quantity,
      unit_price_minor: unit,
      line_total_minor: unit * item.quantity,
      metadata: '{}',
      reserved: item.quantity,
    };
  });
  const subtotal = lines.reduce((s, l) => s + l.line_total_minor, 0);
  const address = body.shipping_address;
  const order = {
    id,
    number,
    reference: `ORD-${String(number).padStart(5, '0')}`,
    customer_id: body.customer_id,
    contact_name: address.name,
    contact_email: body.email ?? null,
    contact_phone: body.phone ?? null,
    shipping_address: JSON.stringify(address),
    billing_address: null,
    currency: 'USD',
    subtotal_minor: subtotal,
    discount_minor: 0,
    tax_minor: 0,
    shipping_minor: 0,
    total_minor: subtotal,
    items_count: lines.reduce((s, l) => s + l.quantity, 0),
    status: 'pending',
    notes: null,
    metadata: '{}',
    tracking_number: null,
    carrier: null,
    cancellation: null,
    version: 1,
    created_at: now,
    updated_at: now,
  };
  const allocation = newId('alloc');
  const reservations = lines.map((l) => ({
    id: newId('res'), allocation_id: allocation, order_id: id, line_id: l.id, product_id: l.product_id, warehouse_id: WAREHOUSE,
    quantity: l.quantity, status: 'held', created_at: now, updated_at: now,
  }));
  const movements = lines.map((l) => ({
    id: newId('mov'), product_id: l.product_id, warehouse_id: WAREHOUSE, on_hand_change: 0, reserved_change: l.quantity,
    reason: 'reservation', order_id: id, note: null, actor: STAFF, at: now,
  }));
  const event = {
    id: newId('evt'), order_id: id, type: 'order_placed', actor_kind: 'staff', actor_id: 'admin-token', actor_display: 'admin-token',
    data: JSON.stringify({ status: 'pending', total: subtotal, currency: 'USD' }), at: now,
  };
  return { order, lines, reservations, movements, event };
}

const ORDER_COLUMNS = ['id', 'number', 'reference', 'customer_id', 'contact_name', 'contact_email', 'contact_phone', 'shipping_address', 'billing_address', 'currency', 'subtotal_minor', 'discount_minor', 'tax_minor', 'shipping_minor', 'total_minor', 'items_count', 'status', 'notes', 'metadata', 'tracking_number', 'carrier', 'cancellation', 'version', 'created_at', 'updated_at'];
const LINE_COLUMNS = ['id', 'order_id', 'position', 'product_id', 'sku', 'name', 'quantity', 'unit_price_minor', 'line_total_minor', 'metadata'];
const RESERVATION_COLUMNS = ['id', 'allocation_id', 'order_id', 'line_id', 'product_id', 'warehouse_id', 'quantity', 'status', 'created_at', 'updated_at'];
const MOVEMENT_COLUMNS = ['id', 'product_id', 'warehouse_id', 'on_hand_change', 'reserved_change', 'reason', 'order_id', 'note', 'actor', 'at'];
const EVENT_COLUMNS = ['id', 'order_id', 'type', 'actor_kind', 'actor_id', 'actor_display', 'data', 'at'];

export async function sqliteStore(path) {
  const { default: Database } = await import('better-sqlite3');
  const db = new Database(path);
  // The app's settings.
  db.pragma('journal_mode = WAL');
  db.pragma('foreign_keys = ON');
  db.pragma('busy_timeout = 5000');
  db.pragma('synchronous = NORMAL');
  const insert = (table, columns) => db.prepare(`insert into ${table} (${columns.join(', ')}) values (${columns.map((c) => `@${c}`).join(', ')})`);
  const product = db.prepare('select id, sku, name, price_minor, currency, status from products where id = ?');
  const nextNumber = db.prepare("update counters set value = value + 1 where name = 'order_number' returning value");
  const reserve = db.prepare('update stock_levels set reserved = reserved + ? where product_id = ? and warehouse_id = ? and on_hand - reserved >= ?');
  const orderInsert = insert('orders', ORDER_COLUMNS);
  const lineInsert = insert('order_lines', LINE_COLUMNS);
  const reservationInsert = insert('reservations', RESERVATION_COLUMNS);
  const movementInsert = insert('inventory_movements', MOVEMENT_COLUMNS);
  const eventInsert = insert('order_events', EVENT_COLUMNS);
  const pick = (row, columns) => Object.fromEntries(columns.map((c) => [c, row[c]]));

  const placeOne = (body) => {
    const products = new Map(body.items.map((i) => [i.product_id, product.get(i.product_id)]));
    const rows = newOrder(body, products, nextNumber.get().value);
    orderInsert.run(rows.order);
    for (const line of rows.lines) lineInsert.run(pick(line, LINE_COLUMNS));
    for (const line of [...rows.lines].sort((a, b) => (a.product_id < b.product_id ? -1 : 1))) {
      if (reserve.run(line.quantity, line.product_id, WAREHOUSE, line.quantity).changes !== 1) throw new HttpError(422, `not enough stock for ${line.sku}`);
    }
    for (const r of rows.reservations) reservationInsert.run(r);
    for (const m of rows.movements) movementInsert.run(m);
    eventInsert.run(rows.event);
    return view(rows.order, rows.lines, [rows.event]);
  };
  const place = db.transaction(placeOne);
  const placeMany = db.transaction((bodies) => bodies.map(placeOne));

  const orderById = db.prepare('select * from orders where id = ?');
  const linesOf = db.prepare('select * from order_lines where order_id = ? order by position');
  const eventsOf = db.prepare('select * from order_events where order_id = ? order by at, id');
  const reservationsOf = db.prepare('select * from reservations where order_id = ? order by created_at, id');
  const backordersOf = db.prepare("select * from backorders where order_id = ? and status = 'waiting' order by created_at, id");
  const statements = new Map();
  const prepared = (text) => {
    let s = statements.get(text);
    if (!s) statements.set(text, (s = db.prepare(text)));
    return s;
  };

  return {
    placeOrder: async (body) => place(body),
    /** Scenario 4: many orders in one transaction. */
    placeOrders: (bodies) => placeMany(bodies),
    getOrder: async (id) => {
      const order = orderById.get(id);
      if (!order) return null;
      const lines = linesOf.all(id);
      const events = eventsOf.all(id);
      const held = new Map();
      for (const r of reservationsOf.all(id)) if (r.status === 'held') held.set(r.line_id, (held.get(r.line_id) ?? 0) + r.quantity);
      const waiting = new Map();
      for (const b of backordersOf.all(id)) waiting.set(b.line_id, (waiting.get(b.line_id) ?? 0) + b.quantity);
      return view(order, lines.map((l) => ({ ...l, reserved: held.get(l.id) ?? 0, backordered: waiting.get(l.id) ?? 0 })), events);
    },
    listOrders: async (query) => {
      const { page, count } = listOrdersSql('sqlite', query);
      return { rows: prepared(page.text).all(...page.params), total: prepared(count.text).get(...count.params).count };
    },
    close: async () => db.close(),
  };
}

export async function postgresStore(connectionString) {
  const { default: pg } = await import('pg');
  // The app's pool size.
  const pool = new pg.Pool({ connectionString, max: 10 });
  const values = (rows, columns, offset = 0) =>
    rows.map((_, r) => `(${columns.map((_, c) => `$${offset + r * columns.length + c + 1}`).join(', ')})`).join(', ');
  const insert = (client, table, columns, rows) =>
    client.query(`insert into ${table} (${columns.join(', ')}) values ${values(rows, columns)}`, rows.flatMap((row) => columns.map((c) => row[c])));

  return {
    placeOrder: async (body) => {
      const client = await pool.connect();
      try {
        await client.query('begin');
        const ids = body.items.map((i) => i.product_id);
        const found = await client.query('select id, sku, name, price_minor, currency, status from products where id = any($1)', [ids]);
        const number = Number((await client.query("select nextval('order_number_seq') as n")).rows[0].n);
        const rows = newOrder(body, new Map(found.rows.map((p) => [p.id, p])), number);
        await insert(client, 'orders', ORDER_COLUMNS, [rows.order]);
        await insert(client, 'order_lines', LINE_COLUMNS, rows.lines);
        // Stock rows in product order, as the app locks them (no deadlocks between concurrent orders).
        for (const line of [...rows.lines].sort((a, b) => (a.product_id < b.product_id ? -1 : 1))) {
          const r = await client.query(
            'update stock_levels set reserved = reserved + $1 where product_id = $2 and warehouse_id = $3 and on_hand - reserved >= $1',
            [line.quantity, line.product_id, WAREHOUSE],
          );
          if (r.rowCount !== 1) throw new HttpError(422, `not enough stock for ${line.sku}`);
        }
        await insert(client, 'reservations', RESERVATION_COLUMNS, rows.reservations);
        await insert(client, 'inventory_movements', MOVEMENT_COLUMNS, rows.movements);
        await insert(client, 'order_events', EVENT_COLUMNS, [rows.event]);
        await client.query('commit');
        return view(rows.order, rows.lines, [rows.event]);
      } catch (error) {
        await client.query('rollback').catch(() => undefined);
        throw error;
      } finally {
        client.release();
      }
    },
    getOrder: async (id) => {
      const order = (await pool.query('select * from orders where id = $1', [id])).rows[0];
      if (!order) return null;
      const lines = (await pool.query('select * from order_lines where order_id = $1 order by position', [id])).rows;
      const events = (await pool.query('select * from order_events where order_id = $1 order by at, id', [id])).rows;
      const reservations = (await pool.query('select * from reservations where order_id = $1 order by created_at, id', [id])).rows;
      const backorders = (await pool.query("select * from backorders where order_id = $1 and status = 'waiting' order by created_at, id", [id])).rows;
      const held = new Map();
      for (const r of reservations) if (r.status === 'held') held.set(r.line_id, (held.get(r.line_id) ?? 0) + Number(r.quantity));
      const waiting = new Map();
      for (const b of backorders) waiting.set(b.line_id, (waiting.get(b.line_id) ?? 0) + Number(b.quantity));
      return view(order, lines.map((l) => ({ ...l, reserved: held.get(l.id) ?? 0, backordered: waiting.get(l.id) ?? 0 })), events);
    },
    listOrders: async (query) => {
      const { page, count } = listOrdersSql('postgres', query);
      const rows = (await pool.query(page.text, page.params)).rows;
      const total = Number((await pool.query(count.text, count.params)).rows[0].count);
      return { rows, total };
    },
    close: () => pool.end(),
  };
}
