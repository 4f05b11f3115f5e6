import { DEFAULT_WAREHOUSE_ID } from '@oms/order-core';
import {
  AS_ADMIN,
  asCustomer,
  bearer,
  createHarness,
  createProduct,
  expectDocumented,
  fieldErrors,
  orderBody,
  placeOrder,
  signJwt,
  type Harness,
} from '../test-support/http-test-harness';

const COURIER_A = bearer(signJwt({ sub: 'driver_a', role: 'courier', email: 'a@couriers.example' }));
const COURIER_B = bearer(signJwt({ sub: 'driver_b', role: 'courier' }));
const STAFF = bearer(signJwt({ sub: 'clerk', role: 'staff' }));
const CUSTOMER = asCustomer('cust_123');

/** Two packed orders (2 x 29.99 each, 20.00 of the first paid), handed to courier A. */
async function assigned() {
  const h = createHarness();
  const product = await createProduct(h, { name: 'Mug', price: 29.99 });
  const first = await placeOrder(h, orderBody(product.id, { phone: '+1 555 0100' }));
  const second = await placeOrder(h, orderBody(product.id));
  for (const order of [first, second]) {
    expect((await h.http.patch(`/admin/orders/${order.id}/status`).set(AS_ADMIN).send({ status: 'packed' })).status).toBe(200);
  }
  expect((await h.http.post(`/admin/orders/${first.id}/payments`).set(AS_ADMIN).send({ amount: 20, method: 'cash' })).status).toBe(201);
  h.clock.advance(60_000);
  const res = await h.http
    .post('/admin/fulfillment/assign')
    .set(STAFF)
    .send({ order_ids: [first.id, second.id], courier_id: 'driver_a', warehouse_id: DEFAULT_WAREHOUSE_ID });
  expect(res.status).toBe(200);
  return { h, first, second, res };
}

function deliveries(h: Harness, who: Record<string, string>) {
  return h.http.get('/courier/deliveries').set(who);
}

describe('POST /admin/fulfillment/assign', () => {
  it('hands packed orders to a courier, each on its own', async () => {
    const { h, first, second, res } = await assigned();
    expect(res.body.data).toEqual({
      results: [
        { order_id: first.id, ok: true, shipment_id: expect.stringMatching(/^shp_/) },
        { order_id: second.id, ok: true, shipment_id: expect.stringMatching(/^shp_/) },
      ],
      succeeded: 2,
      failed: 0,
    });
    await expectDocumented(h, 'post', '/admin/fulfillment/assign', res);
    const order = (await h.http.get(`/admin/orders/${first.id}`).set(AS_ADMIN)).body.data;
    expect(order).toMatchObject({ status: 'shipped', fulfillment_status: 'fulfilled' });
    expect(order.shipments[0]).toMatchObject({ carrier: 'courier', status: 'out_for_delivery', courier_id: 'driver_a', warehouse_id: DEFAULT_WAREHOUSE_ID });

    // Staff see who has it; the customer does not.
    const mine = await h.http.get(`/orders/${first.id}`).set(CUSTOMER);
    expect(mine.body.data.shipments[0]).toMatchObject({ carrier: 'courier', status: 'out_for_delivery' });
    expect(mine.text).not.toContain('driver_a');
    expect(mine.text).not.toContain(DEFAULT_WAREHOUSE_ID);

    // Already shipped now, and unknown: per-order failures; an unknown warehouse fails the request.
    const again = await h.http.post('/admin/fulfillment/assign').set(STAFF).send({ order_ids: [first.id, 'order_missing'], courier_id: 'driver_b', warehouse_id: DEFAULT_WAREHOUSE_ID });
    expect(again.status).toBe(200);
    expect(again.body.data).toEqual({
      results: [
        { order_id: first.id, ok: false, error: { code: 'INVALID_TRANSITION', message: expect.any(String), details: {} } },
        { order_id: 'order_missing', ok: false, error: { code: 'NOT_FOUND', message: expect.any(String), details: {} } },
      ],
      succeeded: 0,
      failed: 2,
    });
    expect((await h.http.post('/admin/fulfillment/assign').set(STAFF).send({ order_ids: [second.id], courier_id: 'driver_b', warehouse_id: 'wh_nowhere' })).status).toBe(404);
    const missing = await h.http.post('/admin/fulfillment/assign').set(STAFF).send({ order_ids: [second.id], courier_id: 'driver_b' });
    expect(fieldErrors(missing.body)).toContainEqual({ field: 'warehouse_id', message: expect.any(String) });
  });
});

describe('courier routes', () => {
  it('lists only the courier\'s own deliveries, with what to collect and nothing more about the customer', async () => {
    const { h, first, second } = await assigned();
    const res = await deliveries(h, COURIER_A);
    expect(res.status).toBe(200);
    const byOrder = new Map((res.body.data as { order_id: string }[]).map((d) => [d.order_id, d]));
    expect(byOrder.size).toBe(2);
    expect(byOrder.get(first.id)).toEqual({
      order_id: first.id,
      reference: first['reference'],
      shipment_id: expect.stringMatching(/^shp_/),
      status: 'out_for_delivery',
      contact: { name: 'Jane Doe', phone: '+1 555 0100' },
      address: { name: 'Jane Doe', company: null, street: '123 Main St', street2: null, city: 'Springfield', state: 'IL', zip: '62701', country: null },
      items: [{ name: 'Mug', quantity: 2 }],
      amount_due: 39.98,
      currency: 'USD',
      failure_reason: null,
      assigned_at: '2026-03-20T12:01:00.000Z',
    });
    expect(byOrder.get(second.id)).toMatchObject({ amount_due: 59.98 });
    expect(res.text).not.toContain('jane@example.com');
    await expectDocumented(h, 'get', '/courier/deliveries', res);

    expect((await deliveries(h, COURIER_B)).body.data).toEqual([]);
  });

  it('lets a courier fail and then deliver their own delivery; delivering twice changes nothing', async () => {
    const { h, first } = await assigned();
    const noReason = await h.http.post(`/courier/deliveries/${first.id}/failed`).set(COURIER_A).send({});
    expect(noReason.status).toBe(422);
    expect(fieldErrors(noReason.body)).toContainEqual({ field: 'reason', message: expect.any(String) });
    expect((await h.http.post(`/courier/deliveries/${first.id}/failed`).set(COURIER_A).send({ reason: '   ' })).status).toBe(422);

    h.clock.advance(60_000);
    const failed = await h.http.post(`/courier/deliveries/${first.id}/failed`).set(COURIER_A).send({ reason: 'Nobody home' });
    expect(failed.status).toBe(200);
    expect(failed.body.data).toEqual({ order_id: first.id, shipment_id: expect.stringMatching(/^shp_/), status: 'exception', changed: true });
    await expectDocumented(h, 'post', '/courier/deliveries/{order_id}/failed', failed);
    const listed = (await deliveries(h, COURIER_A)).body.data.find((d: { order_id: string }) => d.order_id === first.id);
    expect(listed).toMatchObject({ status: 'exception', failure_reason: 'Nobody home' });

    h.clock.advance(60_000);
    const delivered = await h.http.post(`/courier/deliveries/${first.id}/delivered`).set(COURIER_A).send({});
    expect(delivered.status).toBe(200);
    expect(delivered.body.data).toMatchObject({ order_id: first.id, status: 'delivered', changed: true });
    await expectDocumented(h, 'post', '/courier/deliveries/{order_id}/delivered', delivered);
    const order = (await h.http.get(`/admin/orders/${first.id}`).set(AS_ADMIN)).body.data;
    expect(order.status).toBe('delivered');
    const timeline = (await h.http.get(`/admin/orders/${first.id}/timeline`).set(AS_ADMIN)).body.data as { type: string; status?: string; actor: { kind: string } }[];
    expect(timeline.filter((e) => e.type === 'shipment_updated').map((e) => e.status)).toEqual(['exception', 'delivered']);
    expect(timeline.find((e) => e.type === 'shipment_updated')?.actor).toEqual({ kind: 'courier', id: 'driver_a', display: 'a@couriers.example' });

    // Delivered again (a retry after a lost answer): 200, nothing changes.
    const twice = await h.http.post(`/courier/deliveries/${first.id}/delivered`).set(COURIER_A).send();
    expect(twice.status).toBe(200);
    expect(twice.body.data).toMatchObject({ status: 'delivered', changed: false });
    expect((await h.http.get(`/admin/orders/${first.id}`).set(AS_ADMIN)).body.data.version).toBe(order.version);
    // Done deliveries leave the list.
    expect((await deliveries(h, COURIER_A)).body.data.map((d: { order_id: string }) => d.order_id)).not.toContain(first.id);
  });

  it("answers another courier's delivery exactly like a missing one (404), changing nothing", async () => {
    const { h, first } = await assigned();
    const others = await h.http.post(`/courier/deliveries/${first.id}/delivered`).set(COURIER_B).send({});
    const missing = await h.http.post('/courier/deliveries/order_01JMISSINGMISSINGMISSING00/delivered').set(COURIER_B).send({});
    expect(others.status).toBe(404);
    expect(missing.status).toBe(404);
    expect(others.body.error.code).toBe(missing.body.error.code);
    expect(Object.keys(others.body.error.details)).toEqual(Object.keys(missing.body.error.details));
    expect((await h.http.post(`/courier/deliveries/${first.id}/failed`).set(COURIER_B).send({ reason: 'x' })).status).toBe(404);
    const order = (await h.http.get(`/admin/orders/${first.id}`).set(AS_ADMIN)).body.data;
    expect(order).toMatchObject({ status: 'shipped' });
    expect(order.shipments[0].status).toBe('out_for_delivery');
  });

  it('is for couriers only, and couriers can use nothing else', async () => {
    const { h, first } = await assigned();
    for (const who of [AS_ADMIN, STAFF, CUSTOMER]) {
      const list = await deliveries(h, who);
      expect(list.status).toBe(403);
      expect(list.body.error.code).toBe('FORBIDDEN');
      expect((await h.http.post(`/courier/deliveries/${first.id}/delivered`).set(who).send({})).status).toBe(403);
    }
    expect((await h.http.get('/courier/deliveries')).status).toBe(401);

    const attempts = [
      h.http.get('/admin/orders').set(COURIER_A),
      h.http.get(`/admin/orders/${first.id}`).set(COURIER_A),
      h.http.patch(`/admin/orders/${first.id}/status`).set(COURIER_A).send({ status: 'delivered' }),
      h.http.get('/admin/shipments').set(COURIER_A),
      h.http.post('/admin/scan').set(COURIER_A).send({ code: first.id, action: 'deliver' }),
      h.http.post('/admin/fulfillment/assign').set(COURIER_A).send({ order_ids: [first.id], courier_id: 'driver_a', warehouse_id: DEFAULT_WAREHOUSE_ID }),
      h.http.get('/orders').set(COURIER_A),
      h.http.get(`/orders/${first.id}`).set(COURIER_A),
      h.http.get('/cart').set(COURIER_A),
    ];
    for (const res of await Promise.all(attempts)) {
      expect(res.status).toBe(403);
      expect(res.body.error.code).toBe('FORBIDDEN');
    }
    expect((await h.http.get(`/admin/orders/${first.id}`).set(AS_ADMIN)).body.data.status).toBe('shipped');
  });
});
