import {
  AS_ADMIN,
  bearer,
  createHarness,
  createProduct,
  expectDocumented,
  fieldErrors,
  orderBody,
  placeOrder,
  signJwt,
} from '../test-support/http-test-harness';

const STATION = bearer(signJwt({ sub: 'station_7', role: 'staff', email: 'station7@example.com' }));

async function setup() {
  const h = createHarness();
  const product = await createProduct(h, { name: 'Lamp' });
  const order = await placeOrder(h, orderBody(product.id));
  const scan = (body: object, who: Record<string, string> = STATION) => h.http.post('/admin/scan').set(who).send(body);
  return { h, order, scan };
}

describe('POST /admin/scan', () => {
  it('packs by order reference; scanning it twice answers changed: false and changes nothing', async () => {
    const { h, order, scan } = await setup();
    const first = await scan({ code: 'ord-00001', action: 'pack', warehouse_id: 'wh_default', date: '2026-03-20' });
    expect(first.status).toBe(200);
    expect(first.body.data).toEqual({ order_id: order.id, reference: 'ORD-00001', action: 'pack', changed: true, status: 'packed', message: expect.any(String) });
    await expectDocumented(h, 'post', '/admin/scan', first);
    const version = (await h.http.get(`/admin/orders/${order.id}`).set(AS_ADMIN)).body.data.version;

    const second = await scan({ code: 'ORD-00001', action: 'pack' });
    expect(second.status).toBe(200);
    expect(second.body.data).toEqual({ order_id: order.id, reference: 'ORD-00001', action: 'pack', changed: false, status: 'packed', message: expect.any(String) });
    const after = (await h.http.get(`/admin/orders/${order.id}`).set(AS_ADMIN)).body.data;
    expect(after.version).toBe(version);
    expect(after.timeline.map((e: { status: string }) => e.status)).toEqual(['pending', 'packed']);
    expect(after.timeline[1]).toMatchObject({ reason: 'Scanned for 2026-03-20 at wh_default', actor: { kind: 'staff', id: 'station_7' } });
  });

  it('ships by order id (recording a parcel) and delivers by its tracking number; each step twice is harmless', async () => {
    const { h, order, scan } = await setup();
    expect((await h.http.post('/admin/fulfillment/ship').set(AS_ADMIN).send({ order_id: order.id, carrier: 'UPS', tracking_number: '1Z999AA10123456784' })).status).toBe(200);
    // Shipped through the API already: the scan at the dock finds nothing to do.
    const shipAgain = await scan({ code: order.id, action: 'ship' });
    expect(shipAgain.body.data).toMatchObject({ changed: false, status: 'shipped' });

    const delivered = await scan({ code: '1z999aa1 0123456784', action: 'deliver' });
    expect(delivered.status).toBe(200);
    expect(delivered.body.data).toMatchObject({ order_id: order.id, action: 'deliver', changed: true, status: 'delivered' });
    expect((await scan({ code: '1Z999AA10123456784', action: 'deliver' })).body.data).toMatchObject({ changed: false, status: 'delivered' });
    const shipments = (await h.http.get(`/admin/orders/${order.id}`).set(AS_ADMIN)).body.data.shipments;
    expect(shipments.map((s: { status: string }) => s.status)).toEqual(['delivered']);
  });

  it('ships a packed order at the dock: a parcel is recorded for what is left', async () => {
    const { h, order, scan } = await setup();
    expect((await scan({ code: order.id, action: 'pack' })).status).toBe(200);
    const shipped = await scan({ code: 'ORD-00001', action: 'ship', warehouse_id: 'wh_default' });
    expect(shipped.body.data).toMatchObject({ changed: true, status: 'shipped' });
    const details = (await h.http.get(`/admin/orders/${order.id}`).set(AS_ADMIN)).body.data;
    expect(details).toMatchObject({ status: 'shipped', fulfillment_status: 'fulfilled' });
    expect(details.shipments).toEqual([expect.objectContaining({ status: 'picked_up', warehouse_id: 'wh_default' })]);
  });

  it('refuses a step the order cannot take (409), unknown codes (404) and bad input (422)', async () => {
    const { order, scan } = await setup();
    const returned = await scan({ code: order.id, action: 'return' });
    expect(returned.status).toBe(409);
    expect(returned.body.error.code).toBe('INVALID_TRANSITION');
    const unknown = await scan({ code: 'ORD-99999', action: 'pack' });
    expect(unknown.status).toBe(404);
    expect(fieldErrors((await scan({ code: order.id, action: 'teleport' })).body)).toContainEqual({ field: 'action', message: expect.any(String) });
    expect(fieldErrors((await scan({ code: order.id, action: 'pack', date: '20/03/2026' })).body)).toContainEqual({ field: 'date', message: expect.any(String) });
    expect(fieldErrors((await scan({ code: order.id, action: 'pack', date: '2026-02-30' })).body)).toEqual([{ field: 'date', message: expect.any(String) }]);
    expect(fieldErrors((await scan({ action: 'pack' })).body)).toContainEqual({ field: 'code', message: expect.any(String) });
    expect((await scan({ code: order.id, action: 'pack', station: 7 })).status).toBe(422);
  });

  it('needs fulfillment:write', async () => {
    const { scan, order } = await setup();
    const reader = bearer(signJwt({ sub: 'r', role: 'staff', scope: 'orders:read orders:write' }));
    const res = await scan({ code: order.id, action: 'pack' }, reader);
    expect(res.status).toBe(403);
    expect(res.body.error.details).toEqual({ required_scope: 'fulfillment:write' });
  });
});
