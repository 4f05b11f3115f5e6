import jwt from 'jsonwebtoken';
import {
  AS_ADMIN,
  bearer,
  createHarness,
  createProduct,
  issueToken,
  JWT_SECRET,
  orderBody,
  placeOrder,
  signJwt,
} from '../test-support/http-test-harness';

describe('authentication and authorization over HTTP', () => {
  describe('401', () => {
    it('refuses a request without Authorization, with a Bearer challenge', async () => {
      const h = createHarness();
      const res = await h.http.get('/admin/orders');
      expect(res.status).toBe(401);
      expect(res.headers['www-authenticate']).toMatch(/^Bearer\b/);
      expect(res.body).toEqual({ success: false, error: { code: 'UNAUTHENTICATED', message: expect.any(String), details: {} } });
    });

    it.each([
      ['an unknown token', 'Bearer not-a-token'],
      ['another scheme', `Basic ${Buffer.from('admin:admin').toString('base64')}`],
      ['an empty bearer', 'Bearer '],
      ['two tokens', 'Bearer a b'],
    ])('refuses %s', async (_name, authorization) => {
      const h = createHarness();
      const res = await h.http.get('/admin/orders').set('Authorization', authorization);
      expect(res.status).toBe(401);
      expect(res.headers['www-authenticate']).toMatch(/^Bearer\b/);
      expect(res.body.error.code).toBe('UNAUTHENTICATED');
    });

    it('refuses an expired JWT', async () => {
      const h = createHarness();
      const expired = jwt.sign({ sub: 'u1', role: 'admin', exp: Math.floor(Date.now() / 1000) - 1 }, JWT_SECRET, { algorithm: 'HS256' });
      const res = await h.http.get('/admin/orders').set(bearer(expired));
      expect(res.status).toBe(401);
      expect(res.headers['www-authenticate']).toContain('invalid_token');
    });

    it('refuses an `alg: none` JWT claiming to be an admin', async () => {
      const h = createHarness();
      const part = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');
      const token = `${part({ alg: 'none', typ: 'JWT' })}.${part({ sub: 'mallory', role: 'admin' })}.`;
      const res = await h.http.get('/admin/orders').set(bearer(token));
      expect(res.status).toBe(401);
    });

    it('refuses a revoked API token', async () => {
      const h = createHarness();
      const { core } = h;
      const issued = await core.issueApiToken.execute({ name: 'old', scopes: ['orders:read'] }, { kind: 'system', id: 'test' });
      expect((await h.http.get('/admin/orders').set(bearer(issued.secret))).status).toBe(200);
      await core.revokeApiToken.execute({ tokenId: issued.token.id }, { kind: 'system', id: 'test' });
      expect((await h.http.get('/admin/orders').set(bearer(issued.secret))).status).toBe(401);
    });

    it('authenticates before reading the body', async () => {
      const h = createHarness();
      const res = await h.http.post('/admin/orders').set('Content-Type', 'application/json').send('{not json');
      expect(res.status).toBe(401);
    });
  });

  describe('403', () => {
    it('refuses customers on every admin route', async () => {
      const h = createHarness();
      const product = await createProduct(h);
      const order = await placeOrder(h, orderBody(product.id, { customer_id: 'cust_1' }));
      const customer = bearer(signJwt({ sub: 'cust_1', role: 'customer', customer_id: 'cust_1' }));
      const attempts = [
        h.http.get('/admin/orders').set(customer),
        h.http.get('/admin/orders/counts').set(customer),
        h.http.get(`/admin/orders/${order.id}`).set(customer),
        h.http.post('/admin/orders').set(customer).send(orderBody(product.id, { customer_id: 'cust_1' })),
        h.http.patch(`/admin/orders/${order.id}/status`).set(customer).send({ status: 'confirmed' }),
        h.http.post(`/admin/orders/${order.id}/cancel`).set(customer).send({}),
        h.http.get('/admin/products').set(customer),
      ];
      for (const res of await Promise.all(attempts)) {
        expect(res.status).toBe(403);
        expect(res.body.error.code).toBe('FORBIDDEN');
      }
      const after = await h.http.get(`/admin/orders/${order.id}`).set(AS_ADMIN);
      expect(after.body.data.status).toBe('pending');
      expect((await h.http.get('/admin/orders').set(AS_ADMIN)).body.pagination.total).toBe(1);
    });

    it('refuses an API token without the scope, naming the scope', async () => {
      const h = createHarness();
      const token = await issueToken(h, ['products:read']);
      const res = await h.http.get('/admin/orders').set(bearer(token));
      expect(res.status).toBe(403);
      expect(res.body.error).toEqual({ code: 'FORBIDDEN', message: expect.any(String), details: { required_scope: 'orders:read' } });
      expect((await h.http.get('/admin/products').set(bearer(token))).status).toBe(200);
    });

    it('refuses staff without the scope, and changes nothing', async () => {
      const h = createHarness();
      const product = await createProduct(h);
      const order = await placeOrder(h, orderBody(product.id));
      const reader = bearer(signJwt({ sub: 'clerk', role: 'staff', scope: 'orders:read' }));
      const res = await h.http.patch(`/admin/orders/${order.id}/status`).set(reader).send({ status: 'confirmed' });
      expect(res.status).toBe(403);
      expect(res.body.error.details).toEqual({ required_scope: 'orders:write' });
      const create = await h.http.post('/admin/products').set(reader).send({ sku: 'X-1', name: 'X', price: 1 });
      expect(create.status).toBe(403);
      const after = await h.http.get(`/admin/orders/${order.id}`).set(reader);
      expect(after.body.data.status).toBe('pending');
      expect(after.body.data.version).toBe(1);
    });
  });

  describe('allowed callers', () => {
    it('lets staff with the default scopes read and write orders', async () => {
      const h = createHarness();
      const product = await createProduct(h);
      const staff = bearer(signJwt({ sub: 'clerk', role: 'staff', email: 'clerk@example.com' }));
      const order = await placeOrder(h, orderBody(product.id), staff);
      const changed = await h.http.patch(`/admin/orders/${order.id}/status`).set(staff).send({ status: 'confirmed' });
      expect(changed.status).toBe(200);
      expect(changed.body.data.timeline[1].actor).toEqual({ kind: 'staff', id: 'clerk', display: 'clerk@example.com' });
    });

    it('lets an admin JWT do everything', async () => {
      const h = createHarness();
      const admin = bearer(signJwt({ sub: 'root', role: 'admin' }));
      const res = await h.http.post('/admin/products').set(admin).send({ sku: 'ADM-1', name: 'A', price: 1 });
      expect(res.status).toBe(201);
    });

    it('lets a write-only integration place an order and still answers with the full order', async () => {
      const h = createHarness();
      const product = await createProduct(h);
      const writer = bearer(await issueToken(h, ['orders:write']));
      const res = await h.http.post('/admin/orders').set(writer).send(orderBody(product.id));
      expect(res.status).toBe(201);
      expect(res.body.data.timeline).toEqual([
        { status: 'pending', from: null, reason: null, actor: expect.objectContaining({ kind: 'integration' }), at: expect.any(String) },
      ]);
      expect((await h.http.get(`/admin/orders/${res.body.data.id}`).set(writer)).status).toBe(403);
    });

    it('serves /healthz and /openapi.json without credentials', async () => {
      const h = createHarness();
      expect((await h.http.get('/healthz')).status).toBe(200);
      expect((await h.http.get('/openapi.json')).status).toBe(200);
    });
  });
});
