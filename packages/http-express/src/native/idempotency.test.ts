import { AS_ADMIN, bearer, createHarness, createProduct, fieldErrors, orderBody, signJwt, type Harness } from '../test-support/http-test-harness';

async function orderCount(h: Harness): Promise<number> {
  return (await h.http.get('/admin/orders').set(AS_ADMIN)).body.pagination.total;
}

describe('POST /admin/orders with Idempotency-Key', () => {
  it('replays the first response for the same key and body, creating one order', async () => {
    const h = createHarness();
    const product = await createProduct(h);
    const body = orderBody(product.id);
    const first = await h.http.post('/admin/orders').set(AS_ADMIN).set('Idempotency-Key', 'key-1').send(body);
    h.clock.advance(60_000);
    const again = await h.http.post('/admin/orders').set(AS_ADMIN).set('Idempotency-Key', 'key-1').send(body);
    expect(first.status).toBe(201);
    expect(again.status).toBe(201);
    expect(again.body).toEqual(first.body);
    expect(again.text).toBe(first.text);
    expect(first.headers['idempotent-replayed']).toBeUndefined();
    expect(again.headers['idempotent-replayed']).toBe('true');
    expect(again.headers['etag']).toBe(first.headers['etag']);
    expect(again.headers['location']).toBe(first.headers['location']);
    expect(await orderCount(h)).toBe(1);
  });

  it('replays the order as it was placed, even after it changed', async () => {
    const h = createHarness();
    const product = await createProduct(h);
    const body = orderBody(product.id);
    const first = await h.http.post('/admin/orders').set(AS_ADMIN).set('Idempotency-Key', 'key-2').send(body);
    await h.http.patch(`/admin/orders/${first.body.data.id}/status`).set(AS_ADMIN).send({ status: 'confirmed' });
    const again = await h.http.post('/admin/orders').set(AS_ADMIN).set('Idempotency-Key', 'key-2').send(body);
    expect(again.status).toBe(201);
    expect(again.body).toEqual(first.body);
  });

  it('treats a body with the same meaning but another key order as the same request', async () => {
    const h = createHarness();
    const product = await createProduct(h);
    const body = orderBody(product.id);
    const reordered = Object.fromEntries(Object.entries(body).reverse());
    const first = await h.http.post('/admin/orders').set(AS_ADMIN).set('Idempotency-Key', 'key-3').send(body);
    const again = await h.http.post('/admin/orders').set(AS_ADMIN).set('Idempotency-Key', 'key-3').send(reordered);
    expect(again.status).toBe(201);
    expect(again.body).toEqual(first.body);
  });

  it('creates one order when two identical requests arrive at once', async () => {
    const h = createHarness();
    const product = await createProduct(h);
    const body = orderBody(product.id);
    const send = () => h.http.post('/admin/orders').set(AS_ADMIN).set('Idempotency-Key', 'race').send(body);
    const [a, b] = await Promise.all([send(), send()]);
    expect([a.status, b.status]).toEqual([201, 201]);
    expect(a.body).toEqual(b.body);
    expect([a.headers['idempotent-replayed'], b.headers['idempotent-replayed']].filter((v) => v === 'true')).toHaveLength(1);
    expect(await orderCount(h)).toBe(1);
  });

  it('answers 422 for the same key with a different body, and creates nothing more', async () => {
    const h = createHarness();
    const product = await createProduct(h);
    await h.http.post('/admin/orders').set(AS_ADMIN).set('Idempotency-Key', 'key-4').send(orderBody(product.id));
    const other = await h.http
      .post('/admin/orders')
      .set(AS_ADMIN)
      .set('Idempotency-Key', 'key-4')
      .send(orderBody(product.id, { items: [{ product_id: product.id, quantity: 5 }] }));
    expect(other.status).toBe(422);
    expect(other.body.error).toEqual({ code: 'IDEMPOTENCY_CONFLICT', message: expect.any(String), details: { idempotency_key: 'key-4' } });
    expect(await orderCount(h)).toBe(1);
  });

  it('scopes keys to the caller: the same key from someone else creates a separate order', async () => {
    const h = createHarness();
    const product = await createProduct(h);
    const body = orderBody(product.id);
    const mine = await h.http.post('/admin/orders').set(AS_ADMIN).set('Idempotency-Key', 'shared').send(body);
    const theirs = await h.http
      .post('/admin/orders')
      .set(bearer(signJwt({ sub: 'someone-else', role: 'staff' })))
      .set('Idempotency-Key', 'shared')
      .send(body);
    expect(theirs.status).toBe(201);
    expect(theirs.headers['idempotent-replayed']).toBeUndefined();
    expect(theirs.body.data.id).not.toBe(mine.body.data.id);
    expect(await orderCount(h)).toBe(2);
  });

  it('creates a new order for each request without a key', async () => {
    const h = createHarness();
    const product = await createProduct(h);
    const body = orderBody(product.id);
    await h.http.post('/admin/orders').set(AS_ADMIN).send(body);
    await h.http.post('/admin/orders').set(AS_ADMIN).send(body);
    expect(await orderCount(h)).toBe(2);
  });

  it('refuses an overlong key, naming the header', async () => {
    const h = createHarness();
    const product = await createProduct(h);
    const res = await h.http.post('/admin/orders').set(AS_ADMIN).set('Idempotency-Key', 'k'.repeat(256)).send(orderBody(product.id));
    expect(res.status).toBe(422);
    expect(fieldErrors(res.body).map((e) => e.field)).toEqual(['Idempotency-Key']);
    expect(await orderCount(h)).toBe(0);
  });
});
