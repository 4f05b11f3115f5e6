import {
  BACKORDER_STATUSES,
  type AllocationRepository,
  type Backorder,
  type BackorderQuery,
  type BackorderStatus,
  type Reservation,
} from '@oms/order-core';
import { sql, type Kysely, type Selectable } from 'kysely';
import type { BackordersTable, DatabaseSchema, ReservationsTable } from './database-schema';
import { readSafeInteger } from './read-safe-integer';
import { toStoredDate } from './stored-date';
import { toStoredTimestamp } from './stored-timestamp';
import { withConflictMapping, type UniqueKey } from './unique-violation';
import { PreparedQuery } from './prepared-query';

type ReservationRow = Selectable<ReservationsTable>;
type BackorderRow = Selectable<BackordersTable>;

const RESERVATION_KEYS: readonly UniqueKey[] = [
  { column: 'id', constraint: 'reservations_pkey', field: 'id', message: 'A reservation with this id already exists' },
];
const BACKORDER_KEYS: readonly UniqueKey[] = [
  { column: 'id', constraint: 'backorders_pkey', field: 'id', message: 'A backorder with this id already exists' },
];

const RESERVATION_STATUSES: readonly Reservation['status'][] = ['held', 'consumed', 'released', 'returned'];
const BACKORDER_KINDS: readonly Backorder['kind'][] = ['backorder', 'preorder'];

/** Keeps IN lists and multi-row INSERTs well below every driver's bound-parameter limit. */
const CHUNK = 500;

export class KyselyAllocationRepository implements AllocationRepository {
  constructor(private readonly db: Kysely<DatabaseSchema>) {}

  async insertReservations(reservations: readonly Reservation[]): Promise<void> {
    await this.insertAll(reservations.map(toReservationRow), (db, rows) =>
      withConflictMapping('reservation', RESERVATION_KEYS, () => db.insertInto('reservations').values(rows).execute()),
    );
  }

  async reservationsForOrder(orderId: string): Promise<readonly Reservation[]> {
    return (await RESERVATIONS_OF_ORDER.execute(this.db, orderId)).map(fromReservationRow);
  }

  async setReservationStatus(ids: readonly string[], status: Reservation['status'], at: string): Promise<void> {
    const unique = [...new Set(ids)];
    if (unique.length === 0) return;
    const updatedAt = toStoredTimestamp(at, 'at');
    const write = async (db: Kysely<DatabaseSchema>): Promise<void> => {
      for (let i = 0; i < unique.length; i += CHUNK) {
        await db.updateTable('reservations').set({ status, updated_at: updatedAt }).where('id', 'in', unique.slice(i, i + CHUNK)).execute();
      }
    };
    if (this.db.isTransaction || unique.length <= CHUNK) await write(this.db);
    else await this.db.transaction().execute(write);
  }

  async replaceReservation(reservation: Reservation): Promise<void> {
    // Only what a partial shipment changes; order, line, product and warehouse stay as stored.
    await this.db
      .updateTable('reservations')
      .set({
        quantity: quantity(reservation.quantity, 'quantity'),
        status: reservation.status,
        shipment_id: reservation.shipmentId,
        updated_at: toStoredTimestamp(reservation.updatedAt, 'updatedAt'),
      })
      .where('id', '=', reservation.id)
      .execute();
  }

  async insertBackorders(backorders: readonly Backorder[]): Promise<void> {
    await this.insertAll(backorders.map((b) => ({ id: b.id, ...toBackorderRow(b) })), (db, rows) =>
      withConflictMapping('backorder', BACKORDER_KEYS, () => db.insertInto('backorders').values(rows).execute()),
    );
  }

  async findBackorder(id: string): Promise<Backorder | null> {
    const row = await this.db.selectFrom('backorders').selectAll().where('id', '=', id).executeTakeFirst();
    return row ? fromBackorderRow(row) : null;
  }

  async updateBackorder(backorder: Backorder, expectedVersion: number): Promise<boolean> {
    const result = await this.db
      .updateTable('backorders')
      .set(toBackorderRow(backorder))
      .where('id', '=', backorder.id)
      .where('version', '=', expectedVersion)
      .executeTakeFirst();
    return result.numUpdatedRows > 0n;
  }

  async listBackorders(query: BackorderQuery): Promise<{ readonly items: readonly Backorder[]; readonly total: number }> {
    let filtered = this.db.selectFrom('backorders');
    // An empty list matches nothing, as `IN ()` would; SQL cannot spell that, so say it directly.
    if (query.statuses !== undefined) {
      filtered = query.statuses.length === 0 ? filtered.where(sql<boolean>`1 = 0`) : filtered.where('status', 'in', [...new Set(query.statuses)]);
    }
    if (query.productIds !== undefined) {
      filtered = query.productIds.length === 0 ? filtered.where(sql<boolean>`1 = 0`) : filtered.where('product_id', 'in', [...new Set(query.productIds)]);
    }
    if (query.kind !== undefined) filtered = filtered.where('kind', '=', query.kind);
    if (query.orderId !== undefined) filtered = filtered.where('order_id', '=', query.orderId);
    const orderId = query.orderId;
    const onlyOrder = orderId !== undefined && query.statuses === undefined && query.productIds === undefined && query.kind === undefined;
    // FIFO: the order in which stock is allocated. An order's backorders (every order read asks for them) are the
    // same query every time, compiled once.
    const rows = onlyOrder
      ? await BACKORDERS_OF_ORDER.execute(this.db, orderId, query.limit, query.offset)
      : await filtered.selectAll().orderBy('created_at', 'asc').orderBy('id', 'asc').limit(query.limit).offset(query.offset).execute();
    const items = rows.map(fromBackorderRow);
    // A page that is not full ends the list, so its rows tell the total (from the same snapshot); only a full page,
    // or an empty one past the start, needs the count. An order's backorders are nearly always such a short page.
    if (rows.length < query.limit && (rows.length > 0 || query.offset === 0)) return { items, total: query.offset + rows.length };
    const count = await filtered.select((eb) => eb.fn.countAll().as('count')).executeTakeFirstOrThrow();
    return { items, total: readSafeInteger(count.count, 'count') };
  }

  /** All rows or none, with or without a surrounding transaction, in INSERTs of at most CHUNK rows. */
  private async insertAll<R>(rows: readonly R[], insert: (db: Kysely<DatabaseSchema>, rows: R[]) => Promise<unknown>): Promise<void> {
    if (rows.length === 0) return;
    const write = async (db: Kysely<DatabaseSchema>): Promise<void> => {
      for (let i = 0; i < rows.length; i += CHUNK) await insert(db, rows.slice(i, i + CHUNK));
    };
    if (this.db.isTransaction || rows.length <= CHUNK) await write(this.db);
    else await this.db.transaction().execute(write);
  }
}

function quantity(value: number, field: string): number {
  if (!Number.isSafeInteger(value) || value < 0) throw new RangeError(`${field} must be a whole number of at least 0, got ${String(value)}`);
  return value;
}

function toReservationRow(reservation: Reservation) {
  return {
    id: reservation.id,
    allocation_id: reservation.allocationId,
    order_id: reservation.orderId,
    line_id: reservation.lineId,
    product_id: reservation.productId,
    warehouse_id: reservation.warehouseId,
    quantity: quantity(reservation.quantity, 'quantity'),
    status: reservation.status,
    shipment_id: reservation.shipmentId,
    created_at: toStoredTimestamp(reservation.createdAt, 'createdAt'),
    updated_at: toStoredTimestamp(reservation.updatedAt, 'updatedAt'),
  };
}

function fromReservationRow(row: ReservationRow): Reservation {
  return {
    id: row.id,
    allocationId: row.allocation_id,
    orderId: row.order_id,
    lineId: row.line_id,
    productId: row.product_id,
    warehouseId: row.warehouse_id,
    quantity: readSafeInteger(row.quantity, 'reservations.quantity'),
    status: oneOf(RESERVATION_STATUSES, row.status, 'reservations.status'),
    shipmentId: row.shipment_id,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

/** Everything but the id: what an update replaces. */
function toBackorderRow(backorder: Backorder) {
  return {
    kind: backorder.kind,
    order_id: backorder.orderId,
    line_id: backorder.lineId,
    product_id: backorder.productId,
    quantity: quantity(backorder.quantity, 'quantity'),
    requested_quantity: quantity(backorder.requestedQuantity, 'requestedQuantity'),
    expected_date: backorder.expectedDate === null ? null : toStoredDate(backorder.expectedDate, 'expectedDate'),
    status: backorder.status,
    version: backorder.version,
    created_at: toStoredTimestamp(backorder.createdAt, 'createdAt'),
    updated_at: toStoredTimestamp(backorder.updatedAt, 'updatedAt'),
  };
}

function fromBackorderRow(row: BackorderRow): Backorder {
  return {
    id: row.id,
    kind: oneOf(BACKORDER_KINDS, row.kind, 'backorders.kind'),
    orderId: row.order_id,
    lineId: row.line_id,
    productId: row.product_id,
    quantity: readSafeInteger(row.quantity, 'backorders.quantity'),
    requestedQuantity: readSafeInteger(row.requested_quantity, 'backorders.requested_quantity'),
    expectedDate: row.expected_date,
    status: oneOf<BackorderStatus>(BACKORDER_STATUSES, row.status, 'backorders.status'),
    version: readSafeInteger(row.version, 'backorders.version'),
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

function oneOf<T extends string>(values: readonly T[], value: string, column: string): T {
  const known = values.find((v) => v === value);
  if (known === undefined) throw new Error(`Column ${column} holds an unknown value ${JSON.stringify(value)}`);
  return known;
}

const RESERVATIONS_OF_ORDER = new PreparedQuery('reservations of an order', (db, orderId: string) =>
  db.selectFrom('reservations').selectAll().where('order_id', '=', orderId).orderBy('created_at', 'asc').orderBy('id', 'asc'),
);

const BACKORDERS_OF_ORDER = new PreparedQuery('backorders of an order', (db, orderId: string, limit: number, offset: number) =>
  db.selectFrom('backorders').selectAll().where('order_id', '=', orderId).orderBy('created_at', 'asc').orderBy('id', 'asc').limit(limit).offset(offset),
);
