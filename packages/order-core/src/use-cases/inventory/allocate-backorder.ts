import { actorOf, requireScope, type Principal } from '../../auth/principal';
import { allocateBackorderStock, type BackorderAllocation } from '../../inventory/allocate-backorder-stock';
import type { StockShortage } from '../../inventory/stock-allocator';
import { DomainError } from '../../shared/errors';
import { InputChecker } from '../../shared/input-checker';
import { nowIso, type OrderDependencies } from '../dependencies';

export interface AllocateBackorderInput {
  readonly backorderId: string;
  /** Defaults to everything the backorder still waits for; partial allocation is allowed and reported. */
  readonly quantity?: number;
}

/** Allocates available stock to one backorder or pre-order by hand. */
export class AllocateBackorder {
  constructor(private readonly deps: OrderDependencies) {}

  async execute(input: AllocateBackorderInput, principal: Principal): Promise<BackorderAllocation> {
    requireScope(principal, 'inventory:write');
    const check = new InputChecker();
    const quantity = input.quantity === undefined ? undefined : check.integer('quantity', input.quantity, 1, 1_000_000);
    check.throwIfFailed();
    return this.deps.uow.transaction(async (repos) => {
      const backorder = await repos.allocations.findBackorder(input.backorderId);
      if (!backorder) throw DomainError.notFound('Backorder', input.backorderId);
      const ctx = { repos, ids: this.deps.ids, actor: actorOf(principal), now: nowIso(this.deps.clock) };
      const result = await allocateBackorderStock(ctx, this.deps.lifecycle, backorder, quantity ?? backorder.quantity);
      if (result.quantityAllocated === 0) {
        const order = await repos.orders.findById(backorder.orderId);
        const shortage: StockShortage = {
          sku: order?.lines.find((l) => l.id === backorder.lineId)?.sku ?? null,
          product_id: backorder.productId,
          requested: quantity ?? backorder.quantity,
          available: 0,
        };
        throw new DomainError('INSUFFICIENT_STOCK', `No stock of ${shortage.sku ?? backorder.productId} is available to allocate`, { items: [shortage] });
      }
      return result;
    });
  }
}
