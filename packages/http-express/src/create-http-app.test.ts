import { AS_ADMIN, createHarness, createProduct, fieldErrors, orderBody } from './test-support/http-test-harness';

describe('createHttpApp: the edge', () => {
  describe('request ids and logs', () => {
    it('echoes an acceptable X-Request-Id and logs one line for the request, without query string or secrets', async () => {
      const h = createHarness();
      const res = await h.http.get('/admin/orders?limit=5').set(AS_ADMIN).set('X-Request-Id', 'abc-123.X_y');
      expect(res.status).toBe(200);
      expect(res.headers['x-request-id']).toBe('abc-123.X_y');
      const lines = h.logger.lines.filter((line) => line.msg === 'request completed');
      expect(lines).toHaveLength(1);
      expect(lines[0]?.obj).toEqual({
        method: 'GET',
        path: '/admin/orders',
        status: 200,
        duration_ms: expect.any(Number),
      });
      expect(lines[0]?.bindings).toEqual({ request_id: 'abc-123.X_y' });
      expect(JSON.stringify(h.logger.lines)).not.toContain('admin-token-for-tests');
    });

    it('replaces an unacceptable X-Request-Id with a generated one', async () => {
      const h = createHarness();
      for (const bad of ['has space', 'x'.repeat(129), 'semi;colon', '']) {
        const res = await h.http.get('/healthz').set('X-Request-Id', bad);
        expect(res.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
      }
    });

    it('generates a fresh id for each request without one', async () => {
      const h = createHarness();
      const a = await h.http.get('/healthz');
      const b = await h.http.get('/healthz');
      expect(a.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
      expect(a.headers['x-request-id']).not.toBe(b.headers['x-request-id']);
    });

    it('never logs request bodies', async () => {
      const h = createHarness();
      const product = await createProduct(h, { name: 'Secret Sauce Name' });
      await h.http.post('/admin/orders').set(AS_ADMIN).send(orderBody(product.id, { notes: 'very private note' }));
      const logged = JSON.stringify(h.logger.lines);
      expect(logged).not.toContain('very private note');
      expect(logged).not.toContain('Secret Sauce Name');
    });
  });

  describe('security headers', () => {
    it('does not advertise Express and forbids content sniffing', async () => {
      const h = createHarness();
      const res = await h.http.get('/healthz');
      expect(res.headers['x-powered-by']).toBeUndefined();
      expect(res.headers['x-content-type-options']).toBe('nosniff');
    });
  });

  describe('unknown routes', () => {
    it.each([
      ['get', '/nope'],
      ['delete', '/admin/orders'],
      ['post', '/admin/orders/counts'],
    ] as const)('%s %s answers 404 ROUTE_NOT_FOUND in the error shape', async (method, path) => {
      const h = createHarness();
      const res = await h.http[method](path).set(AS_ADMIN);
      expect(res.status).toBe(404);
      expect(res.body).toEqual({ success: false, error: { code: 'ROUTE_NOT_FOUND', message: expect.any(String), details: {} } });
    });

    it('is case sensitive', async () => {
      const h = createHarness();
      const res = await h.http.get('/ADMIN/ORDERS').set(AS_ADMIN);
      expect(res.status).toBe(404);
    });
  });

  describe('request bodies', () => {
    it('answers 400 MALFORMED_JSON for a body that is not JSON', async () => {
      const h = createHarness();
      const res = await h.http.post('/admin/orders').set(AS_ADMIN).set('Content-Type', 'application/json').send('{"customer_id": ');
      expect(res.status).toBe(400);
      expect(res.body.error.code).toBe('MALFORMED_JSON');
      expect(res.body.success).toBe(false);
    });

    it('answers 413 for a body over 1 MiB and creates nothing', async () => {
      const h = createHarness();
      const product = await createProduct(h);
      const body = orderBody(product.id, { notes: 'x'.repeat(1024 * 1024) });
      const res = await h.http.post('/admin/orders').set(AS_ADMIN).send(body);
      expect(res.status).toBe(413);
      expect(res.body.error.code).toBe('PAYLOAD_TOO_LARGE');
      const list = await h.http.get('/admin/orders').set(AS_ADMIN);
      expect(list.body.pagination.total).toBe(0);
    });

    it('accepts a body just under the limit (then the core judges it)', async () => {
      const h = createHarness({ bodyLimitBytes: 2048 });
      const product = await createProduct(h);
      const small = await h.http.post('/admin/orders').set(AS_ADMIN).send(orderBody(product.id, { notes: 'x'.repeat(1000) }));
      expect(small.status).toBe(201);
      const big = await h.http.post('/admin/orders').set(AS_ADMIN).send(orderBody(product.id, { notes: 'x'.repeat(3000) }));
      expect(big.status).toBe(413);
    });

    it('answers 415 for a body that is not JSON by its content type', async () => {
      const h = createHarness();
      const form = await h.http.post('/admin/products').set(AS_ADMIN).type('form').send('sku=A&name=B&price=1');
      expect(form.status).toBe(415);
      expect(form.body.error.code).toBe('UNSUPPORTED_MEDIA_TYPE');
      const text = await h.http.post('/admin/products').set(AS_ADMIN).set('Content-Type', 'text/plain').send('{"sku":"A"}');
      expect(text.status).toBe(415);
      const latin1 = await h.http
        .post('/admin/products')
        .set(AS_ADMIN)
        .set('Content-Type', 'application/json; charset=latin1')
        .send('{"sku":"A"}');
      expect(latin1.status).toBe(415);
    });

    it('accepts application/*+json', async () => {
      const h = createHarness();
      const res = await h.http
        .post('/admin/products')
        .set(AS_ADMIN)
        .set('Content-Type', 'application/merge-patch+json')
        .send(JSON.stringify({ sku: 'MP-1', name: 'Merge', price: 1 }));
      expect(res.status).toBe(201);
    });

    it('checks an absent body like an empty object, naming every required field', async () => {
      const h = createHarness();
      const res = await h.http.post('/admin/orders').set(AS_ADMIN);
      expect(res.status).toBe(422);
      const fields = fieldErrors(res.body).map((e) => e.field);
      expect(fields).toEqual(expect.arrayContaining(['customer_id', 'items', 'shipping_address']));
    });

    it('refuses a JSON body that is not an object', async () => {
      const h = createHarness();
      const res = await h.http.post('/admin/orders').set(AS_ADMIN).send([1, 2]);
      expect(res.status).toBe(422);
      expect(fieldErrors(res.body)).toContainEqual({ field: 'body', message: 'must be an object' });
    });
  });

  describe('query strings', () => {
    it('refuses unknown query parameters, naming them', async () => {
      const h = createHarness();
      const res = await h.http.get('/admin/orders?limit=5&hack=1').set(AS_ADMIN);
      expect(res.status).toBe(422);
      expect(fieldErrors(res.body)).toEqual([{ field: 'hack', message: 'is not allowed' }]);
    });

    it('refuses query parameters on routes that take none', async () => {
      const h = createHarness();
      const res = await h.http.get('/admin/orders/counts?x=1').set(AS_ADMIN);
      expect(res.status).toBe(422);
      expect(fieldErrors(res.body)).toEqual([{ field: 'x', message: 'is not allowed' }]);
    });

    it('refuses non-numeric and out-of-range numbers', async () => {
      const h = createHarness();
      const res = await h.http.get('/admin/orders?limit=abc&offset=-1').set(AS_ADMIN);
      expect(res.status).toBe(422);
      const fields = fieldErrors(res.body).map((e) => e.field);
      expect(fields).toEqual(expect.arrayContaining(['limit', 'offset']));
      const tooMany = await h.http.get('/admin/orders?limit=101').set(AS_ADMIN);
      expect(tooMany.status).toBe(422);
      expect(fieldErrors(tooMany.body).map((e) => e.field)).toEqual(['limit']);
    });

    it('refuses a repeated parameter', async () => {
      const h = createHarness();
      const res = await h.http.get('/admin/orders?q=a&q=b').set(AS_ADMIN);
      expect(res.status).toBe(422);
      expect(fieldErrors(res.body).map((e) => e.field)).toEqual(['q']);
    });
  });

  describe('unexpected errors', () => {
    it('answers 500 with a generic body and logs the error with the request id', async () => {
      const h = createHarness();
      const secret = 'SELECT * FROM orders WHERE secret = 1 at /srv/app/src/db.ts:42';
      jest.spyOn(h.core.listOrders, 'execute').mockRejectedValue(new Error(secret));
      const res = await h.http.get('/admin/orders').set(AS_ADMIN).set('X-Request-Id', 'req-500');
      expect(res.status).toBe(500);
      expect(res.body).toEqual({
        success: false,
        error: { code: 'INTERNAL_ERROR', message: expect.any(String), details: { request_id: 'req-500' } },
      });
      expect(res.text).not.toContain('SELECT');
      expect(res.text).not.toContain('/srv/app');
      expect(res.text).not.toContain('stack');
      expect(res.text).not.toMatch(/at .*\.ts/);
      const logged = h.logger.lines.find((line) => line.level === 'error');
      expect(logged?.bindings).toEqual({ request_id: 'req-500' });
      expect(logged?.obj).toMatchObject({ err: { message: secret } });
    });

    it('treats a thrown non-error the same way', async () => {
      const h = createHarness();
      jest.spyOn(h.core.countOrdersByStatus, 'execute').mockRejectedValue('boom string');
      const res = await h.http.get('/admin/orders/counts').set(AS_ADMIN);
      expect(res.status).toBe(500);
      expect(res.text).not.toContain('boom');
    });

    it('answers 500 when the authenticator itself fails (a database outage is not a bad token)', async () => {
      const h = createHarness();
      jest.spyOn(h.core.authenticateApiToken, 'execute').mockRejectedValue(new Error('connection refused'));
      const res = await h.http.get('/admin/orders').set('Authorization', 'Bearer some-opaque-token');
      expect(res.status).toBe(500);
      expect(res.text).not.toContain('connection refused');
    });

    it('answers 400 for an undecodable path parameter', async () => {
      const h = createHarness();
      const res = await h.http.get('/admin/orders/%E0%A4%A').set(AS_ADMIN);
      expect(res.status).toBe(400);
      expect(res.body.error.code).toBe('BAD_REQUEST');
    });
  });

  describe('GET /healthz', () => {
    it('answers 200 without authentication when healthy', async () => {
      const h = createHarness();
      const res = await h.http.get('/healthz');
      expect(res.status).toBe(200);
      expect(res.body).toEqual({ success: true, data: { status: 'ok' } });
    });

    it('answers 503 when the health check fails, without saying why', async () => {
      const h = createHarness({
        health: async () => {
          throw new Error('database file /var/lib/oms/orders.sqlite is locked');
        },
      });
      const res = await h.http.get('/healthz');
      expect(res.status).toBe(503);
      expect(res.body.success).toBe(false);
      expect(res.body.error.code).toBe('SERVICE_UNAVAILABLE');
      expect(res.text).not.toContain('sqlite');
      expect(h.logger.lines.some((line) => line.level === 'warn' && JSON.stringify(line.obj).includes('locked'))).toBe(true);
    });
  });
});
