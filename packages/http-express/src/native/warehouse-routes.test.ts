import { AS_ADMIN, bearer, createHarness, expectDocumented, fieldErrors, issueToken, signJwt } from '../test-support/http-test-harness';

describe('native warehouse endpoints', () => {
  describe('POST /admin/warehouses', () => {
    it('creates a warehouse: 201, code upper-cased, defaults, ETag and Location', async () => {
      const h = createHarness();
      const res = await h.http.post('/admin/warehouses').set(AS_ADMIN).send({ code: 'eu-1', name: 'Berlin' });
      expect(res.status).toBe(201);
      expect(res.body).toEqual({
        success: true,
        data: {
          id: expect.stringMatching(/^wh_/),
          code: 'EU-1',
          name: 'Berlin',
          active: true,
          priority: 100,
          version: 1,
          created_at: '2026-03-20T12:00:00.000Z',
          updated_at: '2026-03-20T12:00:00.000Z',
        },
      });
      expect(res.headers['etag']).toBe('"1"');
      expect(res.headers['location']).toBe(`/admin/warehouses/${res.body.data.id}`);
      await expectDocumented(h, 'post', '/admin/warehouses', res);
    });

    it('answers 409 for a code that is taken, whatever its case', async () => {
      const h = createHarness();
      await h.http.post('/admin/warehouses').set(AS_ADMIN).send({ code: 'EU-1', name: 'Berlin' }).expect(201);
      const res = await h.http.post('/admin/warehouses').set(AS_ADMIN).send({ code: 'eu-1', name: 'Again' });
      expect(res.status).toBe(409);
      expect(res.body.error).toEqual({ code: 'CONFLICT', message: expect.any(String), details: { field: 'code', code: 'EU-1' } });
    });

    it('answers 422 for a code with characters outside the pattern, unknown fields and a fractional priority', async () => {
      const h = createHarness();
      const bad = await h.http.post('/admin/warehouses').set(AS_ADMIN).send({ code: 'EU 1!', name: 'x' });
      expect(bad.status).toBe(422);
      expect(fieldErrors(bad.body).map((e) => e.field)).toEqual(['code']);
      const unknown = await h.http.post('/admin/warehouses').set(AS_ADMIN).send({ code: 'A', name: 'x', id: 'wh_mine', priority: 1.5 });
      expect(unknown.status).toBe(422);
      expect(fieldErrors(unknown.body)).toEqual(
        expect.arrayContaining([
          { field: 'id', message: 'is not allowed' },
          { field: 'priority', message: 'must be a whole number' },
        ]),
      );
    });

    it('needs inventory:write: 401 without a token, 403 with inventory:read only', async () => {
      const h = createHarness();
      const anonymous = await h.http.post('/admin/warehouses').send({ code: 'A', name: 'x' });
      expect(anonymous.status).toBe(401);
      const reader = await issueToken(h, ['inventory:read']);
      const res = await h.http.post('/admin/warehouses').set(bearer(reader)).send({ code: 'A', name: 'x' });
      expect(res.status).toBe(403);
      expect(res.body.error.details).toEqual({ required_scope: 'inventory:write' });
    });
  });

  describe('GET /admin/warehouses', () => {
    it('lists the default warehouse and created ones in reservation order; active_only filters', async () => {
      const h = createHarness();
      await h.http.post('/admin/warehouses').set(AS_ADMIN).send({ code: 'B', name: 'Second', priority: 20 }).expect(201);
      await h.http.post('/admin/warehouses').set(AS_ADMIN).send({ code: 'A', name: 'Off', priority: 10, active: false }).expect(201);
      const reader = await issueToken(h, ['inventory:read']);
      const res = await h.http.get('/admin/warehouses').set(bearer(reader));
      expect(res.status).toBe(200);
      expect(res.body.data.map((w: { code: string }) => w.code)).toEqual(['DEFAULT', 'A', 'B']);
      await expectDocumented(h, 'get', '/admin/warehouses', res);
      const active = await h.http.get('/admin/warehouses?active_only=true').set(bearer(reader));
      expect(active.body.data.map((w: { code: string }) => w.code)).toEqual(['DEFAULT', 'B']);
    });

    it('refuses staff without an inventory scope and unknown query parameters', async () => {
      const h = createHarness();
      const staff = signJwt({ sub: 'clerk', role: 'staff', scope: 'orders:read' });
      const res = await h.http.get('/admin/warehouses').set(bearer(staff));
      expect(res.status).toBe(403);
      const unknown = await h.http.get('/admin/warehouses?code=A').set(AS_ADMIN);
      expect(unknown.status).toBe(422);
      expect(fieldErrors(unknown.body)).toEqual([{ field: 'code', message: 'is not allowed' }]);
    });
  });

  describe('PATCH /admin/warehouses/{id}', () => {
    it('changes fields, bumps the version and honours If-Match (412 when stale, nothing changed)', async () => {
      const h = createHarness();
      const created = (await h.http.post('/admin/warehouses').set(AS_ADMIN).send({ code: 'EU-1', name: 'Berlin' })).body.data;
      h.clock.advance(60_000);
      const res = await h.http.patch(`/admin/warehouses/${created.id}`).set(AS_ADMIN).set('If-Match', '"1"').send({ name: 'Berlin 2', active: false });
      expect(res.status).toBe(200);
      expect(res.body.data).toMatchObject({ name: 'Berlin 2', active: false, version: 2, updated_at: '2026-03-20T12:01:00.000Z' });
      expect(res.headers['etag']).toBe('"2"');
      await expectDocumented(h, 'patch', '/admin/warehouses/{id}', res);

      const stale = await h.http.patch(`/admin/warehouses/${created.id}`).set(AS_ADMIN).set('If-Match', '"1"').send({ name: 'Lost update' });
      expect(stale.status).toBe(412);
      const list = await h.http.get('/admin/warehouses').set(AS_ADMIN);
      expect(list.body.data.find((w: { id: string }) => w.id === created.id).name).toBe('Berlin 2');
    });

    it('answers 409 when renaming to a code that is taken, 404 for an unknown warehouse, 422 for an empty change', async () => {
      const h = createHarness();
      const created = (await h.http.post('/admin/warehouses').set(AS_ADMIN).send({ code: 'EU-1', name: 'Berlin' })).body.data;
      const taken = await h.http.patch(`/admin/warehouses/${created.id}`).set(AS_ADMIN).send({ code: 'default' });
      expect(taken.status).toBe(409);
      const missing = await h.http.patch('/admin/warehouses/wh_missing').set(AS_ADMIN).send({ name: 'x' });
      expect(missing.status).toBe(404);
      expect(missing.body.error.details).toEqual({ entity: 'Warehouse', id: 'wh_missing' });
      const empty = await h.http.patch(`/admin/warehouses/${created.id}`).set(AS_ADMIN).send({});
      expect(empty.status).toBe(422);
    });
  });
});
