import {
  AS_ADMIN,
  asCustomer,
  bearer,
  createHarness,
  createProduct,
  expectDocumented,
  fieldErrors,
  issueToken,
  orderBody,
  signJwt,
  type Harness,
} from '../test-support/http-test-harness';

const ALICE = asCustomer('cust_alice', 'alice@example.com');
const BOB = asCustomer('cust_bob', 'bob@example.com');
const STAFF = bearer(signJwt({ sub: 'staff_marc', role: 'staff', email: 'marc@example.com' }));

/** The admin placement body without customer_id. */
function myOrder(productId: string, overrides: Record<string, unknown> = {}): Record<string, unknown> {
  const { customer_id: _ignored, ...body } = orderBody(productId, overrides);
  return body;
}

async function placeAs(h: Harness, who: Record<string, string>, body: Record<string, unknown>) {
  const res = await h.http.post('/orders').set(who).send(body);
  if (res.status !== 201) throw new Error(`placing answered ${res.status}: ${JSON.stringify(res.body)}`);
  return res.body.data as { id: string; status: string; customer_id: string; [field: string]: unknown };
}

describe('POST /orders (the customer places for themselves)', () => {
  it('places for the customer in the token and answers the customer view of the order', async () => {
    const h = createHarness();
    const product = await createProduct(h, { sku: 'TS-1', name: 'Custom T-Shirt', price: 29.99 });
    const res = await h.http.post('/orders').set(ALICE).send(myOrder(product.id, { email: undefined }));
    expect(res.status).toBe(201);
    const order = res.body.data;
    expect(res.headers['location']).toBe(`/orders/${order.id}`);
    expect(order).toMatchObject({
      customer_id: 'cust_alice',
      status: 'pending',
      total: 59.98,
      amount_paid: 0,
      // Without an e-mail in the body, the token's is used, so the order can be tracked.
      contact: { name: 'Jane Doe', email: 'alice@example.com', phone: null },
      items: [{ product_id: product.id, sku: 'TS-1', name: 'Custom T-Shirt', quantity: 2, unit_price: 29.99, line_total: 59.98, reserved: 2 }],
      timeline: [{ status: 'pending', from: null, at: '2026-03-20T12:00:00.000Z' }],
      payments: [],
      cancellation: null,
    });
    // What only staff read is not there: actors, reasons, the lifecycle's next steps, the version.
    for (const field of ['allowed_transitions', 'version']) expect(order).not.toHaveProperty(field);
    expect(order.timeline[0]).not.toHaveProperty('actor');
    expect(order.timeline[0]).not.toHaveProperty('reason');
    await expectDocumented(h, 'post', '/orders', res);

    const asStaff = await h.http.get(`/admin/orders/${order.id}`).set(AS_ADMIN);
    expect(asStaff.body.data.customer_id).toBe('cust_alice');
    expect(asStaff.body.data.timeline[0].actor).toEqual({ kind: 'customer', id: 'user_cust_alice', display: 'alice@example.com' });
  });

  it('keeps an e-mail given in the body, and null means none', async () => {
    const h = createHarness();
    const product = await createProduct(h);
    expect((await placeAs(h, ALICE, myOrder(product.id, { email: 'other@example.com' })))['contact']).toMatchObject({ email: 'other@example.com' });
    expect((await placeAs(h, ALICE, myOrder(product.id, { email: null })))['contact']).toMatchObject({ email: null });
  });

  it('refuses a customer_id in the body (422 unknown field) and places nothing', async () => {
    const h = createHarness();
    const product = await createProduct(h);
    for (const customerId of ['cust_bob', 'cust_alice']) {
      const res = await h.http.post('/orders').set(ALICE).send({ ...myOrder(product.id), customer_id: customerId });
      expect(res.status).toBe(422);
      expect(fieldErrors(res.body)).toEqual([{ field: 'customer_id', message: 'is not allowed' }]);
    }
    const all = await h.http.get('/admin/orders').set(AS_ADMIN);
    expect(all.body.pagination.total).toBe(0);
  });

  it('validates like the admin placement (items, address) and names each field', async () => {
    const h = createHarness();
    const res = await h.http.post('/orders').set(ALICE).send({ items: [], shipping_address: { name: 'x' } });
    expect(res.status).toBe(422);
    expect(fieldErrors(res.body)).toEqual(
      expect.arrayContaining([
        { field: 'items', message: 'must NOT have fewer than 1 items' },
        { field: 'shipping_address.street', message: 'is required' },
      ]),
    );
  });

  it('replays a repeated Idempotency-Key with the very same answer', async () => {
    const h = createHarness();
    const product = await createProduct(h);
    const first = await h.http.post('/orders').set(ALICE).set('Idempotency-Key', 'k-1').send(myOrder(product.id));
    const again = await h.http.post('/orders').set(ALICE).set('Idempotency-Key', 'k-1').send(myOrder(product.id));
    expect(first.status).toBe(201);
    expect(again.status).toBe(201);
    expect(again.text).toBe(first.text);
    expect(first.headers['idempotent-replayed']).toBeUndefined();
    expect(again.headers['idempotent-replayed']).toBe('true');
    // Keys are per caller: Bob's k-1 is his own.
    const bob = await h.http.post('/orders').set(BOB).set('Idempotency-Key', 'k-1').send(myOrder(product.id));
    expect(bob.status).toBe(201);
    expect(bob.body.data.id).not.toBe(first.body.data.id);
  });
});

describe('GET /orders (own orders)', () => {
  it('lists only the caller\'s orders, newest first, paged, filtered by status', async () => {
    const h = createHarness();
    const product = await createProduct(h);
    const a1 = await placeAs(h, ALICE, myOrder(product.id));
    h.clock.advance(1_000);
    await placeAs(h, BOB, myOrder(product.id));
    h.clock.advance(1_000);
    const a2 = await placeAs(h, ALICE, myOrder(product.id));
    // Orders staff placed for Alice are hers too.
    h.clock.advance(1_000);
    const a3 = (await h.http.post('/admin/orders').set(AS_ADMIN).send(orderBody(product.id, { customer_id: 'cust_alice' }))).body.data;
    expect((await h.http.post(`/admin/orders/${a2.id}/cancel`).set(AS_ADMIN).send({})).status).toBe(200);

    const res = await h.http.get('/orders').set(ALICE);
    expect(res.status).toBe(200);
    expect(res.body.data.map((o: { id: string }) => o.id)).toEqual([a3.id, a2.id, a1.id]);
    expect(res.body.pagination).toEqual({ total: 3, limit: 20, offset: 0, next_cursor: null });
    await expectDocumented(h, 'get', '/orders', res);

    const page = await h.http.get('/orders?limit=1&offset=1').set(ALICE);
    expect(page.body.data.map((o: { id: string }) => o.id)).toEqual([a2.id]);
    const next = await h.http.get(`/orders?limit=2&cursor=${encodeURIComponent((await h.http.get('/orders?limit=2').set(ALICE)).body.pagination.next_cursor)}`).set(ALICE);
    expect(next.body.data.map((o: { id: string }) => o.id)).toEqual([a1.id]);

    const cancelled = await h.http.get('/orders?status=cancelled').set(ALICE);
    expect(cancelled.body.data.map((o: { id: string }) => o.id)).toEqual([a2.id]);
    const two = await h.http.get('/orders?status=pending,cancelled&sort=created_at').set(ALICE);
    expect(two.body.data.map((o: { id: string }) => o.id)).toEqual([a1.id, a2.id, a3.id]);

    const bob = await h.http.get('/orders').set(BOB);
    expect(bob.body.pagination.total).toBe(1);
    const nobody = await h.http.get('/orders').set(asCustomer('cust_new'));
    expect(nobody.body).toEqual({ success: true, data: [], pagination: { total: 0, limit: 20, offset: 0, next_cursor: null } });
  });

  it('refuses filters on other customers and unknown parameters (422)', async () => {
    const h = createHarness();
    const res = await h.http.get('/orders?customer_id=cust_bob').set(ALICE);
    expect(res.status).toBe(422);
    expect(fieldErrors(res.body)).toEqual([{ field: 'customer_id', message: 'is not allowed' }]);
    const status = await h.http.get('/orders?status=teleported').set(ALICE);
    expect(status.status).toBe(422);
    expect(fieldErrors(status.body)[0]?.field).toBe('status[0]');
  });
});

describe('GET /orders/{order_id}', () => {
  it('shows the owner their order, without staff-only fields, as it moves on', async () => {
    const h = createHarness();
    const product = await createProduct(h);
    const placed = await placeAs(h, ALICE, myOrder(product.id));
    h.clock.advance(1_000);
    await h.http.patch(`/admin/orders/${placed.id}/status`).set(STAFF).send({ status: 'processing', reason: 'internal: VIP, rush it' });
    const res = await h.http.get(`/orders/${placed.id}`).set(ALICE);
    expect(res.status).toBe(200);
    expect(res.body.data.status).toBe('processing');
    expect(res.body.data.timeline).toEqual([
      { status: 'pending', from: null, at: '2026-03-20T12:00:00.000Z' },
      { status: 'processing', from: 'pending', at: '2026-03-20T12:00:01.000Z' },
    ]);
    expect(res.text).not.toContain('VIP');
    expect(res.text).not.toContain('marc@example.com');
    await expectDocumented(h, 'get', '/orders/{order_id}', res);
  });
});

describe("another customer's order is indistinguishable from a missing one", () => {
  /** The same world, once with Bob's order in it and once without: the same id is asked for in both. */
  async function twoWorlds() {
    const withOrder = createHarness();
    const without = createHarness();
    const product = await createProduct(withOrder);
    await createProduct(without);
    const bobs = await placeAs(withOrder, BOB, myOrder(product.id));
    return { withOrder, without, bobsOrderId: bobs.id };
  }

  it.each([
    ['GET /orders/{order_id}', (id: string) => `/orders/${id}`],
    ['GET /orders/{order_id}/qr', (id: string) => `/orders/${id}/qr`],
  ])('%s answers Alice the same 404, byte for byte', async (_name, url) => {
    const { withOrder, without, bobsOrderId } = await twoWorlds();
    const theirs = await withOrder.http.get(url(bobsOrderId)).set(ALICE);
    const missing = await without.http.get(url(bobsOrderId)).set(ALICE);
    expect(theirs.status).toBe(404);
    expect(missing.status).toBe(404);
    expect(theirs.text).toBe(missing.text);
    expect(theirs.headers['content-type']).toBe(missing.headers['content-type']);
    // Bob himself gets it.
    expect((await withOrder.http.get(url(bobsOrderId)).set(BOB)).status).toBe(200);
  });

  it('GET /orders never lists it', async () => {
    const { withOrder, bobsOrderId } = await twoWorlds();
    const list = await withOrder.http.get(`/orders?status=pending`).set(ALICE);
    expect(list.body.data).toEqual([]);
    expect(list.text).not.toContain(bobsOrderId);
  });
});

describe('who may use the portal', () => {
  it('answers 401 without a token and 403 to staff, admin and integration tokens', async () => {
    const h = createHarness();
    const product = await createProduct(h);
    const token = await issueToken(h, ['orders:read', 'orders:write']);
    expect((await h.http.get('/orders')).status).toBe(401);
    for (const who of [STAFF, AS_ADMIN, bearer(token)]) {
      const list = await h.http.get('/orders').set(who);
      expect(list.status).toBe(403);
      expect(list.body.error.code).toBe('FORBIDDEN');
      expect((await h.http.post('/orders').set(who).send(myOrder(product.id))).status).toBe(403);
      expect((await h.http.get('/orders/order_x').set(who)).status).toBe(403);
    }
    // And customers stay off the admin surface.
    expect((await h.http.get('/admin/orders').set(ALICE)).status).toBe(403);
  });
});
