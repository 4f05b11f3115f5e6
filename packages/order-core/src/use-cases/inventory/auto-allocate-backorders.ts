import { actorOf, requireScope, type Principal } from '../../auth/principal';
import { allocateBackorderStock } from '../../inventory/allocate-backorder-stock';
import { available } from '../../inventory/stock';
import { nowIso, type OrderDependencies } from '../dependencies';

export interface AutoAllocationResult {
  readonly allocationsCreated: number;
  readonly totalAllocated: number;
}

const PAGE = 500;

/**
 * Allocates available stock to waiting backorders and pre-orders strictly first-in-first-out by creation time,
 * across all products, in one transaction. An older backorder that can only be partly served takes what there is
 * before any younger one of the same product gets anything.
 */
export class AutoAllocateBackorders {
  constructor(private readonly deps: OrderDependencies) {}

  async execute(_input: Record<string, never>, principal: Principal): Promise<AutoAllocationResult> {
    requireScope(principal, 'inventory:write');
    return this.deps.uow.transaction(async (repos) => {
      const ctx = { repos, ids: this.deps.ids, actor: actorOf(principal), now: nowIso(this.deps.clock) };
      const activeWarehouses = new Set((await repos.warehouses.list({ activeOnly: true })).map((w) => w.id));
      const exhausted = new Set<string>();
      let allocationsCreated = 0;
      let totalAllocated = 0;
      // Fully allocated backorders leave the waiting list; the ones that stay are counted by `offset`, so each read
      // at `offset` returns the next backorders not yet visited, and every round either shrinks the list or moves on.
      let offset = 0;
      for (;;) {
        const page = await repos.allocations.listBackorders({ statuses: ['waiting'], limit: PAGE, offset });
        if (page.items.length === 0) break;
        for (const backorder of page.items) {
          if (exhausted.has(backorder.productId)) {
            offset += 1;
            continue;
          }
          const free = (await repos.stock.levelsFor([backorder.productId]))
            .filter((l) => activeWarehouses.has(l.warehouseId))
            .reduce((sum, l) => sum + Math.max(0, available(l)), 0);
          if (free === 0) {
            exhausted.add(backorder.productId);
            offset += 1;
            continue;
          }
          const result = await allocateBackorderStock(ctx, this.deps.lifecycle, backorder, backorder.quantity);
          if (result.quantityAllocated > 0) {
            allocationsCreated += 1;
            totalAllocated += result.quantityAllocated;
          }
          if (result.backorder.status === 'waiting') {
            exhausted.add(backorder.productId);
            offset += 1;
          }
        }
      }
      return { allocationsCreated, totalAllocated };
    });
  }
}
