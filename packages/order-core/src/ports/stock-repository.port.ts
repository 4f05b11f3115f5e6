import type { InventoryMovement, MovementReason, StockLevel } from '../inventory/stock';

export interface StockLevelQuery {
  readonly productId?: string;
  readonly warehouseId?: string;
  /** Only levels whose available quantity (on hand - reserved) is at most this. */
  readonly lowStockAtMost?: number;
  readonly limit: number;
  readonly offset: number;
}

export interface MovementQuery {
  readonly productId?: string;
  readonly warehouseId?: string;
  readonly reason?: MovementReason;
  readonly orderId?: string;
  /** Inclusive bounds on `at`. */
  readonly from?: string;
  readonly to?: string;
  readonly limit: number;
  readonly offset: number;
}

/**
 * Stock levels and their history. Every change to a level is ONE guarded statement (never read-modify-write):
 * `UPDATE ... SET reserved = reserved + q WHERE ... AND on_hand - reserved >= q`, resolving false when the guard
 * did not hold, so concurrent callers can never oversell. A missing level counts as zero on hand, zero reserved.
 */
export const StockRepository = Symbol.for('oms.StockRepository');
export interface StockRepository {
  /** Levels of these products in every warehouse that has a row for them. */
  levelsFor(productIds: readonly string[]): Promise<readonly StockLevel[]>;
  /** Ordered by product id, then warehouse id; `total` ignores paging. */
  listLevels(query: StockLevelQuery): Promise<{ readonly items: readonly StockLevel[]; readonly total: number }>;
  /** reserved += q where on_hand - reserved >= q. */
  reserve(productId: string, warehouseId: string, quantity: number): Promise<boolean>;
  /** reserved -= q where reserved >= q. */
  release(productId: string, warehouseId: string, quantity: number): Promise<boolean>;
  /** on_hand -= q and reserved -= q where reserved >= q (stock leaving with a shipment). */
  consume(productId: string, warehouseId: string, quantity: number): Promise<boolean>;
  /** on_hand += delta where on_hand + delta >= reserved (and so >= 0); creates the level if missing. */
  adjust(productId: string, warehouseId: string, delta: number): Promise<boolean>;
  appendMovements(movements: readonly InventoryMovement[]): Promise<void>;
  /** Oldest first (by time, then id); `total` ignores paging. */
  listMovements(query: MovementQuery): Promise<{ readonly items: readonly InventoryMovement[]; readonly total: number }>;
}
