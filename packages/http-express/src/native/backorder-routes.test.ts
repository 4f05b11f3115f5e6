import {
  adjustStock,
  AS_ADMIN,
  bearer,
  createHarness,
  createProduct,
  expectDocumented,
  fieldErrors,
  issueToken,
  orderBody,
  placeOrder,
  type Harness,
} from '../test-support/http-test-harness';

interface ItemView {
  readonly product_id: string;
  readonly quantity: number;
  readonly reserved: number;
  readonly backordered: number;
  readonly shipped: number;
}

function stockOf(items: readonly ItemView[]) {
  return items.map((i) => ({ quantity: i.quantity, reserved: i.reserved, backordered: i.backordered, shipped: i.shipped }));
}

async function getOrder(h: Harness, id: string) {
  const res = await h.http.get(`/admin/orders/${id}`).set(AS_ADMIN);
  expect(res.status).toBe(200);
  return res.body.data as { status: string; version: number; items: ItemView[]; timeline: { status: string; reason: string | null }[] };
}

async function backorders(h: Harness) {
  const res = await h.http.get('/admin/backorders').set(AS_ADMIN);
  expect(res.status).toBe(200);
  return res.body.data as { id: string; order_id: string; line_id: string; product_id: string; quantity: number }[];
}

describe('stock through the order endpoints', () => {
  it('refuses an order beyond stock under deny: 422 INSUFFICIENT_STOCK naming each sku, and reserves nothing', async () => {
    const h = createHarness();
    const shirt = await createProduct(h, { sku: 'TS-1' }, { stock: 2 });
    const mug = await createProduct(h, { sku: 'MUG-1' }, { stock: 10 });
    const cap = await createProduct(h, { sku: 'CAP-1' }, { stock: 0 });
    const res = await h.http
      .post('/admin/orders')
      .set(AS_ADMIN)
      .send(
        orderBody(shirt.id, {
          items: [
            { product_id: shirt.id, quantity: 2 },
            { product_id: mug.id, quantity: 1 },
            { product_id: shirt.id, quantity: 1 },
            { product_id: cap.id, quantity: 1 },
          ],
        }),
      );
    expect(res.status).toBe(422);
    expect(res.body.error).toEqual({
      code: 'INSUFFICIENT_STOCK',
      message: expect.stringContaining('TS-1'),
      details: {
        items: [
          { sku: 'TS-1', product_id: shirt.id, requested: 3, available: 2 },
          { sku: 'CAP-1', product_id: cap.id, requested: 1, available: 0 },
        ],
      },
    });
    const levels = await h.http.get('/admin/inventory').set(AS_ADMIN);
    expect(levels.body.data.every((l: { reserved: number }) => l.reserved === 0)).toBe(true);
    expect((await h.http.get('/admin/orders').set(AS_ADMIN)).body.pagination.total).toBe(0);
  });

  it('shows reserved, backordered and shipped per item on the order and on every write response', async () => {
    const h = createHarness();
    const shirt = await createProduct(h, {}, { stock: 5 });
    const placed = await placeOrder(h, orderBody(shirt.id, { items: [{ product_id: shirt.id, quantity: 3 }] }));
    expect(stockOf(placed['items'] as ItemView[])).toEqual([{ quantity: 3, reserved: 3, backordered: 0, shipped: 0 }]);
    expect(stockOf((await getOrder(h, placed.id)).items)).toEqual([{ quantity: 3, reserved: 3, backordered: 0, shipped: 0 }]);

    const shipped = await h.http.patch(`/admin/orders/${placed.id}/status`).set(AS_ADMIN).send({ status: 'processing' });
    expect(shipped.status).toBe(200);
    const res = await h.http.patch(`/admin/orders/${placed.id}/status`).set(AS_ADMIN).send({ status: 'shipped', tracking_number: 'TRK1' });
    expect(res.status).toBe(200);
    expect(stockOf(res.body.data.items)).toEqual([{ quantity: 3, reserved: 0, backordered: 0, shipped: 3 }]);
    await expectDocumented(h, 'patch', '/admin/orders/{order_id}/status', res);
    const levels = await h.http.get(`/admin/inventory?product_id=${shirt.id}`).set(AS_ADMIN);
    expect(levels.body.data).toEqual([{ product_id: shirt.id, warehouse_id: 'wh_default', on_hand: 2, reserved: 0, available: 2 }]);
  });

  it('releases the reservation on cancel, and the cancel response shows it', async () => {
    const h = createHarness();
    const shirt = await createProduct(h, {}, { stock: 5 });
    const placed = await placeOrder(h, orderBody(shirt.id, { items: [{ product_id: shirt.id, quantity: 5 }] }));
    const res = await h.http.post(`/admin/orders/${placed.id}/cancel`).set(AS_ADMIN).send({ reason: 'changed mind' });
    expect(res.status).toBe(200);
    expect(stockOf(res.body.data.items)).toEqual([{ quantity: 5, reserved: 0, backordered: 0, shipped: 0 }]);
    const levels = await h.http.get(`/admin/inventory?product_id=${shirt.id}`).set(AS_ADMIN);
    expect(levels.body.data[0]).toMatchObject({ on_hand: 5, reserved: 0, available: 5 });
  });

  it('places an order under backorder policy as out_of_stock with the shortfall backordered; allocation moves it back to pending', async () => {
    const h = createHarness();
    const shirt = await createProduct(h, { backorder_policy: 'backorder' }, { stock: 2 });
    const res = await h.http.post('/admin/orders').set(AS_ADMIN).send(orderBody(shirt.id, { items: [{ product_id: shirt.id, quantity: 5 }] }));
    expect(res.status).toBe(201);
    expect(res.body.data.status).toBe('out_of_stock');
    expect(stockOf(res.body.data.items)).toEqual([{ quantity: 5, reserved: 2, backordered: 3, shipped: 0 }]);
    expect(res.body.data.timeline.map((t: { status: string }) => t.status)).toEqual(['pending', 'out_of_stock']);
    await expectDocumented(h, 'post', '/admin/orders', res);
    const orderId = res.body.data.id as string;

    const [waiting] = await backorders(h);
    expect(waiting).toEqual({
      id: expect.stringMatching(/^bo_/),
      order_id: orderId,
      line_id: res.body.data.items[0].id,
      product_id: shirt.id,
      quantity: 3,
      requested_quantity: 3,
      created_at: '2026-03-20T12:00:00.000Z',
    });

    // Nothing in stock: allocation has nothing to give.
    const empty = await h.http.post(`/admin/backorders/${waiting!.id}/allocate`).set(AS_ADMIN).send({});
    expect(empty.status).toBe(422);
    expect(empty.body.error.code).toBe('INSUFFICIENT_STOCK');

    await adjustStock(h, shirt.id, 2);
    const partial = await h.http.post(`/admin/backorders/${waiting!.id}/allocate`).set(AS_ADMIN).send({});
    expect(partial.status).toBe(200);
    expect(partial.body).toEqual({ success: true, data: { allocation_id: expect.stringMatching(/^alloc_/), quantity_allocated: 2, remaining: 1 } });
    await expectDocumented(h, 'post', '/admin/backorders/{item_id}/allocate', partial);
    expect((await getOrder(h, orderId)).status).toBe('out_of_stock');

    await adjustStock(h, shirt.id, 10);
    const rest = await h.http.post(`/admin/backorders/${waiting!.id}/allocate`).set(AS_ADMIN);
    expect(rest.body.data).toMatchObject({ quantity_allocated: 1, remaining: 0 });
    const order = await getOrder(h, orderId);
    expect(order.status).toBe('pending');
    expect(stockOf(order.items)).toEqual([{ quantity: 5, reserved: 5, backordered: 0, shipped: 0 }]);
    expect(order.timeline.map((t) => t.status)).toEqual(['pending', 'out_of_stock', 'pending']);
    expect(await backorders(h)).toEqual([]);

    const again = await h.http.post(`/admin/backorders/${waiting!.id}/allocate`).set(AS_ADMIN).send({});
    expect(again.status).toBe(409);
  });
});

describe('native backorder endpoints', () => {
  it('allocates a given quantity only, and refuses zero, fractional and unknown fields', async () => {
    const h = createHarness();
    const shirt = await createProduct(h, { backorder_policy: 'backorder' }, { stock: 0 });
    await placeOrder(h, orderBody(shirt.id, { items: [{ product_id: shirt.id, quantity: 4 }] }));
    const [waiting] = await backorders(h);
    await adjustStock(h, shirt.id, 10);

    for (const [quantity, message] of [
      [0, 'must be >= 1'],
      [1.5, 'must be a whole number'],
      ['2', 'must be a whole number'],
    ] as const) {
      const res = await h.http.post(`/admin/backorders/${waiting!.id}/allocate`).set(AS_ADMIN).send({ quantity });
      expect(res.status).toBe(422);
      expect(fieldErrors(res.body)).toEqual([{ field: 'quantity', message }]);
    }
    const unknown = await h.http.post(`/admin/backorders/${waiting!.id}/allocate`).set(AS_ADMIN).send({ quantity: 1, warehouse_id: 'x' });
    expect(fieldErrors(unknown.body)).toEqual([{ field: 'warehouse_id', message: 'is not allowed' }]);

    const res = await h.http.post(`/admin/backorders/${waiting!.id}/allocate`).set(AS_ADMIN).send({ quantity: 1 });
    expect(res.body.data).toMatchObject({ quantity_allocated: 1, remaining: 3 });
    expect((await backorders(h))[0]?.quantity).toBe(3);
  });

  it('answers 404 for an unknown backorder and needs inventory:write to allocate', async () => {
    const h = createHarness();
    const missing = await h.http.post('/admin/backorders/bo_missing/allocate').set(AS_ADMIN).send({});
    expect(missing.status).toBe(404);
    expect(missing.body.error.details).toEqual({ entity: 'Backorder', id: 'bo_missing' });
    const reader = await issueToken(h, ['inventory:read']);
    const forbidden = await h.http.post('/admin/backorders/bo_missing/allocate').set(bearer(reader)).send({});
    expect(forbidden.status).toBe(403);
    expect(forbidden.body.error.details).toEqual({ required_scope: 'inventory:write' });
    expect((await h.http.post('/admin/backorders/auto-allocate').set(bearer(reader))).status).toBe(403);
    expect((await h.http.post('/admin/backorders/auto-allocate')).status).toBe(401);
  });

  it('lists waiting backorders oldest first, pre-orders excluded, for inventory:read; 403 without', async () => {
    const h = createHarness();
    const shirt = await createProduct(h, { backorder_policy: 'backorder' }, { stock: 0 });
    const gadget = await createProduct(h, { backorder_policy: 'preorder', expected_date: '2026-04-01' }, { stock: 0 });
    const first = await placeOrder(h, orderBody(shirt.id, { items: [{ product_id: shirt.id, quantity: 1 }] }));
    h.clock.advance(1000);
    await placeOrder(h, orderBody(gadget.id, { items: [{ product_id: gadget.id, quantity: 1 }] }));
    h.clock.advance(1000);
    const third = await placeOrder(h, orderBody(shirt.id, { items: [{ product_id: shirt.id, quantity: 2 }] }));

    const reader = await issueToken(h, ['inventory:read']);
    const res = await h.http.get('/admin/backorders').set(bearer(reader));
    expect(res.status).toBe(200);
    expect(res.body.data.map((b: { order_id: string }) => b.order_id)).toEqual([first.id, third.id]);
    expect(res.body.pagination).toEqual({ total: 2, limit: 20, offset: 0, next_cursor: null });
    await expectDocumented(h, 'get', '/admin/backorders', res);
    const page = await h.http.get('/admin/backorders?limit=1&offset=1').set(bearer(reader));
    expect(page.body.data.map((b: { order_id: string }) => b.order_id)).toEqual([third.id]);

    const productsOnly = await issueToken(h, ['products:read']);
    expect((await h.http.get('/admin/backorders').set(bearer(productsOnly))).status).toBe(403);
    expect((await h.http.get('/admin/backorders?status=waiting').set(AS_ADMIN)).status).toBe(422);
  });

  it('auto-allocates first in, first out across backorders and pre-orders, never more than arrived', async () => {
    const h = createHarness();
    const shirt = await createProduct(h, { backorder_policy: 'backorder' }, { stock: 0 });
    const gadget = await createProduct(h, { backorder_policy: 'preorder', expected_date: '2026-04-01' }, { stock: 0 });
    const oldest = await placeOrder(h, orderBody(shirt.id, { items: [{ product_id: shirt.id, quantity: 3 }] }));
    h.clock.advance(1000);
    const preorder = await placeOrder(h, orderBody(gadget.id, { items: [{ product_id: gadget.id, quantity: 2 }] }));
    h.clock.advance(1000);
    const younger = await placeOrder(h, orderBody(shirt.id, { items: [{ product_id: shirt.id, quantity: 3 }] }));
    await adjustStock(h, shirt.id, 4);
    await adjustStock(h, gadget.id, 2);

    const res = await h.http.post('/admin/backorders/auto-allocate').set(AS_ADMIN);
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ success: true, data: { allocations_created: 3, total_allocated: 6 } });
    await expectDocumented(h, 'post', '/admin/backorders/auto-allocate', res);

    expect((await getOrder(h, oldest.id)).status).toBe('pending');
    expect((await getOrder(h, preorder.id)).status).toBe('pending');
    const partly = await getOrder(h, younger.id);
    expect(partly.status).toBe('out_of_stock');
    expect(stockOf(partly.items)).toEqual([{ quantity: 3, reserved: 1, backordered: 2, shipped: 0 }]);
    const levels = await h.http.get(`/admin/inventory?product_id=${shirt.id}`).set(AS_ADMIN);
    expect(levels.body.data[0]).toMatchObject({ on_hand: 4, reserved: 4, available: 0 });

    const nothing = await h.http.post('/admin/backorders/auto-allocate').set(AS_ADMIN).send({});
    expect(nothing.body.data).toEqual({ allocations_created: 0, total_allocated: 0 });
    const unknown = await h.http.post('/admin/backorders/auto-allocate').set(AS_ADMIN).send({ product_id: shirt.id });
    expect(unknown.status).toBe(422);
    expect(fieldErrors(unknown.body)).toEqual([{ field: 'product_id', message: 'is not allowed' }]);
  });
});

describe('native pre-order endpoints', () => {
  it('lists pre-orders of every status with their expected date; status filters', async () => {
    const h = createHarness();
    const gadget = await createProduct(h, { backorder_policy: 'preorder', expected_date: '2026-04-01' }, { stock: 0 });
    const shirt = await createProduct(h, { backorder_policy: 'backorder' }, { stock: 0 });
    const first = await placeOrder(h, orderBody(gadget.id, { items: [{ product_id: gadget.id, quantity: 5 }] }));
    expect(first.status).toBe('out_of_stock');
    expect(stockOf(first['items'] as ItemView[])).toEqual([{ quantity: 5, reserved: 0, backordered: 5, shipped: 0 }]);
    h.clock.advance(1000);
    const second = await placeOrder(h, orderBody(gadget.id, { items: [{ product_id: gadget.id, quantity: 1 }] }));
    await placeOrder(h, orderBody(shirt.id, { items: [{ product_id: shirt.id, quantity: 1 }] }));
    await adjustStock(h, gadget.id, 1);
    const preorderId = (await h.http.get('/admin/preorders').set(AS_ADMIN)).body.data[1].id as string;
    await h.http.post('/admin/preorders/allocate').set(AS_ADMIN).send({ backorder_id: preorderId, quantity: 1 }).expect(200);

    const reader = await issueToken(h, ['inventory:read']);
    const res = await h.http.get('/admin/preorders').set(bearer(reader));
    expect(res.status).toBe(200);
    expect(res.body.data).toEqual([
      {
        id: expect.stringMatching(/^bo_/),
        order_id: first.id,
        line_id: expect.stringMatching(/^line_/),
        product_id: gadget.id,
        quantity: 5,
        requested_quantity: 5,
        status: 'waiting',
        expected_date: '2026-04-01',
        created_at: '2026-03-20T12:00:00.000Z',
      },
      expect.objectContaining({ id: preorderId, order_id: second.id, quantity: 0, requested_quantity: 1, status: 'allocated' }),
    ]);
    await expectDocumented(h, 'get', '/admin/preorders', res);
    const waiting = await h.http.get('/admin/preorders?status=waiting').set(bearer(reader));
    expect(waiting.body.data.map((p: { order_id: string }) => p.order_id)).toEqual([first.id]);
    expect((await h.http.get('/admin/preorders?status=shipped').set(bearer(reader))).status).toBe(422);
    expect((await getOrder(h, second.id)).status).toBe('pending');
  });

  it('allocates to a pre-order: partial allocation reported; 404, 403 and 422 on bad requests', async () => {
    const h = createHarness();
    const gadget = await createProduct(h, { backorder_policy: 'preorder', expected_date: '2026-04-01' }, { stock: 0 });
    await placeOrder(h, orderBody(gadget.id, { items: [{ product_id: gadget.id, quantity: 5 }] }));
    const [preorder] = (await h.http.get('/admin/preorders').set(AS_ADMIN)).body.data;
    await adjustStock(h, gadget.id, 3);

    const res = await h.http.post('/admin/preorders/allocate').set(AS_ADMIN).send({ backorder_id: preorder.id, quantity: 5 });
    expect(res.status).toBe(200);
    expect(res.body.data).toEqual({ allocation_id: expect.stringMatching(/^alloc_/), quantity_allocated: 3, remaining: 2 });
    await expectDocumented(h, 'post', '/admin/preorders/allocate', res);

    const missing = await h.http.post('/admin/preorders/allocate').set(AS_ADMIN).send({ backorder_id: 'bo_missing', quantity: 1 });
    expect(missing.status).toBe(404);
    const invalid = await h.http.post('/admin/preorders/allocate').set(AS_ADMIN).send({ quantity: 0, extra: true });
    expect(invalid.status).toBe(422);
    expect(fieldErrors(invalid.body)).toEqual(
      expect.arrayContaining([
        { field: 'backorder_id', message: 'is required' },
        { field: 'quantity', message: 'must be >= 1' },
        { field: 'extra', message: 'is not allowed' },
      ]),
    );
    const reader = await issueToken(h, ['inventory:read']);
    expect((await h.http.post('/admin/preorders/allocate').set(bearer(reader)).send({ backorder_id: preorder.id })).status).toBe(403);
    expect((await h.http.get('/admin/preorders')).status).toBe(401);
  });
});
