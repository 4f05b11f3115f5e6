import { actorOf, type Principal } from '../../auth/principal';
import { lineAllocationsOf } from '../../inventory/line-allocations';
import { applyStockEffect } from '../../inventory/stock-effects';
import { statusChangeEmail } from '../../notifications/status-email';
import { decideTransition, effectsOf } from '../../lifecycle/lifecycle-definition';
import type { OrderStatus } from '../../lifecycle/order-status';
import type { Order } from '../../orders/order';
import type { OrderEvent, StatusChangedData } from '../../orders/order-event';
import { DomainError } from '../../shared/errors';
import { nowIso, type OrderDependencies } from '../dependencies';
import type { OrderDetails } from './get-order';
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

/**
 * Moves one order one step through the lifecycle, in one transaction: the conditional update (WHERE version = v)
 * and the status event commit together or not at all. Shared by every use case that changes a status.
 */
export async function transitionOrder(deps: OrderDependencies, request: TransitionRequest, principal: Principal): Promise<OrderDetails> {
  return deps.uow.transaction(async (repos) => {
    const current = await repos.orders.findById(request.orderId);
    if (!current) throw DomainError.notFound('Order', request.orderId);
    checkExpectedVersion('Order', current.version, request.expectedVersion);
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
    const cancelling = request.to === 'cancelled';
    const next: Order = {
      ...current,
      status: request.to,
      trackingNumber: request.trackingNumber ?? current.trackingNumber,
      carrier: request.carrier ?? current.carrier,
      cancellation: cancelling
        ? { reason: request.reason, refundRequested: request.refundRequested ?? false, at: now, by: actor }
        : current.cancellation,
      version: current.version + 1,
      updatedAt: now,
    };
    if (!(await repos.orders.update(next, current.version))) {
      throw new DomainError('VERSION_CONFLICT', `Order ${current.id} was changed by someone else; reload and retry`, {
        id: current.id,
      });
    }
    const ctx = { repos, ids: deps.ids, actor, now };
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
    return {
      order: next,
      events: await repos.orderEvents.listForOrder(next.id),
      lineAllocations: await lineAllocationsOf(repos, next.id, next.lines.map((l) => l.id)),
    };
  });
}
