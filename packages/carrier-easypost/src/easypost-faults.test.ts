import { inspect } from 'node:util';
import { CarrierError } from '@oms/order-core';
import { startTestCarrierServer } from '@oms/order-testkit';
import { EasyPostCarrierGateway } from './easypost-carrier-gateway';
import { EasyPostApiError } from './easypost-http-client';
import { TEST_API_KEY, WAREHOUSE, shipmentRequest, startEasyPost, type EasyPostSetup } from './test-support/easypost-test-setup';

async function failureOf(work: Promise<unknown>): Promise<EasyPostApiError | CarrierError> {
  try {
    await work;
  } catch (error) {
    expect(error).toBeInstanceOf(CarrierError);
    return error as CarrierError;
  }
  throw new Error('expected the call to fail');
}

const BUY = /\/buy$/;
const CREATE = /^\/v2\/shipments$/;

describe('EasyPostCarrierGateway against a misbehaving EasyPost', () => {
  let setup: EasyPostSetup;
  beforeEach(async () => {
    setup = await startEasyPost({ timeoutMs: 400 });
  });
  afterEach(async () => {
    await setup.server.close();
  });

  it('reports a 5xx on creation as retryable, and the retry creates one shipment and buys one label', async () => {
    const { server, gateway } = setup;
    const request = shipmentRequest();
    server.failNext(1, 500, { method: 'POST', path: CREATE });
    const error = await failureOf(gateway.createShipment(request));
    expect(error).toMatchObject({ retryable: true, code: 'INTERNAL_SERVER_ERROR', status: 500 });
    expect(error.message).toContain('500');
    expect(server.shipmentsCreated()).toBe(0);

    const shipment = await gateway.createShipment(request);
    expect(shipment.trackingNumber).toMatch(/^EZ\d+$/);
    expect(server.shipmentsCreated()).toBe(1);
    expect(server.labelsBought()).toBe(1);
  });

  it('reports a 503 on the purchase as retryable; the retry buys the shipment created the first time', async () => {
    const { server, gateway } = setup;
    const request = shipmentRequest();
    server.failNext(1, 503, { path: BUY });
    expect(await failureOf(gateway.createShipment(request))).toMatchObject({ retryable: true, status: 503 });
    expect(server.labelsBought()).toBe(0);

    const shipment = await gateway.createShipment(request);
    expect(server.shipmentsCreated()).toBe(1);
    expect(server.labelsBought()).toBe(1);
    expect(server.shipment(request.shipmentId)).toMatchObject({ id: shipment.carrierShipmentId, tracking_code: shipment.trackingNumber });
  });

  it('reports 429 as retryable with EasyPost\'s code', async () => {
    const { server, gateway } = setup;
    server.failNext(1, 429);
    expect(await failureOf(gateway.createShipment(shipmentRequest()))).toMatchObject({ retryable: true, code: 'RATE_LIMITED', status: 429 });
  });

  it('gives up on a request that never answers at the timeout, as a retryable failure', async () => {
    const { server, gateway } = setup;
    const request = shipmentRequest();
    server.hangNext(1, { path: BUY });
    expect(await failureOf(gateway.createShipment(request))).toMatchObject({ retryable: true, code: 'timeout', status: null });
    expect(server.requests().find((r) => BUY.test(r.path))).toMatchObject({ fault: 'hang', status: null });

    await gateway.createShipment(request);
    expect(server.labelsBought()).toBe(1);
  });

  it('times out on a slow answer too', async () => {
    const { server, gateway } = setup;
    server.setLatency(1_500);
    expect(await failureOf(gateway.createShipment(shipmentRequest()))).toMatchObject({ retryable: true, code: 'timeout' });
  });

  it('buys no second label when the purchase went through but its answer was lost', async () => {
    const { server, gateway } = setup;
    const request = shipmentRequest();
    server.hangNext(1, { path: BUY, afterProcessing: true });
    await failureOf(gateway.createShipment(request));
    expect(server.labelsBought()).toBe(1);

    const shipment = await gateway.createShipment(request);
    expect(server.labelsBought()).toBe(1);
    expect(server.shipmentsCreated()).toBe(1);
    expect(shipment.trackingNumber).toBe(server.shipment(request.shipmentId)!.tracking_code);
  });

  it('creates no second shipment when the creation went through but its answer was lost', async () => {
    const { server, gateway } = setup;
    const request = shipmentRequest();
    server.failNext(1, 502, { path: CREATE, afterProcessing: true });
    expect(await failureOf(gateway.createShipment(request))).toMatchObject({ retryable: true, status: 502 });
    expect(server.shipmentsCreated()).toBe(1);

    await gateway.createShipment(request);
    expect(server.shipmentsCreated()).toBe(1);
    expect(server.labelsBought()).toBe(1);
  });

  it('still buys one label when EasyPost cannot find the shipment by reference: the Idempotency-Keys replay', async () => {
    const blind = await startEasyPost({ timeoutMs: 400 }, { referenceLookup: false });
    try {
      const request = shipmentRequest();
      blind.server.failNext(1, 503, { path: BUY, afterProcessing: true });
      await failureOf(blind.gateway.createShipment(request));
      const shipment = await blind.gateway.createShipment(request);
      expect(blind.server.shipmentsCreated()).toBe(1);
      expect(blind.server.labelsBought()).toBe(1);
      expect(shipment.trackingNumber).not.toBeNull();
      expect(blind.server.requests().filter((r) => r.replayed).map((r) => r.idempotencyKey)).toEqual([`${request.idempotencyKey}:create`, `${request.idempotencyKey}:buy`]);
    } finally {
      await blind.server.close();
    }
  });

  it('still buys one label when EasyPost ignores Idempotency-Keys: the retry finds the shipment by its reference', async () => {
    const forgetful = await startEasyPost({ timeoutMs: 400 }, { honourIdempotencyKeys: false });
    try {
      const request = shipmentRequest();
      forgetful.server.failNext(1, 503, { path: BUY, afterProcessing: true });
      await failureOf(forgetful.gateway.createShipment(request));
      await forgetful.gateway.createShipment(request);
      await forgetful.gateway.createShipment(request);
      expect(forgetful.server.shipmentsCreated()).toBe(1);
      expect(forgetful.server.labelsBought()).toBe(1);
      expect(forgetful.server.requests().some((r) => r.replayed)).toBe(false);
    } finally {
      await forgetful.server.close();
    }
  });

  it('sends an Idempotency-Key derived from the request on each POST, and the carrier replays a repeated one', async () => {
    const { server, gateway } = setup;
    const request = shipmentRequest();
    const shipment = await gateway.createShipment(request);
    await gateway.cancelShipment({ carrierShipmentId: shipment.carrierShipmentId, idempotencyKey: `cancel:${request.shipmentId}` });
    await gateway.cancelShipment({ carrierShipmentId: shipment.carrierShipmentId, idempotencyKey: `cancel:${request.shipmentId}` });
    const posts = server.requests().filter((r) => r.method === 'POST');
    expect(posts.map((r) => [r.path.replace(shipment.carrierShipmentId, ':id'), r.idempotencyKey, r.replayed])).toEqual([
      ['/v2/shipments', `${request.idempotencyKey}:create`, false],
      ['/v2/shipments/:id/buy', `${request.idempotencyKey}:buy`, false],
      ['/v2/shipments/:id/refund', `cancel:${request.shipmentId}`, false],
      ['/v2/shipments/:id/refund', `cancel:${request.shipmentId}`, true],
    ]);
    expect(server.refundsRequested()).toBe(1);
    expect(posts[0]!.body).toMatchObject({
      shipment: {
        reference: request.shipmentId,
        to_address: { name: 'Ada Lovelace', street1: '179 N Harbor Dr', zip: '90277', country: 'US', email: 'ada@example.com' },
        from_address: { street1: WAREHOUSE.street, street2: WAREHOUSE.street2, zip: WAREHOUSE.zip },
        parcel: { weight: 16 },
        options: { label_format: 'PDF', print_custom_1: request.orderReference },
      },
    });
  });

  it('refuses a request EasyPost rejects (4xx) as not retryable, with EasyPost\'s message', async () => {
    const { server, gateway } = setup;
    const request = shipmentRequest();
    const error = await failureOf(gateway.createShipment({ ...request, to: { ...request.to, street: ' ' } }));
    expect(error).toMatchObject({ retryable: false, code: 'SHIPMENT.INVALID_PARAMS', status: 422 });
    expect(error.message).toContain('one or more parameters were invalid');
    expect(error.message).toContain('shipment.to_address.street1 cannot be blank');
    expect(server.shipmentsCreated()).toBe(0);
  });

  it('refuses a wrong API key as not retryable and never repeats the key', async () => {
    const wrongKey = 'EZTK_wrong_key_0000';
    const gateway = new EasyPostCarrierGateway({ apiKey: wrongKey, baseUrl: setup.server.url, fromAddress: WAREHOUSE, defaultParcel: { weight: 8 } });
    const error = await failureOf(gateway.createShipment(shipmentRequest()));
    expect(error).toMatchObject({ retryable: false, code: 'UNAUTHORIZED', status: 401 });
    expect(error.message).toContain('refused the API key');
    expect(error.message).not.toContain(wrongKey);
    expect(setup.server.requests().every((r) => !r.authorized)).toBe(true);
  });

  it('keeps the API key out of anything that could be logged', () => {
    const { gateway } = setup;
    expect(JSON.stringify(gateway)).not.toContain(TEST_API_KEY);
    expect(inspect(gateway, { depth: 10, showHidden: true })).not.toContain(TEST_API_KEY);
    expect(() => new EasyPostCarrierGateway({ apiKey: TEST_API_KEY, baseUrl: 'ftp://nowhere', fromAddress: WAREHOUSE, defaultParcel: { weight: 0 } })).toThrow(
      /baseUrl must be an http\(s\) URL; defaultParcel.weight must be a positive number of ounces/,
    );
  });

  it('reports an unreachable EasyPost as a retryable network failure', async () => {
    const closed = await startTestCarrierServer();
    const url = closed.url;
    await closed.close();
    const gateway = new EasyPostCarrierGateway({ apiKey: TEST_API_KEY, baseUrl: url, fromAddress: WAREHOUSE, defaultParcel: { weight: 8 } });
    expect(await failureOf(gateway.createShipment(shipmentRequest()))).toMatchObject({ retryable: true, code: 'network', status: null });
  });

  it('buys the cheapest rate, the service asked for, or one from the preferred carriers; refuses when none fits', async () => {
    const { server, gateway } = setup;
    expect(await gateway.createShipment(shipmentRequest())).toMatchObject({ carrier: 'USPS', service: 'GroundAdvantage', status: 'label_created' });
    expect(await gateway.createShipment(shipmentRequest({ service: 'priority' }))).toMatchObject({ carrier: 'USPS', service: 'Priority' });
    const ups = new EasyPostCarrierGateway({ apiKey: TEST_API_KEY, baseUrl: server.url, fromAddress: WAREHOUSE, defaultParcel: { weight: 8 }, preferredCarriers: ['ups'] });
    expect(await ups.createShipment(shipmentRequest())).toMatchObject({ carrier: 'UPS', service: 'Ground' });

    const bought = server.labelsBought();
    const error = await failureOf(gateway.createShipment(shipmentRequest({ service: 'Teleport' })));
    expect(error).toMatchObject({ retryable: false, code: 'no_rate' });
    expect(error.message).toContain('offered: USPS Priority, USPS GroundAdvantage, UPS Ground');
    expect(server.labelsBought()).toBe(bought);
  });

  it('treats cancelling a shipment that was never bought as done, and an unknown one as an error', async () => {
    const { server, gateway } = setup;
    const request = shipmentRequest();
    server.failNext(1, 400, { path: BUY });
    expect(await failureOf(gateway.createShipment(request))).toMatchObject({ retryable: false, status: 400 });
    const unbought = server.shipment(request.shipmentId)!;
    await expect(gateway.cancelShipment({ carrierShipmentId: String(unbought.id), idempotencyKey: 'cancel:1' })).resolves.toBeUndefined();
    expect(server.refundsRequested()).toBe(0);

    expect(await failureOf(gateway.cancelShipment({ carrierShipmentId: 'shp_does_not_exist', idempotencyKey: 'cancel:2' }))).toMatchObject({ retryable: false, status: 404 });
  });

  it('reads tracking by shipment id or by tracking number alone', async () => {
    const { server, gateway } = setup;
    const shipment = await gateway.createShipment(shipmentRequest());
    await server.advanceTracking(shipment.carrierShipmentId, 'in_transit', { location: { city: 'HOUSTON', state: 'TX', zip: '77063' } });
    const byId = await gateway.track({ carrierShipmentId: shipment.carrierShipmentId, trackingNumber: null });
    expect(byId.map((u) => [u.status, u.rawCode, u.location])).toEqual([
      ['label_created', 'pre_transit', null],
      ['in_transit', 'in_transit', 'HOUSTON, TX, 77063'],
    ]);
    expect(await gateway.track({ carrierShipmentId: null, trackingNumber: shipment.trackingNumber })).toEqual(byId);
    expect(await gateway.track({ carrierShipmentId: null, trackingNumber: 'EZ0000000000' })).toEqual([]);
  });
});
