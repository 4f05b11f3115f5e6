import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import jwt from 'jsonwebtoken';
import request from 'supertest';
import { createApplication, type OmsApplication } from './application';
import { loadConfig } from './config';
import { runCli } from './cli';
import { DATABASES, temporarySqlite, type TestDatabase } from './test-support/test-databases';

const ADMIN_TOKEN = 'admin-token-for-tests-0123456789';
const JWT_SECRET = 'jwt-secret-for-tests-0123456789-abcdef';
const admin = { Authorization: `Bearer ${ADMIN_TOKEN}` };
const address = { name: 'Jane Doe', street: '123 Main St', city: 'Springfield', state: 'IL', zip: '62701', country: 'US' };

describe.each(DATABASES)('the app over the real container on %s', (_name, makeDatabase) => {
  let database: TestDatabase;
  let app: OmsApplication;
  let http: OmsApplication['http'];

  let attachmentsDir: string;

  beforeAll(async () => {
    database = await makeDatabase();
    attachmentsDir = mkdtempSync(join(tmpdir(), 'oms-attachments-'));
    // SQLite keeps attachment bytes on disk, PostgreSQL in the database: both file stores run through the app.
    const fileStore = _name === 'sqlite' ? 'disk' : 'database';
    const config = loadConfig({
      DATABASE_URL: database.url,
      ADMIN_TOKEN,
      AUTH_JWT_SECRET: JWT_SECRET,
      LOG_LEVEL: 'silent',
      FILE_STORE: fileStore,
      ATTACHMENTS_DIR: attachmentsDir,
      MAX_UPLOAD_BYTES: '4096',
    });
    app = await createApplication(config);
    http = app.http;
  });

  afterAll(async () => {
    await app.close();
    await database.drop();
    rmSync(attachmentsDir, { recursive: true, force: true });
  });

  async function createProduct(sku: string, price: number | string, extra: Record<string, unknown> = {}, stock = 1_000) {
    const res = await request(http).post('/admin/products').set(admin).send({ sku, name: `Product ${sku}`, price, ...extra });
    expect(res.status).toBe(201);
    const product = res.body.data as { id: string };
    if (stock > 0) {
      const adjusted = await request(http)
        .post('/admin/inventory-history/bulk-adjust')
        .set(admin)
        .send({ adjustments: [{ product_id: product.id, quantity_change: stock, reason: 'restock' }] });
      expect(adjusted.status).toBe(200);
    }
    return product;
  }

  async function placeOrder(items: { product_id: string; quantity: number }[], extra: Record<string, unknown> = {}, headers: Record<string, string> = {}) {
    return request(http).post('/admin/orders').set({ ...admin, ...headers }).send({ customer_id: 'cust_123', items, shipping_address: address, ...extra });
  }

  it('answers health and serves its OpenAPI document', async () => {
    expect((await request(http).get('/healthz')).status).toBe(200);
    const spec = await request(http).get('/openapi.json');
    expect(spec.status).toBe(200);
    expect(Object.keys(spec.body.paths)).toEqual(expect.arrayContaining(['/admin/orders', '/admin/products']));
  });

  it('runs an order through its lifecycle with exact money', async () => {
    const tee = await createProduct('E2E-TEE', 29.99);
    const placed = await placeOrder([{ product_id: tee.id, quantity: 3 }], { email: 'jane@example.com' });
    expect(placed.status).toBe(201);
    expect(placed.body.data).toMatchObject({ status: 'pending', total: 89.97, subtotal: 89.97 });
    const id = placed.body.data.id as string;
    expect(placed.body.data.reference).toMatch(/^ORD-\d{5,}$/);

    const read = await request(http).get(`/admin/orders/${id}`).set(admin);
    expect(read.status).toBe(200);
    expect(read.headers.etag).toBe('"1"');
    expect(read.body.data.items).toEqual([expect.objectContaining({ sku: 'E2E-TEE', quantity: 3, unit_price: 29.99, line_total: 89.97 })]);

    const stale = await request(http).patch(`/admin/orders/${id}/status`).set({ ...admin, 'If-Match': '"7"' }).send({ status: 'processing' });
    expect(stale.status).toBe(412);
    const processing = await request(http).patch(`/admin/orders/${id}/status`).set({ ...admin, 'If-Match': '"1"' }).send({ status: 'processing', reason: 'Picked' });
    expect(processing.status).toBe(200);
    expect(processing.headers.etag).toBe('"2"');
    const invalid = await request(http).put(`/admin/orders/${id}/status`).set(admin).send({ status: 'pending' });
    expect(invalid.status).toBe(409);
    expect(invalid.body.error.details.allowed).toContain('shipped');
    const shipped = await request(http).patch(`/admin/orders/${id}/status`).set(admin).send({ status: 'shipped', tracking_number: '1Z999AA10123456784', carrier: 'UPS', notify_customer: true });
    expect(shipped.body.data).toMatchObject({ status: 'shipped', tracking_number: '1Z999AA10123456784', carrier: 'UPS' });
    const cancel = await request(http).post(`/admin/orders/${id}/cancel`).set(admin).send({ reason: 'Too late' });
    expect(cancel.status).toBe(409);

    const detail = await request(http).get(`/admin/orders/${id}`).set(admin);
    expect(detail.body.data.timeline.map((t: { status: string }) => t.status)).toEqual(['pending', 'processing', 'shipped']);
    expect(detail.body.data.version).toBe(3);
  });

  it('replays an idempotent placement, also for concurrent twins, and creates one order', async () => {
    const mug = await createProduct('E2E-MUG', '12.50');
    const key = { 'Idempotency-Key': `key-${Math.random()}` };
    const [a, b] = await Promise.all([placeOrder([{ product_id: mug.id, quantity: 1 }], {}, key), placeOrder([{ product_id: mug.id, quantity: 1 }], {}, key)]);
    expect([a.status, b.status]).toEqual([201, 201]);
    expect(b.body).toEqual(a.body);
    const third = await placeOrder([{ product_id: mug.id, quantity: 1 }], {}, key);
    expect(third.body).toEqual(a.body);
    const different = await placeOrder([{ product_id: mug.id, quantity: 2 }], {}, key);
    expect(different.status).toBe(422);
    const list = await request(http).get('/admin/orders').query({ q: a.body.data.id }).set(admin);
    expect(list.body.pagination.total).toBe(1);
  });

  it('lets exactly one of two racing status changes apply', async () => {
    const hat = await createProduct('E2E-HAT', 5);
    const placed = await placeOrder([{ product_id: hat.id, quantity: 1 }]);
    const id = placed.body.data.id as string;
    const [x, y] = await Promise.all(
      ['processing', 'on_hold'].map((status) => request(http).patch(`/admin/orders/${id}/status`).set({ ...admin, 'If-Match': '"1"' }).send({ status })),
    );
    // SQLite serialises the two: the loser sees the new version (412). PostgreSQL runs them at once: the loser's
    // conditional UPDATE matches no row (409). Either way exactly one applies.
    const statuses = [x!.status, y!.status].sort();
    expect(statuses[0]).toBe(200);
    expect([409, 412]).toContain(statuses[1]);
    const detail = await request(http).get(`/admin/orders/${id}`).set(admin);
    expect(detail.body.data.version).toBe(2);
    expect(detail.body.data.timeline).toHaveLength(2);
  });

  it('lists, filters, pages by cursor and counts', async () => {
    const cap = await createProduct('E2E-CAP', 1);
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) ids.push((await placeOrder([{ product_id: cap.id, quantity: 1 }], { customer_id: 'cust_pager' })).body.data.id);
    await request(http).post(`/admin/orders/${ids[0]}/cancel`).set(admin).send({ reason: 'dup', refund: false }).expect(200);
    const seen: string[] = [];
    let cursor: string | undefined;
    do {
      const page = await request(http).get('/admin/orders').query({ customer_id: 'cust_pager', limit: 2, ...(cursor ? { cursor } : {}) }).set(admin);
      expect(page.status).toBe(200);
      seen.push(...page.body.data.map((o: { id: string }) => o.id));
      cursor = page.body.pagination.next_cursor ?? undefined;
    } while (cursor);
    expect(seen).toEqual([...ids].reverse());
    const cancelled = await request(http).get('/admin/orders').query({ customer_id: 'cust_pager', status: 'cancelled,refunded' }).set(admin);
    expect(cancelled.body.data.map((o: { id: string }) => o.id)).toEqual([ids[0]]);
    const counts = await request(http).get('/admin/orders/counts').set(admin);
    expect(counts.body.data.cancelled).toBeGreaterThanOrEqual(1);
    expect(Object.keys(counts.body.data)).toHaveLength(15);
  });

  it('never oversells over HTTP: 60 concurrent orders against a stock of 20', async () => {
    const scarce = await createProduct('E2E-SCARCE', 3, {}, 20);
    const responses = await Promise.all(Array.from({ length: 60 }, (_, i) => placeOrder([{ product_id: scarce.id, quantity: 1 }], { customer_id: `cust_rush_${i}` })));
    expect(responses.filter((r) => r.status === 201)).toHaveLength(20);
    const refused = responses.filter((r) => r.status === 422);
    expect(refused).toHaveLength(40);
    expect(refused[0]!.body.error).toMatchObject({ code: 'INSUFFICIENT_STOCK', details: { items: [{ sku: 'E2E-SCARCE', requested: 1, available: 0 }] } });
    const levels = await request(http).get('/admin/inventory').query({ product_id: scarce.id }).set(admin);
    expect(levels.body.data).toEqual([expect.objectContaining({ on_hand: 20, reserved: 20, available: 0 })]);
  });

  it('backorders, restocks, auto-allocates and exports the catalog through a signed link', async () => {
    const later = await createProduct('E2E-LATER', 4, { backorder_policy: 'backorder' }, 1);
    const placed = await placeOrder([{ product_id: later.id, quantity: 3 }]);
    expect(placed.status).toBe(201);
    expect(placed.body.data.status).toBe('out_of_stock');
    expect(placed.body.data.items[0]).toMatchObject({ reserved: 1, backordered: 2, shipped: 0 });
    await request(http).post('/admin/inventory-history/bulk-adjust').set(admin).send({ adjustments: [{ product_id: later.id, quantity_change: 5, reason: 'restock' }] }).expect(200);
    const allocated = await request(http).post('/admin/backorders/auto-allocate').set(admin).send({});
    expect(allocated.body.data).toMatchObject({ total_allocated: 2 });
    const order = await request(http).get(`/admin/orders/${placed.body.data.id}`).set(admin);
    expect(order.body.data.status).toBe('pending');
    expect(order.body.data.items[0]).toMatchObject({ reserved: 3, backordered: 0 });

    const exported = await request(http).post('/admin/bulk/products/export').set(admin).send({ format: 'csv' });
    expect(exported.status).toBe(200);
    const url = new URL(exported.body.data.url as string);
    const csv = await request(http).get(`${url.pathname}${url.search}`);
    expect(csv.status).toBe(200);
    expect(csv.text).toContain('E2E-LATER');
    expect((await request(http).get(`${url.pathname}${url.search.replace('signature=', 'signature=x')}`)).status).toBe(403);
  });

  it('keeps notes, edits and attachments on the timeline, with bytes in the configured file store', async () => {
    const pen = await createProduct('E2E-PEN', 2);
    const id = (await placeOrder([{ product_id: pen.id, quantity: 1 }])).body.data.id as string;
    await request(http).post(`/admin/orders/${id}/notes`).set(admin).send({ content: 'Customer called' }).expect(201);
    const edited = await request(http).patch(`/admin/orders/${id}`).set({ ...admin, 'If-Match': '"1"' }).send({ metadata: { rush: true } });
    expect(edited.status).toBe(200);
    const png = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 1, 2, 3]);
    const uploaded = await request(http).post(`/admin/orders/${id}/attachments`).set(admin).field('kind', 'design_proof').attach('file', png, '../proof.png');
    expect(uploaded.status).toBe(201);
    expect(uploaded.body.data).toMatchObject({ filename: 'proof.png', content_type: 'image/png', size: 11 });
    const attachmentId = uploaded.body.data.id as string;
    const download = await request(http).get(`/admin/orders/${id}/attachments/${attachmentId}/download`).set(admin).buffer(true).parse((res, done) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => done(null, Buffer.concat(chunks)));
    });
    expect(download.status).toBe(200);
    expect(Buffer.compare(download.body as Buffer, png)).toBe(0);
    expect(download.headers['x-content-type-options']).toBe('nosniff');
    const tooBig = await request(http).post(`/admin/orders/${id}/attachments`).set(admin).attach('file', Buffer.alloc(5000, 0x61), 'big.txt');
    expect(tooBig.status).toBe(413);
    const html = await request(http).post(`/admin/orders/${id}/attachments`).set(admin).attach('file', Buffer.from('<html><script>x</script>'), { filename: 'a.png', contentType: 'image/png' });
    expect(html.status).toBe(415);
    await request(http).delete(`/admin/orders/${id}/attachments/${attachmentId}`).set(admin).expect(204);
    expect((await request(http).get(`/admin/orders/${id}/attachments`).set(admin)).body.data).toEqual([]);
    if (_name === 'sqlite') expect(readdirSync(attachmentsDir).filter((f) => !f.startsWith('.'))).toEqual([]);
    const timeline = await request(http).get(`/admin/orders/${id}/timeline`).set(admin);
    expect(timeline.body.data.map((e: { type: string }) => e.type)).toEqual(['status_change', 'note', 'order_edited', 'attachment_added', 'attachment_removed']);
  });

  it('serves the customer side: cart with coupon, checkout, payment, own orders only, tracking', async () => {
    const cap = await createProduct('E2E-CUST', 12.5);
    await request(http).post('/admin/coupons').set(admin).send({ code: 'E2E20', type: 'percentage', percent_off: 20 }).expect(201);
    const jane = { Authorization: `Bearer ${jwt.sign({ sub: 'jane', role: 'customer', customer_id: 'cust_jane', email: 'jane@example.com' }, JWT_SECRET, { algorithm: 'HS256', expiresIn: 60 })}` };
    const bob = { Authorization: `Bearer ${jwt.sign({ sub: 'bob', role: 'customer', customer_id: 'cust_bob' }, JWT_SECRET, { algorithm: 'HS256', expiresIn: 60 })}` };
    await request(http).post('/cart/items').set(jane).send({ product_id: cap.id, quantity: 3 }).expect(200);
    const cart = await request(http).post('/cart/coupon').set(jane).send({ code: 'e2e20' });
    expect(cart.body.data).toMatchObject({ subtotal: 37.5, discount: 7.5, total: 30 });
    const checkout = await request(http).post('/cart/checkout').set({ ...jane, 'Idempotency-Key': 'e2e-checkout' }).send({ shipping_address: address });
    expect(checkout.status).toBe(201);
    expect(checkout.body.data).toMatchObject({ status: 'pending_payment', total: 30 });
    const orderId = checkout.body.data.order_id as string;
    const replay = await request(http).post('/cart/checkout').set({ ...jane, 'Idempotency-Key': 'e2e-checkout' }).send({ shipping_address: address });
    expect(replay.body).toEqual(checkout.body);
    const paid = await request(http).post(`/admin/orders/${orderId}/payments`).set(admin).send({ amount: 30, method: 'card' });
    expect(paid.status).toBe(201);
    expect((await request(http).get(`/orders/${orderId}`).set(jane)).body.data.status).toBe('pending');
    const hidden = await request(http).get(`/orders/${orderId}`).set(bob);
    const missing = await request(http).get('/orders/order_missing').set(bob);
    expect(hidden.status).toBe(404);
    expect(hidden.body.error.code).toBe(missing.body.error.code);
    const tracked = await request(http).get('/api/track-order').query({ order_id: orderId, email: 'JANE@example.com' });
    expect(tracked.status).toBe(200);
    expect(tracked.body.data).toMatchObject({ order_id: orderId, status: 'pending', items: [{ name: 'Product E2E-CUST', quantity: 3 }] });
    expect(JSON.stringify(tracked.body)).not.toContain('Main St');
    const wrong = await request(http).get('/api/track-order').query({ order_id: orderId, email: 'bob@example.com' });
    const unknown = await request(http).get('/api/track-order').query({ order_id: 'order_none', email: 'jane@example.com' });
    expect([wrong.status, wrong.body]).toEqual([unknown.status, unknown.body]);
  });

  it('authenticates admin tokens, JWTs and CLI-made API tokens, and authorizes in the core', async () => {
    expect((await request(http).get('/admin/orders')).status).toBe(401);
    expect((await request(http).get('/admin/orders').set('Authorization', 'Bearer wrong')).status).toBe(401);
    const customer = jwt.sign({ sub: 'u1', role: 'customer', customer_id: 'cust_1' }, JWT_SECRET, { algorithm: 'HS256', expiresIn: 60 });
    expect((await request(http).get('/admin/orders').set('Authorization', `Bearer ${customer}`)).status).toBe(403);
    const staff = jwt.sign({ sub: 'u2', role: 'staff', scope: 'orders:read' }, JWT_SECRET, { algorithm: 'HS256', expiresIn: 60 });
    expect((await request(http).get('/admin/orders').set('Authorization', `Bearer ${staff}`)).status).toBe(200);
    expect((await request(http).post('/admin/orders/order_x/cancel').set('Authorization', `Bearer ${staff}`).send({})).status).toBe(403);

    const lines: string[] = [];
    const env = { DATABASE_URL: database.url, LOG_LEVEL: 'silent' };
    const previous = { ...process.env };
    Object.assign(process.env, env);
    try {
      expect(await runCli(['tokens', 'create', '--name', 'reporting', '--scopes', 'orders:read'], (l) => lines.push(l))).toBe(0);
      const secret = lines[lines.length - 1] as string;
      const reader = { Authorization: `Bearer ${secret}` };
      expect((await request(http).get('/admin/orders/counts').set(reader)).status).toBe(200);
      expect((await request(http).post('/admin/products').set(reader).send({ sku: 'NOPE', name: 'x', price: 1 })).status).toBe(403);
      const listed: string[] = [];
      await runCli(['tokens', 'list'], (l) => listed.push(l));
      expect(listed.join('\n')).toContain('reporting');
      expect(listed.join('\n')).not.toContain(secret);
      const tokenId = lines[0]?.split(' ')[3] as string;
      expect(await runCli(['tokens', 'revoke', tokenId], () => undefined)).toBe(0);
      expect((await request(http).get('/admin/orders/counts').set(reader)).status).toBe(401);
      expect(await runCli(['tokens', 'create', '--name', 'bad', '--scopes', 'orders:fly'], () => undefined).catch((e: Error) => e.message)).toContain('orders:fly');
    } finally {
      process.env = previous;
    }
  });
});

describe('first start', () => {
  it('creates one admin token when there is no ADMIN_TOKEN and no token yet, and never again', async () => {
    const database = temporarySqlite();
    const config = loadConfig({ DATABASE_URL: database.url, LOG_LEVEL: 'silent' });
    const first = await createApplication(config);
    try {
      expect(first.bootstrapAdminToken).toMatch(/^oms_/);
      const res = await request(first.http).get('/admin/orders/counts').set('Authorization', `Bearer ${first.bootstrapAdminToken}`);
      expect(res.status).toBe(200);
    } finally {
      await first.close();
    }
    const second = await createApplication(config);
    try {
      expect(second.bootstrapAdminToken).toBeNull();
    } finally {
      await second.close();
      await database.drop();
    }
  });
});
