import { AS_ADMIN, createHarness, createProduct, expectDocumented, fieldErrors } from '../test-support/http-test-harness';

describe('native product endpoints', () => {
  describe('POST /admin/products', () => {
    it('creates a product: 201, snake_case, price in major units, ETag and Location', async () => {
      const h = createHarness();
      const res = await h.http
        .post('/admin/products')
        .set(AS_ADMIN)
        .send({ sku: 'TSHIRT-1', name: 'Custom T-Shirt', description: 'Cotton', price: 29.99, category: 'apparel' });
      expect(res.status).toBe(201);
      expect(res.body).toEqual({
        success: true,
        data: {
          id: expect.stringMatching(/^prod_/),
          sku: 'TSHIRT-1',
          name: 'Custom T-Shirt',
          description: 'Cotton',
          price: 29.99,
          currency: 'USD',
          status: 'active',
          category: 'apparel',
          backorder_policy: 'deny',
          expected_date: null,
          version: 1,
          created_at: '2026-03-20T12:00:00.000Z',
          updated_at: '2026-03-20T12:00:00.000Z',
        },
      });
      expect(res.headers['etag']).toBe('"1"');
      expect(res.headers['location']).toBe(`/admin/products/${res.body.data.id}`);
      await expectDocumented(h, 'post', '/admin/products', res);
    });

    it('accepts the price as a decimal string', async () => {
      const h = createHarness();
      const res = await h.http.post('/admin/products').set(AS_ADMIN).send({ sku: 'S-1', name: 'S', price: '10.50', currency: 'EUR' });
      expect(res.status).toBe(201);
      expect(res.body.data).toMatchObject({ price: 10.5, currency: 'EUR' });
    });

    it.each([
      [{ sku: 'A', name: 'A', price: 1, id: 'prod_mine' }, 'id'],
      [{ sku: 'A', name: 'A', price: 1, version: 7 }, 'version'],
      [{ sku: 'A', name: 'A', price: 1, created_at: '2020-01-01T00:00:00Z' }, 'created_at'],
    ])('refuses unknown fields, naming them (%j)', async (body, field) => {
      const h = createHarness();
      const res = await h.http.post('/admin/products').set(AS_ADMIN).send(body);
      expect(res.status).toBe(422);
      expect(fieldErrors(res.body)).toContainEqual({ field, message: 'is not allowed' });
    });

    it('reports every bad field at once', async () => {
      const h = createHarness();
      const res = await h.http.post('/admin/products').set(AS_ADMIN).send({ name: 5, price: true, status: 'gone' });
      expect(res.status).toBe(422);
      const fields = fieldErrors(res.body).map((e) => e.field);
      expect(fields).toEqual(expect.arrayContaining(['sku', 'name', 'price', 'status']));
    });

    it('refuses a price with more decimals than the currency has', async () => {
      const h = createHarness();
      const res = await h.http.post('/admin/products').set(AS_ADMIN).send({ sku: 'A', name: 'A', price: 0.001 });
      expect(res.status).toBe(422);
      expect(fieldErrors(res.body)).toEqual([{ field: 'price', message: expect.stringContaining('2 decimal places') }]);
    });

    it('answers 409 for a duplicate sku', async () => {
      const h = createHarness();
      await createProduct(h, { sku: 'DUP-1' });
      const res = await h.http.post('/admin/products').set(AS_ADMIN).send({ sku: 'DUP-1', name: 'again', price: 1 });
      expect(res.status).toBe(409);
      expect(res.body.error.code).toBe('CONFLICT');
    });
  });

  describe('GET /admin/products', () => {
    it('filters by status, category and q, and pages', async () => {
      const h = createHarness();
      await createProduct(h, { sku: 'MUG-1', name: 'Red mug', category: 'kitchen' });
      h.clock.advance(1000);
      await createProduct(h, { sku: 'MUG-2', name: 'Blue mug', category: 'kitchen', status: 'draft' });
      h.clock.advance(1000);
      await createProduct(h, { sku: 'CAP-1', name: 'Cap', category: 'apparel' });

      const all = await h.http.get('/admin/products').set(AS_ADMIN);
      expect(all.status).toBe(200);
      expect(all.body.data.map((p: { sku: string }) => p.sku)).toEqual(['CAP-1', 'MUG-2', 'MUG-1']);
      expect(all.body.pagination).toEqual({ total: 3, limit: 20, offset: 0, next_cursor: null });
      await expectDocumented(h, 'get', '/admin/products', all);

      const kitchen = await h.http.get('/admin/products?category=kitchen&status=active').set(AS_ADMIN);
      expect(kitchen.body.data.map((p: { sku: string }) => p.sku)).toEqual(['MUG-1']);
      const search = await h.http.get('/admin/products?q=mug').set(AS_ADMIN);
      expect(search.body.pagination.total).toBe(2);
      const page = await h.http.get('/admin/products?limit=1&offset=1').set(AS_ADMIN);
      expect(page.body.data.map((p: { sku: string }) => p.sku)).toEqual(['MUG-2']);
      expect(page.body.pagination).toEqual({ total: 3, limit: 1, offset: 1, next_cursor: null });
    });

    it('refuses an unknown status filter', async () => {
      const h = createHarness();
      const res = await h.http.get('/admin/products?status=deleted').set(AS_ADMIN);
      expect(res.status).toBe(422);
      expect(fieldErrors(res.body)).toEqual([{ field: 'status', message: 'must be one of active, inactive, draft' }]);
    });
  });

  describe('GET /admin/products/{id}', () => {
    it('returns the product with its ETag', async () => {
      const h = createHarness();
      const product = await createProduct(h);
      const res = await h.http.get(`/admin/products/${product.id}`).set(AS_ADMIN);
      expect(res.status).toBe(200);
      expect(res.body.data).toEqual(product);
      expect(res.headers['etag']).toBe('"1"');
      await expectDocumented(h, 'get', '/admin/products/{id}', res);
    });

    it('answers 404 for an unknown product', async () => {
      const h = createHarness();
      const res = await h.http.get('/admin/products/prod_missing').set(AS_ADMIN);
      expect(res.status).toBe(404);
      expect(res.body.error).toEqual({
        code: 'NOT_FOUND',
        message: expect.any(String),
        details: { entity: 'Product', id: 'prod_missing' },
      });
    });
  });

  describe('PATCH /admin/products/{id}', () => {
    it('changes the given fields and bumps the version', async () => {
      const h = createHarness();
      const product = await createProduct(h, { category: 'old' });
      h.clock.advance(60_000);
      const res = await h.http.patch(`/admin/products/${product.id}`).set(AS_ADMIN).send({ price: 19.5, category: null, status: 'inactive' });
      expect(res.status).toBe(200);
      expect(res.body.data).toMatchObject({ price: 19.5, category: null, status: 'inactive', version: 2, updated_at: '2026-03-20T12:01:00.000Z' });
      expect(res.headers['etag']).toBe('"2"');
      await expectDocumented(h, 'patch', '/admin/products/{id}', res);
    });

    it('honours If-Match: a stale ETag answers 412 and changes nothing', async () => {
      const h = createHarness();
      const product = await createProduct(h);
      const first = await h.http.patch(`/admin/products/${product.id}`).set(AS_ADMIN).set('If-Match', '"1"').send({ name: 'Renamed' });
      expect(first.status).toBe(200);
      const stale = await h.http.patch(`/admin/products/${product.id}`).set(AS_ADMIN).set('If-Match', '"1"').send({ name: 'Lost update' });
      expect(stale.status).toBe(412);
      expect(stale.body.error.code).toBe('PRECONDITION_FAILED');
      const now = await h.http.get(`/admin/products/${product.id}`).set(AS_ADMIN);
      expect(now.body.data).toMatchObject({ name: 'Renamed', version: 2 });
    });

    it('refuses unknown fields such as id and version', async () => {
      const h = createHarness();
      const product = await createProduct(h);
      const res = await h.http.patch(`/admin/products/${product.id}`).set(AS_ADMIN).send({ version: 9, id: 'prod_x' });
      expect(res.status).toBe(422);
      expect(fieldErrors(res.body)).toEqual(
        expect.arrayContaining([
          { field: 'version', message: 'is not allowed' },
          { field: 'id', message: 'is not allowed' },
        ]),
      );
    });

    it('refuses an empty change', async () => {
      const h = createHarness();
      const product = await createProduct(h);
      const res = await h.http.patch(`/admin/products/${product.id}`).set(AS_ADMIN).send({});
      expect(res.status).toBe(422);
    });

    it('answers 404 for an unknown product', async () => {
      const h = createHarness();
      const res = await h.http.patch('/admin/products/prod_missing').set(AS_ADMIN).send({ name: 'x' });
      expect(res.status).toBe(404);
    });
  });

  describe('backorder_policy and expected_date', () => {
    it('are accepted on create, shown on GET and changed by PATCH', async () => {
      const h = createHarness();
      const created = await h.http
        .post('/admin/products')
        .set(AS_ADMIN)
        .send({ sku: 'CONSOLE-1', name: 'Console', price: 499, backorder_policy: 'preorder', expected_date: '2026-04-01' });
      expect(created.status).toBe(201);
      expect(created.body.data).toMatchObject({ backorder_policy: 'preorder', expected_date: '2026-04-01' });
      const id = created.body.data.id as string;
      const read = await h.http.get(`/admin/products/${id}`).set(AS_ADMIN);
      expect(read.body.data).toMatchObject({ backorder_policy: 'preorder', expected_date: '2026-04-01' });
      await expectDocumented(h, 'get', '/admin/products/{id}', read);

      const changed = await h.http.patch(`/admin/products/${id}`).set(AS_ADMIN).send({ backorder_policy: 'backorder', expected_date: null });
      expect(changed.status).toBe(200);
      expect(changed.body.data).toMatchObject({ backorder_policy: 'backorder', expected_date: null, version: 2 });
      const listed = await h.http.get('/admin/products').set(AS_ADMIN);
      expect(listed.body.data[0]).toMatchObject({ id, backorder_policy: 'backorder', expected_date: null });
    });

    it('refuses an unknown policy and dates that are not calendar dates', async () => {
      const h = createHarness();
      const res = await h.http.post('/admin/products').set(AS_ADMIN).send({ sku: 'A', name: 'A', price: 1, backorder_policy: 'allow' });
      expect(res.status).toBe(422);
      expect(fieldErrors(res.body)).toEqual([{ field: 'backorder_policy', message: 'must be one of deny, backorder, preorder' }]);
      for (const date of ['2026-02-30', '01/04/2026', '2026-04-01T00:00:00Z']) {
        const bad = await h.http.post('/admin/products').set(AS_ADMIN).send({ sku: 'A', name: 'A', price: 1, expected_date: date });
        expect(bad.status).toBe(422);
        expect(fieldErrors(bad.body)).toEqual([{ field: 'expected_date', message: expect.any(String) }]);
      }
      const product = await createProduct(h);
      const patch = await h.http.patch(`/admin/products/${product.id}`).set(AS_ADMIN).send({ expected_date: 20260401 });
      expect(fieldErrors(patch.body)).toEqual([{ field: 'expected_date', message: 'must be a string or null' }]);
    });
  });
});
