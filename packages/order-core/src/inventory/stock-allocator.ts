import type { ActorRef } from '../auth/principal';
import type { Product } from '../catalog/product';
import type { OrderLine } from '../orders/order';
import type { IdGenerator } from '../ports/id-generator.port';
import type { Repositories } from '../ports/unit-of-work.port';
import { DomainError } from '../shared/errors';
import type { Backorder, Reservation } from './allocation';
import { available, type InventoryMovement, type MovementReason, type StockLevel } from './stock';
import type { Warehouse } from './warehouse';

/** Everything stock work needs inside one transaction. */
export interface StockContext {
  readonly repos: Repositories;
  readonly ids: IdGenerator;
  readonly actor: ActorRef;
  readonly now: string;
}

interface Taken {
  readonly warehouseId: string;
  readonly quantity: number;
}

/** How many times one warehouse is retried after a concurrent change made its guard fail. */
const RACE_RETRIES = 5;

/**
 * Reserves up to `quantity` of a product across active warehouses in priority order, with guarded statements only:
 * a guard that fails because someone else reserved first is re-read and retried, never overridden.
 *
 * The first statement asks the first warehouse for the whole quantity without reading the levels: a read would lead
 * to that same statement whenever it can succeed (the warehouse has that much free), and the guard decides at the
 * time of the write either way. Only when it fails are the levels read, and the warehouses served from what they
 * hold, as if they had been read first. In the common case (the first warehouse has enough) this saves the read.
 */
export async function reserveUpTo(ctx: StockContext, productId: string, quantity: number, warehouses: readonly Warehouse[]): Promise<Taken[]> {
  const taken: Taken[] = [];
  let remaining = quantity;
  let levels: readonly StockLevel[] | null = null;
  for (const warehouse of warehouses) {
    for (let attempt = 0; attempt < RACE_RETRIES && remaining > 0; attempt++) {
      let take = remaining;
      if (levels !== null) {
        const level = levels.find((l) => l.warehouseId === warehouse.id);
        const free = level ? available(level) : 0;
        if (free <= 0) break;
        take = Math.min(free, remaining);
      }
      if (await ctx.repos.stock.reserve(productId, warehouse.id, take)) {
        taken.push({ warehouseId: warehouse.id, quantity: take });
        remaining -= take;
        break;
      }
      levels = await ctx.repos.stock.levelsFor([productId]);
    }
    if (remaining === 0) break;
  }
  return taken;
}

export interface LineReservationResult {
  readonly reservations: readonly Reservation[];
  readonly backorders: readonly Backorder[];
}

/**
 * Reserves stock for order lines. Lines of the same product count together. Under `all` (or a product whose policy is
 * deny) any shortfall fails the whole call with INSUFFICIENT_STOCK naming each sku, requested and available, and
 * the caller's transaction rolls back what was reserved. Otherwise the shortfall becomes backorders or pre-orders.
 */
export async function reserveLines(
  ctx: StockContext,
  orderId: string,
  lines: readonly OrderLine[],
  products: ReadonlyMap<string, Product>,
  mode: 'policy' | 'all',
): Promise<LineReservationResult> {
  const warehouses = await ctx.repos.warehouses.list({ activeOnly: true });
  // Products are locked in id order by every transaction, so two orders with the same products in a different
  // order of lines cannot deadlock on PostgreSQL's row locks.
  const byProduct = new Map<string, OrderLine[]>();
  for (const line of [...lines].sort((a, b) => compareText(a.productId, b.productId))) {
    byProduct.set(line.productId, [...(byProduct.get(line.productId) ?? []), line]);
  }

  const shortages: StockShortage[] = [];
  const takenByProduct = new Map<string, Taken[]>();
  for (const [productId, productLines] of byProduct) {
    const requested = productLines.reduce((sum, line) => sum + line.quantity, 0);
    const taken = await reserveUpTo(ctx, productId, requested, warehouses);
    const got = taken.reduce((sum, t) => sum + t.quantity, 0);
    const policy = products.get(productId)?.backorderPolicy ?? 'deny';
    if (got < requested && (mode === 'all' || policy === 'deny')) {
      shortages.push({ sku: productLines[0]!.sku, product_id: productId, requested, available: got });
    }
    takenByProduct.set(productId, taken);
  }
  if (shortages.length > 0) {
    throw new DomainError('INSUFFICIENT_STOCK', `Not enough stock for ${shortages.map((s) => s.sku).join(', ')}`, { items: shortages });
  }

  const allocationId = ctx.ids.next('alloc');
  const reservations: Reservation[] = [];
  const backorders: Backorder[] = [];
  const lineOrder = new Map(lines.map((line, index) => [line.id, index] as const));
  for (const [productId, productLinesByLock] of byProduct) {
    // Within one product, serve lines in the order the customer wrote them.
    const productLines = [...productLinesByLock].sort((a, b) => (lineOrder.get(a.id) ?? 0) - (lineOrder.get(b.id) ?? 0));
    const buckets = (takenByProduct.get(productId) ?? []).map((t) => ({ ...t }));
    const product = products.get(productId);
    for (const line of productLines) {
      let need = line.quantity;
      for (const bucket of buckets) {
        if (need === 0) break;
        const take = Math.min(bucket.quantity, need);
        if (take === 0) continue;
        bucket.quantity -= take;
        need -= take;
        reservations.push(newReservation(ctx, allocationId, orderId, line, bucket.warehouseId, take));
      }
      if (need > 0) {
        const preorder = product?.backorderPolicy === 'preorder';
        backorders.push({
          id: ctx.ids.next('bo'),
          kind: preorder ? 'preorder' : 'backorder',
          orderId,
          lineId: line.id,
          productId,
          quantity: need,
          requestedQuantity: need,
          expectedDate: preorder ? (product?.expectedDate ?? null) : null,
          status: 'waiting',
          version: 1,
          createdAt: ctx.now,
          updatedAt: ctx.now,
        });
      }
    }
  }
  await ctx.repos.allocations.insertReservations(reservations);
  await ctx.repos.allocations.insertBackorders(backorders);
  await ctx.repos.stock.appendMovements(movementsFor(ctx, orderId, reservations, 'reservation'));
  return { reservations, backorders };
}

export function newReservation(ctx: StockContext, allocationId: string, orderId: string, line: Pick<OrderLine, 'id' | 'productId'>, warehouseId: string, quantity: number): Reservation {
  return {
    id: ctx.ids.next('res'),
    allocationId,
    orderId,
    lineId: line.id,
    productId: line.productId,
    warehouseId,
    quantity,
    status: 'held',
    shipmentId: null,
    createdAt: ctx.now,
    updatedAt: ctx.now,
  };
}

/** One movement per reservation: what the reason does to on-hand and reserved quantities. */
export function movementsFor(ctx: StockContext, orderId: string, reservations: readonly Reservation[], reason: MovementReason): InventoryMovement[] {
  const change: Record<string, { onHand: number; reserved: number }> = {
    reservation: { onHand: 0, reserved: 1 },
    release: { onHand: 0, reserved: -1 },
    shipment: { onHand: -1, reserved: -1 },
    return: { onHand: 1, reserved: 0 },
    shipment_cancelled: { onHand: 1, reserved: 1 },
  };
  const sign = change[reason];
  if (!sign) throw new Error(`No order movement for reason ${reason}`);
  return reservations.map((r) => ({
    id: ctx.ids.next('mov'),
    productId: r.productId,
    warehouseId: r.warehouseId,
    onHandChange: sign.onHand * r.quantity,
    reservedChange: sign.reserved * r.quantity,
    reason,
    orderId,
    note: null,
    actor: ctx.actor,
    at: ctx.now,
  }));
}

export function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** The one shape of INSUFFICIENT_STOCK details items: what was asked for and what could be had. */
export interface StockShortage {
  readonly sku: string | null;
  readonly product_id: string;
  readonly requested: number;
  readonly available: number;
}

/** Units of a product available now across active warehouses. */
export async function availableNow(ctx: StockContext, productId: string): Promise<number> {
  const active = new Set((await ctx.repos.warehouses.list({ activeOnly: true })).map((w) => w.id));
  return (await ctx.repos.stock.levelsFor([productId])).filter((l) => active.has(l.warehouseId)).reduce((sum, l) => sum + Math.max(0, available(l)), 0);
}

/** The lock order for stock rows: product id, then warehouse id. */
export function inLockOrder<T extends { readonly productId: string; readonly warehouseId: string }>(items: readonly T[]): T[] {
  return [...items].sort((a, b) => compareText(a.productId, b.productId) || compareText(a.warehouseId, b.warehouseId));
}
