import { FakeCarrier, signTestCarrierBody, TEST_CARRIER_CODE, TEST_CARRIER_SIGNATURE_HEADER } from '../test-support/fake-carrier';
import { AS_ADMIN, createHarness, createProduct, expectDocumented, orderBody, placeOrder, type Harness } from '../test-support/http-test-harness';

const PATH = `/webhooks/carriers/${TEST_CARRIER_CODE}`;

/** An order shipped through the fake carrier: its parcel is `tc_shp_1`, label_created. */
async function setup() {
  const carrier = new FakeCarrier();
  const h = createHarness({ carriers: [carrier] });
  const product = await createProduct(h, { name: 'Kettle' });
  const order = await placeOrder(h, orderBody(product.id));
  const shipped = await h.http.post('/admin/fulfillment/ship').set(AS_ADMIN).send({ order_id: order.id, carrier: TEST_CARRIER_CODE });
  expect(shipped.status).toBe(200);
  return { h, carrier, orderId: order.id, shipmentId: shipped.body.data.shipment.id as string };
}

/**
 * A webhook body as a carrier would write it: odd spacing, key order and non-ASCII text, so that anything parsing and
 * re-serialising it before the signature check would compute a different signature.
 */
function eventsBody(events: readonly Record<string, unknown>[]): Buffer {
  const items = events.map((e) => `{ "id":"${String(e['id'])}",  "shipment" : "${String(e['shipment'] ?? 'tc_shp_1')}", "code":"${String(e['code'])}", "at":"${String(e['at'])}"${e['eta'] ? `, "eta": "${String(e['eta'])}"` : ''}, "note": "Zugestellt – Haustür ✓" }`);
  return Buffer.from(`{"events" :[\n  ${items.join(',\n  ')}\n]}\n`, 'utf8');
}

/** Sends the bytes as they are (supertest would otherwise turn a Buffer with a JSON media type into JSON of it). */
function post(h: Harness, body: Buffer, headers: Record<string, string>, path = PATH) {
  return h.http
    .post(path)
    .set(headers)
    .serialize((bytes: unknown) => bytes as string)
    .send(body);
}

function signed(body: Buffer, contentType = 'application/json; charset=utf-8'): Record<string, string> {
  return { 'Content-Type': contentType, [TEST_CARRIER_SIGNATURE_HEADER]: signTestCarrierBody(body) };
}

async function shipment(h: Harness, shipmentId: string) {
  return (await h.http.get(`/admin/shipments/${shipmentId}`).set(AS_ADMIN)).body.data;
}

describe('POST /webhooks/carriers/{carrier}', () => {
  it('applies a correctly signed report, verified over the exact bytes received', async () => {
    const { h, carrier, shipmentId, orderId } = await setup();
    const body = eventsBody([{ id: 'evt_1', code: 'IN_TRANSIT', at: '2026-03-21T08:00:00Z', eta: '2026-03-24' }]);
    const res = await post(h, body, signed(body));
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ success: true, data: { received: 1, applied: 1, ignored: 0 } });
    await expectDocumented(h, 'post', '/webhooks/carriers/{carrier}', res);
    expect(carrier.webhookBodies.at(-1)?.equals(body)).toBe(true);

    const after = await shipment(h, shipmentId);
    expect(after).toMatchObject({ status: 'in_transit', estimated_delivery: '2026-03-24', status_at: '2026-03-21T08:00:00.000Z' });
    expect(after.tracking_events.at(-1)).toMatchObject({ status: 'in_transit', raw_code: 'IN_TRANSIT', description: 'Zugestellt – Haustür ✓', source: 'webhook' });
    const tracked = await h.http.get('/api/track-order').query({ order_id: orderId, email: 'jane@example.com' });
    expect(tracked.body.data).toMatchObject({ estimated_delivery: '2026-03-24', shipments: [{ status: 'in_transit', estimated_delivery: '2026-03-24' }] });
    const page = await h.http.get(`/track/${orderId}`).query({ email: 'jane@example.com' });
    expect(page.text).toContain('Estimated delivery: 2026-03-24');

    // Delivered: the order follows its only parcel.
    const delivered = eventsBody([{ id: 'evt_2', code: 'DELIVERED', at: '2026-03-24T15:30:00Z' }]);
    expect((await post(h, delivered, signed(delivered))).body.data).toEqual({ received: 1, applied: 1, ignored: 0 });
    expect((await h.http.get(`/admin/orders/${orderId}`).set(AS_ADMIN)).body.data.status).toBe('delivered');
  });

  it('answers a replayed body 200 with applied 0, and ignores reports older than the last one applied', async () => {
    const { h, shipmentId } = await setup();
    const body = eventsBody([{ id: 'evt_1', code: 'OUT_FOR_DELIVERY', at: '2026-03-22T08:00:00Z' }]);
    expect((await post(h, body, signed(body))).body.data).toEqual({ received: 1, applied: 1, ignored: 0 });
    const before = await shipment(h, shipmentId);

    const replay = await post(h, body, signed(body));
    expect(replay.status).toBe(200);
    expect(replay.body.data).toEqual({ received: 1, applied: 0, ignored: 1 });
    const late = eventsBody([{ id: 'evt_0', code: 'PICKED_UP', at: '2026-03-21T08:00:00Z' }]);
    expect((await post(h, late, signed(late))).body.data).toEqual({ received: 1, applied: 0, ignored: 1 });
    const after = await shipment(h, shipmentId);
    expect(after).toMatchObject({ status: 'out_for_delivery', version: before.version });
  });

  it('refuses a bad or missing signature with 401, without a Bearer challenge, and changes nothing', async () => {
    const { h, shipmentId, orderId } = await setup();
    const body = eventsBody([{ id: 'evt_1', code: 'DELIVERED', at: '2026-03-21T08:00:00Z' }]);
    const forged = Buffer.from(body.toString('utf8').replace('DELIVERED', 'RETURNED'), 'utf8');
    const attempts = [
      post(h, body, { 'Content-Type': 'application/json' }),
      post(h, body, { 'Content-Type': 'application/json', [TEST_CARRIER_SIGNATURE_HEADER]: 'not-a-signature' }),
      post(h, body, { 'Content-Type': 'application/json', [TEST_CARRIER_SIGNATURE_HEADER]: signTestCarrierBody(body, 'someone-elses-secret') }),
      // The signature of another body.
      post(h, forged, { 'Content-Type': 'application/json', [TEST_CARRIER_SIGNATURE_HEADER]: signTestCarrierBody(body) }),
      // A bearer token is no substitute for the signature.
      post(h, body, { 'Content-Type': 'application/json', ...AS_ADMIN }),
    ];
    for (const res of await Promise.all(attempts)) {
      expect(res.status).toBe(401);
      expect(res.body).toEqual({ success: false, error: { code: 'UNAUTHENTICATED', message: expect.any(String), details: {} } });
      expect(res.headers['www-authenticate'] ?? '').not.toMatch(/bearer/i);
      await expectDocumented(h, 'post', '/webhooks/carriers/{carrier}', res);
    }
    expect(await shipment(h, shipmentId)).toMatchObject({ status: 'label_created', version: 1 });
    expect((await h.http.get(`/admin/orders/${orderId}`).set(AS_ADMIN)).body.data.status).toBe('shipped');
  });

  it('never runs the JSON parser: a signed body that is not JSON reaches the gateway byte for byte', async () => {
    const { h, carrier, shipmentId } = await setup();
    const notJson = Buffer.from([0x7b, 0xff, 0xfe, 0x00, 0x22, 0x6e, 0x6f, 0x74, 0x20, 0x6a, 0x73, 0x6f, 0x6e]);
    const res = await post(h, notJson, signed(notJson, 'application/json'));
    // Not the JSON parser's 400 MALFORMED_JSON: the gateway read it (signature fine) and could not understand it.
    expect(res.status).toBe(422);
    expect(res.body.error.code).toBe('VALIDATION_FAILED');
    expect(carrier.webhookBodies.at(-1)?.equals(notJson)).toBe(true);
    await expectDocumented(h, 'post', '/webhooks/carriers/{carrier}', res);

    // Any media type is read as bytes.
    const body = eventsBody([{ id: 'evt_1', code: 'IN_TRANSIT', at: '2026-03-21T08:00:00Z' }]);
    for (const type of ['text/plain', 'application/octet-stream', 'application/x-www-form-urlencoded']) {
      const ok = await post(h, body, signed(body, type));
      expect(ok.status).toBe(200);
      expect(carrier.webhookBodies.at(-1)?.equals(body)).toBe(true);
    }
    expect((await shipment(h, shipmentId)).status).toBe('in_transit');
  });

  it('answers 404 for a carrier that does not take webhooks and 413 over 1 MiB', async () => {
    const { h, carrier } = await setup();
    const body = eventsBody([{ id: 'evt_1', code: 'IN_TRANSIT', at: '2026-03-21T08:00:00Z' }]);
    for (const code of ['nobody', 'manual', 'courier']) {
      const res = await post(h, body, signed(body), `/webhooks/carriers/${code}`);
      expect(res.status).toBe(404);
      expect(res.body.error.code).toBe('NOT_FOUND');
    }
    const seen = carrier.webhookBodies.length;
    const huge = Buffer.alloc(1024 * 1024 + 1, 0x20);
    const tooLarge = await post(h, huge, signed(huge));
    expect(tooLarge.status).toBe(413);
    expect(tooLarge.body.error.code).toBe('PAYLOAD_TOO_LARGE');
    expect(carrier.webhookBodies).toHaveLength(seen);
    // Exactly 1 MiB is read (and, being spaces, refused by the gateway as unreadable).
    const atLimit = Buffer.alloc(1024 * 1024, 0x20);
    expect((await post(h, atLimit, signed(atLimit))).status).toBe(422);
  });
});
