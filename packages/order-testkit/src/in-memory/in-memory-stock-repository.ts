import type { InventoryMovement, MovementQuery, StockLevel, StockLevelQuery, StockRepository } from '@oms/order-core';
import { byTimeThenId, copy, journaledPush, journaledSet, type InMemoryState, type Journal } from './in-memory-state';

/** Each method reads and writes in one synchronous step, the in-memory equivalent of one guarded statement. */
export class InMemoryStockRepository implements StockRepository {
  constructor(
    private readonly state: InMemoryState,
    private readonly journal: Journal,
  ) {}

  async levelsFor(productIds: readonly string[]): Promise<readonly StockLevel[]> {
    const wanted = new Set(productIds);
    return [...this.state.stock.values()].filter((l) => wanted.has(l.productId)).map(copy);
  }

  async listLevels(query: StockLevelQuery): Promise<{ readonly items: readonly StockLevel[]; readonly total: number }> {
    const matching = [...this.state.stock.values()]
      .filter((l) => query.productId === undefined || l.productId === query.productId)
      .filter((l) => query.warehouseId === undefined || l.warehouseId === query.warehouseId)
      .filter((l) => query.lowStockAtMost === undefined || l.onHand - l.reserved <= query.lowStockAtMost)
      .sort((a, b) => (a.productId === b.productId ? (a.warehouseId < b.warehouseId ? -1 : 1) : a.productId < b.productId ? -1 : 1));
    return { items: matching.slice(query.offset, query.offset + query.limit).map(copy), total: matching.length };
  }

  async reserve(productId: string, warehouseId: string, quantity: number): Promise<boolean> {
    return this.change(productId, warehouseId, (l) => (l.onHand - l.reserved >= quantity ? { ...l, reserved: l.reserved + quantity } : null));
  }

  async release(productId: string, warehouseId: string, quantity: number): Promise<boolean> {
    return this.change(productId, warehouseId, (l) => (l.reserved >= quantity ? { ...l, reserved: l.reserved - quantity } : null));
  }

  async consume(productId: string, warehouseId: string, quantity: number): Promise<boolean> {
    return this.change(productId, warehouseId, (l) =>
      l.reserved >= quantity ? { ...l, onHand: l.onHand - quantity, reserved: l.reserved - quantity } : null,
    );
  }

  async adjust(productId: string, warehouseId: string, delta: number): Promise<boolean> {
    const key = levelKey(productId, warehouseId);
    if (!this.state.stock.has(key)) journaledSet(this.journal, this.state.stock, key, { productId, warehouseId, onHand: 0, reserved: 0 });
    return this.change(productId, warehouseId, (l) => (l.onHand + delta >= l.reserved ? { ...l, onHand: l.onHand + delta } : null));
  }

  async appendMovements(movements: readonly InventoryMovement[]): Promise<void> {
    journaledPush(this.journal, this.state.movements, movements);
  }

  async listMovements(query: MovementQuery): Promise<{ readonly items: readonly InventoryMovement[]; readonly total: number }> {
    const matching = this.state.movements
      .filter(
        (m) =>
          (query.productId === undefined || m.productId === query.productId) &&
          (query.warehouseId === undefined || m.warehouseId === query.warehouseId) &&
          (query.reason === undefined || m.reason === query.reason) &&
          (query.orderId === undefined || m.orderId === query.orderId) &&
          (query.from === undefined || m.at >= query.from) &&
          (query.to === undefined || m.at <= query.to),
      )
      .sort(byTimeThenId((m) => m.at));
    return { items: matching.slice(query.offset, query.offset + query.limit).map(copy), total: matching.length };
  }

  private change(productId: string, warehouseId: string, next: (level: StockLevel) => StockLevel | null): boolean {
    const key = levelKey(productId, warehouseId);
    const level = this.state.stock.get(key);
    if (!level) return false;
    const changed = next(level);
    if (!changed) return false;
    journaledSet(this.journal, this.state.stock, key, changed);
    return true;
  }
}

function levelKey(productId: string, warehouseId: string): string {
  return `${productId} ${warehouseId}`;
}
