import { tableNames, columnTypes, indexColumns } from '../testing/schema-introspection';
import { aShipment, aJob } from '@oms/order-testkit';
import type { Job, Order, Reservation, Shipment } from '@oms/order-core';
import { DEFAULT_WAREHOUSE_ID } from '@oms/order-core';
import { anOrder, rejectionCode } from '@oms/order-testkit';
import { sql, type RawBuilder } from 'kysely';
import type { OmsDatabase } from '../connect-database';
import { KyselyUnitOfWork } from '../kysely-unit-of-work';
import { testTargets, type TestDatabase } from '../testing/test-databases';
import { migrateTo, migrateToLatest } from './migrate-to-latest';

const FULFILLMENT_TABLES = ['jobs', 'shipments', 'tracking_events'];
const AT = '2026-03-20T12:00:00.000Z';






/** A reservation row as release 0005 wrote it: without shipment_id. */
async function insertReleaseFiveReservation(database: OmsDatabase, order: Order, id: string): Promise<void> {
  await sql`
    insert into reservations (id, allocation_id, order_id, line_id, product_id, warehouse_id, quantity, status, created_at, updated_at)
    values (${id}, 'alloc_old', ${order.id}, ${order.lines[0]!.id}, ${order.lines[0]!.productId}, ${DEFAULT_WAREHOUSE_ID}, 3, 'held', ${AT}, ${AT})`.execute(database.db);
}

async function outcome(statement: RawBuilder<unknown>, database: OmsDatabase): Promise<string> {
  // better-sqlite3's errors are not instances of this realm's Error, so read the message by shape.
  return statement.execute(database.db).then(
    () => 'stored',
    (error: unknown) => String((error as { message?: unknown }).message),
  );
}

for (const target of testTargets()) {
  describe(`0006_fulfillment on ${target.name}`, () => {
    let current: TestDatabase | undefined;
    const database = (): OmsDatabase => current!.database;
    beforeEach(async () => {
      current = await target.connect();
    });
    afterEach(async () => {
      await current?.close();
      current = undefined;
    });

    it('upgrades a database at 0005_outbox: existing reservations stay, taken by no shipment; down and up again keeps them', async () => {
      await migrateTo(database(), '0005_outbox');
      for (const table of FULFILLMENT_TABLES) expect(await tableNames(database())).not.toContain(table);
      expect(Object.keys(await columnTypes(database(), 'reservations'))).not.toContain('shipment_id');
      const order = anOrder();
      await new KyselyUnitOfWork(database()).repositories.orders.insert(order);
      await insertReleaseFiveReservation(database(), order, 'res_old');

      expect(await migrateToLatest(database())).toEqual(['0006_fulfillment', '0007_invoices'].map((name) => ({ name, status: 'Success' })));
      const uow = new KyselyUnitOfWork(database());
      expect(await uow.repositories.orders.findById(order.id)).toEqual(order);
      const old: Reservation = {
        id: 'res_old',
        allocationId: 'alloc_old',
        orderId: order.id,
        lineId: order.lines[0]!.id,
        productId: order.lines[0]!.productId,
        warehouseId: DEFAULT_WAREHOUSE_ID,
        quantity: 3,
        status: 'held',
        shipmentId: null,
        createdAt: AT,
        updatedAt: AT,
      };
      expect(await uow.repositories.allocations.reservationsForOrder(order.id)).toEqual([old]);

      // The new tables and column work on the upgraded database.
      const shipment = aShipment(order);
      const taken: Reservation = { ...old, status: 'consumed', shipmentId: shipment.id, updatedAt: '2026-03-21T00:00:00.000Z' };
      await uow.transaction(async (r) => {
        await r.shipments.insert(shipment);
        await r.allocations.replaceReservation(taken);
        await r.jobs.enqueue([aJob({ orderId: order.id })]);
      });
      expect(await uow.repositories.allocations.reservationsForOrder(order.id)).toEqual([taken]);
      expect(await uow.repositories.shipments.listForOrder(order.id)).toEqual([shipment]);
      expect(await uow.repositories.jobs.findById('job_1')).toEqual(aJob({ orderId: order.id }));

      expect(await migrateTo(database(), '0005_outbox')).toEqual(['0007_invoices', '0006_fulfillment'].map((name) => ({ name, status: 'Success' })));
      for (const table of FULFILLMENT_TABLES) expect(await tableNames(database())).not.toContain(table);
      expect(Object.keys(await columnTypes(database(), 'reservations'))).not.toContain('shipment_id');
      const { rows } = await sql<{ id: string; status: string }>`select id, status from reservations`.execute(database().db);
      expect(rows).toEqual([{ id: 'res_old', status: 'consumed' }]);

      expect(await migrateToLatest(database())).toEqual(['0006_fulfillment', '0007_invoices'].map((name) => ({ name, status: 'Success' })));
      const after = new KyselyUnitOfWork(database()).repositories;
      // Going down drops what only the newer release knew: the shipment and the link to it.
      expect(await after.allocations.reservationsForOrder(order.id)).toEqual([{ ...taken, shipmentId: null }]);
      expect(await after.shipments.listForOrder(order.id)).toEqual([]);
      expect(await after.orders.findById(order.id)).toEqual(order);
    });

    it('creates the columns and the indexes the lookups, lists and claims go along', async () => {
      await migrateToLatest(database());
      const postgres = database().dialect === 'postgres';
      const text = postgres ? 'text' : 'TEXT';
      const integer = postgres ? 'integer' : 'INTEGER';
      const shipments = await columnTypes(database(), 'shipments');
      expect(Object.keys(shipments).sort()).toEqual([
        'carrier',
        'carrier_shipment_id',
        'courier_id',
        'created_at',
        'estimated_delivery',
        'failure_reason',
        'from_stock',
        'gateway',
        'id',
        'label',
        'lines',
        'order_id',
        'service',
        'status',
        'status_at',
        'tracking_number',
        'updated_at',
        'version',
        'warehouse_id',
      ]);
      expect(shipments).toMatchObject({ lines: text, label: text, from_stock: integer, version: integer, created_at: text });
      expect(await columnTypes(database(), 'jobs')).toMatchObject({ attempts: integer, max_attempts: integer, payload: text, result: text, lease_until: text });
      expect(await columnTypes(database(), 'reservations')).toMatchObject({ shipment_id: text });

      const expected: Record<string, string[]> = {
        shipments_order_created_idx: ['order_id', 'created_at', 'id'],
        shipments_tracking_number_idx: ['tracking_number'],
        shipments_gateway_carrier_shipment_id_key: ['gateway', 'carrier_shipment_id'],
        shipments_created_idx: ['created_at', 'id'],
        shipments_status_created_idx: ['status', 'created_at', 'id'],
        shipments_courier_created_idx: ['courier_id', 'created_at', 'id'],
        tracking_events_shipment_occurred_idx: ['shipment_id', 'occurred_at', 'id'],
        jobs_status_available_idx: ['status', 'available_at', 'id'],
        jobs_status_lease_idx: ['status', 'lease_until'],
        jobs_order_created_idx: ['order_id', 'created_at', 'id'],
        jobs_created_idx: ['created_at', 'id'],
        jobs_status_created_idx: ['status', 'created_at', 'id'],
        jobs_type_created_idx: ['type', 'created_at', 'id'],
        reservations_shipment_idx: ['shipment_id'],
        // Expression indexes on PostgreSQL only: lower(carrier) / lower(gateway), then these.
        ...(postgres ? { shipments_carrier_lower_created_idx: ['created_at', 'id'], shipments_gateway_lower_created_idx: ['created_at', 'id'] } : {}),
      };
      for (const [index, columns] of Object.entries(expected)) expect([index, await indexColumns(database(), index)]).toEqual([index, columns]);
    });

    it('refuses rows that break the CHECKs, a repeated dedupe key and a second shipment with the same gateway id', async () => {
      await migrateToLatest(database());
      const repos = new KyselyUnitOfWork(database()).repositories;
      const order = anOrder();
      await repos.orders.insert(order);
      await repos.shipments.insert(aShipment(order, { gateway: 'easypost', carrierShipmentId: 'ep_1' }));
      await repos.jobs.enqueue([aJob()]);
      const db = database();
      expect(await outcome(sql`update shipments set status = 'lost' where id = 'shp_1'`, db)).toMatch(/shipments_status_check/);
      expect(await outcome(sql`update shipments set version = 0 where id = 'shp_1'`, db)).toMatch(/shipments_version_check/);
      expect(await outcome(sql`update shipments set from_stock = 2 where id = 'shp_1'`, db)).toMatch(/shipments_from_stock_check/);
      expect(await outcome(sql`update jobs set status = 'done' where id = 'job_1'`, db)).toMatch(/jobs_status_check/);
      expect(await outcome(sql`update jobs set attempts = -1 where id = 'job_1'`, db)).toMatch(/jobs_attempts_check/);
      expect(await outcome(sql`update jobs set max_attempts = 0 where id = 'job_1'`, db)).toMatch(/jobs_attempts_check/);
      // A running job without a lease could never be recovered after its worker died.
      expect(await outcome(sql`update jobs set status = 'running' where id = 'job_1'`, db)).toMatch(/jobs_lease_check/);
      const event = (id: string, status: string) => sql`
        insert into tracking_events (id, shipment_id, status, raw_code, description, location, occurred_at, received_at, dedupe_key, source)
        values (${id}, 'shp_1', ${status}, 'IT', null, null, ${AT}, ${AT}, 'evt-1', 'webhook')`;
      expect(await outcome(event('trk_bad', 'moving'), db)).toMatch(/tracking_events_status_check/);
      expect(await outcome(event('trk_1', 'in_transit'), db)).toBe('stored');
      expect(await outcome(event('trk_2', 'in_transit'), db)).not.toBe('stored');
      expect(await outcome(sql`insert into tracking_events (id, shipment_id, status, raw_code, occurred_at, received_at, dedupe_key, source) values ('trk_3', 'shp_none', 'in_transit', 'IT', ${AT}, ${AT}, 'k', 'poll')`, db)).toMatch(/foreign key/i);

      // (gateway, carrier_shipment_id) is unique where the gateway made an id; shipments without one are many.
      expect(await rejectionCode(repos.shipments.insert(aShipment(order, { id: 'shp_2', gateway: 'easypost', carrierShipmentId: 'ep_1' })))).toEqual({
        code: 'CONFLICT',
        details: { entity: 'shipment', field: 'carrierShipmentId' },
      });
      expect(await rejectionCode(repos.shipments.insert(aShipment(order)))).toEqual({ code: 'CONFLICT', details: { entity: 'shipment', field: 'id' } });
      await repos.shipments.insert(aShipment(order, { id: 'shp_3', gateway: 'shippo', carrierShipmentId: 'ep_1' }));
      await repos.shipments.insert(aShipment(order, { id: 'shp_4' }));
      await repos.shipments.insert(aShipment(order, { id: 'shp_5' }));
      expect(await rejectionCode(repos.jobs.enqueue([aJob()]))).toEqual({ code: 'CONFLICT', details: { entity: 'job', field: 'id' } });
      await expect(repos.shipments.insert(aShipment(order, { id: 'shp_6', lines: [{ ...aShipment(order).lines[0]!, quantity: 0 }] }))).rejects.toThrow(/quantity must be a whole number of at least 1/);
    });

    it('deletes an order’s shipments and their events with it; keeps its jobs', async () => {
      await migrateToLatest(database());
      const repos = new KyselyUnitOfWork(database()).repositories;
      const order = anOrder();
      await repos.orders.insert(order);
      await repos.shipments.insert(aShipment(order));
      await repos.shipments.appendTrackingEvents([
        { id: 'trk_1', shipmentId: 'shp_1', status: 'in_transit', rawCode: 'IT', description: null, location: null, occurredAt: AT, receivedAt: AT, dedupeKey: 'k', source: 'poll' },
      ]);
      await repos.jobs.enqueue([aJob({ orderId: order.id })]);
      await sql`delete from orders where id = ${order.id}`.execute(database().db);
      expect(await repos.shipments.findById('shp_1')).toBeNull();
      expect(await repos.shipments.listTrackingEvents('shp_1')).toEqual([]);
      expect(await repos.jobs.findById('job_1')).toEqual(aJob({ orderId: order.id }));
    });
  });
}
