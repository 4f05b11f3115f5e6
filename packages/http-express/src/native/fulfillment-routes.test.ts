import { CarrierError, systemPrincipal } from '@oms/order-core';
import { FakeCarrier, TEST_CARRIER_CODE } from '../test-support/fake-carrier';
import {
  AS_ADMIN,
  asCustomer,
  bearer,
  createHarness,
  createProduct,
  expectDocumented,
  fieldErrors,
  issueToken,
  orderBody,
  placeOrder,
  signJwt,
  type Harness,
} from '../test-support/http-test-harness';

const UPS_OK = '1Z999AA10123456784';
/** The same number with a wrong check digit. */
const UPS_BAD_CHECK_DIGIT = '1Z999AA10123456785';
const CLERK = bearer(signJwt({ sub: 'clerk', role: 'staff', email: 'clerk@example.com' }));
const READER = bearer(signJwt({ sub: 'reader', role: 'staff', scope: 'orders:read' }));
const CUSTOMER = asCustomer('cust_123', 'jane@example.com');

function setup() {
  const carrier = new FakeCarrier();
  const h = createHarness({ carriers: [carrier] });
  return { h, carrier };
}

/** An order of 2 x jersey and 1 x cap, placed for cust_123 (jane@example.com). */
async function twoLineOrder(h: Harness) {
  const jersey = await createProduct(h, { name: 'Custom Jersey', price: 49.99 });
  const cap = await createProduct(h, { name: 'Cap', price: 15 });
  const order = await placeOrder(h, orderBody(jersey.id, { items: [{ product_id: jersey.id, quantity: 2 }, { product_id: cap.id, quantity: 1 }] }));
  return { jersey, cap, order };
}

async function setStatus(h: Harness, orderId: string, status: string) {
  const res = await h.http.patch(`/admin/orders/${orderId}/status`).set(AS_ADMIN).send({ status });
  expect(res.status).toBe(200);
}

describe('POST /admin/fulfillment/ship', () => {
  it('ships part of an order, then the rest: fulfillment partial, then fulfilled and shipped', async () => {
    const { h } = setup();
    const { jersey, cap, order } = await twoLineOrder(h);
    h.clock.advance(60_000);
    const first = await h.http
      .post('/admin/fulfillment/ship')
      .set(CLERK)
      .send({ order_id: order.id, carrier: 'UPS', tracking_number: '1Z 999 AA1 0123 4567 84', lines: [{ product_id: jersey.id, quantity: 1 }] });
    expect(first.status).toBe(200);
    expect(first.headers['etag']).toBe(`"${first.body.data.version}"`);
    const data = first.body.data;
    expect(data).toMatchObject({ id: order.id, status: 'processing', fulfillment_status: 'partial', tracking_number: UPS_OK, carrier: 'UPS' });
    expect(data.shipment).toEqual({
      id: expect.stringMatching(/^shp_/),
      carrier: 'UPS',
      service: null,
      tracking_number: UPS_OK,
      status: 'label_created',
      estimated_delivery: null,
      label: null,
      lines: [{ line_id: data.items[0].id, product_id: jersey.id, sku: jersey.sku, name: 'Custom Jersey', quantity: 1 }],
      courier_id: null,
      warehouse_id: null,
      created_at: '2026-03-20T12:01:00.000Z',
      updated_at: '2026-03-20T12:01:00.000Z',
    });
    expect(data.shipments).toEqual([data.shipment]);
    expect(data.items.map((i: { shipped: number }) => i.shipped)).toEqual([1, 0]);
    await expectDocumented(h, 'post', '/admin/fulfillment/ship', first);

    // The rest, without lines: whatever is left.
    const rest = await h.http.post('/admin/fulfillment/ship').set(CLERK).send({ order_id: order.id, carrier: 'Local Express', tracking_number: 'LX-0042', notify_customer: false });
    expect(rest.status).toBe(200);
    expect(rest.body.data).toMatchObject({ status: 'shipped', fulfillment_status: 'fulfilled' });
    expect(rest.body.data.shipment.lines.map((l: { product_id: string; quantity: number }) => [l.product_id, l.quantity])).toEqual([
      [jersey.id, 1],
      [cap.id, 1],
    ]);
    expect(rest.body.data.shipments).toHaveLength(2);

    // GET shows the same, and the timeline has both parcels.
    const got = await h.http.get(`/admin/orders/${order.id}`).set(READER);
    expect(got.body.data).toMatchObject({ status: 'shipped', fulfillment_status: 'fulfilled' });
    expect(got.body.data.shipments.map((s: { tracking_number: string }) => s.tracking_number)).toEqual([UPS_OK, 'LX0042']);
    await expectDocumented(h, 'get', '/admin/orders/{order_id}', got);
    const timeline = (await h.http.get(`/admin/orders/${order.id}/timeline`).set(AS_ADMIN)).body.data as { type: string }[];
    expect(timeline.filter((e) => e.type === 'shipment_created')).toHaveLength(2);

    // Nothing is left: shipping again is a conflict and changes nothing.
    const again = await h.http.post('/admin/fulfillment/ship').set(CLERK).send({ order_id: order.id, carrier: 'UPS', tracking_number: UPS_OK });
    expect(again.status).toBe(409);
    expect(again.body.error.code).toBe('CONFLICT');
    expect((await h.http.get(`/admin/orders/${order.id}`).set(READER)).body.data.version).toBe(got.body.data.version);
  });

  it('replays a retried ship with the same Idempotency-Key: the same answer, one shipment, one label', async () => {
    const { h, carrier } = setup();
    const { jersey, order } = await twoLineOrder(h);
    const body = { order_id: order.id, carrier: TEST_CARRIER_CODE, lines: [{ product_id: jersey.id, quantity: 1 }] };
    const first = await h.http.post('/admin/fulfillment/ship').set(CLERK).set('Idempotency-Key', 'ship-42').send(body);
    expect(first.status).toBe(200);
    const retry = await h.http.post('/admin/fulfillment/ship').set(CLERK).set('Idempotency-Key', 'ship-42').send(body);
    expect(retry.status).toBe(200);
    expect(retry.headers['idempotent-replayed']).toBe('true');
    expect(retry.body).toEqual(first.body);
    expect((await h.http.get(`/admin/orders/${order.id}`).set(READER)).body.data.shipments).toHaveLength(1);
    expect(carrier.created).toHaveLength(1);
    const other = await h.http.post('/admin/fulfillment/ship').set(CLERK).set('Idempotency-Key', 'ship-42').send({ ...body, lines: [{ product_id: jersey.id, quantity: 2 }] });
    expect(other.status).toBe(422);
    expect(other.body.error.code).toBe('IDEMPOTENCY_CONFLICT');
  });

  it('shows customers and the public their parcels without courier, warehouse, label or carrier ids', async () => {
    const { h } = setup();
    const { order } = await twoLineOrder(h);
    const shipped = await h.http
      .post('/admin/fulfillment/ship')
      .set(AS_ADMIN)
      .send({ order_id: order.id, carrier: TEST_CARRIER_CODE, service: 'Ground', warehouse_id: 'wh_default', label_format: 'ZPL' });
    expect(shipped.status).toBe(200);
    const shipment = shipped.body.data.shipment;
    expect(shipment).toMatchObject({
      carrier: 'USPS',
      service: 'Ground',
      tracking_number: 'TC0000000001',
      estimated_delivery: '2026-03-25',
      label: { format: 'ZPL', url: 'https://labels.testcarrier.example/tc_shp_1.pdf' },
      warehouse_id: 'wh_default',
    });
    const admin = await h.http.get(`/admin/shipments/${shipment.id}`).set(AS_ADMIN);
    expect(admin.body.data).toMatchObject({ carrier_shipment_id: 'tc_shp_1', gateway: TEST_CARRIER_CODE });

    const mine = await h.http.get(`/orders/${order.id}`).set(CUSTOMER);
    expect(mine.status).toBe(200);
    expect(mine.body.data.fulfillment_status).toBe('fulfilled');
    expect(mine.body.data.shipments).toEqual([
      {
        id: shipment.id,
        carrier: 'USPS',
        service: 'Ground',
        tracking_number: 'TC0000000001',
        status: 'label_created',
        estimated_delivery: '2026-03-25',
        lines: shipment.lines,
        created_at: shipment.created_at,
        updated_at: shipment.updated_at,
      },
    ]);
    await expectDocumented(h, 'get', '/orders/{order_id}', mine);

    const tracked = await h.http.get('/api/track-order').query({ order_id: order.id, email: 'jane@example.com' });
    expect(tracked.body.data).toMatchObject({
      status: 'shipped',
      tracking_number: 'TC0000000001',
      carrier: 'USPS',
      estimated_delivery: '2026-03-25',
      shipments: [
        {
          carrier: 'USPS',
          tracking_number: 'TC0000000001',
          status: 'label_created',
          estimated_delivery: '2026-03-25',
          items: [
            { name: 'Custom Jersey', quantity: 2 },
            { name: 'Cap', quantity: 1 },
          ],
        },
      ],
    });
    await expectDocumented(h, 'get', '/api/track-order', tracked);
    for (const res of [mine, tracked]) {
      for (const secret of ['tc_shp_1', 'labels.testcarrier', 'wh_default', 'courier_id', 'warehouse_id', '"label"', 'carrier_shipment_id']) expect(res.text).not.toContain(secret);
    }
  });

  it('answers 502 CARRIER_FAILED with retryable when the carrier fails, and records nothing', async () => {
    const { h, carrier } = setup();
    const { order } = await twoLineOrder(h);
    carrier.failNext = new CarrierError('upstream timed out', true, '504');
    const res = await h.http.post('/admin/fulfillment/ship').set(AS_ADMIN).send({ order_id: order.id, carrier: TEST_CARRIER_CODE });
    expect(res.status).toBe(502);
    expect(res.body.error).toEqual({ code: 'CARRIER_FAILED', message: expect.stringContaining('upstream timed out'), details: { carrier: TEST_CARRIER_CODE, retryable: true } });
    await expectDocumented(h, 'post', '/admin/fulfillment/ship', res);
    const after = (await h.http.get(`/admin/orders/${order.id}`).set(AS_ADMIN)).body.data;
    expect(after).toMatchObject({ status: 'pending', fulfillment_status: 'unfulfilled', shipments: [], version: order.version });

    carrier.failNext = new CarrierError('address refused', false, '422');
    const refused = await h.http.post('/admin/fulfillment/ship').set(AS_ADMIN).send({ order_id: order.id, carrier: TEST_CARRIER_CODE });
    expect(refused.status).toBe(502);
    expect(refused.body.error.details).toEqual({ carrier: TEST_CARRIER_CODE, retryable: false });
  });

  it('refuses bad input with 422: unknown fields, bad tracking numbers, products not on the order', async () => {
    const { h } = setup();
    const { order } = await twoLineOrder(h);
    const ship = (body: object) => h.http.post('/admin/fulfillment/ship').set(AS_ADMIN).send(body);
    const unknown = await ship({ order_id: order.id, carrier: 'UPS', tracking_number: UPS_OK, priority: 'high' });
    expect(unknown.status).toBe(422);
    expect(fieldErrors(unknown.body)).toContainEqual({ field: 'priority', message: expect.any(String) });
    expect(fieldErrors((await ship({ carrier: 'UPS' })).body)).toContainEqual({ field: 'order_id', message: expect.any(String) });
    const badDigit = await ship({ order_id: order.id, carrier: 'UPS', tracking_number: UPS_BAD_CHECK_DIGIT });
    expect(badDigit.status).toBe(422);
    expect(fieldErrors(badDigit.body)).toEqual([{ field: 'tracking_number', message: expect.stringContaining('check digit') }]);
    const zero = await ship({ order_id: order.id, carrier: 'UPS', tracking_number: UPS_OK, lines: [{ product_id: 'prod_x', quantity: 0 }] });
    expect(zero.status).toBe(422);
    const notOnOrder = await ship({ order_id: order.id, carrier: 'UPS', tracking_number: UPS_OK, lines: [{ product_id: 'prod_missing', quantity: 1 }] });
    expect(notOnOrder.status).toBe(422);
    expect(notOnOrder.body.error.code).toBe('VALIDATION_FAILED');
    expect((await ship({ order_id: 'order_missing', carrier: 'UPS', tracking_number: UPS_OK })).status).toBe(404);
    const text = await h.http.post('/admin/fulfillment/ship').set(AS_ADMIN).set('Content-Type', 'text/plain').send('order_id=1');
    expect(text.status).toBe(415);
    const after = (await h.http.get(`/admin/orders/${order.id}`).set(AS_ADMIN)).body.data;
    expect(after).toMatchObject({ status: 'pending', shipments: [] });
  });

  it('refuses callers without fulfillment:write, customers and couriers', async () => {
    const { h } = setup();
    const { order } = await twoLineOrder(h);
    const body = { order_id: order.id, carrier: 'UPS', tracking_number: UPS_OK };
    const reader = await h.http.post('/admin/fulfillment/ship').set(READER).send(body);
    expect(reader.status).toBe(403);
    expect(reader.body.error.details).toEqual({ required_scope: 'fulfillment:write' });
    const token = await issueToken(h, ['orders:write']);
    expect((await h.http.post('/admin/fulfillment/ship').set(bearer(token)).send(body)).status).toBe(403);
    expect((await h.http.post('/admin/fulfillment/ship').set(CUSTOMER).send(body)).status).toBe(403);
    const courier = bearer(signJwt({ sub: 'driver_1', role: 'courier' }));
    expect((await h.http.post('/admin/fulfillment/ship').set(courier).send(body)).status).toBe(403);
    expect((await h.http.post('/admin/fulfillment/ship').send(body)).status).toBe(401);
    const fulfiller = await issueToken(h, ['fulfillment:write']);
    expect((await h.http.post('/admin/fulfillment/ship').set(bearer(fulfiller)).send(body)).status).toBe(200);
  });
});

describe('POST /admin/fulfillment/bulk-dispatch', () => {
  it('ships the good rows and reports each bad one on its own', async () => {
    const { h } = setup();
    const product = await createProduct(h, { name: 'Mug' });
    const good = await placeOrder(h, orderBody(product.id));
    const good2 = await placeOrder(h, orderBody(product.id));
    const badDigit = await placeOrder(h, orderBody(product.id));
    const onHold = await placeOrder(h, orderBody(product.id));
    await setStatus(h, onHold.id, 'on_hold');

    const res = await h.http
      .post('/admin/fulfillment/bulk-dispatch')
      .set(CLERK)
      .send({
        orders: [
          { order_id: good.id, tracking_number: UPS_OK, carrier: 'UPS' },
          { order_id: 'order_01JUNKNOWNUNKNOWNUNKNOWN00', tracking_number: UPS_OK, carrier: 'UPS' },
          { order_id: badDigit.id, tracking_number: UPS_BAD_CHECK_DIGIT, carrier: 'UPS' },
          { order_id: onHold.id, tracking_number: UPS_OK, carrier: 'UPS' },
          { order_id: good2.id, tracking_number: 'LX-0007', carrier: 'Local Express' },
        ],
      });
    expect(res.status).toBe(200);
    const { results, succeeded, failed } = res.body.data;
    expect({ succeeded, failed }).toEqual({ succeeded: 2, failed: 3 });
    expect(results).toEqual([
      { order_id: good.id, ok: true, shipment_id: expect.stringMatching(/^shp_/), status: 'shipped' },
      { order_id: 'order_01JUNKNOWNUNKNOWNUNKNOWN00', ok: false, error: { code: 'NOT_FOUND', message: expect.any(String), details: expect.any(Object) } },
      {
        order_id: badDigit.id,
        ok: false,
        error: { code: 'VALIDATION_FAILED', message: expect.stringContaining('check digit'), details: { errors: [{ field: 'tracking_number', message: expect.stringContaining('check digit') }] } },
      },
      { order_id: onHold.id, ok: false, error: { code: 'INVALID_TRANSITION', message: expect.any(String), details: expect.objectContaining({ from: 'on_hold', to: 'shipped' }) } },
      { order_id: good2.id, ok: true, shipment_id: expect.stringMatching(/^shp_/), status: 'shipped' },
    ]);
    await expectDocumented(h, 'post', '/admin/fulfillment/bulk-dispatch', res);

    const status = async (id: string) => (await h.http.get(`/admin/orders/${id}`).set(AS_ADMIN)).body.data;
    expect(await status(good.id)).toMatchObject({ status: 'shipped', fulfillment_status: 'fulfilled', tracking_number: UPS_OK });
    expect(await status(good2.id)).toMatchObject({ status: 'shipped', carrier: 'Local Express', tracking_number: 'LX0007' });
    expect(await status(badDigit.id)).toMatchObject({ status: 'pending', shipments: [] });
    expect(await status(onHold.id)).toMatchObject({ status: 'on_hold', shipments: [] });
  });

  it('refuses an empty list, more than 1000 rows, rows missing fields and unknown fields (422), shipping nothing', async () => {
    const { h } = setup();
    const product = await createProduct(h);
    const order = await placeOrder(h, orderBody(product.id));
    const post = (body: object) => h.http.post('/admin/fulfillment/bulk-dispatch').set(AS_ADMIN).send(body);
    expect((await post({ orders: [] })).status).toBe(422);
    const tooMany = Array.from({ length: 1001 }, () => ({ order_id: order.id, tracking_number: UPS_OK, carrier: 'UPS' }));
    const big = await post({ orders: tooMany });
    expect(big.status).toBe(422);
    expect(fieldErrors(big.body)).toContainEqual({ field: 'orders', message: expect.stringContaining('1000') });
    expect(fieldErrors((await post({ orders: [{ order_id: order.id, carrier: 'UPS' }] })).body)).toContainEqual({ field: 'orders[0].tracking_number', message: expect.any(String) });
    expect((await post({ orders: [{ order_id: order.id, tracking_number: UPS_OK, carrier: 'UPS', notify: true }] })).status).toBe(422);
    expect((await h.http.get(`/admin/orders/${order.id}`).set(AS_ADMIN)).body.data.status).toBe('pending');
  });
});

describe('POST /admin/fulfillment/push and the jobs it queues', () => {
  it('queues a job per packed order (202), which staff can follow until it ships the order', async () => {
    const { h, carrier } = setup();
    const product = await createProduct(h);
    const packed = await placeOrder(h, orderBody(product.id));
    await setStatus(h, packed.id, 'packed');
    const pending = await placeOrder(h, orderBody(product.id));

    const res = await h.http.post('/admin/fulfillment/push').set(CLERK).send({ order_ids: [packed.id, pending.id, packed.id], carrier: TEST_CARRIER_CODE, from_stock: true });
    expect(res.status).toBe(202);
    expect(res.body.data).toEqual({
      results: [
        { order_id: packed.id, ok: true, job_id: expect.stringMatching(/^job_/) },
        { order_id: pending.id, ok: false, error: { code: 'INVALID_TRANSITION', message: expect.any(String), details: {} } },
      ],
      succeeded: 1,
      failed: 1,
    });
    await expectDocumented(h, 'post', '/admin/fulfillment/push', res);
    const jobId = res.body.data.results[0].job_id as string;
    expect((await h.http.get(`/admin/orders/${packed.id}`).set(AS_ADMIN)).body.data.status).toBe('awaiting_carrier');

    const listed = await h.http.get('/admin/jobs').query({ order_id: packed.id }).set(READER);
    expect(listed.status).toBe(200);
    expect(listed.body.pagination).toEqual({ total: 1, limit: 20, offset: 0, next_cursor: null });
    expect(listed.body.data[0]).toEqual({
      id: jobId,
      type: 'carrier.create_shipment',
      status: 'pending',
      order_id: packed.id,
      attempts: 0,
      max_attempts: expect.any(Number),
      available_at: '2026-03-20T12:00:00.000Z',
      lease_until: null,
      last_error: null,
      payload: { order_id: packed.id, gateway: TEST_CARRIER_CODE, shipment_id: expect.stringMatching(/^shp_/), from_stock: true, service: null },
      result: null,
      created_at: '2026-03-20T12:00:00.000Z',
      updated_at: '2026-03-20T12:00:00.000Z',
    });
    await expectDocumented(h, 'get', '/admin/jobs', listed);
    expect((await h.http.get('/admin/jobs').query({ status: 'succeeded' }).set(READER)).body.data).toEqual([]);

    // A worker holds it: staff see that it runs and until when, never the lease token.
    const claimed = await h.uow.transaction((repos) =>
      repos.jobs.claim({ now: '2026-03-20T12:00:00.000Z', leaseUntil: '2026-03-20T12:05:00.000Z', leaseToken: 'lease-secret-token', limit: 10 }),
    );
    expect(claimed).toHaveLength(1);
    const running = await h.http.get(`/admin/jobs/${jobId}`).set(READER);
    expect(running.body.data).toMatchObject({ status: 'running', attempts: 1, lease_until: '2026-03-20T12:05:00.000Z' });
    expect(running.text).not.toContain('lease-secret-token');
    expect(running.text).not.toContain('lease_token');
    await expectDocumented(h, 'get', '/admin/jobs/{job_id}', running);

    // The lease runs out; the app's worker takes the job over and ships the order.
    h.clock.advance(6 * 60_000);
    const run = await h.core.runJobs.execute({}, systemPrincipal());
    expect(run).toMatchObject({ claimed: 1, succeeded: 1 });
    const done = await h.http.get(`/admin/jobs/${jobId}`).set(READER);
    expect(done.body.data).toMatchObject({
      status: 'succeeded',
      attempts: 2,
      lease_until: null,
      result: { shipment_id: expect.stringMatching(/^shp_/), carrier_shipment_id: 'tc_shp_1', tracking_number: 'TC0000000001' },
    });
    expect(carrier.created).toHaveLength(1);
    const order = (await h.http.get(`/admin/orders/${packed.id}`).set(AS_ADMIN)).body.data;
    expect(order).toMatchObject({ status: 'shipped', fulfillment_status: 'fulfilled' });
    expect(order.shipments[0].id).toBe(done.body.data.result.shipment_id);
  });

  it('requires from_stock and a carrier that creates shipments; refuses unknown fields and too many orders', async () => {
    const { h } = setup();
    const post = (body: object) => h.http.post('/admin/fulfillment/push').set(AS_ADMIN).send(body);
    expect(fieldErrors((await post({ order_ids: ['order_1'], carrier: TEST_CARRIER_CODE })).body)).toContainEqual({ field: 'from_stock', message: expect.any(String) });
    const manual = await post({ order_ids: ['order_1'], carrier: 'manual', from_stock: true });
    expect(manual.status).toBe(422);
    expect(fieldErrors(manual.body)).toEqual([{ field: 'carrier', message: expect.stringContaining(TEST_CARRIER_CODE) }]);
    expect((await post({ order_ids: [], carrier: TEST_CARRIER_CODE, from_stock: true })).status).toBe(422);
    expect((await post({ order_ids: Array.from({ length: 501 }, (_, i) => `order_${i}`), carrier: TEST_CARRIER_CODE, from_stock: true })).status).toBe(422);
    expect((await post({ order_ids: ['order_1'], carrier: TEST_CARRIER_CODE, from_stock: true, priority: 1 })).status).toBe(422);
  });

  it('answers 404 for an unknown job and 422 for an unknown job status', async () => {
    const { h } = setup();
    expect((await h.http.get('/admin/jobs/job_missing').set(AS_ADMIN)).status).toBe(404);
    expect((await h.http.get('/admin/jobs').query({ status: 'exploded' }).set(AS_ADMIN)).status).toBe(422);
    expect((await h.http.get('/admin/jobs').set(CUSTOMER)).status).toBe(403);
  });
});

describe('shipments', () => {
  it('lists, reads (with tracking events) and cancels a shipment; the order goes back to packed', async () => {
    const { h, carrier } = setup();
    const { order } = await twoLineOrder(h);
    const shipped = await h.http.post('/admin/fulfillment/ship').set(AS_ADMIN).send({ order_id: order.id, carrier: TEST_CARRIER_CODE });
    expect(shipped.status).toBe(200);
    const shipmentId = shipped.body.data.shipment.id as string;
    const other = await placeOrder(h, orderBody((await createProduct(h)).id));
    expect((await h.http.post('/admin/fulfillment/ship').set(AS_ADMIN).send({ order_id: other.id, carrier: 'UPS', tracking_number: UPS_OK })).status).toBe(200);

    const all = await h.http.get('/admin/shipments').set(READER);
    expect(all.status).toBe(200);
    expect(all.body.pagination).toMatchObject({ total: 2 });
    await expectDocumented(h, 'get', '/admin/shipments', all);
    const mine = await h.http.get('/admin/shipments').query({ order_id: order.id, status: 'label_created' }).set(READER);
    expect(mine.body.data.map((s: { id: string }) => s.id)).toEqual([shipmentId]);
    expect(mine.body.data[0]).toMatchObject({ order_id: order.id, gateway: TEST_CARRIER_CODE, carrier_shipment_id: 'tc_shp_1', from_stock: true, version: 1 });
    expect((await h.http.get('/admin/shipments').query({ carrier: 'UPS' }).set(READER)).body.pagination.total).toBe(1);
    expect((await h.http.get('/admin/shipments').query({ status: 'lost' }).set(READER)).status).toBe(422);

    const one = await h.http.get(`/admin/shipments/${shipmentId}`).set(READER);
    expect(one.status).toBe(200);
    expect(one.body.data.tracking_events).toEqual([
      {
        id: expect.stringMatching(/^trk_/),
        status: 'label_created',
        raw_code: 'created',
        description: null,
        location: null,
        occurred_at: '2026-03-20T12:00:00.000Z',
        received_at: '2026-03-20T12:00:00.000Z',
        source: 'carrier',
      },
    ]);
    await expectDocumented(h, 'get', '/admin/shipments/{shipment_id}', one);
    expect((await h.http.get('/admin/shipments/shp_missing').set(READER)).status).toBe(404);

    const refused = await h.http.post(`/admin/shipments/${shipmentId}/cancel`).set(READER).send({});
    expect(refused.status).toBe(403);
    const cancelled = await h.http.post(`/admin/shipments/${shipmentId}/cancel`).set(CLERK).send({ reason: 'Wrong box' });
    expect(cancelled.status).toBe(200);
    expect(cancelled.body.data).toMatchObject({ id: order.id, status: 'packed', fulfillment_status: 'unfulfilled', shipment: { id: shipmentId, status: 'cancelled' } });
    expect(cancelled.body.data.shipments).toEqual([cancelled.body.data.shipment]);
    expect(carrier.cancelled).toEqual([{ carrierShipmentId: 'tc_shp_1', idempotencyKey: `cancel:${shipmentId}` }]);
    await expectDocumented(h, 'post', '/admin/shipments/{shipment_id}/cancel', cancelled);
    const timeline = (await h.http.get(`/admin/orders/${order.id}/timeline`).set(AS_ADMIN)).body.data as { type: string }[];
    expect(timeline.find((e) => e.type === 'shipment_cancelled')).toMatchObject({ shipment_id: shipmentId, reason: 'Wrong box' });

    const twice = await h.http.post(`/admin/shipments/${shipmentId}/cancel`).set(CLERK).send({});
    expect(twice.status).toBe(409);
    expect((await h.http.post(`/admin/shipments/${shipmentId}/cancel`).set(CLERK).send({ reason: 'x', refund: true })).status).toBe(422);
  });

  it('answers 502 when the carrier cannot void the label, and keeps the shipment', async () => {
    const { h, carrier } = setup();
    const { order } = await twoLineOrder(h);
    const shipmentId = (await h.http.post('/admin/fulfillment/ship').set(AS_ADMIN).send({ order_id: order.id, carrier: TEST_CARRIER_CODE })).body.data.shipment.id;
    carrier.failNext = new CarrierError('service unavailable', true, '503');
    const res = await h.http.post(`/admin/shipments/${shipmentId}/cancel`).set(AS_ADMIN).send({});
    expect(res.status).toBe(502);
    expect(res.body.error).toMatchObject({ code: 'CARRIER_FAILED', details: { retryable: true } });
    expect((await h.http.get(`/admin/shipments/${shipmentId}`).set(AS_ADMIN)).body.data.status).toBe('label_created');
  });
});
