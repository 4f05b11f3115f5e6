import { sql, type Migration, type SqlBool } from 'kysely';
import type { DatabaseDialect } from '../database-dialect';
import { columnTypes, finish, type AnyDb } from './schema-helpers-v1';

/** order-core's TRACKING_STATUSES as this migration knows them: a later change to the core needs a new migration. */
const TRACKING_STATUSES = [
  'label_created',
  'picked_up',
  'in_transit',
  'out_for_delivery',
  'available_for_pickup',
  'delayed',
  'exception',
  'delivered',
  'returned_to_sender',
  'cancelled',
  'unknown',
] as const;
/** order-core's JOB_STATUSES, frozen the same way. */
const JOB_STATUSES = ['pending', 'running', 'succeeded', 'failed'] as const;

/** `status in ('a', 'b', …)` from literals of this file only (DDL takes no bound parameters). */
function oneOf(column: string, values: readonly string[]) {
  return sql`${sql.ref(column)} in (${sql.join(values.map((v) => sql.lit(v)))})`;
}

/**
 * Fulfillment: shipments with their lines and label (JSON text), their tracking events (stored once per
 * (shipment_id, dedupe_key)), the job queue workers claim with a lease, and `reservations.shipment_id`, the shipment
 * that took a reservation's units.
 *
 * The new order event types (shipment_created/updated/cancelled) and the movement reason `shipment_cancelled` need
 * nothing: order_events.type and inventory_movements.reason are free text without a CHECK, read back against the
 * core's lists.
 *
 * Not linked by foreign keys: shipments.warehouse_id (a shipment may leave from a warehouse this store does not list),
 * jobs.order_id (a job's record outlives the order it worked on) and reservations.shipment_id (the reservation is
 * written in the transaction that creates the shipment, in whichever order the core chooses).
 */
export function fulfillmentMigration(dialect: DatabaseDialect): Migration {
  return {
    up: (db: AnyDb) => up(db, dialect),
    down: (db: AnyDb) => down(db),
  };
}

async function up(db: AnyDb, dialect: DatabaseDialect): Promise<void> {
  const t = columnTypes(dialect);
  const schema = db.schema;

  await finish(
    dialect,
    schema
      .createTable('shipments')
      .addColumn('id', t.key, (c) => c.notNull())
      .addColumn('order_id', t.key, (c) => c.notNull().references('orders.id').onDelete('cascade'))
      // JSON text: [{"lineId":…,"productId":…,"sku":…,"name":…,"quantity":…}, …]; quantities are checked on write.
      .addColumn('lines', t.text, (c) => c.notNull())
      .addColumn('gateway', t.key, (c) => c.notNull())
      .addColumn('carrier', t.text, (c) => c.notNull())
      .addColumn('service', t.text)
      .addColumn('tracking_number', t.key)
      .addColumn('carrier_shipment_id', t.key)
      .addColumn('status', t.text, (c) => c.notNull())
      .addColumn('status_at', t.key, (c) => c.notNull())
      // A calendar date, YYYY-MM-DD.
      .addColumn('estimated_delivery', t.text)
      // JSON text: {"format":…,"url":…}.
      .addColumn('label', t.text)
      .addColumn('warehouse_id', t.key)
      .addColumn('courier_id', t.key)
      // 0 or 1, like warehouses.active.
      .addColumn('from_stock', t.integer, (c) => c.notNull())
      .addColumn('failure_reason', t.text)
      .addColumn('version', t.integer, (c) => c.notNull())
      .addColumn('created_at', t.key, (c) => c.notNull())
      .addColumn('updated_at', t.key, (c) => c.notNull())
      .addPrimaryKeyConstraint('shipments_pkey', ['id'])
      .addCheckConstraint('shipments_status_check', oneOf('status', TRACKING_STATUSES))
      .addCheckConstraint('shipments_from_stock_check', sql`from_stock in (0, 1)`)
      .addCheckConstraint('shipments_version_check', sql`version >= 1`),
  ).execute();
  // An order's shipments, oldest first (also serves the foreign key).
  await schema.createIndex('shipments_order_created_idx').on('shipments').columns(['order_id', 'created_at', 'id']).execute();
  // Tracking lookups; several carriers may have used one number, so not unique.
  await schema.createIndex('shipments_tracking_number_idx').on('shipments').column('tracking_number').execute();
  // A gateway's shipment id names one of ours: webhooks find the shipment by it.
  await schema
    .createIndex('shipments_gateway_carrier_shipment_id_key')
    .unique()
    .on('shipments')
    .columns(['gateway', 'carrier_shipment_id'])
    .where(sql<SqlBool>`carrier_shipment_id is not null`)
    .execute();
  // The list, newest first, unfiltered and per filter.
  await schema.createIndex('shipments_created_idx').on('shipments').columns(['created_at', 'id']).execute();
  await schema.createIndex('shipments_status_created_idx').on('shipments').columns(['status', 'created_at', 'id']).execute();
  await schema.createIndex('shipments_courier_created_idx').on('shipments').columns(['courier_id', 'created_at', 'id']).execute();
  if (dialect === 'postgres') {
    // The carrier filter matches lower(carrier) or lower(gateway): one expression index each, combined by a BitmapOr.
    // SQLite folds case with a function registered per connection, which an index must not depend on; there the
    // filter walks shipments_created_idx, newest first.
    await schema.createIndex('shipments_carrier_lower_created_idx').on('shipments').expression(sql`lower(carrier), created_at, id`).execute();
    await schema.createIndex('shipments_gateway_lower_created_idx').on('shipments').expression(sql`lower(gateway), created_at, id`).execute();
  }

  await finish(
    dialect,
    schema
      .createTable('tracking_events')
      .addColumn('id', t.key, (c) => c.notNull())
      .addColumn('shipment_id', t.key, (c) => c.notNull().references('shipments.id').onDelete('cascade'))
      .addColumn('status', t.text, (c) => c.notNull())
      .addColumn('raw_code', t.text, (c) => c.notNull())
      .addColumn('description', t.text)
      .addColumn('location', t.text)
      .addColumn('occurred_at', t.key, (c) => c.notNull())
      .addColumn('received_at', t.key, (c) => c.notNull())
      .addColumn('dedupe_key', t.key, (c) => c.notNull())
      .addColumn('source', t.text, (c) => c.notNull())
      .addPrimaryKeyConstraint('tracking_events_pkey', ['id'])
      // What INSERT … ON CONFLICT DO NOTHING stores each report once by.
      .addUniqueConstraint('tracking_events_shipment_dedupe_key', ['shipment_id', 'dedupe_key'])
      .addCheckConstraint('tracking_events_status_check', oneOf('status', TRACKING_STATUSES)),
  ).execute();
  // A shipment's events in time order.
  await schema.createIndex('tracking_events_shipment_occurred_idx').on('tracking_events').columns(['shipment_id', 'occurred_at', 'id']).execute();

  await finish(
    dialect,
    schema
      .createTable('jobs')
      .addColumn('id', t.key, (c) => c.notNull())
      .addColumn('type', t.key, (c) => c.notNull())
      .addColumn('payload', t.text, (c) => c.notNull())
      .addColumn('status', t.text, (c) => c.notNull())
      .addColumn('attempts', t.integer, (c) => c.notNull())
      .addColumn('max_attempts', t.integer, (c) => c.notNull())
      .addColumn('available_at', t.key, (c) => c.notNull())
      .addColumn('lease_token', t.key)
      .addColumn('lease_until', t.key)
      .addColumn('last_error', t.text)
      .addColumn('result', t.text)
      .addColumn('order_id', t.key)
      .addColumn('created_at', t.key, (c) => c.notNull())
      .addColumn('updated_at', t.key, (c) => c.notNull())
      .addPrimaryKeyConstraint('jobs_pkey', ['id'])
      .addCheckConstraint('jobs_status_check', oneOf('status', JOB_STATUSES))
      .addCheckConstraint('jobs_attempts_check', sql`attempts >= 0 and max_attempts >= 1`)
      // A running job always has the lease that lets its claimer (and, once it runs out, the next one) find it.
      .addCheckConstraint('jobs_lease_check', sql`status <> 'running' or (lease_token is not null and lease_until is not null)`),
  ).execute();
  // What a claim looks for: pending jobs that are due, in (available_at, id) order, and running ones whose lease ran out.
  await schema.createIndex('jobs_status_available_idx').on('jobs').columns(['status', 'available_at', 'id']).execute();
  await schema.createIndex('jobs_status_lease_idx').on('jobs').columns(['status', 'lease_until']).execute();
  // The list, newest first, unfiltered and per filter.
  await schema.createIndex('jobs_order_created_idx').on('jobs').columns(['order_id', 'created_at', 'id']).execute();
  await schema.createIndex('jobs_created_idx').on('jobs').columns(['created_at', 'id']).execute();
  await schema.createIndex('jobs_status_created_idx').on('jobs').columns(['status', 'created_at', 'id']).execute();
  await schema.createIndex('jobs_type_created_idx').on('jobs').columns(['type', 'created_at', 'id']).execute();

  // Existing reservations were taken by no shipment: null, which is what ADD COLUMN gives them.
  await schema.alterTable('reservations').addColumn('shipment_id', t.key).execute();
  await schema.createIndex('reservations_shipment_idx').on('reservations').column('shipment_id').execute();
}

async function down(db: AnyDb): Promise<void> {
  // SQLite refuses to drop an indexed column: the index goes first.
  await db.schema.dropIndex('reservations_shipment_idx').ifExists().execute();
  await db.schema.alterTable('reservations').dropColumn('shipment_id').execute();
  for (const table of ['jobs', 'tracking_events', 'shipments']) {
    await db.schema.dropTable(table).ifExists().execute();
  }
}
