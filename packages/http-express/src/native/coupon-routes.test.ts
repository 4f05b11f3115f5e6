import { AS_ADMIN, asCustomer, bearer, createHarness, expectDocumented, fieldErrors, signJwt } from '../test-support/http-test-harness';

// Staff without an explicit scope claim hold products:read but not products:write.
const STAFF = bearer(signJwt({ sub: 'staff_marc', role: 'staff' }));
const CATALOG_WRITER = bearer(signJwt({ sub: 'staff_cat', role: 'staff', scope: 'products:read products:write' }));
const ORDERS_ONLY = bearer(signJwt({ sub: 'staff_ops', role: 'staff', scope: 'orders:read' }));

describe('POST /admin/coupons', () => {
  it('creates a percentage coupon and shows every field (percent_off as a number)', async () => {
    const h = createHarness();
    const res = await h.http.post('/admin/coupons').set(AS_ADMIN).send({ code: 'spring-12', type: 'percentage', percent_off: 12.5 });
    expect(res.status).toBe(201);
    expect(res.headers['etag']).toBe('"1"');
    expect(res.headers['location']).toBe('/admin/coupons/SPRING-12');
    expect(res.body).toEqual({
      success: true,
      data: {
        code: 'SPRING-12',
        type: 'percentage',
        percent_off: 12.5,
        amount_off: null,
        currency: null,
        minimum_subtotal: null,
        starts_at: null,
        ends_at: null,
        max_redemptions: null,
        max_redemptions_per_customer: null,
        redemptions: 0,
        active: true,
        version: 1,
        created_at: '2026-03-20T12:00:00.000Z',
        updated_at: '2026-03-20T12:00:00.000Z',
      },
    });
    await expectDocumented(h, 'post', '/admin/coupons', res);
  });

  it('creates a fixed coupon with a minimum, a window and limits, amounts in major units', async () => {
    const h = createHarness();
    const res = await h.http.post('/admin/coupons').set(CATALOG_WRITER).send({
      code: 'TENOFF',
      type: 'fixed',
      amount_off: '10.50',
      currency: 'USD',
      minimum_subtotal: 50,
      starts_at: '2026-03-01',
      ends_at: '2026-04-01T00:00:00Z',
      max_redemptions: 10,
      max_redemptions_per_customer: 1,
      active: false,
    });
    expect(res.status).toBe(201);
    expect(res.body.data).toMatchObject({
      code: 'TENOFF',
      type: 'fixed',
      percent_off: null,
      amount_off: 10.5,
      currency: 'USD',
      minimum_subtotal: 50,
      starts_at: '2026-03-01T00:00:00.000Z',
      ends_at: '2026-04-01T00:00:00.000Z',
      max_redemptions: 10,
      max_redemptions_per_customer: 1,
      active: false,
    });
    await expectDocumented(h, 'post', '/admin/coupons', res);
    const jpy = await h.http.post('/admin/coupons').set(AS_ADMIN).send({ code: 'YEN', type: 'fixed', amount_off: 500, currency: 'JPY' });
    expect(jpy.body.data).toMatchObject({ amount_off: 500, currency: 'JPY' });
    const tiny = await h.http.post('/admin/coupons').set(AS_ADMIN).send({ code: 'TINY', type: 'percentage', percent_off: '0.01' });
    expect(tiny.body.data.percent_off).toBe(0.01);
  });

  it('names what is wrong (422), refuses a taken code (409) and unknown fields', async () => {
    const h = createHarness();
    const post = (body: object) => h.http.post('/admin/coupons').set(AS_ADMIN).send(body);
    const cases: [object, { field: string; message: string }[]][] = [
      [{ code: 'A1', type: 'percentage' }, [{ field: 'percent_off', message: 'is required for a percentage coupon' }]],
      [{ code: 'A1', type: 'percentage', percent_off: 100.5 }, [{ field: 'percent_off', message: 'must be between 0.01 and 100' }]],
      [{ code: 'A1', type: 'percentage', percent_off: 10, amount_off: 5 }, [{ field: 'amount_off', message: 'is only for fixed coupons' }]],
      [{ code: 'A1', type: 'fixed', amount_off: 5 }, [{ field: 'currency', message: 'is required for a fixed coupon' }]],
      [{ code: 'A1', type: 'fixed', amount_off: 0, currency: 'USD' }, [{ field: 'amount_off', message: 'must be more than zero' }]],
      [{ code: 'x', type: 'percentage', percent_off: 5 }, [{ field: 'code', message: 'must be 2 to 40 letters, digits, "_" or "-"' }]],
      [{ code: 'A1', type: 'bogus' }, [{ field: 'type', message: 'must be one of percentage, fixed' }]],
      [{ code: 'A1', type: 'percentage', percent_off: 5, max_redemptions: 2.5 }, [{ field: 'max_redemptions', message: 'must be a whole number or null' }]],
      [{ code: 'A1', type: 'percentage', percent_off: 5, redemptions: 3 }, [{ field: 'redemptions', message: 'is not allowed' }]],
      [{ type: 'percentage', percent_off: 5 }, [{ field: 'code', message: 'is required' }]],
    ];
    for (const [body, errors] of cases) {
      const res = await post(body);
      expect({ body, status: res.status, errors: fieldErrors(res.body) }).toEqual({ body, status: 422, errors });
    }
    const window = await post({ code: 'A1', type: 'percentage', percent_off: 5, starts_at: '2026-04-01', ends_at: '2026-03-01' });
    expect(fieldErrors(window.body)).toEqual([{ field: 'ends_at', message: 'must be after starts_at' }]);

    expect((await post({ code: 'TAKEN', type: 'percentage', percent_off: 5 })).status).toBe(201);
    const taken = await post({ code: 'taken', type: 'fixed', amount_off: 1, currency: 'USD' });
    expect(taken.status).toBe(409);
    expect(taken.body.error).toMatchObject({ code: 'CONFLICT', details: { field: 'code', code: 'TAKEN' } });
  });

  it('needs products:write (403 naming it); customers never reach it', async () => {
    const h = createHarness();
    const body = { code: 'NOPE', type: 'percentage', percent_off: 5 };
    const staff = await h.http.post('/admin/coupons').set(STAFF).send(body);
    expect(staff.status).toBe(403);
    expect(staff.body.error.details).toEqual({ required_scope: 'products:write' });
    expect((await h.http.post('/admin/coupons').set(asCustomer('cust_a')).send(body)).status).toBe(403);
    expect((await h.http.post('/admin/coupons').send(body)).status).toBe(401);
  });
});

describe('GET /admin/coupons', () => {
  it('lists newest first, paged, for anyone with products:read', async () => {
    const h = createHarness();
    for (const code of ['FIRST', 'SECOND', 'THIRD']) {
      h.clock.advance(1_000);
      expect((await h.http.post('/admin/coupons').set(AS_ADMIN).send({ code, type: 'percentage', percent_off: 5 })).status).toBe(201);
    }
    const res = await h.http.get('/admin/coupons').set(STAFF);
    expect(res.status).toBe(200);
    expect(res.body.data.map((c: { code: string }) => c.code)).toEqual(['THIRD', 'SECOND', 'FIRST']);
    expect(res.body.pagination).toEqual({ total: 3, limit: 20, offset: 0, next_cursor: null });
    await expectDocumented(h, 'get', '/admin/coupons', res);
    const page = await h.http.get('/admin/coupons?limit=1&offset=2').set(STAFF);
    expect(page.body.data.map((c: { code: string }) => c.code)).toEqual(['FIRST']);
    const orders = await h.http.get('/admin/coupons').set(ORDERS_ONLY);
    expect(orders.status).toBe(403);
    expect(orders.body.error.details).toEqual({ required_scope: 'products:read' });
    expect((await h.http.get('/admin/coupons?code=FIRST').set(STAFF)).status).toBe(422);
  });
});

describe('PATCH /admin/coupons/{code}', () => {
  it('changes what is sent, honours If-Match, and clears with null', async () => {
    const h = createHarness();
    await h.http.post('/admin/coupons').set(AS_ADMIN).send({ code: 'SPRING', type: 'percentage', percent_off: 10, max_redemptions: 5 });
    h.clock.advance(1_000);
    const res = await h.http.patch('/admin/coupons/spring').set(AS_ADMIN).set('If-Match', '"1"').send({ percent_off: 12.5, max_redemptions: null });
    expect(res.status).toBe(200);
    expect(res.headers['etag']).toBe('"2"');
    expect(res.body.data).toMatchObject({
      code: 'SPRING',
      percent_off: 12.5,
      max_redemptions: null,
      version: 2,
      created_at: '2026-03-20T12:00:00.000Z',
      updated_at: '2026-03-20T12:00:01.000Z',
    });
    await expectDocumented(h, 'patch', '/admin/coupons/{code}', res);

    const stale = await h.http.patch('/admin/coupons/SPRING').set(AS_ADMIN).set('If-Match', '"1"').send({ active: false });
    expect(stale.status).toBe(412);
    const turnedOff = await h.http.patch('/admin/coupons/SPRING').set(AS_ADMIN).send({ active: false });
    expect(turnedOff.body.data).toMatchObject({ active: false, version: 3 });

    // Switching type means giving the new amount and clearing the old one; the whole coupon must still hold.
    const half = await h.http.patch('/admin/coupons/SPRING').set(AS_ADMIN).send({ type: 'fixed', amount_off: 5, currency: 'USD' });
    expect(fieldErrors(half.body)).toEqual([{ field: 'percent_off', message: 'is only for percentage coupons' }]);
    const switched = await h.http.patch('/admin/coupons/SPRING').set(AS_ADMIN).send({ type: 'fixed', amount_off: 5, currency: 'USD', percent_off: null });
    expect(switched.body.data).toMatchObject({ type: 'fixed', percent_off: null, amount_off: 5, currency: 'USD' });
  });

  it('answers 404 for an unknown code, 422 for nothing to change or the code itself, 403 without products:write', async () => {
    const h = createHarness();
    await h.http.post('/admin/coupons').set(AS_ADMIN).send({ code: 'SPRING', type: 'percentage', percent_off: 10 });
    const missing = await h.http.patch('/admin/coupons/NOPE').set(AS_ADMIN).send({ active: false });
    expect(missing.status).toBe(404);
    const nothing = await h.http.patch('/admin/coupons/SPRING').set(AS_ADMIN).send({});
    expect(fieldErrors(nothing.body)).toEqual([{ field: 'body', message: 'must change at least one field' }]);
    const code = await h.http.patch('/admin/coupons/SPRING').set(AS_ADMIN).send({ code: 'AUTUMN' });
    expect(fieldErrors(code.body)).toEqual([{ field: 'code', message: 'is not allowed' }]);
    expect((await h.http.patch('/admin/coupons/SPRING').set(STAFF).send({ active: false })).status).toBe(403);
  });
});
