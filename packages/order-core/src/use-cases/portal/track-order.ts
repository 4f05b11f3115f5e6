import type { Principal } from '../../auth/principal';
import { lineAllocationsOf } from '../../inventory/line-allocations';
import { estimatedDeliveryOf, isActiveShipment, type TrackingStatus } from '../../fulfillment/shipment';
import type { OrderStatus } from '../../lifecycle/order-status';
import type { UnitOfWork } from '../../ports/unit-of-work.port';
import { DomainError } from '../../shared/errors';

export interface TrackingView {
  readonly orderId: string;
  readonly reference: string;
  readonly status: OrderStatus;
  readonly trackingNumber: string | null;
  readonly carrier: string | null;
  /** YYYY-MM-DD: the earliest estimate of the parcels still on their way, as the carriers last said. */
  readonly estimatedDelivery: string | null;
  readonly items: readonly { readonly name: string; readonly quantity: number; readonly status: string }[];
  /** Each parcel as last reported (stored snapshots: answering never calls a carrier). */
  readonly shipments: readonly {
    readonly carrier: string;
    readonly trackingNumber: string | null;
    readonly status: TrackingStatus;
    readonly estimatedDelivery: string | null;
    readonly items: readonly { readonly name: string; readonly quantity: number }[];
  }[];
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
    const parcels = (await repos.shipments.listForOrder(order.id)).filter(isActiveShipment);
    const latest = parcels[parcels.length - 1];
    const units = (lineId: string, delivered: boolean) =>
      parcels.filter((s) => !delivered || s.status === 'delivered').reduce((sum, s) => sum + s.lines.filter((l) => l.lineId === lineId).reduce((n, l) => n + l.quantity, 0), 0);
    return {
      orderId: order.id,
      reference: order.reference,
      status: order.status,
      trackingNumber: latest?.trackingNumber ?? order.trackingNumber,
      carrier: latest?.carrier ?? order.carrier,
      estimatedDelivery: estimatedDeliveryOf(parcels),
      items: order.lines.map((line) => {
        const a = allocations[line.id];
        const shipped = units(line.id, false);
        const status =
          units(line.id, true) >= line.quantity
            ? 'delivered'
            : shipped >= line.quantity
              ? 'shipped'
              : shipped > 0
                ? 'partially_shipped'
                : a && a.backordered > 0
                  ? 'backordered'
                  : order.status;
        return { name: line.name, quantity: line.quantity, status };
      }),
      shipments: parcels.map((s) => ({
        carrier: s.carrier,
        trackingNumber: s.trackingNumber,
        status: s.status,
        estimatedDelivery: s.estimatedDelivery,
        items: s.lines.map((l) => ({ name: l.name, quantity: l.quantity })),
      })),
    };
  }
}
