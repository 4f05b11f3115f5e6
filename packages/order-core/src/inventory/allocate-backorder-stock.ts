import { nextStatuses, type LifecycleDefinition } from '../lifecycle/lifecycle-definition';
import type { Order } from '../orders/order';
import type { OrderEvent } from '../orders/order-event';
import { DomainError } from '../shared/errors';
import type { Backorder } from './allocation';
import { movementsFor, newReservation, reserveUpTo, type StockContext } from './stock-allocator';

export interface BackorderAllocation {
  readonly allocationId: string;
  readonly quantityAllocated: number;
  readonly backorder: Backorder;
}

/**
 * Reserves up to `quantity` of what a waiting backorder lacks. The order's version is bumped in the same
 * transaction, so an allocation can never interleave with a cancel of the same order; when the order's last
 * backorder is filled, an order sitting in out_of_stock moves back to pending.
 */
export async function allocateBackorderStock(
  ctx: StockContext,
  lifecycle: LifecycleDefinition,
  backorder: Backorder,
  quantity: number,
): Promise<BackorderAllocation> {
  if (backorder.status !== 'waiting') {
    throw new DomainError('CONFLICT', `Backorder ${backorder.id} is ${backorder.status}, not waiting`, { id: backorder.id, status: backorder.status });
  }
  const order = await ctx.repos.orders.findById(backorder.orderId);
  if (!order) throw new Error(`Backorder ${backorder.id} belongs to a missing order ${backorder.orderId}`);
  // The order row is locked first, as a status change does, so an allocation and a cancel cannot deadlock.
  const touched = await bumpOrder(ctx, order);
  const warehouses = await ctx.repos.warehouses.list({ activeOnly: true });
  const taken = await reserveUpTo(ctx, backorder.productId, Math.min(quantity, backorder.quantity), warehouses);
  const allocated = taken.reduce((sum, t) => sum + t.quantity, 0);
  const allocationId = ctx.ids.next('alloc');
  if (allocated === 0) return { allocationId, quantityAllocated: 0, backorder };

  const reservations = taken.map((t) => newReservation(ctx, allocationId, order.id, { id: backorder.lineId, productId: backorder.productId }, t.warehouseId, t.quantity));
  await ctx.repos.allocations.insertReservations(reservations);
  await ctx.repos.stock.appendMovements(movementsFor(ctx, order.id, reservations, 'reservation'));
  const remaining = backorder.quantity - allocated;
  const next: Backorder = {
    ...backorder,
    quantity: remaining,
    status: remaining === 0 ? 'allocated' : 'waiting',
    version: backorder.version + 1,
    updatedAt: ctx.now,
  };
  if (!(await ctx.repos.allocations.updateBackorder(next, backorder.version))) {
    throw new DomainError('VERSION_CONFLICT', `Backorder ${backorder.id} was changed by someone else; retry`, { id: backorder.id });
  }
  await completeIfAllocated(ctx, lifecycle, touched);
  return { allocationId, quantityAllocated: allocated, backorder: next };
}

async function bumpOrder(ctx: StockContext, order: Order): Promise<Order> {
  const next: Order = { ...order, version: order.version + 1, updatedAt: ctx.now };
  if (!(await ctx.repos.orders.update(next, order.version))) {
    throw new DomainError('VERSION_CONFLICT', `Order ${order.id} was changed by someone else; retry`, { id: order.id });
  }
  return next;
}

/** An order in out_of_stock whose last backorder was just filled goes back to pending. */
async function completeIfAllocated(ctx: StockContext, lifecycle: LifecycleDefinition, order: Order): Promise<void> {
  const stillWaiting = (await ctx.repos.allocations.listBackorders({ orderId: order.id, statuses: ['waiting'], limit: 1, offset: 0 })).total > 0;
  if (stillWaiting || order.status !== 'out_of_stock' || !nextStatuses(lifecycle, 'out_of_stock').includes('pending')) return;
  const next: Order = { ...order, status: 'pending', version: order.version + 1 };
  if (!(await ctx.repos.orders.update(next, order.version))) {
    throw new DomainError('VERSION_CONFLICT', `Order ${order.id} was changed by someone else; retry`, { id: order.id });
  }
  const event: OrderEvent = {
    id: ctx.ids.next('evt'),
    orderId: order.id,
    type: 'status_changed',
    actor: ctx.actor,
    at: ctx.now,
    data: { from: 'out_of_stock', to: 'pending', reason: 'All backordered stock allocated' },
  };
  await ctx.repos.orderEvents.append([event]);
}
