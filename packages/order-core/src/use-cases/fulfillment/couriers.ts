import { actorOf, requireScope, type Principal } from '../../auth/principal';
import { isActiveShipment, unshippedLines, type Shipment } from '../../fulfillment/shipment';
import type { Address, ContactSnapshot } from '../../orders/order';
import { DomainError, isDomainError } from '../../shared/errors';
import { InputChecker } from '../../shared/input-checker';
import { nowIso } from '../dependencies';
import type { FulfillmentDependencies } from './carriers';
import { settleOrder } from './settle-order';
import { applyStatusReport, recordShipment } from './shipping';

export type AssignResult =
  | { readonly orderId: string; readonly ok: true; readonly shipmentId: string }
  | { readonly orderId: string; readonly ok: false; readonly code: string; readonly message: string; readonly details: unknown };

const MAX_ASSIGN_ORDERS = 500;

/**
 * Hands packed orders to a delivery person (cash-on-delivery couriers): each order gets a shipment out for delivery
 * with that courier, from the given warehouse, and moves to shipped; each order succeeds or fails on its own.
 */
export class AssignToCourier {
  constructor(private readonly deps: FulfillmentDependencies) {}

  async execute(
    input: { readonly orderIds: readonly string[]; readonly courierId: string; readonly warehouseId: string },
    principal: Principal,
  ): Promise<{ readonly results: readonly AssignResult[] }> {
    requireScope(principal, 'fulfillment:write');
    const check = new InputChecker();
    if (!Array.isArray(input.orderIds) || input.orderIds.length === 0 || input.orderIds.length > MAX_ASSIGN_ORDERS) check.fail('order_ids', `must be a list of 1 to ${MAX_ASSIGN_ORDERS} order ids`);
    const courierId = check.text('courier_id', input.courierId, { max: 100 });
    const warehouseId = check.text('warehouse_id', input.warehouseId, { max: 64 });
    check.throwIfFailed();
    const warehouse = await this.deps.uow.repositories.warehouses.findById(warehouseId);
    if (!warehouse) throw DomainError.notFound('Warehouse', warehouseId);
    const results: AssignResult[] = [];
    for (const orderId of [...new Set(input.orderIds)]) {
      try {
        const shipmentId = await this.deps.uow.transaction(async (repos) => {
          const order = typeof orderId === 'string' ? await repos.orders.findById(orderId) : null;
          if (!order) throw DomainError.notFound('Order', String(orderId));
          if (order.status !== 'packed') {
            throw new DomainError('INVALID_TRANSITION', `Order ${order.reference} is ${order.status}; only packed orders go to a courier`, { from: order.status, to: 'shipped', allowed: [] });
          }
          const ctx = { repos, ids: this.deps.ids, actor: actorOf(principal), now: nowIso(this.deps.clock) };
          const shipment = await recordShipment(ctx, order, {
            id: this.deps.ids.next('shp'),
            lines: unshippedLines(order, await repos.shipments.listForOrder(order.id)),
            gateway: 'courier',
            carrier: 'courier',
            service: null,
            trackingNumber: null,
            carrierShipmentId: null,
            status: 'out_for_delivery',
            label: null,
            estimatedDelivery: null,
            warehouseId,
            courierId,
            fromStock: true,
            source: 'staff',
          });
          await settleOrder(this.deps, repos, order, principal, { carrier: 'courier', reason: `Assigned to courier ${courierId}` });
          return shipment.id;
        });
        results.push({ orderId, ok: true, shipmentId });
      } catch (error) {
        if (!isDomainError(error)) throw error;
        results.push({ orderId: String(orderId), ok: false, code: error.code, message: error.message, details: error.details });
      }
    }
    return { results };
  }
}

/** What a courier needs at the door, and nothing more: no e-mail, no prices but the amount to collect. */
export interface Delivery {
  readonly orderId: string;
  readonly reference: string;
  readonly shipmentId: string;
  readonly status: Shipment['status'];
  readonly contact: Pick<ContactSnapshot, 'name' | 'phone'>;
  readonly address: Address;
  readonly items: readonly { readonly name: string; readonly quantity: number }[];
  /** Minor units of `currency` to collect on delivery. */
  readonly amountDue: number;
  readonly currency: string;
  readonly failureReason: string | null;
  readonly assignedAt: string;
}

function requireCourier(principal: Principal): string {
  if (principal.kind !== 'courier') throw new DomainError('FORBIDDEN', 'Only couriers have deliveries', {});
  return principal.id;
}

/** A courier's open deliveries: out for delivery, or failed and waiting for another try. */
export class ListCourierDeliveries {
  constructor(private readonly deps: FulfillmentDependencies) {}

  async execute(_input: Record<string, never>, principal: Principal): Promise<{ readonly items: readonly Delivery[] }> {
    const courierId = requireCourier(principal);
    const repos = this.deps.uow.repositories;
    const page = await repos.shipments.list({ courierId, statuses: ['out_for_delivery', 'exception'], limit: 500, offset: 0 });
    const orders = new Map((await Promise.all([...new Set(page.items.map((s) => s.orderId))].map((id) => repos.orders.findById(id)))).filter((o) => o !== null).map((o) => [o.id, o] as const));
    const paidByOrder = new Map<string, number>();
    for (const id of orders.keys()) {
      const payments = await repos.payments.listForOrder(id);
      paidByOrder.set(id, payments.reduce((sum, p) => sum + (p.kind === 'refund' ? -p.amount : p.amount), 0));
    }
    const items = page.items.flatMap((s): Delivery[] => {
      const order = orders.get(s.orderId);
      if (!order) return [];
      return [
        {
          orderId: order.id,
          reference: order.reference,
          shipmentId: s.id,
          status: s.status,
          contact: { name: order.contact.name, phone: order.contact.phone },
          address: order.shippingAddress,
          items: s.lines.map((l) => ({ name: l.name, quantity: l.quantity })),
          amountDue: Math.max(0, order.totals.total - (paidByOrder.get(order.id) ?? 0)),
          currency: order.currency,
          failureReason: s.failureReason,
          assignedAt: s.createdAt,
        },
      ];
    });
    return { items };
  }
}

/**
 * A courier settles one of their deliveries. Someone else's delivery is indistinguishable from a missing one.
 * Marking delivered twice changes nothing the second time.
 */
export class CompleteCourierDelivery {
  constructor(private readonly deps: FulfillmentDependencies) {}

  async execute(
    input: { readonly orderId: string; readonly outcome: 'delivered' | 'failed'; readonly reason?: string | null },
    principal: Principal,
  ): Promise<{ readonly delivery: { readonly orderId: string; readonly shipmentId: string; readonly status: Shipment['status'] }; readonly changed: boolean }> {
    const courierId = requireCourier(principal);
    const check = new InputChecker();
    const outcome = check.oneOf('outcome', input.outcome, ['delivered', 'failed'] as const);
    const reason = check.multiline('reason', input.reason, 1_000);
    if (outcome === 'failed' && reason === null) check.fail('reason', 'must say why the delivery failed');
    check.throwIfFailed();
    return this.deps.uow.transaction(async (repos) => {
      const mine = (await repos.shipments.listForOrder(typeof input.orderId === 'string' ? input.orderId : '')).filter((s) => s.courierId === courierId && isActiveShipment(s));
      const shipment = mine.find((s) => s.status !== 'delivered') ?? mine[0];
      const order = shipment && (await repos.orders.findById(shipment.orderId));
      if (!shipment || !order) throw DomainError.notFound('Delivery', String(input.orderId));
      const now = nowIso(this.deps.clock);
      const ctx = { repos, ids: this.deps.ids, actor: actorOf(principal), now };
      if (shipment.status === 'delivered') return { delivery: { orderId: order.id, shipmentId: shipment.id, status: shipment.status }, changed: false };
      const { shipment: next, changed } = await applyStatusReport(ctx, shipment, {
        status: outcome === 'delivered' ? 'delivered' : 'exception',
        rawCode: outcome === 'delivered' ? 'courier_delivered' : 'courier_failed',
        description: reason,
        location: null,
        occurredAt: now,
        dedupeKey: `courier:${outcome}:${now}`,
        source: 'courier',
        failureReason: outcome === 'failed' ? reason : null,
      });
      if (changed) await settleOrder(this.deps, repos, order, principal, { reason });
      return { delivery: { orderId: order.id, shipmentId: next.id, status: next.status }, changed };
    });
  }
}
