import { actorOf, type Principal } from '../../auth/principal';
import { applyStockEffect } from '../../inventory/stock-effects';
import type { StockContext } from '../../inventory/stock-allocator';
import { statusChangeEmail } from '../../notifications/status-email';
import { decideTransition, effectsOf } from '../../lifecycle/lifecycle-definition';
import type { OrderStatus } from '../../lifecycle/order-status';
import type { Order } from '../../orders/order';
import type { OrderEvent, StatusChangedData } from '../../orders/order-event';
import type { Repositories } from '../../ports/unit-of-work.port';
import { DomainError } from '../../shared/errors';
import { nowIso, type OrderDependencies } from '../dependencies';
import { shipmentHooksBefore } from '../fulfillment/shipping';
import { orderDetailsIn, type OrderDetails } from './get-order';
import { checkExpectedVersion } from '../versioning';

export interface TransitionRequest {
  readonly orderId: string;
  readonly to: OrderStatus;
  readonly reason: string | null;
  readonly expectedVersion?: number;
  readonly trackingNumber?: string | null;
  readonly carrier?: string | null;
  readonly notifyCustomer?: boolean;
  /** Set for cancellations: whether a refund was asked for. */
  readonly refundRequested?: boolean;
}

export interface TransitionOptions {
  /**
   * False when the caller has already settled the order's shipments (a fulfillment use case). Otherwise a status
   * change keeps them in step: shipping records a shipment for what is left, delivering or returning the order does
   * the same to its parcels, and going back from shipped to packed cancels parcels not yet picked up.
   */
  readonly shipmentHooks?: boolean;
}

/**
 * Moves one order one step through the lifecycle, in one transaction: the conditional update (WHERE version = v)
 * and the status event commit together or not at all. Shared by every use case that changes a status.
 */
export async function transitionOrder(deps: OrderDependencies, request: TransitionRequest, principal: Principal): Promise<OrderDetails> {
  return deps.uow.transaction(async (repos) => {
    const current = await repos.orders.findById(request.orderId);
    if (!current) throw DomainError.notFound('Order', request.orderId);
    checkExpectedVersion('Order', current.version, request.expectedVersion);
    const next = await applyTransition(deps, repos, current, request, principal);
    return orderDetailsIn(repos, next);
  });
}


/** One lifecycle step of `current` inside the caller's transaction; resolves the order as written. */
export async function applyTransition(
  deps: OrderDependencies,
  repos: Repositories,
  current: Order,
  request: Omit<TransitionRequest, 'orderId' | 'expectedVersion'>,
  principal: Principal,
  options: TransitionOptions = {},
): Promise<Order> {
  const decision = decideTransition(deps.lifecycle, current, request.to);
  if (!decision.allowed) {
    throw new DomainError('INVALID_TRANSITION', decision.reason, {
      from: current.status,
      to: request.to,
      allowed: decision.allowedNext,
    });
  }
  const now = nowIso(deps.clock);
  const actor = actorOf(principal);
  const ctx: StockContext = { repos, ids: deps.ids, actor, now };
  if (options.shipmentHooks !== false) await shipmentHooksBefore(ctx, current, request);
  const base = current;
  const cancelling = request.to === 'cancelled';
  const next: Order = {
    ...base,
    status: request.to,
    trackingNumber: request.trackingNumber ?? base.trackingNumber,
    carrier: request.carrier ?? base.carrier,
    cancellation: cancelling ? { reason: request.reason, refundRequested: request.refundRequested ?? false, at: now, by: actor } : base.cancellation,
    version: base.version + 1,
    updatedAt: now,
  };
  if (!(await repos.orders.update(next, base.version))) {
    throw new DomainError('VERSION_CONFLICT', `Order ${current.id} was changed by someone else; reload and retry`, { id: current.id });
  }
  for (const effect of effectsOf(deps.lifecycle, current.status, request.to)) await applyStockEffect(ctx, next, effect);
  const data: StatusChangedData = {
    from: current.status,
    to: request.to,
    reason: request.reason,
    ...(request.trackingNumber != null ? { trackingNumber: request.trackingNumber } : {}),
    ...(request.carrier != null ? { carrier: request.carrier } : {}),
    ...(request.notifyCustomer !== undefined ? { notifyCustomer: request.notifyCustomer } : {}),
    ...(cancelling ? { refundRequested: request.refundRequested ?? false } : {}),
  };
  const event: OrderEvent = { id: deps.ids.next('evt'), orderId: current.id, type: 'status_changed', actor, at: now, data };
  await repos.orderEvents.append([event]);
  if (request.notifyCustomer && next.contact.email) {
    // Queued in this transaction, sent after it commits: a mail server that is down never undoes the change.
    const email = statusChangeEmail(next, next.contact.email);
    await repos.outbox.enqueue([
      { id: deps.ids.next('msg'), topic: 'customer_email', payload: { ...email }, status: 'pending', attempts: 0, availableAt: now, lastError: null, createdAt: now, updatedAt: now },
    ]);
  }
  return next;
}
