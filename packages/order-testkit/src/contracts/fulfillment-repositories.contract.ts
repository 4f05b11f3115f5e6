import { aShipment, aTrackingEvent, aJob } from '../builders';
import type { Job, Order, Shipment, TrackingEvent, UnitOfWork } from '@oms/order-core';
import { anOrder } from '../builders';
import { useFixture, type PersistenceFactory } from './persistence-fixture';

async function storedOrder(uow: UnitOfWork, overrides: Partial<Order> = {}): Promise<Order> {
  const order = anOrder(overrides);
  await uow.transaction((r) => r.orders.insert(order));
  return order;
}




export function describeShipmentRepositoryContract(name: string, factory: PersistenceFactory): void {
  describe(`ShipmentRepository contract: ${name}`, () => {
    const uow = useFixture(factory);
    const shipments = () => uow().repositories.shipments;

    it('reads back exactly what it stored, by id, order, tracking number and carrier id', async () => {
      const order = await storedOrder(uow());
      const full = aShipment(order, {
        gateway: 'easypost',
        carrier: 'USPS',
        service: 'Priority',
        carrierShipmentId: 'shp_ep_1',
        estimatedDelivery: '2026-03-25',
        label: { format: 'PDF', url: 'https://labels.example/1.pdf' },
        warehouseId: 'wh_main',
        courierId: null,
        fromStock: false,
      });
      const later = aShipment(order, { id: 'shp_2', trackingNumber: null, courierId: 'courier_7', status: 'out_for_delivery', createdAt: '2026-03-20T13:00:00.000Z' });
      await uow().transaction(async (r) => {
        await r.shipments.insert(later);
        await r.shipments.insert(full);
      });
      expect(await shipments().findById(full.id)).toEqual(full);
      expect(await shipments().findById('shp_none')).toBeNull();
      expect(await shipments().listForOrder(order.id)).toEqual([full, later]);
      expect(await shipments().listForOrders([order.id, 'order_none'])).toEqual([full, later]);
      expect(await shipments().findByTrackingNumber('1Z999AA10123456784')).toEqual([full]);
      expect(await shipments().findByCarrierShipmentId('easypost', 'shp_ep_1')).toEqual(full);
      expect(await shipments().findByCarrierShipmentId('other', 'shp_ep_1')).toBeNull();
    });

    it('updates only at the expected version', async () => {
      const order = await storedOrder(uow());
      const shipment = aShipment(order);
      await uow().transaction((r) => r.shipments.insert(shipment));
      const moved = { ...shipment, status: 'delivered' as const, statusAt: '2026-03-22T10:00:00.000Z', failureReason: 'first try failed', version: 2 };
      expect(await uow().transaction((r) => r.shipments.update(moved, 1))).toBe(true);
      expect(await uow().transaction((r) => r.shipments.update({ ...moved, status: 'exception', version: 3 }, 1))).toBe(false);
      expect(await shipments().findById(shipment.id)).toEqual(moved);
    });

    it('lists newest first with filters and a total that ignores paging', async () => {
      const order = await storedOrder(uow());
      const other = await storedOrder(uow());
      const a = aShipment(order, { id: 'shp_a', carrier: 'UPS', createdAt: '2026-03-20T10:00:00.000Z' });
      const b = aShipment(order, { id: 'shp_b', gateway: 'easypost', carrier: 'USPS', status: 'in_transit', createdAt: '2026-03-20T11:00:00.000Z' });
      const c = aShipment(other, { id: 'shp_c', carrier: 'courier', gateway: 'courier', courierId: 'courier_1', status: 'out_for_delivery', createdAt: '2026-03-20T12:00:00.000Z' });
      await uow().transaction(async (r) => {
        for (const s of [a, b, c]) await r.shipments.insert(s);
      });
      const ids = async (query: Parameters<UnitOfWork['repositories']['shipments']['list']>[0]) => (await shipments().list(query)).items.map((s) => s.id);
      expect(await ids({ limit: 10, offset: 0 })).toEqual(['shp_c', 'shp_b', 'shp_a']);
      expect(await shipments().list({ limit: 1, offset: 1 })).toEqual({ items: [b], total: 3 });
      expect(await ids({ orderId: order.id, limit: 10, offset: 0 })).toEqual(['shp_b', 'shp_a']);
      expect(await ids({ status: 'in_transit', limit: 10, offset: 0 })).toEqual(['shp_b']);
      expect(await ids({ carrier: 'ups', limit: 10, offset: 0 })).toEqual(['shp_a']);
      expect(await ids({ carrier: 'EasyPost', limit: 10, offset: 0 })).toEqual(['shp_b']);
      expect(await ids({ courierId: 'courier_1', limit: 10, offset: 0 })).toEqual(['shp_c']);
      expect(await ids({ statuses: ['label_created', 'out_for_delivery'], limit: 10, offset: 0 })).toEqual(['shp_c', 'shp_a']);
      expect(await ids({ statuses: [], limit: 10, offset: 0 })).toEqual([]);
    });

    it('stores each tracking event once per dedupe key and lists them by time', async () => {
      const order = await storedOrder(uow());
      await uow().transaction((r) => r.shipments.insert(aShipment(order)));
      const early = aTrackingEvent({ id: 'trk_0', dedupeKey: 'evt-0', status: 'picked_up', occurredAt: '2026-03-20T18:00:00.000Z', location: null, description: null });
      const stored = await uow().transaction((r) => r.shipments.appendTrackingEvents([aTrackingEvent(), early]));
      expect(stored).toEqual([aTrackingEvent(), early]);
      const again = await uow().transaction((r) => r.shipments.appendTrackingEvents([aTrackingEvent({ id: 'trk_9' }), aTrackingEvent({ id: 'trk_10', dedupeKey: 'evt-2', status: 'delivered' })]));
      expect(again.map((e) => e.id)).toEqual(['trk_10']);
      expect((await shipments().listTrackingEvents('shp_1')).map((e) => e.id)).toEqual(['trk_0', 'trk_1', 'trk_10']);
      expect(await shipments().listTrackingEvents('shp_none')).toEqual([]);
    });

    it('stores a tracking event once when the same report arrives twice at the same time', async () => {
      const order = await storedOrder(uow());
      await uow().transaction((r) => r.shipments.insert(aShipment(order)));
      const results = await Promise.all(
        Array.from({ length: 5 }, (_, i) => uow().transaction((r) => r.shipments.appendTrackingEvents([aTrackingEvent({ id: `trk_${i}` })]))),
      );
      expect(results.flat()).toHaveLength(1);
      expect(await shipments().listTrackingEvents('shp_1')).toHaveLength(1);
    });

    it('rolls back shipments and events with the transaction', async () => {
      const order = await storedOrder(uow());
      await expect(
        uow().transaction(async (r) => {
          await r.shipments.insert(aShipment(order));
          await r.shipments.appendTrackingEvents([aTrackingEvent()]);
          throw new Error('boom');
        }),
      ).rejects.toThrow('boom');
      expect(await shipments().findById('shp_1')).toBeNull();
      expect(await shipments().listTrackingEvents('shp_1')).toEqual([]);
    });
  });
}

export function describeJobRepositoryContract(name: string, factory: PersistenceFactory): void {
  describe(`JobRepository contract: ${name}`, () => {
    const uow = useFixture(factory);
    const now = '2026-03-20T12:05:00.000Z';
    const claimAt = (at: string, leaseToken: string, limit = 10, types?: readonly string[]) =>
      uow().transaction((r) => r.jobs.claim({ now: at, leaseUntil: new Date(Date.parse(at) + 60_000).toISOString(), leaseToken, limit, ...(types ? { types } : {}) }));

    it('claims due pending jobs by availability, each once, with an attempt and the lease', async () => {
      await uow().transaction((r) =>
        r.jobs.enqueue([
          aJob({ id: 'job_2', availableAt: '2026-03-20T12:01:00.000Z' }),
          aJob(),
          aJob({ id: 'job_later', availableAt: '2026-03-20T13:00:00.000Z' }),
          aJob({ id: 'job_done', status: 'succeeded' }),
          aJob({ id: 'job_other', type: 'other.type' }),
        ]),
      );
      const claimed = await claimAt(now, 'lease_a', 10, ['carrier.create_shipment']);
      expect(claimed.map((j) => j.id)).toEqual(['job_1', 'job_2']);
      expect(claimed[0]).toEqual({ ...aJob(), status: 'running', attempts: 1, leaseToken: 'lease_a', leaseUntil: '2026-03-20T12:06:00.000Z', updatedAt: now });
      expect(await claimAt(now, 'lease_b', 10, ['carrier.create_shipment'])).toEqual([]);
      expect((await claimAt(now, 'lease_c')).map((j) => j.id)).toEqual(['job_other']);
    });

    it('gives a running job whose lease ran out to the next claimer; the old lease can no longer finish it', async () => {
      await uow().transaction((r) => r.jobs.enqueue([aJob()]));
      const [first] = await claimAt(now, 'lease_dead');
      expect(await claimAt('2026-03-20T12:05:30.000Z', 'lease_early')).toEqual([]);
      const [again] = await claimAt('2026-03-20T12:06:00.000Z', 'lease_new');
      expect(again).toMatchObject({ id: 'job_1', attempts: 2, leaseToken: 'lease_new', status: 'running' });
      expect(await uow().transaction((r) => r.jobs.finish({ ...first!, status: 'succeeded', leaseToken: null, leaseUntil: null }, 'lease_dead'))).toBe(false);
      const done: Job = { ...again!, status: 'succeeded', leaseToken: null, leaseUntil: null, result: { shipmentId: 'shp_1', nested: [1, 'two'] }, updatedAt: '2026-03-20T12:06:10.000Z' };
      expect(await uow().transaction((r) => r.jobs.finish(done, 'lease_new'))).toBe(true);
      expect(await uow().repositories.jobs.findById('job_1')).toEqual(done);
      expect(await uow().transaction((r) => r.jobs.finish(done, 'lease_new'))).toBe(false);
      expect(await claimAt('2026-03-21T00:00:00.000Z', 'lease_late')).toEqual([]);
    });

    it('puts a retried job back as pending with its error until it is due again', async () => {
      await uow().transaction((r) => r.jobs.enqueue([aJob()]));
      const [claimed] = await claimAt(now, 'lease_a');
      const retry: Job = { ...claimed!, status: 'pending', leaseToken: null, leaseUntil: null, lastError: 'HTTP 503', availableAt: '2026-03-20T12:10:00.000Z' };
      expect(await uow().transaction((r) => r.jobs.finish(retry, 'lease_a'))).toBe(true);
      expect(await claimAt(now, 'lease_b')).toEqual([]);
      expect((await claimAt('2026-03-20T12:10:00.000Z', 'lease_c'))[0]).toMatchObject({ attempts: 2, lastError: 'HTTP 503' });
    });

    it('never gives one job to two concurrent claimers', async () => {
      await uow().transaction((r) => r.jobs.enqueue(Array.from({ length: 30 }, (_, i) => aJob({ id: `job_${String(i).padStart(2, '0')}` }))));
      const batches = await Promise.all(Array.from({ length: 6 }, (_, i) => claimAt(now, `lease_${i}`)));
      const ids = batches.flat().map((j) => j.id);
      expect(ids).toHaveLength(30);
      expect(new Set(ids).size).toBe(30);
    });

    it('lists newest first with filters, and rolls back with the transaction', async () => {
      await uow().transaction((r) =>
        r.jobs.enqueue([
          aJob({ id: 'job_a', orderId: 'order_1', createdAt: '2026-03-20T10:00:00.000Z' }),
          aJob({ id: 'job_b', status: 'failed', lastError: 'refused', createdAt: '2026-03-20T11:00:00.000Z' }),
          aJob({ id: 'job_c', type: 'other.type', createdAt: '2026-03-20T12:00:00.000Z' }),
        ]),
      );
      const ids = async (query: Parameters<UnitOfWork['repositories']['jobs']['list']>[0]) => (await uow().repositories.jobs.list(query)).items.map((j) => j.id);
      expect(await ids({ limit: 10, offset: 0 })).toEqual(['job_c', 'job_b', 'job_a']);
      expect(await ids({ status: 'failed', limit: 10, offset: 0 })).toEqual(['job_b']);
      expect(await ids({ type: 'other.type', limit: 10, offset: 0 })).toEqual(['job_c']);
      expect(await ids({ orderId: 'order_1', limit: 10, offset: 0 })).toEqual(['job_a']);
      expect((await uow().repositories.jobs.list({ limit: 1, offset: 0 })).total).toBe(3);
      await expect(
        uow().transaction(async (r) => {
          await r.jobs.enqueue([aJob({ id: 'job_rolled_back' })]);
          throw new Error('boom');
        }),
      ).rejects.toThrow('boom');
      expect(await uow().repositories.jobs.findById('job_rolled_back')).toBeNull();
    });
  });
}
