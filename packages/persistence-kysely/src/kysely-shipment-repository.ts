import {
  LABEL_FORMATS,
  TRACKING_STATUSES,
  isJsonObject,
  type Shipment,
  type ShipmentLabel,
  type ShipmentLine,
  type ShipmentQuery,
  type ShipmentRepository,
  type TrackingEvent,
  type TrackingStatus,
} from '@oms/order-core';
import { sql, type Kysely, type Selectable, type SelectQueryBuilder } from 'kysely';
import type { DatabaseDialect } from './database-dialect';
import type { DatabaseSchema, ShipmentsTable, TrackingEventsTable } from './database-schema';
import { readJsonColumn, writeJsonColumn } from './json-column';
import { readSafeInteger } from './read-safe-integer';
import { toStoredDate } from './stored-date';
import { toStoredTimestamp } from './stored-timestamp';
import { equalsIgnoringCase } from './text-search';
import { withConflictMapping, type UniqueKey } from './unique-violation';
import { PreparedQuery } from './prepared-query';

type ShipmentRow = Selectable<ShipmentsTable>;
type EventRow = Selectable<TrackingEventsTable>;

const SHIPMENT_KEYS: readonly UniqueKey[] = [
  { column: 'id', constraint: 'shipments_pkey', field: 'id', message: 'A shipment with this id already exists' },
  {
    column: 'gateway',
    constraint: 'shipments_gateway_carrier_shipment_id_key',
    field: 'carrierShipmentId',
    message: "A shipment with this gateway's shipment id already exists",
  },
];
// Only the id: a repeated (shipment_id, dedupe_key) is skipped by ON CONFLICT, never reported.
const EVENT_KEYS: readonly UniqueKey[] = [
  { column: 'id', constraint: 'tracking_events_pkey', field: 'id', message: 'A tracking event with this id already exists' },
];

/** Keeps IN lists and multi-row INSERTs well below every driver's bound-parameter limit. */
const CHUNK = 500;

/**
 * Shipments and their tracking events. An update is one statement guarded by the expected version; tracking events
 * go in with INSERT … ON CONFLICT (shipment_id, dedupe_key) DO NOTHING RETURNING, so the database decides which
 * reports are new, also against a concurrent transaction storing the same one (PostgreSQL makes the second inserter
 * wait for the first to commit, then skips the row; SQLite has one writer at a time).
 */
export class KyselyShipmentRepository implements ShipmentRepository {
  constructor(
    private readonly db: Kysely<DatabaseSchema>,
    private readonly dialect: DatabaseDialect,
  ) {}

  async insert(shipment: Shipment): Promise<void> {
    const row = { id: shipment.id, ...toShipmentRow(shipment) };
    await withConflictMapping('shipment', SHIPMENT_KEYS, () => this.db.insertInto('shipments').values(row).execute());
  }

  async update(shipment: Shipment, expectedVersion: number): Promise<boolean> {
    const row = toShipmentRow(shipment);
    const result = await withConflictMapping('shipment', SHIPMENT_KEYS, () =>
      this.db.updateTable('shipments').set(row).where('id', '=', shipment.id).where('version', '=', expectedVersion).executeTakeFirst(),
    );
    return result.numUpdatedRows > 0n;
  }

  async findById(id: string): Promise<Shipment | null> {
    const row = await this.db.selectFrom('shipments').selectAll().where('id', '=', id).executeTakeFirst();
    return row ? fromShipmentRow(row) : null;
  }

  async listForOrder(orderId: string): Promise<readonly Shipment[]> {
    return (await SHIPMENTS_OF_ORDER.execute(this.db, orderId)).map(fromShipmentRow);
  }

  async listForOrders(orderIds: readonly string[]): Promise<readonly Shipment[]> {
    const unique = [...new Set(orderIds)];
    const rows: ShipmentRow[] = [];
    for (let i = 0; i < unique.length; i += CHUNK) {
      rows.push(
        ...(await this.db
          .selectFrom('shipments')
          .selectAll()
          .where('order_id', 'in', unique.slice(i, i + CHUNK))
          .orderBy('created_at', 'asc')
          .orderBy('id', 'asc')
          .execute()),
      );
    }
    // Several chunks each come sorted; the whole must be too.
    return rows.map(fromShipmentRow).sort((a, b) => byKey(a.createdAt, a.id, b.createdAt, b.id));
  }

  async findByTrackingNumber(trackingNumber: string): Promise<readonly Shipment[]> {
    const rows = await this.db
      .selectFrom('shipments')
      .selectAll()
      .where('tracking_number', '=', trackingNumber)
      .orderBy('created_at', 'asc')
      .orderBy('id', 'asc')
      .execute();
    return rows.map(fromShipmentRow);
  }

  async findByCarrierShipmentId(gateway: string, carrierShipmentId: string): Promise<Shipment | null> {
    const row = await this.db
      .selectFrom('shipments')
      .selectAll()
      .where('gateway', '=', gateway)
      .where('carrier_shipment_id', '=', carrierShipmentId)
      .executeTakeFirst();
    return row ? fromShipmentRow(row) : null;
  }

  async list(query: ShipmentQuery): Promise<{ readonly items: readonly Shipment[]; readonly total: number }> {
    const { limit, offset } = query;
    if (!Number.isSafeInteger(limit) || limit < 0) throw new RangeError(`limit must be a whole number of at least 0, got ${limit}`);
    if (!Number.isSafeInteger(offset) || offset < 0) throw new RangeError(`offset must be a whole number of at least 0, got ${offset}`);
    const filtered = this.filtered(query);
    const rows = await filtered.selectAll().orderBy('created_at', 'desc').orderBy('id', 'desc').limit(limit).offset(offset).execute();
    const count = await filtered.select((eb) => eb.fn.countAll().as('count')).executeTakeFirstOrThrow();
    return { items: rows.map(fromShipmentRow), total: readSafeInteger(count.count, 'count') };
  }

  async appendTrackingEvents(events: readonly TrackingEvent[]): Promise<readonly TrackingEvent[]> {
    if (events.length === 0) return [];
    const rows = events.map(toEventRow);
    const write = async (db: Kysely<DatabaseSchema>): Promise<EventRow[]> => {
      const stored: EventRow[] = [];
      for (let i = 0; i < rows.length; i += CHUNK) {
        // A repeat within one statement is skipped like one already stored: the first of them wins.
        const inserted = await withConflictMapping('tracking_event', EVENT_KEYS, () =>
          db
            .insertInto('tracking_events')
            .values(rows.slice(i, i + CHUNK))
            .onConflict((oc) => oc.columns(['shipment_id', 'dedupe_key']).doNothing())
            .returningAll()
            .execute(),
        );
        stored.push(...inserted);
      }
      return stored;
    };
    // All or nothing, also without a surrounding transaction.
    const stored = this.db.isTransaction || rows.length <= CHUNK ? await write(this.db) : await this.db.transaction().execute(write);
    // RETURNING has no order of its own: answer in the order given, each stored row once (an id given twice with the
    // same dedupe key was stored once; with different keys the insert failed above).
    const byId = new Map(stored.map((row) => [row.id, row]));
    return rows.flatMap((row) => {
      const storedRow = byId.get(row.id);
      if (!storedRow) return [];
      byId.delete(row.id);
      return [fromEventRow(storedRow)];
    });
  }

  async listTrackingEvents(shipmentId: string): Promise<readonly TrackingEvent[]> {
    // Along tracking_events_shipment_occurred_idx, in index order.
    const rows = await this.db
      .selectFrom('tracking_events')
      .selectAll()
      .where('shipment_id', '=', shipmentId)
      .orderBy('occurred_at', 'asc')
      .orderBy('id', 'asc')
      .execute();
    return rows.map(fromEventRow);
  }

  /** The WHERE clause shared by a page and its total. */
  private filtered(query: ShipmentQuery): SelectQueryBuilder<DatabaseSchema, 'shipments', object> {
    let q = this.db.selectFrom('shipments');
    if (query.orderId !== undefined) q = q.where('order_id', '=', query.orderId);
    if (query.status !== undefined) q = q.where('status', '=', query.status);
    if (query.statuses !== undefined) {
      // An empty list matches nothing, as `status IN ()` would; SQL cannot spell that, so say it directly.
      q = query.statuses.length === 0 ? q.where(sql<boolean>`1 = 0`) : q.where('status', 'in', [...new Set(query.statuses)]);
    }
    if (query.courierId !== undefined) q = q.where('courier_id', '=', query.courierId);
    if (query.carrier !== undefined) {
      const carrier = query.carrier;
      // lower(carrier) / lower(gateway): on PostgreSQL the expression indexes of 0006_fulfillment match these.
      q = q.where((eb) => eb.or([equalsIgnoringCase(this.dialect, 'shipments.carrier', carrier), equalsIgnoringCase(this.dialect, 'shipments.gateway', carrier)]));
    }
    return q;
  }
}

/** Byte order of the (ASCII) timestamps and ids, as the database sorts them. */
function byKey(aTime: string, aId: string, bTime: string, bId: string): number {
  if (aTime !== bTime) return aTime < bTime ? -1 : 1;
  return aId < bId ? -1 : aId > bId ? 1 : 0;
}

function positiveQuantity(value: number, field: string): number {
  if (!Number.isSafeInteger(value) || value <= 0) throw new RangeError(`${field} must be a whole number of at least 1, got ${String(value)}`);
  return value;
}

function checkedVersion(value: number): number {
  if (!Number.isSafeInteger(value) || value < 1) throw new RangeError(`version must be a whole number of at least 1, got ${String(value)}`);
  return value;
}

/** Everything but the id: what an update replaces. */
function toShipmentRow(shipment: Shipment) {
  const lines = shipment.lines.map((line, i) => ({
    lineId: line.lineId,
    productId: line.productId,
    sku: line.sku,
    name: line.name,
    quantity: positiveQuantity(line.quantity, `lines[${i}].quantity`),
  }));
  return {
    order_id: shipment.orderId,
    lines: writeJsonColumn(lines),
    gateway: shipment.gateway,
    carrier: shipment.carrier,
    service: shipment.service,
    tracking_number: shipment.trackingNumber,
    carrier_shipment_id: shipment.carrierShipmentId,
    status: shipment.status,
    status_at: toStoredTimestamp(shipment.statusAt, 'statusAt'),
    estimated_delivery: shipment.estimatedDelivery === null ? null : toStoredDate(shipment.estimatedDelivery, 'estimatedDelivery'),
    label: shipment.label === null ? null : writeJsonColumn({ format: shipment.label.format, url: shipment.label.url }),
    warehouse_id: shipment.warehouseId,
    courier_id: shipment.courierId,
    from_stock: shipment.fromStock ? (1 as const) : (0 as const),
    failure_reason: shipment.failureReason,
    version: checkedVersion(shipment.version),
    created_at: toStoredTimestamp(shipment.createdAt, 'createdAt'),
    updated_at: toStoredTimestamp(shipment.updatedAt, 'updatedAt'),
  };
}

function fromShipmentRow(row: ShipmentRow): Shipment {
  return {
    id: row.id,
    orderId: row.order_id,
    lines: readLines(row.lines, row.id),
    gateway: row.gateway,
    carrier: row.carrier,
    service: row.service,
    trackingNumber: row.tracking_number,
    carrierShipmentId: row.carrier_shipment_id,
    status: trackingStatus(row.status, 'shipments.status'),
    statusAt: row.status_at,
    estimatedDelivery: row.estimated_delivery,
    label: row.label === null ? null : readLabel(row.label, row.id),
    warehouseId: row.warehouse_id,
    courierId: row.courier_id,
    fromStock: readBoolean(row.from_stock, 'shipments.from_stock'),
    failureReason: row.failure_reason,
    version: readSafeInteger(row.version, 'shipments.version'),
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

function readLines(text: string, id: string): ShipmentLine[] {
  const value = readJsonColumn(text, 'shipments.lines');
  const lines = Array.isArray(value) ? value : null;
  const parsed = lines?.map((line): ShipmentLine | null => {
    if (!isJsonObject(line)) return null;
    const { lineId, productId, sku, name, quantity } = line;
    if (typeof lineId !== 'string' || typeof productId !== 'string' || typeof sku !== 'string' || typeof name !== 'string') return null;
    if (typeof quantity !== 'number' || !Number.isSafeInteger(quantity) || quantity <= 0) return null;
    return { lineId, productId, sku, name, quantity };
  });
  if (!parsed || parsed.some((line) => line === null)) throw new Error(`Column shipments.lines of ${id} does not hold shipment lines`);
  return parsed as ShipmentLine[];
}

function readLabel(text: string, id: string): ShipmentLabel {
  const value = readJsonColumn(text, 'shipments.label');
  if (isJsonObject(value)) {
    const format = LABEL_FORMATS.find((f) => f === value.format);
    if (format !== undefined && typeof value.url === 'string') return { format, url: value.url };
  }
  throw new Error(`Column shipments.label of ${id} does not hold a label ({format, url})`);
}

function readBoolean(value: unknown, column: string): boolean {
  const n = readSafeInteger(value, column);
  if (n !== 0 && n !== 1) throw new Error(`Column ${column} holds ${n}, not 0 or 1`);
  return n === 1;
}

function trackingStatus(value: string, column: string): TrackingStatus {
  const status = TRACKING_STATUSES.find((s) => s === value);
  if (status === undefined) throw new Error(`Column ${column} holds an unknown status ${JSON.stringify(value)}`);
  return status;
}

function toEventRow(event: TrackingEvent) {
  return {
    id: event.id,
    shipment_id: event.shipmentId,
    status: event.status,
    raw_code: event.rawCode,
    description: event.description,
    location: event.location,
    occurred_at: toStoredTimestamp(event.occurredAt, 'occurredAt'),
    received_at: toStoredTimestamp(event.receivedAt, 'receivedAt'),
    dedupe_key: event.dedupeKey,
    source: event.source,
  };
}

function fromEventRow(row: EventRow): TrackingEvent {
  return {
    id: row.id,
    shipmentId: row.shipment_id,
    status: trackingStatus(row.status, 'tracking_events.status'),
    rawCode: row.raw_code,
    description: row.description,
    location: row.location,
    occurredAt: row.occurred_at,
    receivedAt: row.received_at,
    dedupeKey: row.dedupe_key,
    source: row.source,
  };
}

// Along shipments_order_created_idx, in index order.
const SHIPMENTS_OF_ORDER = new PreparedQuery('shipments of an order', (db, orderId: string) =>
  db.selectFrom('shipments').selectAll().where('order_id', '=', orderId).orderBy('created_at', 'asc').orderBy('id', 'asc'),
);
