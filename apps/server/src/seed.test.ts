import { DEFAULT_LIFECYCLE } from '@oms/order-core';
import { sql } from 'kysely';
import request from 'supertest';
import { createApplication, type OmsApplication } from './application';
import { runCli } from './cli';
import { loadConfig } from './config';
import { seedPathsAllowedBy } from './seed';
import { DATABASES, type TestDatabase } from './test-support/test-databases';

const ADMIN_TOKEN = 'admin-token-for-seed-tests-0123456789';
const admin = { Authorization: `Bearer ${ADMIN_TOKEN}` };
const ORDERS = 300;
const PRODUCTS = 20;
/** Orders spread over 10 days, so recent (still open) and old (done) ones are both plentiful. */
const DAYS = 10;
const HELD = ['pending_payment', 'pending', 'confirmed', 'processing', 'in_progress', 'out_of_stock', 'on_hold', 'packed', 'awaiting_carrier'];
const SHIPPED = ['shipped', 'delivered', 'completed'];

interface LineView {
  id: string;
  quantity: number;
  unit_price: number;
  line_total: number;
  reserved: number;
  backordered: number;
  shipped: number;
}
interface OrderView {
  id: string;
  number: number;
  reference: string;
  status: string;
  subtotal: number;
  total: number;
  items_count: number;
  items: LineView[];
  timeline: { status: string; from: string | null }[];
  created_at: string;
  updated_at: string;
}
interface SummaryView {
  id: string;
  number: number;
  reference: string;
  status: string;
  customer_id: string;
  created_at: string;
}

const cents = (major: number) => Math.round(major * 100);

it('seeds only status paths the default lifecycle allows', () => {
  expect(seedPathsAllowedBy(DEFAULT_LIFECYCLE)).toBe(true);
});

describe.each(DATABASES)('npm run cli -- seed, read back through the app on %s', (_name, makeDatabase) => {
  let database: TestDatabase;
  let app: OmsApplication;
  let http: OmsApplication['http'];
  let seedOutput: string[];
  let listed: SummaryView[];

  beforeAll(async () => {
    database = await makeDatabase();
    seedOutput = [];
    const code = await runCli(
      ['seed', '--orders', String(ORDERS), '--products', String(PRODUCTS), '--customers', '50', '--days', String(DAYS), '--database-url', database.url],
      (line) => seedOutput.push(line),
      () => undefined,
    );
    expect(code).toBe(0);
    app = await createApplication(loadConfig({ DATABASE_URL: database.url, ADMIN_TOKEN, LOG_LEVEL: 'silent' }), { maintenance: false });
    http = app.http;
    // Every seeded order, newest first, by following the cursor.
    listed = [];
    let cursor: string | null = null;
    do {
      const res = await request(http)
        .get('/admin/orders')
        .query({ limit: 100, ...(cursor ? { cursor } : {}) })
        .set(admin);
      expect(res.status).toBe(200);
      expect(res.body.pagination.total).toBe(ORDERS);
      listed.push(...(res.body.data as SummaryView[]));
      cursor = res.body.pagination.next_cursor as string | null;
    } while (cursor !== null);
  }, 60_000);

  afterAll(async () => {
    await app?.close();
    await database?.drop();
  });

  it('reports what it wrote', () => {
    expect(seedOutput.join('\n')).toMatch(new RegExp(`Seeded ${PRODUCTS} products and ${ORDERS} orders .*order numbers 1 to ${ORDERS}\\.`));
  });

  it('lists every order once, ids sorted like created_at, unique numbers and references, within the period', () => {
    expect(listed).toHaveLength(ORDERS);
    expect(new Set(listed.map((o) => o.id)).size).toBe(ORDERS);
    for (const o of listed) expect(o.id).toMatch(/^order_[0-9A-HJKMNP-TV-Z]{26}$/);
    // Newest first by created_at, and the ids (ULIDs of created_at) in the same order.
    const byTime = [...listed].sort((a, b) => (a.created_at < b.created_at ? 1 : a.created_at > b.created_at ? -1 : 0));
    expect(listed.map((o) => o.id)).toEqual(byTime.map((o) => o.id));
    expect([...listed.map((o) => o.id)].sort().reverse()).toEqual(listed.map((o) => o.id));
    expect(new Set(listed.map((o) => o.number)).size).toBe(ORDERS);
    expect([...listed.map((o) => o.number)].sort((a, b) => a - b)).toEqual(Array.from({ length: ORDERS }, (_, i) => i + 1));
    for (const o of listed) expect(o.reference).toBe(`ORD-${String(o.number).padStart(5, '0')}`);
    const oldest = Date.now() - (DAYS + 1) * 24 * 3600 * 1000;
    for (const o of listed) {
      expect(Date.parse(o.created_at)).toBeGreaterThan(oldest);
      expect(Date.parse(o.created_at)).toBeLessThanOrEqual(Date.now());
    }
    expect(new Set(listed.map((o) => o.customer_id)).size).toBeGreaterThan(20);
  });

  it('spreads the orders over statuses, and the counts agree with the list', async () => {
    const res = await request(http).get('/admin/orders/counts').set(admin);
    expect(res.status).toBe(200);
    const counts = res.body.data as Record<string, number>;
    expect(Object.values(counts).reduce((a, b) => a + b, 0)).toBe(ORDERS);
    expect(Object.values(counts).filter((n) => n > 0).length).toBeGreaterThanOrEqual(6);
    for (const [status, n] of Object.entries(counts)) expect(listed.filter((o) => o.status === status)).toHaveLength(n);
    const filtered = await request(http).get('/admin/orders').query({ status: 'delivered,completed' }).set(admin);
    expect(filtered.body.pagination.total).toBe((counts['delivered'] ?? 0) + (counts['completed'] ?? 0));
  });

  it('reads back orders with consistent totals, lines, timelines and stock per line', async () => {
    // One order of each status present, plus a handful more.
    const sample = new Map<string, SummaryView>();
    for (const o of listed) if (![...sample.values()].some((s) => s.status === o.status)) sample.set(o.id, o);
    for (const o of listed.slice(0, 10)) sample.set(o.id, o);
    for (const summary of sample.values()) {
      const res = await request(http).get(`/admin/orders/${summary.id}`).set(admin);
      expect(res.status).toBe(200);
      const order = res.body.data as OrderView;
      expect(order.number).toBe(summary.number);
      expect(order.items.length).toBeGreaterThanOrEqual(1);
      expect(order.items.length).toBeLessThanOrEqual(3);
      for (const line of order.items) expect(cents(line.line_total)).toBe(cents(line.unit_price) * line.quantity);
      expect(cents(order.subtotal)).toBe(order.items.reduce((sum, l) => sum + cents(l.line_total), 0));
      expect(order.total).toBe(order.subtotal);
      expect(order.items_count).toBe(order.items.reduce((sum, l) => sum + l.quantity, 0));
      // The timeline walks from the entry status to the current one.
      expect(order.timeline[0]?.from).toBeNull();
      expect(order.timeline[order.timeline.length - 1]?.status).toBe(order.status);
      expect(order.updated_at >= order.created_at).toBe(true);
      for (const line of order.items) {
        expect(line.backordered).toBe(0);
        expect(line.reserved).toBe(HELD.includes(order.status) ? line.quantity : 0);
        expect(line.shipped).toBe(SHIPPED.includes(order.status) || order.status === 'returned' ? line.quantity : 0);
      }
    }
  });

  it('keeps stock levels equal to the inventory history and the held reservations', async () => {
    const { db } = app.database;
    const levels = await db.selectFrom('stock_levels').selectAll().execute();
    expect(levels).toHaveLength(PRODUCTS);
    const history = await db
      .selectFrom('inventory_movements')
      .select(['product_id', sql<string>`sum(on_hand_change)`.as('on_hand'), sql<string>`sum(reserved_change)`.as('reserved')])
      .groupBy('product_id')
      .execute();
    const held = await db
      .selectFrom('reservations')
      .select(['product_id', sql<string>`sum(quantity)`.as('quantity')])
      .where('status', '=', 'held')
      .groupBy('product_id')
      .execute();
    for (const level of levels) {
      const sums = history.find((h) => h.product_id === level.product_id);
      expect(Number(sums?.on_hand)).toBe(Number(level.on_hand));
      expect(Number(sums?.reserved)).toBe(Number(level.reserved));
      expect(Number(held.find((h) => h.product_id === level.product_id)?.quantity ?? 0)).toBe(Number(level.reserved));
      expect(Number(level.on_hand)).toBeGreaterThanOrEqual(Number(level.reserved));
    }
  });

  it('lets a seeded open order be cancelled, releasing its reserved stock', async () => {
    const open = listed.find((o) => HELD.includes(o.status) && o.status !== 'pending_payment');
    expect(open).toBeDefined();
    const res = await request(http).post(`/admin/orders/${open!.id}/cancel`).set(admin).send({ reason: 'seed test' });
    expect(res.status).toBe(200);
    expect(res.body.data.status).toBe('cancelled');
    for (const line of res.body.data.items as LineView[]) expect(line.reserved).toBe(0);
  });

  it('gives the next order placed a higher number than every seeded one', async () => {
    const products = await request(http).get('/admin/products').query({ limit: 2 }).set(admin);
    expect(products.status).toBe(200);
    const [first, second] = products.body.data as { id: string }[];
    const placed = await request(http)
      .post('/admin/orders')
      .set(admin)
      .send({
        customer_id: 'cust_new',
        items: [{ product_id: first!.id, quantity: 1 }, { product_id: second!.id, quantity: 2 }],
        shipping_address: { name: 'Jane Doe', street: '1 Main St', city: 'Springfield', zip: '62701' },
      });
    expect(placed.status).toBe(201);
    expect(placed.body.data.number).toBe(ORDERS + 1);
    expect(placed.body.data.reference).toBe(`ORD-${String(ORDERS + 1).padStart(5, '0')}`);
    expect(placed.body.data.id > listed[0]!.id).toBe(true);
  });

  it('refuses a seed without --orders', async () => {
    const lines: string[] = [];
    expect(await runCli(['seed', '--database-url', database.url], (l) => lines.push(l))).toBe(2);
    expect(lines.join('\n')).toMatch(/--orders/);
  });
});
