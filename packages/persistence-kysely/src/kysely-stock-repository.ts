import {
  MOVEMENT_REASONS,
  type InventoryMovement,
  type MovementQuery,
  type MovementReason,
  type StockLevel,
  type StockLevelQuery,
  type StockRepository,
} from '@oms/order-core';
import { sql, type Kysely, type Selectable, type SqlBool } from 'kysely';
import { readActorColumn, writeActorColumn } from './actor-column';
import type { DatabaseSchema, InventoryMovementsTable, StockLevelsTable } from './database-schema';
import { readSafeInteger } from './read-safe-integer';
import { toStoredTimestamp } from './stored-timestamp';
import { withConflictMapping, type UniqueKey } from './unique-violation';

type LevelRow = Selectable<StockLevelsTable>;
type MovementRow = Selectable<InventoryMovementsTable>;

const MOVEMENT_KEYS: readonly UniqueKey[] = [
  { column: 'id', constraint: 'inventory_movements_pkey', field: 'id', message: 'An inventory movement with this id already exists' },
];

/** Keeps IN lists and multi-row INSERTs well below every driver's bound-parameter limit. */
const CHUNK = 500;

/**
 * Every change to a level is one guarded UPDATE whose affected-row count is the answer: the database checks the
 * guard against the row as it is when the write happens (PostgreSQL re-checks it after waiting for a concurrent
 * writer's lock; SQLite has one writer at a time), so concurrent callers can never oversell and nothing is read
 * first. A guard that does not hold resolves false without an error, so it never aborts a PostgreSQL transaction.
 * The stock_levels CHECK constraint is a last line of defence the guards never reach.
 */
export class KyselyStockRepository implements StockRepository {
  constructor(private readonly db: Kysely<DatabaseSchema>) {}

  async levelsFor(productIds: readonly string[]): Promise<readonly StockLevel[]> {
    const unique = [...new Set(productIds)];
    const levels: StockLevel[] = [];
    for (let i = 0; i < unique.length; i += CHUNK) {
      const rows = await this.db
        .selectFrom('stock_levels')
        .selectAll()
        .where('product_id', 'in', unique.slice(i, i + CHUNK))
        .orderBy('product_id', 'asc')
        .orderBy('warehouse_id', 'asc')
        .execute();
      levels.push(...rows.map(fromLevelRow));
    }
    return levels;
  }

  async listLevels(query: StockLevelQuery): Promise<{ readonly items: readonly StockLevel[]; readonly total: number }> {
    let filtered = this.db.selectFrom('stock_levels');
    if (query.productId !== undefined) filtered = filtered.where('product_id', '=', query.productId);
    if (query.warehouseId !== undefined) filtered = filtered.where('warehouse_id', '=', query.warehouseId);
    if (query.lowStockAtMost !== undefined) {
      filtered = filtered.where(sql<SqlBool>`on_hand - reserved <= ${checkedInteger(query.lowStockAtMost, 'lowStockAtMost')}`);
    }
    const rows = await filtered
      .selectAll()
      .orderBy('product_id', 'asc')
      .orderBy('warehouse_id', 'asc')
      .limit(query.limit)
      .offset(query.offset)
      .execute();
    const count = await filtered.select((eb) => eb.fn.countAll().as('count')).executeTakeFirstOrThrow();
    return { items: rows.map(fromLevelRow), total: readSafeInteger(count.count, 'count') };
  }

  async reserve(productId: string, warehouseId: string, quantity: number): Promise<boolean> {
    const q = positiveQuantity(quantity);
    const result = await this.db
      .updateTable('stock_levels')
      .set({ reserved: sql<number>`reserved + ${q}` })
      .where('product_id', '=', productId)
      .where('warehouse_id', '=', warehouseId)
      .where(sql<SqlBool>`on_hand - reserved >= ${q}`)
      .executeTakeFirst();
    return result.numUpdatedRows > 0n;
  }

  async release(productId: string, warehouseId: string, quantity: number): Promise<boolean> {
    const q = positiveQuantity(quantity);
    const result = await this.db
      .updateTable('stock_levels')
      .set({ reserved: sql<number>`reserved - ${q}` })
      .where('product_id', '=', productId)
      .where('warehouse_id', '=', warehouseId)
      .where(sql<SqlBool>`reserved >= ${q}`)
      .executeTakeFirst();
    return result.numUpdatedRows > 0n;
  }

  async consume(productId: string, warehouseId: string, quantity: number): Promise<boolean> {
    const q = positiveQuantity(quantity);
    // on_hand >= reserved >= q holds before, so both stay within the CHECK after.
    const result = await this.db
      .updateTable('stock_levels')
      .set({ on_hand: sql<number>`on_hand - ${q}`, reserved: sql<number>`reserved - ${q}` })
      .where('product_id', '=', productId)
      .where('warehouse_id', '=', warehouseId)
      .where(sql<SqlBool>`reserved >= ${q}`)
      .executeTakeFirst();
    return result.numUpdatedRows > 0n;
  }

  async adjust(productId: string, warehouseId: string, delta: number): Promise<boolean> {
    const d = checkedInteger(delta, 'delta');
    // A missing level is zero on hand and zero reserved, so only a non-negative delta can succeed on it: only then
    // is the row created (a failed decrease outside a transaction leaves no empty row behind).
    if (d >= 0) {
      await this.db
        .insertInto('stock_levels')
        .values({ product_id: productId, warehouse_id: warehouseId, on_hand: 0, reserved: 0 })
        .onConflict((oc) => oc.columns(['product_id', 'warehouse_id']).doNothing())
        .execute();
    }
    // The upper bound keeps every stored quantity readable as an exact JavaScript number.
    const result = await this.db
      .updateTable('stock_levels')
      .set({ on_hand: sql<number>`on_hand + ${d}` })
      .where('product_id', '=', productId)
      .where('warehouse_id', '=', warehouseId)
      .where(sql<SqlBool>`on_hand + ${d} >= reserved`)
      .where(sql<SqlBool>`on_hand + ${d} <= ${sql.lit(Number.MAX_SAFE_INTEGER)}`)
      .executeTakeFirst();
    return result.numUpdatedRows > 0n;
  }

  async appendMovements(movements: readonly InventoryMovement[]): Promise<void> {
    if (movements.length === 0) return;
    const rows = movements.map(toMovementRow);
    // All or none, with or without a surrounding transaction, even when the rows take several INSERTs.
    const write = async (db: Kysely<DatabaseSchema>): Promise<void> => {
      for (let i = 0; i < rows.length; i += CHUNK) {
        await withConflictMapping('inventory_movement', MOVEMENT_KEYS, () => db.insertInto('inventory_movements').values(rows.slice(i, i + CHUNK)).execute());
      }
    };
    if (this.db.isTransaction || rows.length <= CHUNK) await write(this.db);
    else await this.db.transaction().execute(write);
  }

  async listMovements(query: MovementQuery): Promise<{ readonly items: readonly InventoryMovement[]; readonly total: number }> {
    let filtered = this.db.selectFrom('inventory_movements');
    if (query.productId !== undefined) filtered = filtered.where('product_id', '=', query.productId);
    if (query.warehouseId !== undefined) filtered = filtered.where('warehouse_id', '=', query.warehouseId);
    if (query.reason !== undefined) filtered = filtered.where('reason', '=', query.reason);
    if (query.orderId !== undefined) filtered = filtered.where('order_id', '=', query.orderId);
    if (query.from !== undefined) filtered = filtered.where('at', '>=', toStoredTimestamp(query.from, 'from'));
    if (query.to !== undefined) filtered = filtered.where('at', '<=', toStoredTimestamp(query.to, 'to'));
    const rows = await filtered
      .selectAll()
      .orderBy('at', 'asc')
      .orderBy('id', 'asc')
      .limit(query.limit)
      .offset(query.offset)
      .execute();
    const count = await filtered.select((eb) => eb.fn.countAll().as('count')).executeTakeFirstOrThrow();
    return { items: rows.map(fromMovementRow), total: readSafeInteger(count.count, 'count') };
  }
}

/** A reserve, release or consume of zero or fewer units is a caller's bug; refused before any SQL runs. */
function positiveQuantity(quantity: number): number {
  if (!Number.isSafeInteger(quantity) || quantity <= 0) {
    throw new RangeError(`A stock quantity must be a positive whole number, got ${String(quantity)}`);
  }
  return quantity;
}

function checkedInteger(value: number, name: string): number {
  if (!Number.isSafeInteger(value)) throw new RangeError(`${name} must be a whole number, got ${String(value)}`);
  return value;
}

function fromLevelRow(row: LevelRow): StockLevel {
  return {
    productId: row.product_id,
    warehouseId: row.warehouse_id,
    onHand: readSafeInteger(row.on_hand, 'stock_levels.on_hand'),
    reserved: readSafeInteger(row.reserved, 'stock_levels.reserved'),
  };
}

function toMovementRow(movement: InventoryMovement) {
  return {
    id: movement.id,
    product_id: movement.productId,
    warehouse_id: movement.warehouseId,
    on_hand_change: checkedInteger(movement.onHandChange, 'onHandChange'),
    reserved_change: checkedInteger(movement.reservedChange, 'reservedChange'),
    reason: movement.reason,
    order_id: movement.orderId,
    note: movement.note,
    actor: writeActorColumn(movement.actor),
    at: toStoredTimestamp(movement.at, 'at'),
  };
}

function fromMovementRow(row: MovementRow): InventoryMovement {
  return {
    id: row.id,
    productId: row.product_id,
    warehouseId: row.warehouse_id,
    onHandChange: readSafeInteger(row.on_hand_change, 'inventory_movements.on_hand_change'),
    reservedChange: readSafeInteger(row.reserved_change, 'inventory_movements.reserved_change'),
    reason: movementReason(row.reason),
    orderId: row.order_id,
    note: row.note,
    actor: readActorColumn(row.actor, 'inventory_movements.actor'),
    at: row.at,
  };
}

function movementReason(value: string): MovementReason {
  if ((MOVEMENT_REASONS as readonly string[]).includes(value)) return value as MovementReason;
  throw new Error(`Column inventory_movements.reason holds an unknown reason ${JSON.stringify(value)}`);
}
