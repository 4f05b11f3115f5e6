import { createTestOrderCore, domainErrorOf, FakeCarrierGateway, InMemoryUnitOfWork } from '@oms/order-testkit';
import { adminPrincipal, systemPrincipal, type Principal } from '../../auth/principal';
import { DEFAULT_WAREHOUSE_ID } from '../../inventory/warehouse';

const admin = adminPrincipal('admin_1', 'admin@example.com');
const system = systemPrincipal();
const courierA: Principal = { kind: 'courier', id: 'courier_a', email: 'a@couriers.example' };
const courierB: Principal = { kind: 'courier', id: 'courier_b', email: null };
const customer: Principal = { kind: 'customer', id: 'u_1', customerId: 'cust_1', email: 'jane@example.com' };
const address = { name: 'Jane Doe', street: '123 Main St', city: 'Springfield', state: 'IL', zip: '62701', country: 'US' };
const UPS_OK = '1Z999AA10123456784';

async function setup(options: { uow?: InMemoryUnitOfWork; carrier?: FakeCarrierGateway; maxAttempts?: number } = {}) {
  const carrier = options.carrier ?? new FakeCarrierGateway();
  const kit = createTestOrderCore({
    uow: options.uow,
    carriers: [carrier],
    jobRetry: { maxAttempts: options.maxAttempts ?? 3, baseDelayMs: 1_000, maxDelayMs: 60_000 },
    jobLeaseMs: 60_000,
  });
  const { core } = kit;
  const tee = await core.createProduct.execute({ sku: 'TEE', name: 'Custom T-Shirt', price: 20 }, admin);
  const mug = await core.createProduct.execute({ sku: 'MUG', name: 'Mug', price: 10 }, admin);
  await core.bulkAdjustStock.execute({ adjustments: [tee, mug].map((p) => ({ productId: p.id, quantityChange: 10, reason: 'restock' as const })) }, admin);
  const place = async () =>
    (await core.placeOrder.execute({ customerId: 'cust_1', email: 'jane@example.com', items: [{ productId: tee.id, quantity: 2 }, { productId: mug.id, quantity: 1 }], shippingAddress: address }, admin)).order;
  const level = async (productId: string) => (await core.listStockLevels.execute({ productId }, admin)).items.find((l) => l.warehouseId === DEFAULT_WAREHOUSE_ID);
  const pack = async (orderId: string) => core.changeOrderStatus.execute({ orderId, status: 'packed' }, admin);
  return { ...kit, carrier, tee, mug, place, level, pack };
}

describe('shipping an order in parts', () => {
  it('derives partial then fulfilled, consumes stock per shipped unit, and ships the order when everything has', async () => {
    const { core, place, tee, mug, level } = await setup();
    const order = await place();
    const first = await core.shipOrder.execute({ orderId: order.id, carrier: 'ups', trackingNumber: '1Z 999 AA1 0123456784', lines: [{ productId: tee.id, quantity: 1 }] }, admin);
    expect(first.fulfillmentStatus).toBe('partial');
    expect(first.order.status).toBe('processing');
    expect(first.shipment).toMatchObject({ carrier: 'UPS', gateway: 'manual', trackingNumber: UPS_OK, status: 'label_created', lines: [{ sku: 'TEE', quantity: 1 }] });
    expect(await level(tee.id)).toMatchObject({ onHand: 9, reserved: 1 });
    expect(await level(mug.id)).toMatchObject({ onHand: 10, reserved: 1 });
    expect(first.lineAllocations[order.lines[0]!.id]).toEqual({ reserved: 1, backordered: 0, shipped: 1 });

    const rest = await core.shipOrder.execute({ orderId: order.id, carrier: 'Local Express' }, admin);
    expect(rest.shipment.lines.map((l) => [l.sku, l.quantity])).toEqual([['TEE', 1], ['MUG', 1]]);
    expect(rest.shipment).toMatchObject({ carrier: 'Local Express', trackingNumber: null, status: 'unknown' });
    expect(rest.fulfillmentStatus).toBe('fulfilled');
    expect(rest.order.status).toBe('shipped');
    expect(await level(tee.id)).toMatchObject({ onHand: 8, reserved: 0 });
    expect(await level(mug.id)).toMatchObject({ onHand: 9, reserved: 0 });
    expect(rest.events.map((e) => e.type)).toEqual(['order_placed', 'shipment_created', 'status_changed', 'shipment_created', 'status_changed']);

    expect(await domainErrorOf(core.shipOrder.execute({ orderId: order.id, carrier: 'UPS' }, admin))).toMatchObject({ code: 'CONFLICT' });
  });

  it('refuses a wrong check digit, too many units, an order on hold and callers without fulfillment:write, changing nothing', async () => {
    const { core, place, tee, level } = await setup();
    const order = await place();
    const badDigit = await domainErrorOf(core.shipOrder.execute({ orderId: order.id, carrier: 'UPS', trackingNumber: '1Z999AA10123456785' }, admin));
    expect(badDigit).toMatchObject({ code: 'VALIDATION_FAILED', details: { errors: [{ field: 'tracking_number', message: expect.stringContaining('check digit') }] } });
    const tooMany = await domainErrorOf(core.shipOrder.execute({ orderId: order.id, carrier: 'UPS', lines: [{ productId: tee.id, quantity: 3 }] }, admin));
    expect(tooMany).toMatchObject({ code: 'CONFLICT', details: { requested: 3, remaining: 2 } });
    expect(await domainErrorOf(core.shipOrder.execute({ orderId: order.id, carrier: 'UPS' }, customer))).toMatchObject({ code: 'FORBIDDEN' });
    await core.changeOrderStatus.execute({ orderId: order.id, status: 'on_hold' }, admin);
    expect(await domainErrorOf(core.shipOrder.execute({ orderId: order.id, carrier: 'UPS' }, admin))).toMatchObject({ code: 'INVALID_TRANSITION' });
    const details = await core.getOrder.execute({ orderId: order.id }, admin);
    expect(details.shipments).toEqual([]);
    expect(details.fulfillmentStatus).toBe('unfulfilled');
    expect(await level(tee.id)).toMatchObject({ onHand: 10, reserved: 2 });
  });

  it('buys a label from a carrier that can when no tracking number is given', async () => {
    const { core, place, carrier } = await setup();
    const order = await place();
    const shipped = await core.shipOrder.execute({ orderId: order.id, carrier: 'FakeCarrier', service: 'Express' }, admin);
    expect(shipped.shipment).toMatchObject({ gateway: 'fakecarrier', carrier: 'USPS', service: 'Express', carrierShipmentId: 'fake_shp_1', label: { format: 'PDF' }, estimatedDelivery: '2026-03-25' });
    expect(carrier.calls).toEqual([{ method: 'createShipment', idempotencyKey: shipped.shipment.id }]);
    expect(shipped.order).toMatchObject({ status: 'shipped', trackingNumber: shipped.shipment.trackingNumber, carrier: 'USPS' });
  });

  it('replays a retried ship with the same idempotency key: no second shipment, no second label', async () => {
    const { core, place, tee, carrier } = await setup();
    const order = await place();
    const request = { orderId: order.id, carrier: 'fakecarrier', lines: [{ productId: tee.id, quantity: 1 }], idempotencyKey: 'ship-1' };
    const first = await core.shipOrder.execute(request, admin);
    const retry = await core.shipOrder.execute(request, admin);
    expect(retry.replayed).toBe(true);
    expect(retry.shipment).toEqual(first.shipment);
    expect(carrier.created.size).toBe(1);
    expect((await core.getOrder.execute({ orderId: order.id }, admin)).shipments).toHaveLength(1);
    expect(await domainErrorOf(core.shipOrder.execute({ ...request, lines: [{ productId: tee.id, quantity: 2 }] }, admin))).toMatchObject({ code: 'IDEMPOTENCY_CONFLICT' });
    // The key is the caller's: another caller with the same key ships on its own.
    const other = adminPrincipal('admin_2');
    expect((await core.shipOrder.execute(request, other)).replayed).toBeUndefined();
  });

  it('turns a carrier failure into CARRIER_FAILED and records nothing', async () => {
    const { core, place, carrier } = await setup();
    const order = await place();
    carrier.failNext(1, { retryable: false, message: 'Address not deliverable' });
    expect(await domainErrorOf(core.shipOrder.execute({ orderId: order.id, carrier: 'fakecarrier' }, admin))).toMatchObject({
      code: 'CARRIER_FAILED',
      details: { retryable: false },
    });
    expect((await core.getOrder.execute({ orderId: order.id }, admin)).shipments).toEqual([]);
  });

  it('keeps shipments in step with status changes: ship, back to packed, ship again, deliver', async () => {
    const { core, place, tee, level } = await setup();
    const order = await place();
    await core.changeOrderStatus.execute({ orderId: order.id, status: 'packed' }, admin);
    const shipped = await core.changeOrderStatus.execute({ orderId: order.id, status: 'shipped', carrier: 'UPS', trackingNumber: UPS_OK }, admin);
    expect(shipped.shipments).toHaveLength(1);
    expect(await level(tee.id)).toMatchObject({ onHand: 8, reserved: 0 });
    const unshipped = await core.changeOrderStatus.execute({ orderId: order.id, status: 'packed', reason: 'Label misprinted' }, admin);
    expect(unshipped.shipments.map((s) => s.status)).toEqual(['cancelled']);
    expect(unshipped.fulfillmentStatus).toBe('unfulfilled');
    expect(await level(tee.id)).toMatchObject({ onHand: 10, reserved: 2 });
    await core.changeOrderStatus.execute({ orderId: order.id, status: 'shipped' }, admin);
    const delivered = await core.changeOrderStatus.execute({ orderId: order.id, status: 'delivered' }, admin);
    expect(delivered.shipments.map((s) => s.status)).toEqual(['cancelled', 'delivered']);
    const history = await core.listInventoryHistory.execute({ productId: tee.id }, admin);
    expect(history.items.map((m) => m.reason)).toEqual(['restock', 'reservation', 'shipment', 'shipment_cancelled', 'shipment']);
  });

  it('cancels a shipment before pickup: the carrier voids it, stock is reserved again, the order goes back to packed', async () => {
    const { core, place, carrier, tee, level } = await setup();
    const order = await place();
    const { shipment } = await core.shipOrder.execute({ orderId: order.id, carrier: 'fakecarrier' }, admin);
    const cancelled = await core.cancelShipment.execute({ shipmentId: shipment.id, reason: 'Wrong box' }, admin);
    expect(cancelled.shipment.status).toBe('cancelled');
    expect(cancelled.order.status).toBe('packed');
    expect(carrier.cancelled).toEqual(new Set(['fake_shp_1']));
    expect(await level(tee.id)).toMatchObject({ onHand: 10, reserved: 2 });
    expect(await domainErrorOf(core.cancelShipment.execute({ shipmentId: shipment.id }, admin))).toMatchObject({ code: 'CONFLICT' });
    const again = await core.shipOrder.execute({ orderId: order.id, carrier: 'fakecarrier' }, admin);
    expect(again.order.status).toBe('shipped');
  });
});

describe('bulk dispatch', () => {
  it('ships each good row and reports each bad one on its own', async () => {
    const { core, place } = await setup();
    const good = await place();
    const held = await place();
    await core.changeOrderStatus.execute({ orderId: held.id, status: 'on_hold' }, admin);
    const alsoGood = await place();
    const { results } = await core.bulkDispatch.execute(
      {
        orders: [
          { orderId: good.id, trackingNumber: UPS_OK, carrier: 'UPS' },
          { orderId: 'order_missing', trackingNumber: UPS_OK, carrier: 'UPS' },
          { orderId: held.id, trackingNumber: UPS_OK, carrier: 'UPS' },
          { orderId: alsoGood.id, trackingNumber: '1Z999AA10123456785', carrier: 'UPS' },
          { orderId: alsoGood.id, trackingNumber: '3318810025', carrier: 'DHL' },
        ],
      },
      admin,
    );
    expect(results.map((r) => (r.ok ? 'ok' : r.code))).toEqual(['ok', 'NOT_FOUND', 'INVALID_TRANSITION', 'VALIDATION_FAILED', 'ok']);
    expect((await core.getOrder.execute({ orderId: good.id }, admin)).order.status).toBe('shipped');
    expect((await core.getOrder.execute({ orderId: held.id }, admin)).order.status).toBe('on_hold');
    expect((await core.getOrder.execute({ orderId: alsoGood.id }, admin)).shipments.map((s) => [s.carrier, s.trackingNumber])).toEqual([['DHL Express', '3318810025']]);
    expect(await domainErrorOf(core.bulkDispatch.execute({ orders: [] }, admin))).toMatchObject({ code: 'VALIDATION_FAILED' });
  });
});

describe('pushing orders to a carrier in the background', () => {
  it('queues a job per packed order and the worker ships it with the carrier', async () => {
    const { core, place, pack, carrier } = await setup();
    const order = await place();
    const notPacked = await place();
    await pack(order.id);
    const { results } = await core.pushToCarrier.execute({ orderIds: [order.id, notPacked.id], carrier: 'fakecarrier', fromStock: true }, admin);
    expect(results.map((r) => (r.ok ? 'ok' : r.code))).toEqual(['ok', 'INVALID_TRANSITION']);
    expect((await core.getOrder.execute({ orderId: order.id }, admin)).order.status).toBe('awaiting_carrier');
    expect(await core.runJobs.execute({}, system)).toEqual({ claimed: 1, succeeded: 1, retried: 0, failed: 0 });
    const details = await core.getOrder.execute({ orderId: order.id }, admin);
    expect(details.order.status).toBe('shipped');
    expect(details.shipments).toEqual([expect.objectContaining({ gateway: 'fakecarrier', carrierShipmentId: 'fake_shp_1', label: { format: 'PDF', url: 'https://labels.fake/1.pdf' } })]);
    const job = (await core.listJobs.execute({ orderId: order.id }, admin)).items[0]!;
    expect(job).toMatchObject({ status: 'succeeded', attempts: 1, result: { shipmentId: details.shipments[0]!.id } });
    expect(await core.runJobs.execute({}, system)).toEqual({ claimed: 0, succeeded: 0, retried: 0, failed: 0 });
    expect(await domainErrorOf(core.runJobs.execute({}, admin))).toMatchObject({ code: 'FORBIDDEN' });
  });

  it('retries a carrier that is down with backoff, then succeeds with one label', async () => {
    const { core, place, pack, carrier, clock } = await setup();
    const order = await place();
    await pack(order.id);
    await core.pushToCarrier.execute({ orderIds: [order.id], carrier: 'fakecarrier', fromStock: true }, admin);
    carrier.failNext(2);
    expect(await core.runJobs.execute({}, system)).toMatchObject({ retried: 1 });
    const [job] = (await core.listJobs.execute({ orderId: order.id }, admin)).items;
    expect(job).toMatchObject({ status: 'pending', attempts: 1, lastError: 'HTTP 503 Service Unavailable', availableAt: '2026-03-20T12:00:01.000Z' });
    expect(await core.runJobs.execute({}, system)).toMatchObject({ claimed: 0 });
    clock.advance(1_000);
    expect(await core.runJobs.execute({}, system)).toMatchObject({ retried: 1 });
    clock.advance(2_000);
    expect(await core.runJobs.execute({}, system)).toMatchObject({ succeeded: 1 });
    expect(carrier.created.size).toBe(1);
    expect((await core.getOrder.execute({ orderId: order.id }, admin)).order.status).toBe('shipped');
  });

  it('puts the order on hold with the reason on its timeline after the last retry', async () => {
    const { core, place, pack, carrier, clock } = await setup({ maxAttempts: 2 });
    const order = await place();
    await pack(order.id);
    await core.pushToCarrier.execute({ orderIds: [order.id], carrier: 'fakecarrier', fromStock: true }, admin);
    carrier.failNext(5, { message: 'timed out after 15000 ms' });
    await core.runJobs.execute({}, system);
    clock.advance(60_000);
    expect(await core.runJobs.execute({}, system)).toMatchObject({ failed: 1 });
    const details = await core.getOrder.execute({ orderId: order.id }, admin);
    expect(details.order.status).toBe('on_hold');
    const last = details.events[details.events.length - 1]!;
    expect(last).toMatchObject({ type: 'status_changed', data: { from: 'awaiting_carrier', to: 'on_hold', reason: expect.stringContaining('timed out after 15000 ms') } });
    expect((await core.listJobs.execute({ status: 'failed' }, admin)).items).toHaveLength(1);
  });

  it('a refusal is not retried: the order goes on hold at once', async () => {
    const { core, place, pack, carrier } = await setup();
    const order = await place();
    await pack(order.id);
    await core.pushToCarrier.execute({ orderIds: [order.id], carrier: 'fakecarrier', fromStock: true }, admin);
    carrier.failNext(1, { retryable: false, message: 'Invalid ZIP code' });
    expect(await core.runJobs.execute({}, system)).toMatchObject({ failed: 1 });
    expect((await core.getOrder.execute({ orderId: order.id }, admin)).order.status).toBe('on_hold');
  });

  it('a worker that dies between the carrier call and its commit: the next worker finishes with the same shipment', async () => {
    const uow = new InMemoryUnitOfWork();
    const carrier = new FakeCarrierGateway();
    const { core, place, pack, clock, tee, level } = await setup({ uow, carrier });
    const order = await place();
    await pack(order.id);
    await core.pushToCarrier.execute({ orderIds: [order.id], carrier: 'fakecarrier', fromStock: true }, admin);
    carrier.hangAfterCreating(1);
    const dead = core.runJobs.execute({}, system);
    await new Promise((resolve) => setImmediate(resolve));
    expect(carrier.created.size).toBe(1);
    expect((await core.listJobs.execute({}, admin)).items[0]).toMatchObject({ status: 'running', attempts: 1 });

    expect(await core.runJobs.execute({}, system)).toMatchObject({ claimed: 0 });
    clock.advance(60_000);
    expect(await core.runJobs.execute({}, system)).toEqual({ claimed: 1, succeeded: 1, retried: 0, failed: 0 });
    carrier.releaseHung();
    // The first worker wakes up with a lost lease: it writes nothing.
    await dead;
    expect(carrier.created.size).toBe(1);
    const details = await core.getOrder.execute({ orderId: order.id }, admin);
    expect(details.shipments).toHaveLength(1);
    expect(details.order.status).toBe('shipped');
    expect(await level(tee.id)).toMatchObject({ onHand: 8, reserved: 0 });
    expect((await core.listJobs.execute({}, admin)).items[0]).toMatchObject({ status: 'succeeded', attempts: 2 });
  });

  it('ships from elsewhere without taking stock off our shelves when from_stock is false', async () => {
    const { core, place, pack, tee, level } = await setup();
    const order = await place();
    await pack(order.id);
    await core.pushToCarrier.execute({ orderIds: [order.id], carrier: 'fakecarrier', fromStock: false }, admin);
    await core.runJobs.execute({}, system);
    expect(await level(tee.id)).toMatchObject({ onHand: 10, reserved: 0 });
    expect((await core.getOrder.execute({ orderId: order.id }, admin)).order.status).toBe('shipped');
  });

  it('completes a shipment the carrier made asynchronously when its tracking number arrives by webhook', async () => {
    const { core, place, pack, carrier } = await setup();
    const order = await place();
    await pack(order.id);
    carrier.completeAsynchronously();
    await core.pushToCarrier.execute({ orderIds: [order.id], carrier: 'fakecarrier', fromStock: true }, admin);
    await core.runJobs.execute({}, system);
    const [pending] = (await core.getOrder.execute({ orderId: order.id }, admin)).shipments;
    expect(pending).toMatchObject({ status: 'unknown', trackingNumber: null, label: null, carrierShipmentId: 'fake_shp_1' });
    const made = [...carrier.created.values()][0]!;
    const completed = carrier.signedWebhook([
      {
        carrierShipmentId: 'fake_shp_1',
        trackingNumber: made.trackingNumber,
        status: 'label_created',
        rawCode: 'pre_transit',
        description: null,
        location: null,
        occurredAt: '2026-03-20T12:30:00.000Z',
        estimatedDelivery: '2026-03-26',
        eventId: 'created-1',
        carrier: 'USPS',
        label: made.label,
      },
    ]);
    expect(await core.receiveCarrierWebhook.execute({ carrier: 'fakecarrier', ...completed }, { kind: 'public' })).toMatchObject({ applied: 1 });
    const view = await core.trackOrder.execute({ orderId: order.id, email: 'jane@example.com' }, { kind: 'public' });
    expect(view).toMatchObject({ trackingNumber: made.trackingNumber, carrier: 'USPS', estimatedDelivery: '2026-03-26' });
    expect((await core.getShipment.execute({ shipmentId: pending!.id }, admin)).shipment).toMatchObject({ status: 'label_created', label: made.label });
  });

  it('refuses a carrier that cannot create shipments', async () => {
    const { core, place } = await setup();
    const order = await place();
    expect(await domainErrorOf(core.pushToCarrier.execute({ orderIds: [order.id], carrier: 'UPS', fromStock: true }, admin))).toMatchObject({
      code: 'VALIDATION_FAILED',
      details: { errors: [{ field: 'carrier', message: expect.stringContaining('fakecarrier') }] },
    });
  });
});

describe('tracking updates from carriers', () => {
  async function shippedWithCarrier() {
    const kit = await setup();
    const order = await kit.place();
    const { shipment } = await kit.core.shipOrder.execute({ orderId: order.id, carrier: 'fakecarrier' }, admin);
    const update = (status: 'in_transit' | 'delivered' | 'returned_to_sender', occurredAt: string, eventId: string) => ({
      carrierShipmentId: shipment.carrierShipmentId,
      trackingNumber: shipment.trackingNumber,
      status,
      rawCode: status.toUpperCase(),
      description: null,
      location: 'Memphis, TN',
      occurredAt,
      estimatedDelivery: '2026-03-24',
      eventId,
    });
    return { ...kit, order, shipment, update };
  }

  it('refuses a webhook with a bad or missing signature and changes nothing', async () => {
    const { core, carrier, shipment, update } = await shippedWithCarrier();
    const forged = carrier.signedWebhook([update('delivered', '2026-03-22T10:00:00.000Z', 'e1')], 'not-the-secret');
    expect(await domainErrorOf(core.receiveCarrierWebhook.execute({ carrier: 'fakecarrier', ...forged }, { kind: 'public' }))).toMatchObject({ code: 'UNAUTHENTICATED' });
    const signed = carrier.signedWebhook([update('delivered', '2026-03-22T10:00:00.000Z', 'e1')]);
    const tampered = { ...signed, rawBody: Buffer.from(Buffer.from(signed.rawBody).toString().replace('delivered', 'in_transit')) };
    expect(await domainErrorOf(core.receiveCarrierWebhook.execute({ carrier: 'fakecarrier', ...tampered }, { kind: 'public' }))).toMatchObject({ code: 'UNAUTHENTICATED' });
    const unsigned = { rawBody: signed.rawBody, headers: {} };
    expect(await domainErrorOf(core.receiveCarrierWebhook.execute({ carrier: 'fakecarrier', ...unsigned }, { kind: 'public' }))).toMatchObject({ code: 'UNAUTHENTICATED' });
    expect(await domainErrorOf(core.receiveCarrierWebhook.execute({ carrier: 'manual', ...signed }, { kind: 'public' }))).toMatchObject({ code: 'NOT_FOUND' });
    expect((await core.getShipment.execute({ shipmentId: shipment.id }, admin)).shipment.status).toBe('label_created');
  });

  it('applies signed reports once, ignores replays and older reports, and delivers the order', async () => {
    const { core, carrier, order, shipment, update } = await shippedWithCarrier();
    const transit = carrier.signedWebhook([update('in_transit', '2026-03-21T08:00:00.000Z', 'e1')]);
    expect(await core.receiveCarrierWebhook.execute({ carrier: 'fakecarrier', ...transit }, { kind: 'public' })).toEqual({ received: 1, applied: 1, ignored: 0 });
    expect(await core.receiveCarrierWebhook.execute({ carrier: 'fakecarrier', ...transit }, { kind: 'public' })).toEqual({ received: 1, applied: 0, ignored: 1 });
    // The same moment written without milliseconds is the same report, and a report without a real time is skipped.
    const sameMoment = carrier.signedWebhook([{ ...update('in_transit', '2026-03-21T08:00:00Z', 'e1') }, update('delivered', 'yesterday', 'e9')]);
    expect(await core.receiveCarrierWebhook.execute({ carrier: 'fakecarrier', ...sameMoment }, { kind: 'public' })).toEqual({ received: 2, applied: 0, ignored: 2 });
    const delivered = carrier.signedWebhook([update('delivered', '2026-03-22T10:00:00.000Z', 'e3'), update('in_transit', '2026-03-21T20:00:00.000Z', 'e2')]);
    expect(await core.receiveCarrierWebhook.execute({ carrier: 'FakeCarrier', ...delivered }, { kind: 'public' })).toMatchObject({ received: 2 });
    const details = await core.getShipment.execute({ shipmentId: shipment.id }, admin);
    expect(details.shipment).toMatchObject({ status: 'delivered', estimatedDelivery: '2026-03-24' });
    expect(details.trackingEvents.map((e) => [e.status, e.rawCode])).toEqual([
      ['label_created', 'created'],
      ['in_transit', 'IN_TRANSIT'],
      ['in_transit', 'IN_TRANSIT'],
      ['delivered', 'DELIVERED'],
    ]);
    expect((await core.getOrder.execute({ orderId: order.id }, admin)).order.status).toBe('delivered');
    const view = await core.trackOrder.execute({ orderId: order.id, email: 'jane@example.com' }, { kind: 'public' });
    expect(view.items.map((i) => i.status)).toEqual(['delivered', 'delivered']);
  });

  it('shows the stored estimate on the public tracking answer, and polls carriers without webhooks', async () => {
    const { core, carrier, order, update } = await shippedWithCarrier();
    expect((await core.trackOrder.execute({ orderId: order.id, email: 'jane@example.com' }, { kind: 'public' })).estimatedDelivery).toBe('2026-03-25');
    carrier.report(update('in_transit', '2026-03-21T08:00:00.000Z', 'p1'));
    expect(await core.pollShipmentTracking.execute({}, system)).toEqual({ received: 1, applied: 1, ignored: 0 });
    const view = await core.trackOrder.execute({ orderId: order.id, email: 'jane@example.com' }, { kind: 'public' });
    expect(view).toMatchObject({ estimatedDelivery: '2026-03-24', shipments: [{ carrier: 'USPS', status: 'in_transit', estimatedDelivery: '2026-03-24' }] });
    const callsBefore = carrier.calls.length;
    await core.trackOrder.execute({ orderId: order.id, email: 'jane@example.com' }, { kind: 'public' });
    expect(carrier.calls.length).toBe(callsBefore);
  });

  it('returns the order and restocks when the parcel comes back to the sender', async () => {
    const { core, carrier, order, update, tee, level } = await shippedWithCarrier();
    const back = carrier.signedWebhook([update('returned_to_sender', '2026-03-23T10:00:00.000Z', 'r1')]);
    await core.receiveCarrierWebhook.execute({ carrier: 'fakecarrier', ...back }, { kind: 'public' });
    const details = await core.getOrder.execute({ orderId: order.id }, admin);
    expect(details.order.status).toBe('returned');
    expect(details.fulfillmentStatus).toBe('unfulfilled');
    expect(await level(tee.id)).toMatchObject({ onHand: 10, reserved: 0 });
  });
});

describe('scanning parcels', () => {
  it('packs, ships, delivers and returns by reference or tracking number; a second scan changes nothing', async () => {
    const { core, place, tee, level } = await setup();
    const order = await place();
    const packed = await core.scanParcel.execute({ code: order.reference.toLowerCase(), action: 'pack' }, admin);
    expect(packed).toMatchObject({ orderId: order.id, changed: true, status: 'packed' });
    const again = await core.scanParcel.execute({ code: order.reference, action: 'pack' }, admin);
    expect(again).toMatchObject({ changed: false, status: 'packed', message: expect.stringContaining('already packed') });
    const version = (await core.getOrder.execute({ orderId: order.id }, admin)).order.version;

    expect(await core.scanParcel.execute({ code: order.id, action: 'ship', warehouseId: DEFAULT_WAREHOUSE_ID, date: '2026-03-20' }, admin)).toMatchObject({ changed: true, status: 'shipped' });
    expect(await core.scanParcel.execute({ code: order.id, action: 'ship' }, admin)).toMatchObject({ changed: false });
    expect(await level(tee.id)).toMatchObject({ onHand: 8, reserved: 0 });
    expect((await core.getOrder.execute({ orderId: order.id }, admin)).order.version).toBe(version + 1);

    expect(await core.scanParcel.execute({ code: order.reference, action: 'deliver' }, admin)).toMatchObject({ changed: true, status: 'delivered' });
    expect(await core.scanParcel.execute({ code: order.reference, action: 'deliver' }, admin)).toMatchObject({ changed: false, status: 'delivered' });
    expect(await core.scanParcel.execute({ code: order.reference, action: 'return' }, admin)).toMatchObject({ changed: true, status: 'returned' });
    expect(await level(tee.id)).toMatchObject({ onHand: 10, reserved: 0 });
  });

  it('resolves a tracking number to its order and refuses unknown codes and bad input', async () => {
    const { core, place } = await setup();
    const order = await place();
    await core.shipOrder.execute({ orderId: order.id, carrier: 'UPS', trackingNumber: UPS_OK }, admin);
    expect(await core.scanParcel.execute({ code: '1z999aa10123456784', action: 'deliver' }, admin)).toMatchObject({ orderId: order.id, status: 'delivered' });
    expect(await domainErrorOf(core.scanParcel.execute({ code: 'NOPE-123', action: 'ship' }, admin))).toMatchObject({ code: 'NOT_FOUND' });
    expect(await domainErrorOf(core.scanParcel.execute({ code: order.id, action: 'explode' as never }, admin))).toMatchObject({ code: 'VALIDATION_FAILED' });
    expect(await domainErrorOf(core.scanParcel.execute({ code: order.id, action: 'ship', date: '2026-02-30' }, admin))).toMatchObject({ code: 'VALIDATION_FAILED' });
  });
});

describe('couriers', () => {
  it('see only their own deliveries and settle only those', async () => {
    const { core, place, pack } = await setup();
    const mine = await place();
    const theirs = await place();
    const loose = await place();
    await pack(mine.id);
    await pack(theirs.id);
    const assigned = await core.assignToCourier.execute({ orderIds: [mine.id, loose.id], courierId: 'courier_a', warehouseId: DEFAULT_WAREHOUSE_ID }, admin);
    expect(assigned.results.map((r) => (r.ok ? 'ok' : r.code))).toEqual(['ok', 'INVALID_TRANSITION']);
    await core.assignToCourier.execute({ orderIds: [theirs.id], courierId: 'courier_b', warehouseId: DEFAULT_WAREHOUSE_ID }, admin);
    expect((await core.getOrder.execute({ orderId: mine.id }, admin)).order.status).toBe('shipped');

    const list = await core.listCourierDeliveries.execute({}, courierA);
    expect(list.items.map((d) => d.orderId)).toEqual([mine.id]);
    expect(list.items[0]).toMatchObject({ amountDue: 5000, currency: 'USD', contact: { name: 'Jane Doe' }, address: { street: '123 Main St' } });
    expect(JSON.stringify(list)).not.toContain('jane@example.com');

    const notMine = await domainErrorOf(core.completeCourierDelivery.execute({ orderId: theirs.id, outcome: 'delivered' }, courierA));
    const missing = await domainErrorOf(core.completeCourierDelivery.execute({ orderId: 'order_missing', outcome: 'delivered' }, courierA));
    expect([notMine.code, notMine.message.replace(theirs.id, 'X')]).toEqual([missing.code, missing.message.replace('order_missing', 'X')]);
    expect(await domainErrorOf(core.listCourierDeliveries.execute({}, admin))).toMatchObject({ code: 'FORBIDDEN' });
    expect(await domainErrorOf(core.completeCourierDelivery.execute({ orderId: mine.id, outcome: 'failed' }, courierA))).toMatchObject({ code: 'VALIDATION_FAILED' });

    const failed = await core.completeCourierDelivery.execute({ orderId: mine.id, outcome: 'failed', reason: 'Nobody home' }, courierA);
    expect(failed).toMatchObject({ changed: true, delivery: { status: 'exception' } });
    expect((await core.listCourierDeliveries.execute({}, courierA)).items[0]).toMatchObject({ failureReason: 'Nobody home' });
    const done = await core.completeCourierDelivery.execute({ orderId: mine.id, outcome: 'delivered' }, courierA);
    expect(done).toMatchObject({ changed: true, delivery: { status: 'delivered' } });
    expect(await core.completeCourierDelivery.execute({ orderId: mine.id, outcome: 'delivered' }, courierA)).toMatchObject({ changed: false });
    expect((await core.getOrder.execute({ orderId: mine.id }, admin)).order.status).toBe('delivered');
    expect((await core.listCourierDeliveries.execute({}, courierA)).items).toEqual([]);
    expect((await core.listCourierDeliveries.execute({}, courierB)).items.map((d) => d.orderId)).toEqual([theirs.id]);
  });
});
