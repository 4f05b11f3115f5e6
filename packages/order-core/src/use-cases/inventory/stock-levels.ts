import { actorOf, requireScope, type Principal } from '../../auth/principal';
import { ADJUSTMENT_REASONS, MOVEMENT_REASONS, type AdjustmentReason, type InventoryMovement, type StockLevel } from '../../inventory/stock';
import { DEFAULT_WAREHOUSE_ID } from '../../inventory/warehouse';
import type { UnitOfWork } from '../../ports/unit-of-work.port';
import { DomainError, type FieldProblem } from '../../shared/errors';
import { InputChecker } from '../../shared/input-checker';
import { nowIso, type CoreDependencies } from '../dependencies';
import { checkPaging } from '../paging';
import { checkDate } from '../dates';

export interface ListStockLevelsInput {
  readonly productId?: string;
  readonly warehouseId?: string;
  /** Only levels with at most this many available units. */
  readonly lowStock?: number;
  readonly limit?: number;
  readonly offset?: number;
}

export class ListStockLevels {
  constructor(private readonly deps: { readonly uow: UnitOfWork }) {}

  async execute(input: ListStockLevelsInput, principal: Principal): Promise<{ items: readonly StockLevel[]; total: number; limit: number; offset: number }> {
    requireScope(principal, 'inventory:read');
    const check = new InputChecker();
    const lowStockAtMost = input.lowStock === undefined ? undefined : check.integer('low_stock', input.lowStock, 0, 1_000_000_000);
    const { limit, offset } = checkPaging(check, input);
    check.throwIfFailed();
    const page = await this.deps.uow.repositories.stock.listLevels({ productId: input.productId, warehouseId: input.warehouseId, lowStockAtMost, limit, offset });
    return { ...page, limit, offset };
  }
}

export interface StockAdjustmentInput {
  readonly productId: string;
  /** Defaults to the default warehouse. */
  readonly warehouseId?: string;
  /** A non-zero whole number: positive adds stock, negative removes it. */
  readonly quantityChange: number;
  readonly reason: AdjustmentReason;
  readonly note?: string | null;
}

export const MAX_ADJUSTMENTS = 1_000;

/** Adjusts many stock levels in one transaction: all of them, or none when any would go below what is reserved. */
export class BulkAdjustStock {
  constructor(private readonly deps: CoreDependencies) {}

  async execute(input: { readonly adjustments: readonly StockAdjustmentInput[] }, principal: Principal): Promise<readonly InventoryMovement[]> {
    requireScope(principal, 'inventory:write');
    const check = new InputChecker();
    const adjustments = input.adjustments;
    if (!Array.isArray(adjustments) || adjustments.length === 0) check.fail('adjustments', 'must list at least one adjustment');
    else if (adjustments.length > MAX_ADJUSTMENTS) check.fail('adjustments', `must have at most ${MAX_ADJUSTMENTS} entries`);
    const items = (Array.isArray(adjustments) ? adjustments.slice(0, MAX_ADJUSTMENTS) : []).map((a, i) => {
      const field = `adjustments[${i}]`;
      const delta = check.integer(`${field}.quantity_change`, a?.quantityChange, -1_000_000_000, 1_000_000_000);
      if (delta === 0 && a?.quantityChange === 0) check.fail(`${field}.quantity_change`, 'must not be zero');
      return {
        field,
        productId: check.text(`${field}.product_id`, a?.productId, { max: 64 }),
        warehouseId: a?.warehouseId === undefined ? DEFAULT_WAREHOUSE_ID : check.text(`${field}.warehouse_id`, a.warehouseId, { max: 64 }),
        delta,
        reason: check.oneOf(`${field}.reason`, a?.reason, ADJUSTMENT_REASONS),
        note: check.multiline(`${field}.note`, a?.note, 500),
      };
    });
    check.throwIfFailed();

    return this.deps.uow.transaction(async (repos) => {
      const problems: FieldProblem[] = [];
      const products = new Set((await repos.products.findByIds([...new Set(items.map((i) => i.productId))])).map((p) => p.id));
      const warehouses = new Set((await repos.warehouses.list()).map((w) => w.id));
      for (const item of items) {
        if (!products.has(item.productId)) problems.push({ field: `${item.field}.product_id`, message: `product ${item.productId} does not exist` });
        if (!warehouses.has(item.warehouseId)) problems.push({ field: `${item.field}.warehouse_id`, message: `warehouse ${item.warehouseId} does not exist` });
      }
      if (problems.length > 0) throw DomainError.validation(problems);
      const now = nowIso(this.deps.clock);
      const actor = actorOf(principal);
      const movements: InventoryMovement[] = [];
      for (const item of items) {
        if (!(await repos.stock.adjust(item.productId, item.warehouseId, item.delta))) {
          const level = (await repos.stock.levelsFor([item.productId])).find((l) => l.warehouseId === item.warehouseId);
          throw new DomainError('VALIDATION_FAILED', `Adjustment ${item.field} would take on-hand stock of ${item.productId} below what is reserved or below zero`, {
            errors: [{ field: `${item.field}.quantity_change`, message: `would leave ${(level?.onHand ?? 0) + item.delta} on hand with ${level?.reserved ?? 0} reserved` }],
            product_id: item.productId,
            warehouse_id: item.warehouseId,
            on_hand: level?.onHand ?? 0,
            reserved: level?.reserved ?? 0,
          });
        }
        movements.push({
          id: this.deps.ids.next('mov'),
          productId: item.productId,
          warehouseId: item.warehouseId,
          onHandChange: item.delta,
          reservedChange: 0,
          reason: item.reason,
          orderId: null,
          note: item.note,
          actor,
          at: now,
        });
      }
      await repos.stock.appendMovements(movements);
      return movements;
    });
  }
}

export interface ListInventoryHistoryInput {
  readonly productId?: string;
  readonly warehouseId?: string;
  readonly reason?: string;
  readonly orderId?: string;
  readonly from?: string;
  readonly to?: string;
  readonly limit?: number;
  readonly offset?: number;
}

export class ListInventoryHistory {
  constructor(private readonly deps: { readonly uow: UnitOfWork }) {}

  async execute(input: ListInventoryHistoryInput, principal: Principal) {
    requireScope(principal, 'inventory:read');
    const check = new InputChecker();
    const reason = input.reason === undefined ? undefined : check.oneOf('reason', input.reason, MOVEMENT_REASONS);
    const from = input.from === undefined ? undefined : checkDate(check, 'from', input.from, 'start');
    const to = input.to === undefined ? undefined : checkDate(check, 'to', input.to, 'end');
    const { limit, offset } = checkPaging(check, input);
    check.throwIfFailed();
    const page = await this.deps.uow.repositories.stock.listMovements({
      productId: input.productId,
      warehouseId: input.warehouseId,
      reason,
      orderId: input.orderId,
      from,
      to,
      limit,
      offset,
    });
    return { ...page, limit, offset };
  }
}
