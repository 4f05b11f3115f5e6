import { hasScope, type Principal } from '../../auth/principal';
import type { LineAllocation } from '../../inventory/allocation';
import { lineAllocationsOf } from '../../inventory/line-allocations';
import type { Order } from '../../orders/order';
import type { OrderEvent } from '../../orders/order-event';
import { fulfillmentStatusOf, type FulfillmentStatus, type Shipment } from '../../fulfillment/shipment';
import type { Repositories, UnitOfWork } from '../../ports/unit-of-work.port';
import { DomainError } from '../../shared/errors';

export interface OrderDetails {
  readonly order: Order;
  /** Oldest first. */
  readonly events: readonly OrderEvent[];
  /** Per line id: reserved, backordered and shipped units. */
  readonly lineAllocations: Readonly<Record<string, LineAllocation>>;
  /** Oldest first, cancelled ones included. */
  readonly shipments: readonly Shipment[];
  /** Derived from the shipments that still count. */
  readonly fulfillmentStatus: FulfillmentStatus;
}

/** Everything `OrderDetails` holds, read with the given repositories (inside a transaction, or not). */
export async function orderDetailsIn(repos: Repositories, order: Order): Promise<OrderDetails> {
  const shipments = await repos.shipments.listForOrder(order.id);
  return {
    order,
    events: await repos.orderEvents.listForOrder(order.id),
    lineAllocations: await lineAllocationsOf(repos, order.id, order.lines.map((l) => l.id)),
    shipments,
    fulfillmentStatus: fulfillmentStatusOf(order, shipments),
  };
}

export class GetOrder {
  constructor(private readonly deps: { readonly uow: UnitOfWork }) {}

  async execute(input: { readonly orderId: string }, principal: Principal): Promise<OrderDetails> {
    const canReadAll = hasScope(principal, 'orders:read');
    if (!canReadAll && principal.kind !== 'customer') {
      throw new DomainError('FORBIDDEN', 'This action needs the orders:read permission', { required_scope: 'orders:read' });
    }
    const repos = this.deps.uow.repositories;
    const order = await repos.orders.findById(input.orderId);
    // Another customer's order is indistinguishable from one that does not exist.
    if (!order || (!canReadAll && principal.kind === 'customer' && order.customerId !== principal.customerId)) {
      throw DomainError.notFound('Order', input.orderId);
    }
    return orderDetailsIn(repos, order);
  }
}
