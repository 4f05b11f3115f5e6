import type { Principal } from '../../auth/principal';
import { fulfillmentStatusOf, isActiveShipment } from '../../fulfillment/shipment';
import { nextStatuses, type LifecycleDefinition } from '../../lifecycle/lifecycle-definition';
import type { OrderStatus } from '../../lifecycle/order-status';
import type { Order } from '../../orders/order';
import type { Repositories } from '../../ports/unit-of-work.port';
import { DomainError } from '../../shared/errors';
import { nowIso, type OrderDependencies } from '../dependencies';
import { applyTransition } from '../orders/transition-order';

/** Statuses an order may pass through on its way to being shipped. */
const ON_THE_WAY: readonly OrderStatus[] = ['confirmed', 'processing', 'in_progress', 'packed', 'awaiting_carrier'];

/** The shortest walk of the lifecycle from `from` to `to` through working statuses only; null when there is none. */
export function pathTo(lifecycle: LifecycleDefinition, from: OrderStatus, to: OrderStatus): OrderStatus[] | null {
  if (from === to) return [];
  const previous = new Map<OrderStatus, OrderStatus>();
  const queue: OrderStatus[] = [from];
  for (let state = queue.shift(); state !== undefined; state = queue.shift()) {
    for (const next of nextStatuses(lifecycle, state)) {
      if (previous.has(next) || next === from) continue;
      previous.set(next, state);
      if (next === to) {
        const path: OrderStatus[] = [to];
        for (let at = state; at !== from; at = previous.get(at)!) path.unshift(at);
        return path;
      }
      if (ON_THE_WAY.includes(next)) queue.push(next);
    }
  }
  return null;
}

/** Refuses to ship an order that is not being worked on (on hold, waiting for payment or stock, cancelled...). */
export function assertShippable(lifecycle: LifecycleDefinition, order: Order): void {
  if (order.status === 'shipped') return;
  const working = order.status === 'pending' || ON_THE_WAY.includes(order.status);
  if (working && pathTo(lifecycle, order.status, 'shipped') !== null) return;
  throw new DomainError('INVALID_TRANSITION', `Order ${order.reference} is ${order.status} and cannot be shipped`, {
    from: order.status,
    to: 'shipped',
    allowed: nextStatuses(lifecycle, order.status),
  });
}

export interface SettleOptions {
  readonly trackingNumber?: string | null;
  readonly carrier?: string | null;
  readonly notifyCustomer?: boolean;
  readonly reason?: string | null;
}

/**
 * After shipments changed inside a transaction: bumps the order's version (shipment changes always go with one) and
 * moves its status where the shipments say: shipped once everything has shipped (walking through the working
 * statuses in between), processing when a first part ships, delivered when every parcel is, returned when every
 * parcel came back.
 */
export async function settleOrder(deps: OrderDependencies, repos: Repositories, order: Order, principal: Principal, options: SettleOptions = {}): Promise<Order> {
  const shipments = await repos.shipments.listForOrder(order.id);
  const fulfillment = fulfillmentStatusOf(order, shipments);
  const active = shipments.filter(isActiveShipment);
  let target: OrderStatus | null = null;
  if (fulfillment === 'fulfilled') {
    if (order.status === 'shipped') target = active.every((s) => s.status === 'delivered') ? 'delivered' : null;
    else if (order.status === 'pending' || ON_THE_WAY.includes(order.status)) target = 'shipped';
  } else if (fulfillment === 'partial') {
    if (order.status === 'pending' || order.status === 'confirmed') target = 'processing';
  } else if (shipments.some((s) => s.status === 'returned_to_sender') && (order.status === 'shipped' || order.status === 'delivered')) {
    target = 'returned';
  }
  const path = target === null || target === order.status ? [] : (pathTo(deps.lifecycle, order.status, target) ?? []);
  if (target === 'shipped' && path.length === 0) assertShippable(deps.lifecycle, order);
  let current = order;
  for (const step of path) {
    current = await applyTransition(
      deps,
      repos,
      current,
      {
        to: step,
        reason: options.reason ?? null,
        trackingNumber: options.trackingNumber ?? null,
        carrier: options.carrier ?? null,
        ...(step === 'shipped' && options.notifyCustomer !== undefined ? { notifyCustomer: options.notifyCustomer } : {}),
      },
      principal,
      { shipmentHooks: false },
    );
  }
  if (path.length > 0) return current;
  const bumped: Order = {
    ...current,
    trackingNumber: options.trackingNumber ?? current.trackingNumber,
    carrier: options.carrier ?? current.carrier,
    version: current.version + 1,
    updatedAt: nowIso(deps.clock),
  };
  if (!(await repos.orders.update(bumped, current.version))) {
    throw new DomainError('VERSION_CONFLICT', `Order ${current.id} was changed by someone else; reload and retry`, { id: current.id });
  }
  return bumped;
}
