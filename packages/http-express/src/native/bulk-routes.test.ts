import { AS_ADMIN, bearer, createHarness, createProduct, expectDocumented, fieldErrors, issueToken } from '../test-support/http-test-harness';

describe('POST /admin/bulk/products/update', () => {
  it('applies the same changes to every listed product and answers them in order', async () => {
    const h = createHarness();
    const a = await createProduct(h, { category: 'old', price: 10 });
    const b = await createProduct(h, { currency: 'JPY', price: 1000 });
    const untouched = await createProduct(h, { category: 'old' });
    h.clock.advance(60_000);
    const res = await h.http
      .post('/admin/bulk/products/update')
      .set(AS_ADMIN)
      .send({
        product_ids: [b.id, a.id, b.id],
        updates: { status: 'inactive', category: 'cat_02', price: '25', backorder_policy: 'preorder', expected_date: '2026-04-01' },
      });
    expect(res.status).toBe(200);
    expect(res.body.data.map((p: { id: string }) => p.id)).toEqual([b.id, a.id]);
    for (const product of res.body.data) {
      expect(product).toMatchObject({
        status: 'inactive',
        category: 'cat_02',
        price: 25,
        backorder_policy: 'preorder',
        expected_date: '2026-04-01',
        version: 2,
        updated_at: '2026-03-20T12:01:00.000Z',
      });
    }
    expect(res.body.data[0].currency).toBe('JPY');
    await expectDocumented(h, 'post', '/admin/bulk/products/update', res);
    const other = await h.http.get(`/admin/products/${untouched.id}`).set(AS_ADMIN);
    expect(other.body.data).toMatchObject({ category: 'old', version: 1 });
  });

  it('answers 404 naming the unknown ids, and changes nothing', async () => {
    const h = createHarness();
    const a = await createProduct(h, { category: 'old' });
    const res = await h.http
      .post('/admin/bulk/products/update')
      .set(AS_ADMIN)
      .send({ product_ids: [a.id, 'prod_gone', 'prod_lost'], updates: { category: 'new' } });
    expect(res.status).toBe(404);
    expect(res.body.error).toEqual({
      code: 'NOT_FOUND',
      message: expect.stringContaining('prod_gone'),
      details: { entity: 'Product', missing_ids: ['prod_gone', 'prod_lost'] },
    });
    const after = await h.http.get(`/admin/products/${a.id}`).set(AS_ADMIN);
    expect(after.body.data).toMatchObject({ category: 'old', version: 1 });
  });

  it('refuses unknown fields, an empty id list, an empty change and a bad price', async () => {
    const h = createHarness();
    const a = await createProduct(h);
    const unknown = await h.http.post('/admin/bulk/products/update').set(AS_ADMIN).send({ product_ids: [a.id], updates: { name: 'x' }, dry_run: true });
    expect(unknown.status).toBe(422);
    expect(fieldErrors(unknown.body)).toEqual(
      expect.arrayContaining([
        { field: 'updates.name', message: 'is not allowed' },
        { field: 'dry_run', message: 'is not allowed' },
      ]),
    );
    const empty = await h.http.post('/admin/bulk/products/update').set(AS_ADMIN).send({ product_ids: [], updates: { status: 'draft' } });
    expect(fieldErrors(empty.body)[0]?.field).toBe('product_ids');
    const nothing = await h.http.post('/admin/bulk/products/update').set(AS_ADMIN).send({ product_ids: [a.id], updates: {} });
    expect(nothing.status).toBe(422);
    expect(fieldErrors(nothing.body)).toEqual([{ field: 'updates', message: 'must change at least one field' }]);
    const price = await h.http.post('/admin/bulk/products/update').set(AS_ADMIN).send({ product_ids: [a.id], updates: { price: 1.234 } });
    expect(price.status).toBe(422);
    expect(fieldErrors(price.body)[0]?.field).toBe('updates.price');
    const policy = await h.http.post('/admin/bulk/products/update').set(AS_ADMIN).send({ product_ids: [a.id], updates: { backorder_policy: 'allow' } });
    expect(fieldErrors(policy.body)[0]?.field).toBe('updates.backorder_policy');
  });

  it('needs products:write', async () => {
    const h = createHarness();
    const a = await createProduct(h);
    const reader = await issueToken(h, ['products:read', 'inventory:write']);
    const res = await h.http.post('/admin/bulk/products/update').set(bearer(reader)).send({ product_ids: [a.id], updates: { status: 'draft' } });
    expect(res.status).toBe(403);
    expect(res.body.error.details).toEqual({ required_scope: 'products:write' });
    expect((await h.http.post('/admin/bulk/products/update').send({ product_ids: [a.id], updates: {} })).status).toBe(401);
  });
});
