import { DEFAULT_LIFECYCLE, nextStatuses, ORDER_STATUSES } from '@oms/order-core';
import {
  AS_ADMIN,
  createHarness,
  createProduct,
  expectDocumented,
  fieldErrors,
  orderBody,
  placeOrder,
  type Harness,
} from '../test-support/http-test-harness';

async function anOrder(h: Harness, overrides: Record<string, unknown> = {}) {
  const product = await createProduct(h, { price: 29.99 });
  return placeOrder(h, orderBody(product.id, overrides));
}

async function moveTo(h: Harness, orderId: string, ...statuses: string[]): Promise<void> {
  for (const status of statuses) {
    const res = await h.http.patch(`/admin/orders/${orderId}/status`).set(AS_ADMIN).send({ status });
    if (res.status !== 200) throw new Error(`moving to ${status} answered ${res.status}`);
  }
}

describe('native order endpoints', () => {
  describe('POST /admin/orders', () => {
    it('places an order: 201 with the full order, totals computed from the catalog', async () => {
      const h = createHarness();
      const tshirt = await createProduct(h, { sku: 'TS-1', name: 'Custom T-Shirt', price: 29.99 });
      const res = await h.http
        .post('/admin/orders')
        .set(AS_ADMIN)
        .send({
          customer_id: 'cust_123',
          items: [{ product_id: tshirt.id, quantity: 2, metadata: { print: 'front' } }],
          shipping_address: { name: 'Jane Doe', street: '123 Main St', city: 'Springfield', state: 'IL', zip: '62701', country: 'us' },
          billing_address: { name: 'Jane Doe', company: 'ACME', street: '1 Billing Rd', city: 'Springfield', zip: '62701' },
          email: 'jane@example.com',
          phone: '+1 555 0100',
          contact_name: 'Jane D.',
          notes: 'Leave at the door',
          metadata: { channel: 'phone' },
          currency: 'USD',
          total: 59.98,
        });
      expect(res.status).toBe(201);
      expect(res.headers['etag']).toBe('"1"');
      expect(res.headers['location']).toBe(`/admin/orders/${res.body.data.id}`);
      expect(res.headers['idempotent-replayed']).toBeUndefined();
      expect(res.body).toEqual({
        success: true,
        data: {
          id: expect.stringMatching(/^order_/),
          number: 1,
          reference: 'ORD-00001',
          customer_id: 'cust_123',
          status: 'pending',
          version: 1,
          currency: 'USD',
          subtotal: 59.98,
          discount: 0,
          tax: 0,
          shipping: 0,
          total: 59.98,
          amount_paid: 0,
          items_count: 2,
          items: [
            {
              id: expect.stringMatching(/^line_/),
              product_id: tshirt.id,
              sku: 'TS-1',
              name: 'Custom T-Shirt',
              quantity: 2,
              unit_price: 29.99,
              line_total: 59.98,
              metadata: { print: 'front' },
              reserved: 2,
              backordered: 0,
              shipped: 0,
            },
          ],
          contact: { name: 'Jane D.', email: 'jane@example.com', phone: '+1 555 0100' },
          shipping_address: {
            name: 'Jane Doe',
            company: null,
            street: '123 Main St',
            street2: null,
            city: 'Springfield',
            state: 'IL',
            zip: '62701',
            country: 'US',
          },
          billing_address: {
            name: 'Jane Doe',
            company: 'ACME',
            street: '1 Billing Rd',
            street2: null,
            city: 'Springfield',
            state: null,
            zip: '62701',
            country: null,
          },
          notes: 'Leave at the door',
          metadata: { channel: 'phone' },
          tracking_number: null,
          carrier: null,
          fulfillment_status: 'unfulfilled',
          shipments: [],
          cancellation: null,
          allowed_transitions: [...nextStatuses(DEFAULT_LIFECYCLE, 'pending')],
          timeline: [
            {
              status: 'pending',
              from: null,
              reason: null,
              actor: { kind: 'staff', id: 'admin-token', display: 'admin-token' },
              at: '2026-03-20T12:00:00.000Z',
            },
          ],
          payments: [],
          created_at: '2026-03-20T12:00:00.000Z',
          updated_at: '2026-03-20T12:00:00.000Z',
        },
      });
      await expectDocumented(h, 'post', '/admin/orders', res);
    });

    it('places the minimal order of the spec', async () => {
      const h = createHarness();
      const product = await createProduct(h, { price: 29.99 });
      const res = await h.http
        .post('/admin/orders')
        .set(AS_ADMIN)
        .send({
          customer_id: 'cust_123',
          items: [{ product_id: product.id, quantity: 2 }],
          shipping_address: { name: 'Jane Doe', street: '123 Main St', city: 'Springfield', state: 'IL', zip: '62701' },
        });
      expect(res.status).toBe(201);
      expect(res.body.data).toMatchObject({ status: 'pending', total: 59.98, contact: { name: 'Jane Doe', email: null, phone: null } });
    });

    it.each(['status', 'version', 'id', 'number', 'reference', 'subtotal', 'created_at'])(
      'refuses the server-owned field %s with 422 naming it, and creates nothing',
      async (field) => {
        const h = createHarness();
        const product = await createProduct(h);
        const res = await h.http.post('/admin/orders').set(AS_ADMIN).send(orderBody(product.id, { [field]: 'x' }));
        expect(res.status).toBe(422);
        expect(res.body.error.code).toBe('VALIDATION_FAILED');
        expect(fieldErrors(res.body)).toContainEqual({ field, message: 'is not allowed' });
        expect((await h.http.get('/admin/orders').set(AS_ADMIN)).body.pagination.total).toBe(0);
      },
    );

    it('refuses unknown nested fields with their full path', async () => {
      const h = createHarness();
      const product = await createProduct(h);
      const res = await h.http
        .post('/admin/orders')
        .set(AS_ADMIN)
        .send(
          orderBody(product.id, {
            items: [{ product_id: product.id, quantity: 1 }, { product_id: product.id, quantity: 1, unit_price: 0.01 }],
            shipping_address: { name: 'J', street: 'S', city: 'C', zip: 'Z', planet: 'Mars' },
          }),
        );
      expect(res.status).toBe(422);
      expect(fieldErrors(res.body)).toEqual(
        expect.arrayContaining([
          { field: 'items[1].unit_price', message: 'is not allowed' },
          { field: 'shipping_address.planet', message: 'is not allowed' },
        ]),
      );
    });

    it('refuses a total that does not match the computed one, naming total', async () => {
      const h = createHarness();
      const product = await createProduct(h, { price: 29.99 });
      const res = await h.http.post('/admin/orders').set(AS_ADMIN).send(orderBody(product.id, { total: 0.01 }));
      expect(res.status).toBe(422);
      expect(fieldErrors(res.body)).toEqual([{ field: 'total', message: expect.stringContaining('59.98') }]);
    });

    it.each([
      [0, 'items[0].quantity'],
      [1.5, 'items[0].quantity'],
      ['2', 'items[0].quantity'],
      [-1, 'items[0].quantity'],
    ])('refuses quantity %j on %s', async (quantity, field) => {
      const h = createHarness();
      const product = await createProduct(h);
      const res = await h.http
        .post('/admin/orders')
        .set(AS_ADMIN)
        .send(orderBody(product.id, { items: [{ product_id: product.id, quantity }] }));
      expect(res.status).toBe(422);
      expect(fieldErrors(res.body).map((e) => e.field)).toEqual([field]);
    });

    it('refuses an empty item list and more than 100 lines', async () => {
      const h = createHarness();
      const product = await createProduct(h);
      const none = await h.http.post('/admin/orders').set(AS_ADMIN).send(orderBody(product.id, { items: [] }));
      expect(none.status).toBe(422);
      expect(fieldErrors(none.body).map((e) => e.field)).toEqual(['items']);
      const lines = Array.from({ length: 101 }, () => ({ product_id: product.id, quantity: 1 }));
      const tooMany = await h.http.post('/admin/orders').set(AS_ADMIN).send(orderBody(product.id, { items: lines }));
      expect(tooMany.status).toBe(422);
      expect(fieldErrors(tooMany.body).map((e) => e.field)).toEqual(['items']);
      const hundred = await h.http.post('/admin/orders').set(AS_ADMIN).send(orderBody(product.id, { items: lines.slice(1) }));
      expect(hundred.status).toBe(201);
      expect(hundred.body.data.items).toHaveLength(100);
    });

    it('refuses unknown and inactive products, naming the line', async () => {
      const h = createHarness();
      const active = await createProduct(h);
      const draft = await createProduct(h, { status: 'draft' });
      const res = await h.http
        .post('/admin/orders')
        .set(AS_ADMIN)
        .send(
          orderBody(active.id, {
            items: [
              { product_id: active.id, quantity: 1 },
              { product_id: 'prod_nope', quantity: 1 },
              { product_id: draft.id, quantity: 1 },
            ],
          }),
        );
      expect(res.status).toBe(422);
      expect(fieldErrors(res.body).map((e) => e.field)).toEqual(['items[1].product_id', 'items[2].product_id']);
    });

    it('refuses missing address fields and a bad e-mail', async () => {
      const h = createHarness();
      const product = await createProduct(h);
      const res = await h.http
        .post('/admin/orders')
        .set(AS_ADMIN)
        .send(orderBody(product.id, { shipping_address: { name: 'J', street: 'S' }, email: 'not-an-email' }));
      expect(res.status).toBe(422);
      expect(fieldErrors(res.body)).toEqual(
        expect.arrayContaining([
          { field: 'shipping_address.city', message: 'is required' },
          { field: 'shipping_address.zip', message: 'is required' },
        ]),
      );
      const email = await h.http.post('/admin/orders').set(AS_ADMIN).send(orderBody(product.id, { email: 'not-an-email' }));
      expect(email.status).toBe(422);
      expect(fieldErrors(email.body).map((e) => e.field)).toEqual(['email']);
    });
  });

  describe('GET /admin/orders/{order_id}', () => {
    it('returns the full order with a strong ETag', async () => {
      const h = createHarness();
      const placed = await anOrder(h);
      const res = await h.http.get(`/admin/orders/${placed.id}`).set(AS_ADMIN);
      expect(res.status).toBe(200);
      expect(res.body.data).toEqual(placed);
      expect(res.headers['etag']).toBe('"1"');
      await expectDocumented(h, 'get', '/admin/orders/{order_id}', res);
    });

    it('answers 304 to If-None-Match with the current ETag', async () => {
      const h = createHarness();
      const placed = await anOrder(h);
      const res = await h.http.get(`/admin/orders/${placed.id}`).set(AS_ADMIN).set('If-None-Match', '"1"');
      expect(res.status).toBe(304);
      await moveTo(h, placed.id, 'confirmed');
      const changed = await h.http.get(`/admin/orders/${placed.id}`).set(AS_ADMIN).set('If-None-Match', '"1"');
      expect(changed.status).toBe(200);
    });

    it('answers 404 for an unknown order', async () => {
      const h = createHarness();
      const res = await h.http.get('/admin/orders/order_nope').set(AS_ADMIN);
      expect(res.status).toBe(404);
      expect(res.body).toEqual({
        success: false,
        error: { code: 'NOT_FOUND', message: expect.any(String), details: { entity: 'Order', id: 'order_nope' } },
      });
    });
  });

  describe.each(['patch', 'put'] as const)('%s /admin/orders/{order_id}/status', (method) => {
    it('moves the order, records the details and answers with the full order and new ETag', async () => {
      const h = createHarness();
      const placed = await anOrder(h);
      h.clock.advance(5_000);
      const res = await h.http[method](`/admin/orders/${placed.id}/status`)
        .set(AS_ADMIN)
        .send({ status: 'processing', reason: 'paid', tracking_number: 'TRK123456789', carrier: 'UPS', notify_customer: true });
      expect(res.status).toBe(200);
      expect(res.headers['etag']).toBe('"2"');
      expect(res.body.data).toMatchObject({
        id: placed.id,
        status: 'processing',
        version: 2,
        tracking_number: 'TRK123456789',
        carrier: 'UPS',
        allowed_transitions: [...nextStatuses(DEFAULT_LIFECYCLE, 'processing')],
        updated_at: '2026-03-20T12:00:05.000Z',
      });
      expect(res.body.data.timeline).toEqual([
        expect.objectContaining({ status: 'pending', from: null }),
        {
          status: 'processing',
          from: 'pending',
          reason: 'paid',
          actor: { kind: 'staff', id: 'admin-token', display: 'admin-token' },
          at: '2026-03-20T12:00:05.000Z',
        },
      ]);
      await expectDocumented(h, method, '/admin/orders/{order_id}/status', res);
    });

    it('answers 409 with the allowed statuses for a transition the lifecycle refuses, and changes nothing', async () => {
      const h = createHarness();
      const placed = await anOrder(h);
      const res = await h.http[method](`/admin/orders/${placed.id}/status`).set(AS_ADMIN).send({ status: 'delivered' });
      expect(res.status).toBe(409);
      expect(res.body.error).toEqual({
        code: 'INVALID_TRANSITION',
        message: expect.any(String),
        details: { from: 'pending', to: 'delivered', allowed: [...nextStatuses(DEFAULT_LIFECYCLE, 'pending')] },
      });
      const after = await h.http.get(`/admin/orders/${placed.id}`).set(AS_ADMIN);
      expect(after.body.data).toEqual(placed);
    });

    it('honours If-Match: the current ETag applies, a stale one answers 412 and changes nothing', async () => {
      const h = createHarness();
      const placed = await anOrder(h);
      const ok = await h.http[method](`/admin/orders/${placed.id}/status`).set(AS_ADMIN).set('If-Match', '"1"').send({ status: 'confirmed' });
      expect(ok.status).toBe(200);
      const stale = await h.http[method](`/admin/orders/${placed.id}/status`)
        .set(AS_ADMIN)
        .set('If-Match', '"1"')
        .send({ status: 'processing' });
      expect(stale.status).toBe(412);
      expect(stale.body.error).toEqual({
        code: 'PRECONDITION_FAILED',
        message: expect.any(String),
        details: { expected_version: 1, current_version: 2 },
      });
      const after = await h.http.get(`/admin/orders/${placed.id}`).set(AS_ADMIN);
      expect(after.body.data).toMatchObject({ status: 'confirmed', version: 2 });
      expect(after.body.data.timeline).toHaveLength(2);
    });

    it.each(['W/"1"', '1', '"1", "2"', '"abc"', '"0"'])('answers 412 to the malformed If-Match %s and changes nothing', async (ifMatch) => {
      const h = createHarness();
      const placed = await anOrder(h);
      const res = await h.http[method](`/admin/orders/${placed.id}/status`).set(AS_ADMIN).set('If-Match', ifMatch).send({ status: 'confirmed' });
      expect(res.status).toBe(412);
      expect(res.body.error.code).toBe('PRECONDITION_FAILED');
      const after = await h.http.get(`/admin/orders/${placed.id}`).set(AS_ADMIN);
      expect(after.body.data.version).toBe(1);
    });

    it('accepts If-Match: *', async () => {
      const h = createHarness();
      const placed = await anOrder(h);
      const res = await h.http[method](`/admin/orders/${placed.id}/status`).set(AS_ADMIN).set('If-Match', '*').send({ status: 'confirmed' });
      expect(res.status).toBe(200);
    });

    it('refuses an unknown status and unknown fields', async () => {
      const h = createHarness();
      const placed = await anOrder(h);
      const res = await h.http[method](`/admin/orders/${placed.id}/status`).set(AS_ADMIN).send({ status: 'teleported', version: 5 });
      expect(res.status).toBe(422);
      expect(fieldErrors(res.body)).toEqual(
        expect.arrayContaining([
          { field: 'status', message: expect.stringContaining('must be one of pending_payment, pending,') },
          { field: 'version', message: 'is not allowed' },
        ]),
      );
    });

    it('answers 404 for an unknown order', async () => {
      const h = createHarness();
      const res = await h.http[method]('/admin/orders/order_nope/status').set(AS_ADMIN).send({ status: 'confirmed' });
      expect(res.status).toBe(404);
    });
  });

  it('lets only one of two racing status changes on the same version apply', async () => {
    const h = createHarness();
    const placed = await anOrder(h);
    const [a, b] = await Promise.all([
      h.http.patch(`/admin/orders/${placed.id}/status`).set(AS_ADMIN).set('If-Match', '"1"').send({ status: 'confirmed' }),
      h.http.patch(`/admin/orders/${placed.id}/status`).set(AS_ADMIN).set('If-Match', '"1"').send({ status: 'on_hold' }),
    ]);
    expect([a.status, b.status].sort()).toEqual([200, 412]);
    const after = await h.http.get(`/admin/orders/${placed.id}`).set(AS_ADMIN);
    expect(after.body.data.version).toBe(2);
    expect(after.body.data.timeline).toHaveLength(2);
    expect(after.body.data.status).toBe((a.status === 200 ? a : b).body.data.status);
  });

  describe('POST /admin/orders/{order_id}/cancel', () => {
    it('cancels with a reason and a refund flag', async () => {
      const h = createHarness();
      const placed = await anOrder(h);
      h.clock.advance(1_000);
      const res = await h.http.post(`/admin/orders/${placed.id}/cancel`).set(AS_ADMIN).send({ reason: 'customer asked', refund: true });
      expect(res.status).toBe(200);
      expect(res.headers['etag']).toBe('"2"');
      expect(res.body.data).toMatchObject({
        status: 'cancelled',
        version: 2,
        cancellation: {
          reason: 'customer asked',
          refund: true,
          at: '2026-03-20T12:00:01.000Z',
          by: { kind: 'staff', id: 'admin-token', display: 'admin-token' },
        },
        allowed_transitions: [...nextStatuses(DEFAULT_LIFECYCLE, 'cancelled')],
      });
      expect(res.body.data.timeline[1]).toMatchObject({ status: 'cancelled', from: 'pending', reason: 'customer asked' });
      await expectDocumented(h, 'post', '/admin/orders/{order_id}/cancel', res);
    });

    it('cancels without a body', async () => {
      const h = createHarness();
      const placed = await anOrder(h);
      const res = await h.http.post(`/admin/orders/${placed.id}/cancel`).set(AS_ADMIN);
      expect(res.status).toBe(200);
      expect(res.body.data.cancellation).toMatchObject({ reason: null, refund: false });
    });

    it.each([['shipped'], ['delivered']])('answers 409 for a %s order', async (status) => {
      const h = createHarness();
      const placed = await anOrder(h);
      await moveTo(h, placed.id, 'processing', 'shipped', ...(status === 'delivered' ? ['delivered'] : []));
      const res = await h.http.post(`/admin/orders/${placed.id}/cancel`).set(AS_ADMIN).send({ reason: 'too late' });
      expect(res.status).toBe(409);
      expect(res.body.error.code).toBe('INVALID_TRANSITION');
      expect(res.body.error.details.allowed).toEqual([...nextStatuses(DEFAULT_LIFECYCLE, status as 'shipped' | 'delivered')]);
      const after = await h.http.get(`/admin/orders/${placed.id}`).set(AS_ADMIN);
      expect(after.body.data.status).toBe(status);
      expect(after.body.data.cancellation).toBeNull();
    });

    it('honours If-Match', async () => {
      const h = createHarness();
      const placed = await anOrder(h);
      await moveTo(h, placed.id, 'confirmed');
      const stale = await h.http.post(`/admin/orders/${placed.id}/cancel`).set(AS_ADMIN).set('If-Match', '"1"').send({});
      expect(stale.status).toBe(412);
      const current = await h.http.post(`/admin/orders/${placed.id}/cancel`).set(AS_ADMIN).set('If-Match', '"2"').send({});
      expect(current.status).toBe(200);
    });

    it('refuses unknown fields and a non-boolean refund', async () => {
      const h = createHarness();
      const placed = await anOrder(h);
      const res = await h.http.post(`/admin/orders/${placed.id}/cancel`).set(AS_ADMIN).send({ refund: 'yes', status: 'cancelled' });
      expect(res.status).toBe(422);
      expect(fieldErrors(res.body)).toEqual(
        expect.arrayContaining([
          { field: 'refund', message: 'must be a boolean' },
          { field: 'status', message: 'is not allowed' },
        ]),
      );
    });
  });

  describe('GET /admin/orders/counts', () => {
    it('counts every status, zeros included', async () => {
      const h = createHarness();
      const empty = await h.http.get('/admin/orders/counts').set(AS_ADMIN);
      expect(empty.status).toBe(200);
      expect(empty.body).toEqual({ success: true, data: Object.fromEntries(ORDER_STATUSES.map((s) => [s, 0])) });
      await expectDocumented(h, 'get', '/admin/orders/counts', empty);

      const a = await anOrder(h);
      await anOrder(h);
      const c = await anOrder(h);
      await moveTo(h, a.id, 'confirmed');
      await h.http.post(`/admin/orders/${c.id}/cancel`).set(AS_ADMIN).send({});
      const res = await h.http.get('/admin/orders/counts').set(AS_ADMIN);
      expect(res.body.data).toEqual({
        ...Object.fromEntries(ORDER_STATUSES.map((s) => [s, 0])),
        pending: 1,
        confirmed: 1,
        cancelled: 1,
      });
    });
  });
});
