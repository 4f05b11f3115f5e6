import { actorOf, requireScope, type Principal } from '../../auth/principal';
import { CANCELLABLE_TRACKING_STATUSES, isActiveShipment, unshippedLines } from '../../fulfillment/shipment';
import { normalizeTrackingNumber } from '../../fulfillment/tracking-numbers';
import type { OrderStatus } from '../../lifecycle/order-status';
import type { Order } from '../../orders/order';
import type { Repositories } from '../../ports/unit-of-work.port';
import { DomainError } from '../../shared/errors';
import { InputChecker } from '../../shared/input-checker';
import { checkCalendarDate } from '../dates';
import { nowIso } from '../dependencies';
import { applyTransition } from '../orders/transition-order';
import type { FulfillmentDependencies } from './carriers';
import { pathTo, settleOrder } from './settle-order';
import { applyStatusReport, recordShipment } from './shipping';

export const SCAN_ACTIONS = ['pack', 'ship', 'deliver', 'return'] as const;
export type ScanAction = (typeof SCAN_ACTIONS)[number];

export interface ScanResult {
  readonly orderId: string;
  readonly reference: string;
  readonly action: ScanAction;
  /** False when the parcel had already been through this step: a second scan changes nothing. */
  readonly changed: boolean;
  readonly status: OrderStatus;
  readonly message: string;
}

/** Statuses in which each action has already happened. */
const DONE: Readonly<Record<ScanAction, readonly OrderStatus[]>> = {
  pack: ['packed', 'awaiting_carrier', 'shipped', 'delivered', 'completed'],
  ship: ['shipped', 'delivered', 'completed'],
  deliver: ['delivered', 'completed'],
  return: ['returned'],
};

/** A code from a barcode: an order reference (`ORD-00042`), an order id, or a parcel's tracking number. */
async function resolveCode(repos: Repositories, code: string): Promise<Order> {
  const byReference = /^ORD-\d+$/i.test(code) ? await repos.orders.findByReference(code.toUpperCase()) : null;
  if (byReference) return byReference;
  const byId = code.startsWith('order_') ? await repos.orders.findById(code) : null;
  if (byId) return byId;
  const parcels = await repos.shipments.findByTrackingNumber(normalizeTrackingNumber(code));
  const orderIds = [...new Set(parcels.map((s) => s.orderId))];
  if (orderIds.length > 1) {
    throw new DomainError('CONFLICT', `Tracking number ${code} belongs to several orders; scan the order reference instead`, { order_ids: orderIds });
  }
  const order = orderIds[0] ? await repos.orders.findById(orderIds[0]) : null;
  if (!order) throw new DomainError('NOT_FOUND', `No order or parcel matches the code ${code}`, { code });
  return order;
}

/**
 * One barcode scan at a warehouse station: pack, ship, deliver or return one order. Each action is one transaction;
 * scanning a parcel that already went through the step answers `changed: false` and changes nothing.
 */
export class ScanParcel {
  constructor(private readonly deps: FulfillmentDependencies) {}

  async execute(
    input: { readonly code: string; readonly action: ScanAction; readonly warehouseId?: string | null; readonly date?: string | null },
    principal: Principal,
  ): Promise<ScanResult> {
    requireScope(principal, 'fulfillment:write');
    const check = new InputChecker();
    const code = check.text('code', input.code, { max: 100 });
    const action = check.oneOf('action', input.action, SCAN_ACTIONS);
    const warehouseId = check.optionalText('warehouse_id', input.warehouseId, { max: 64 });
    const date = checkCalendarDate(check, 'date', input.date);
    check.throwIfFailed();
    return this.deps.uow.transaction(async (repos) => {
      const order = await resolveCode(repos, code);
      const result = (changed: boolean, current: Order, message: string): ScanResult => ({
        orderId: current.id,
        reference: current.reference,
        action,
        changed,
        status: current.status,
        message,
      });
      if (DONE[action].includes(order.status)) {
        return result(false, order, `Order ${order.reference} is already ${order.status}; nothing changed`);
      }
      const reason = `Scanned${date ? ` for ${date}` : ''}${warehouseId ? ` at ${warehouseId}` : ''}`;
      const now = nowIso(this.deps.clock);
      const ctx = { repos, ids: this.deps.ids, actor: actorOf(principal), now };
      if (action === 'ship') {
        const shipments = await repos.shipments.listForOrder(order.id);
        const left = unshippedLines(order, shipments);
        if (left.length > 0) {
          const carrier = shipments.find(isActiveShipment)?.carrier ?? order.carrier ?? 'unspecified';
          await recordShipment(ctx, order, {
            id: this.deps.ids.next('shp'),
            lines: left,
            gateway: 'manual',
            carrier,
            service: null,
            trackingNumber: null,
            carrierShipmentId: null,
            status: 'picked_up',
            label: null,
            estimatedDelivery: null,
            warehouseId,
            courierId: null,
            fromStock: true,
            source: 'scan',
          });
        }
        // Parcels waiting for pickup leave with this scan.
        for (const s of shipments.filter((x) => isActiveShipment(x) && CANCELLABLE_TRACKING_STATUSES.includes(x.status))) {
          await applyStatusReport(ctx, s, { status: 'picked_up', rawCode: 'scan_ship', description: reason, location: warehouseId, occurredAt: now, dedupeKey: `scan_ship:${now}`, source: 'scan' });
        }
        const settled = await settleOrder(this.deps, repos, order, principal, { reason });
        return result(true, settled, `Order ${order.reference} shipped`);
      }
      const target: OrderStatus = action === 'pack' ? 'packed' : action === 'deliver' ? 'delivered' : 'returned';
      const path = pathTo(this.deps.lifecycle, order.status, target) ?? [target];
      let current = order;
      // Each step is checked by the lifecycle; a scan that does not fit the order's status is refused with the reason.
      for (const step of path) current = await applyTransition(this.deps, repos, current, { to: step, reason }, principal);
      return result(true, current, `Order ${order.reference} ${target}`);
    });
  }
}
