import type { StockEffect } from '../lifecycle/lifecycle-definition';
import type { Order } from '../orders/order';
import { DomainError } from '../shared/errors';
import type { Reservation } from './allocation';
import { availableNow, inLockOrder, movementsFor, reserveLines, type StockContext, type StockShortage } from './stock-allocator';

/** Runs a lifecycle stock effect for an order, inside the transaction of its status change. */
export async function applyStockEffect(ctx: StockContext, order: Order, effect: StockEffect): Promise<void> {
  switch (effect) {
    case 'reserve':
      return reserveAgain(ctx, order);
    case 'release':
      return release(ctx, order);
    case 'consume':
      return consume(ctx, order);
    case 'restock':
      return restock(ctx, order);
  }
}

async function reservationsIn(ctx: StockContext, orderId: string, status: Reservation['status']): Promise<Reservation[]> {
  // Stock rows are touched in lock order (product, warehouse) by every transaction: no deadlocks between them.
  return inLockOrder((await ctx.repos.allocations.reservationsForOrder(orderId)).filter((r) => r.status === status));
}

async function waitingBackorders(ctx: StockContext, orderId: string) {
  return (await ctx.repos.allocations.listBackorders({ orderId, statuses: ['waiting'], limit: 1_000, offset: 0 })).items;
}

/** A guard that fails here means the stored levels disagree with the reservations: never paper over it. */
function inconsistent(what: string, r: Reservation): never {
  throw new Error(`Stock is inconsistent: could not ${what} ${r.quantity} of ${r.productId} in ${r.warehouseId} for reservation ${r.id}`);
}

/** Renewing a cancelled or returned order: every line must be reserved again, or the change fails. */
async function reserveAgain(ctx: StockContext, order: Order): Promise<void> {
  const products = new Map((await ctx.repos.products.findByIds([...new Set(order.lines.map((l) => l.productId))])).map((p) => [p.id, p] as const));
  await reserveLines(ctx, order.id, order.lines, products, 'all');
}

async function release(ctx: StockContext, order: Order): Promise<void> {
  const held = await reservationsIn(ctx, order.id, 'held');
  for (const r of held) if (!(await ctx.repos.stock.release(r.productId, r.warehouseId, r.quantity))) inconsistent('release', r);
  await ctx.repos.allocations.setReservationStatus(held.map((r) => r.id), 'released', ctx.now);
  await ctx.repos.stock.appendMovements(movementsFor(ctx, order.id, held, 'release'));
  for (const backorder of await waitingBackorders(ctx, order.id)) {
    const cancelled = { ...backorder, status: 'cancelled' as const, version: backorder.version + 1, updatedAt: ctx.now };
    if (!(await ctx.repos.allocations.updateBackorder(cancelled, backorder.version))) {
      throw new DomainError('VERSION_CONFLICT', `Backorder ${backorder.id} changed meanwhile; retry`, { id: backorder.id });
    }
  }
}

async function consume(ctx: StockContext, order: Order): Promise<void> {
  const waiting = await waitingBackorders(ctx, order.id);
  if (waiting.length > 0) {
    throw new DomainError('INSUFFICIENT_STOCK', `Order ${order.reference} still waits for stock and cannot ship`, {
      items: await Promise.all(
        waiting.map(async (b): Promise<StockShortage> => ({
          sku: order.lines.find((l) => l.id === b.lineId)?.sku ?? null,
          product_id: b.productId,
          requested: b.quantity,
          available: await availableNow(ctx, b.productId),
        })),
      ),
    });
  }
  const held = await reservationsIn(ctx, order.id, 'held');
  for (const r of held) if (!(await ctx.repos.stock.consume(r.productId, r.warehouseId, r.quantity))) inconsistent('consume', r);
  await ctx.repos.allocations.setReservationStatus(held.map((r) => r.id), 'consumed', ctx.now);
  await ctx.repos.stock.appendMovements(movementsFor(ctx, order.id, held, 'shipment'));
}

async function restock(ctx: StockContext, order: Order): Promise<void> {
  const shipped = await reservationsIn(ctx, order.id, 'consumed');
  for (const r of shipped) if (!(await ctx.repos.stock.adjust(r.productId, r.warehouseId, r.quantity))) inconsistent('restock', r);
  await ctx.repos.allocations.setReservationStatus(shipped.map((r) => r.id), 'returned', ctx.now);
  await ctx.repos.stock.appendMovements(movementsFor(ctx, order.id, shipped, 'return'));
}
