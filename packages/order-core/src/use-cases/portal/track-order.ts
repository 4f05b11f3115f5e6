import type { Principal } from '../../auth/principal';
import { lineAllocationsOf } from '../../inventory/line-allocations';
import type { OrderStatus } from '../../lifecycle/order-status';
import type { UnitOfWork } from '../../ports/unit-of-work.port';
import { DomainError } from '../../shared/errors';

export interface TrackingView {
  readonly orderId: string;
  readonly reference: string;
  readonly status: OrderStatus;
  readonly trackingNumber: string | null;
  readonly carrier: string | null;
  /** YYYY-MM-DD when a carrier has said; null until shipments carry estimates. */
  readonly estimatedDelivery: string | null;
  readonly items: readonly { readonly name: string; readonly quantity: number; readonly status: string }[];
}

const MISSING = 'No order matches this order id and e-mail';

/**
 * Public order tracking: anyone holding an order id and the e-mail on the order sees its status and tracking,
 * and nothing else (no address, phone, e-mail or price). A wrong e-mail is indistinguishable from an unknown order.
 */
export class TrackOrder {
  constructor(private readonly deps: { readonly uow: UnitOfWork }) {}

  async execute(input: { readonly orderId: string; readonly email: string }, _principal: Principal): Promise<TrackingView> {
    const notFound = () => new DomainError('NOT_FOUND', MISSING, {});
    if (typeof input.orderId !== 'string' || typeof input.email !== 'string' || input.orderId.length > 64 || input.email.length > 254) throw notFound();
    const repos = this.deps.uow.repositories;
    const order = await repos.orders.findById(input.orderId);
    const email = order?.contact.email;
    if (!order || !email || email.trim().toLowerCase() !== input.email.trim().toLowerCase()) throw notFound();
    const allocations = await lineAllocationsOf(repos, order.id, order.lines.map((l) => l.id));
    return {
      orderId: order.id,
      reference: order.reference,
      status: order.status,
      trackingNumber: order.trackingNumber,
      carrier: order.carrier,
      estimatedDelivery: null,
      items: order.lines.map((line) => {
        const a = allocations[line.id];
        const status = a && a.shipped >= line.quantity ? 'shipped' : a && a.backordered > 0 ? 'backordered' : order.status;
        return { name: line.name, quantity: line.quantity, status };
      }),
    };
  }
}
