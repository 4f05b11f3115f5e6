import {
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

async function adjust(h: Harness, adjustments: readonly Record<string, unknown>[], headers: Record<string, string> = AS_ADMIN) {
  return h.http.post('/admin/inventory-history/bulk-adjust').set(headers).send({ adjustments });
}

async function warehouse(h: Harness, code: string, priority: number): Promise<string> {
  const res = await h.http.post('/admin/warehouses').set(AS_ADMIN).send({ code, name: code, priority });
  return res.body.data.id as string;
}

describe('native inventory endpoints', () => {
  describe('POST /admin/inventory-history/bulk-adjust', () => {
    it('applies every adjustment and answers the movements, in order, with actor and note', async () => {
      const h = createHarness();
      const a = await createProduct(h, {}, { stock: 0 });
      const b = await createProduct(h, {}, { stock: 0 });
      const eu = await warehouse(h, 'EU', 10);
      h.clock.advance(1000);
      const res = await adjust(h, [
        { product_id: a.id, quantity_change: 50, reason: 'restock', note: 'PO-7' },
        { product_id: b.id, quantity_change: 8, reason: 'found', warehouse_id: eu },
        { product_id: a.id, quantity_change: -5, reason: 'damaged' },
      ]);
      expect(res.status).toBe(200);
      expect(res.body.data).toEqual([
        {
          id: expect.stringMatching(/^mov_/),
          product_id: a.id,
          warehouse_id: 'wh_default',
          quantity_change: 50,
          reserved_change: 0,
          reason: 'restock',
          order_id: null,
          note: 'PO-7',
          actor: { kind: 'staff', id: 'admin-token', display: 'admin-token' },
          at: '2026-03-20T12:00:01.000Z',
        },
        expect.objectContaining({ product_id: b.id, warehouse_id: eu, quantity_change: 8, reason: 'found', note: null }),
        expect.objectContaining({ product_id: a.id, warehouse_id: 'wh_default', quantity_change: -5, reason: 'damaged' }),
      ]);
      await expectDocumented(h, 'post', '/admin/inventory-history/bulk-adjust', res);
      const levels = await h.http.get(`/admin/inventory?product_id=${a.id}`).set(AS_ADMIN);
      expect(levels.body.data).toEqual([{ product_id: a.id, warehouse_id: 'wh_default', on_hand: 45, reserved: 0, available: 45 }]);
    });

    it('is all or nothing: one adjustment below what is reserved fails the request, naming it, and changes nothing', async () => {
      const h = createHarness();
      const a = await createProduct(h, {}, { stock: 10 });
      const b = await createProduct(h, {}, { stock: 10 });
      await placeOrder(h, orderBody(b.id, { items: [{ product_id: b.id, quantity: 6 }] }));
      const res = await adjust(h, [
        { product_id: a.id, quantity_change: 5, reason: 'restock' },
        { product_id: b.id, quantity_change: -5, reason: 'lost' },
      ]);
      expect(res.status).toBe(422);
      expect(res.body.error.code).toBe('VALIDATION_FAILED');
      expect(fieldErrors(res.body)).toEqual([{ field: 'adjustments[1].quantity_change', message: expect.stringContaining('6 reserved') }]);
      expect(res.body.error.details).toMatchObject({ product_id: b.id, on_hand: 10, reserved: 6 });
      const levels = await h.http.get('/admin/inventory').set(AS_ADMIN);
      expect(levels.body.data.map((l: { on_hand: number }) => l.on_hand)).toEqual([10, 10]);
    });

    it('refuses zero and fractional quantities, unknown reasons and unknown fields, naming each', async () => {
      const h = createHarness();
      const a = await createProduct(h, {}, { stock: 0 });
      const res = await adjust(h, [
        { product_id: a.id, quantity_change: 1.5, reason: 'restock' },
        { product_id: a.id, quantity_change: 2, reason: 'stolen' },
        { product_id: a.id, quantity_change: 2, reason: 'restock', sku: 'X' },
      ]);
      expect(res.status).toBe(422);
      expect(fieldErrors(res.body)).toEqual(
        expect.arrayContaining([
          { field: 'adjustments[0].quantity_change', message: 'must be a whole number' },
          { field: 'adjustments[1].reason', message: expect.stringMatching(/^must be one of restock, damaged/) },
          { field: 'adjustments[2].sku', message: 'is not allowed' },
        ]),
      );
      const zero = await adjust(h, [{ product_id: a.id, quantity_change: 0, reason: 'restock' }]);
      expect(zero.status).toBe(422);
      expect(fieldErrors(zero.body)).toEqual([{ field: 'adjustments[0].quantity_change', message: 'must not be zero' }]);
      const none = await adjust(h, []);
      expect(none.status).toBe(422);
      expect(fieldErrors(none.body)[0]?.field).toBe('adjustments');
      const history = await h.http.get('/admin/inventory-history').set(AS_ADMIN);
      expect(history.body.pagination.total).toBe(0);
    });

    it('refuses unknown products and warehouses, naming them', async () => {
      const h = createHarness();
      const a = await createProduct(h, {}, { stock: 0 });
      const res = await adjust(h, [
        { product_id: 'prod_missing', quantity_change: 1, reason: 'restock' },
        { product_id: a.id, quantity_change: 1, reason: 'restock', warehouse_id: 'wh_missing' },
      ]);
      expect(res.status).toBe(422);
      expect(fieldErrors(res.body)).toEqual([
        { field: 'adjustments[0].product_id', message: 'product prod_missing does not exist' },
        { field: 'adjustments[1].warehouse_id', message: 'warehouse wh_missing does not exist' },
      ]);
    });

    it('needs inventory:write: inventory:read is 403, no token is 401', async () => {
      const h = createHarness();
      const a = await createProduct(h, {}, { stock: 0 });
      const reader = await issueToken(h, ['inventory:read', 'products:write']);
      const res = await adjust(h, [{ product_id: a.id, quantity_change: 1, reason: 'restock' }], bearer(reader));
      expect(res.status).toBe(403);
      expect(res.body.error.details).toEqual({ required_scope: 'inventory:write' });
      const anonymous = await h.http.post('/admin/inventory-history/bulk-adjust').send({ adjustments: [] });
      expect(anonymous.status).toBe(401);
    });
  });

  describe('GET /admin/inventory', () => {
    it('shows on hand, reserved and available per product and warehouse, with filters and paging', async () => {
      const h = createHarness();
      const a = await createProduct(h, {}, { stock: 10 });
      const b = await createProduct(h, {}, { stock: 3 });
      const eu = await warehouse(h, 'EU', 10);
      await adjust(h, [{ product_id: a.id, quantity_change: 7, reason: 'restock', warehouse_id: eu }]);
      await placeOrder(h, orderBody(a.id, { items: [{ product_id: a.id, quantity: 4 }] }));

      const reader = await issueToken(h, ['inventory:read']);
      const all = await h.http.get('/admin/inventory').set(bearer(reader));
      expect(all.status).toBe(200);
      expect(all.body.data).toEqual(
        expect.arrayContaining([
          { product_id: a.id, warehouse_id: 'wh_default', on_hand: 10, reserved: 4, available: 6 },
          { product_id: a.id, warehouse_id: eu, on_hand: 7, reserved: 0, available: 7 },
          { product_id: b.id, warehouse_id: 'wh_default', on_hand: 3, reserved: 0, available: 3 },
        ]),
      );
      expect(all.body.pagination).toEqual({ total: 3, limit: 20, offset: 0, next_cursor: null });
      await expectDocumented(h, 'get', '/admin/inventory', all);

      const inEu = await h.http.get(`/admin/inventory?warehouse_id=${eu}`).set(bearer(reader));
      expect(inEu.body.data).toEqual([{ product_id: a.id, warehouse_id: eu, on_hand: 7, reserved: 0, available: 7 }]);
      const low = await h.http.get('/admin/inventory?low_stock=6').set(bearer(reader));
      expect(low.body.data.map((l: { available: number }) => l.available).sort()).toEqual([3, 6]);
      const page = await h.http.get('/admin/inventory?limit=1&offset=2').set(bearer(reader));
      expect(page.body.data).toHaveLength(1);
      expect(page.body.pagination).toMatchObject({ total: 3, limit: 1, offset: 2 });
    });

    it('refuses a negative or fractional low_stock, unknown parameters, and callers without inventory:read', async () => {
      const h = createHarness();
      expect((await h.http.get('/admin/inventory?low_stock=-1').set(AS_ADMIN)).status).toBe(422);
      const fractional = await h.http.get('/admin/inventory?low_stock=1.5').set(AS_ADMIN);
      expect(fieldErrors(fractional.body)).toEqual([{ field: 'low_stock', message: 'must be a whole number' }]);
      const unknown = await h.http.get('/admin/inventory?sku=A').set(AS_ADMIN);
      expect(fieldErrors(unknown.body)).toEqual([{ field: 'sku', message: 'is not allowed' }]);
      const writer = await issueToken(h, ['inventory:write', 'orders:read']);
      const res = await h.http.get('/admin/inventory').set(bearer(writer));
      expect(res.status).toBe(403);
      expect(res.body.error.details).toEqual({ required_scope: 'inventory:read' });
      expect((await h.http.get('/admin/inventory')).status).toBe(401);
    });
  });

  describe('GET /admin/inventory-history', () => {
    it('lists movements oldest first, order movements included, with filters', async () => {
      const h = createHarness();
      const a = await createProduct(h, {}, { stock: 0 });
      await adjust(h, [{ product_id: a.id, quantity_change: 20, reason: 'restock' }]);
      h.clock.advance(24 * 60 * 60 * 1000);
      const order = await placeOrder(h, orderBody(a.id, { items: [{ product_id: a.id, quantity: 3 }] }));
      await h.http.post(`/admin/orders/${order.id}/cancel`).set(AS_ADMIN).send({}).expect(200);

      const reader = await issueToken(h, ['inventory:read']);
      const all = await h.http.get('/admin/inventory-history').set(bearer(reader));
      expect(all.status).toBe(200);
      expect(all.body.data.map((m: { reason: string; quantity_change: number; reserved_change: number }) => [m.reason, m.quantity_change, m.reserved_change])).toEqual([
        ['restock', 20, 0],
        ['reservation', 0, 3],
        ['release', 0, -3],
      ]);
      await expectDocumented(h, 'get', '/admin/inventory-history', all);

      const forOrder = await h.http.get(`/admin/inventory-history?order_id=${order.id}&reason=release`).set(bearer(reader));
      expect(forOrder.body.data).toEqual([expect.objectContaining({ order_id: order.id, reason: 'release', product_id: a.id })]);
      const firstDay = await h.http.get('/admin/inventory-history?from=2026-03-20&to=2026-03-20').set(bearer(reader));
      expect(firstDay.body.data.map((m: { reason: string }) => m.reason)).toEqual(['restock']);
      const paged = await h.http.get(`/admin/inventory-history?product_id=${a.id}&limit=1&offset=1`).set(bearer(reader));
      expect(paged.body.pagination).toEqual({ total: 3, limit: 1, offset: 1, next_cursor: null });
      expect(paged.body.data[0].reason).toBe('reservation');
    });

    it('refuses unknown reasons, bad dates and callers without inventory:read', async () => {
      const h = createHarness();
      const reason = await h.http.get('/admin/inventory-history?reason=stolen').set(AS_ADMIN);
      expect(reason.status).toBe(422);
      expect(fieldErrors(reason.body)[0]?.field).toBe('reason');
      const date = await h.http.get('/admin/inventory-history?from=yesterday').set(AS_ADMIN);
      expect(date.status).toBe(422);
      expect(fieldErrors(date.body)[0]?.field).toBe('from');
      const ordersOnly = await issueToken(h, ['orders:read']);
      expect((await h.http.get('/admin/inventory-history').set(bearer(ordersOnly))).status).toBe(403);
    });
  });
});
