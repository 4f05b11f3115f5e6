import { createHmac } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { CarrierError, type CarrierWebhookRequest } from '@oms/order-core';
import { EasyPostCarrierGateway } from './easypost-carrier-gateway';
import { TEST_API_KEY, WAREHOUSE, shipmentRequest, startEasyPost, type EasyPostSetup } from './test-support/easypost-test-setup';

/** A stand-in for our webhook endpoint: keeps each request's raw bytes and lower-case headers. */
async function startReceiver(): Promise<{ url: string; received: CarrierWebhookRequest[]; close(): Promise<void> }> {
  const received: CarrierWebhookRequest[] = [];
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const headers: Record<string, string> = {};
      for (const [name, value] of Object.entries(req.headers)) if (typeof value === 'string') headers[name] = value;
      received.push({ rawBody: new Uint8Array(Buffer.concat(chunks)), headers });
      res.writeHead(204).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/webhooks/easypost`,
    received,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

function body(json: unknown): CarrierWebhookRequest {
  return { rawBody: new TextEncoder().encode(JSON.stringify(json)), headers: {} };
}

function thrownBy(work: () => unknown): unknown {
  try {
    work();
  } catch (error) {
    return error;
  }
  return undefined;
}

describe('EasyPost webhooks', () => {
  let setup: EasyPostSetup;
  let receiver: Awaited<ReturnType<typeof startReceiver>>;
  beforeAll(async () => {
    receiver = await startReceiver();
  });
  afterAll(async () => {
    await receiver.close();
  });
  beforeEach(async () => {
    setup = await startEasyPost({}, { webhookUrl: receiver.url });
    receiver.received.length = 0;
  });
  afterEach(async () => {
    await setup.server.close();
  });

  it('delivers signed tracker.updated Events that verify over the received bytes and read into our updates', async () => {
    const { server, gateway } = setup;
    const shipment = await gateway.createShipment(shipmentRequest());
    const sent = await server.advanceTracking(shipment.carrierShipmentId, 'out_for_delivery', { estDeliveryDate: '2030-01-15', message: 'Out for delivery', location: { city: 'REDONDO BEACH', state: 'CA' } });
    expect(sent.delivery?.status).toBe(204);
    expect(receiver.received).toHaveLength(1);
    const request = receiver.received[0]!;
    expect(request.headers['x-hmac-signature']).toMatch(/^hmac-sha256-hex=[0-9a-f]{64}$/);
    expect(gateway.verifyWebhook(request)).toBe(true);

    const updates = gateway.parseWebhook(request);
    expect(updates.map((u) => [u.status, u.rawCode, u.description, u.location])).toEqual([
      ['label_created', 'pre_transit', 'Shipping Label Created', null],
      ['out_for_delivery', 'out_for_delivery', 'Out for delivery', 'REDONDO BEACH, CA'],
    ]);
    for (const update of updates) {
      expect(update).toMatchObject({ carrierShipmentId: shipment.carrierShipmentId, trackingNumber: shipment.trackingNumber, estimatedDelivery: '2030-01-15', carrier: 'USPS' });
      expect(update.eventId).toBe(`${(sent.event.result as { id: string }).id}:${update.occurredAt}:${update.rawCode}`);
    }
  });

  it('rejects a tampered body, the same event re-serialized, a missing or wrong signature, and any signature without a secret', async () => {
    const { server, gateway } = setup;
    const shipment = await gateway.createShipment(shipmentRequest());
    await server.advanceTracking(shipment.carrierShipmentId, 'delivered');
    const request = receiver.received[0]!;
    expect(gateway.verifyWebhook(request)).toBe(true);

    const text = new TextDecoder().decode(request.rawBody);
    const tampered = new TextEncoder().encode(text.replace('"delivered"', '"cancelled"'));
    expect(gateway.verifyWebhook({ rawBody: tampered, headers: request.headers })).toBe(false);
    // Same JSON, other bytes: the signature covers the bytes, so a parsed-and-reprinted body fails.
    const reprinted = new TextEncoder().encode(JSON.stringify(JSON.parse(text), null, 2));
    expect(gateway.verifyWebhook({ rawBody: reprinted, headers: request.headers })).toBe(false);
    const { 'x-hmac-signature': _signature, ...unsigned } = request.headers;
    expect(gateway.verifyWebhook({ rawBody: request.rawBody, headers: unsigned })).toBe(false);
    expect(gateway.verifyWebhook({ rawBody: request.rawBody, headers: { ...unsigned, 'x-hmac-signature': 'hmac-sha256-hex=00' } })).toBe(false);
    expect(gateway.verifyWebhook({ rawBody: request.rawBody, headers: server.signatureHeaders(request.rawBody, 'another-secret') })).toBe(false);

    const noSecret = new EasyPostCarrierGateway({ apiKey: TEST_API_KEY, baseUrl: server.url, fromAddress: WAREHOUSE, defaultParcel: { weight: 8 } });
    expect(noSecret.capabilities.webhooks).toBe(false);
    expect(noSecret.verifyWebhook(request)).toBe(false);
  });

  it('keys the HMAC with the secret normalized to NFKD, as EasyPost\'s clients do', () => {
    const composed = 'caf\u00e9-secret';
    const decomposed = 'cafe\u0301-secret'; // NFKD of the composed form
    const rawBody = new TextEncoder().encode('{"object":"Event","description":"tracker.updated","result":{}}');
    const signature = `hmac-sha256-hex=${createHmac('sha256', Buffer.from(decomposed, 'utf8')).update(rawBody).digest('hex')}`;
    for (const secret of [composed, decomposed]) {
      const gateway = new EasyPostCarrierGateway({ apiKey: TEST_API_KEY, webhookSecret: secret, fromAddress: WAREHOUSE, defaultParcel: { weight: 8 } });
      expect(gateway.verifyWebhook({ rawBody, headers: { 'x-hmac-signature': signature } })).toBe(true);
      // Header names as some frameworks hand them over.
      expect(gateway.verifyWebhook({ rawBody, headers: { 'X-Hmac-Signature': signature } })).toBe(true);
    }
    expect(setup.gateway.verifyWebhook({ rawBody, headers: { 'x-hmac-signature': signature } })).toBe(false);
  });

  it('completes an asynchronous purchase: no tracking number at first, then a tracker.created webhook brings it', async () => {
    const { server, gateway } = setup;
    server.completeAsynchronously(true);
    const first = await gateway.createShipment(shipmentRequest());
    expect(first).toMatchObject({ trackingNumber: null, status: 'unknown', label: null, carrier: 'USPS' });
    expect(server.labelsBought()).toBe(1);

    const deliveries = await server.completePending();
    expect(deliveries.map((d) => d.status)).toEqual([204]);
    const request = receiver.received[0]!;
    expect(JSON.parse(new TextDecoder().decode(request.rawBody))).toMatchObject({ object: 'Event', description: 'tracker.created' });
    expect(gateway.verifyWebhook(request)).toBe(true);
    const [update] = gateway.parseWebhook(request);
    expect(update).toMatchObject({ carrierShipmentId: first.carrierShipmentId, status: 'label_created', carrier: 'USPS' });
    expect(update!.trackingNumber).toMatch(/^EZ\d+$/);
  });

  it('reads Events that are not about trackers as nothing, and a broken tracker as a non-retryable CarrierError', () => {
    const { gateway } = setup;
    expect(gateway.parseWebhook(body({ object: 'Event', description: 'batch.updated', result: { object: 'Batch', id: 'batch_1' } }))).toEqual([]);
    const broken = [
      {},
      { object: 'Event', description: 'tracker.updated' },
      { object: 'Event', description: 'tracker.updated', result: { object: 'Tracker' } },
      { object: 'Event', description: 'tracker.updated', result: { object: 'Tracker', id: 'trk_1', status: 'in_transit', tracking_details: 'no' } },
      { object: 'Event', description: 'tracker.updated', result: { object: 'Tracker', id: 'trk_1', status: 'in_transit', tracking_details: [{ status: 'in_transit', datetime: 'yesterday' }] } },
      { object: 'Shipment', description: 'tracker.updated', result: {} },
    ];
    for (const json of broken) {
      const error = thrownBy(() => gateway.parseWebhook(body(json)));
      expect(error).toBeInstanceOf(CarrierError);
      expect((error as CarrierError).retryable).toBe(false);
    }
  });

  it('turns scan times with an offset into UTC and prefers the carrier\'s local delivery date', () => {
    const [update] = setup.gateway.parseWebhook(
      body({
        object: 'Event',
        description: 'tracker.updated',
        result: {
          object: 'Tracker',
          id: 'trk_abc',
          tracking_code: '9400111899562537845962',
          status: 'in_transit',
          shipment_id: null,
          carrier: 'USPS',
          est_delivery_date: '2024-03-04T23:00:00Z',
          carrier_detail: { object: 'CarrierDetail', est_delivery_date_local: '2024-03-05' },
          tracking_details: [{ object: 'TrackingDetail', status: 'in_transit', message: 'Arrived', datetime: '2024-03-01T10:00:00-05:00', tracking_location: null }],
        },
      }),
    );
    expect(update).toMatchObject({
      carrierShipmentId: null,
      trackingNumber: '9400111899562537845962',
      occurredAt: '2024-03-01T15:00:00.000Z',
      estimatedDelivery: '2024-03-05',
      eventId: 'trk_abc:2024-03-01T15:00:00.000Z:in_transit',
    });
  });
});
