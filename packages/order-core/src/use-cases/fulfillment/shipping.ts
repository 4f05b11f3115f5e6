import type { Reservation } from '../../inventory/allocation';
import { inLockOrder, movementsFor, type StockContext } from '../../inventory/stock-allocator';
import type { OrderStatus } from '../../lifecycle/order-status';
import type { Order } from '../../orders/order';
import type { OrderEvent } from '../../orders/order-event';
import {
  CANCELLABLE_TRACKING_STATUSES,
  isActiveShipment,
  unshippedLines,
  type Shipment,
  type ShipmentLabel,
  type TrackingEvent,
  type TrackingStatus,
} from '../../fulfillment/shipment';
import { DomainError } from '../../shared/errors';

/** What a new shipment is made of; `recordShipment` fills in the rest. */
export interface ShipmentDraft {
  readonly id: string;
  readonly lines: readonly { readonly lineId: string; readonly quantity: number }[];
  readonly gateway: string;
  readonly carrier: string;
  readonly service: string | null;
  readonly trackingNumber: string | null;
  readonly carrierShipmentId: string | null;
  readonly status: TrackingStatus;
  readonly label: ShipmentLabel | null;
  readonly estimatedDelivery: string | null;
  readonly warehouseId: string | null;
  readonly courierId: string | null;
  readonly fromStock: boolean;
  /** Who reported it: `staff`, `carrier`, `courier`, `scan`. */
  readonly source: string;
}

function sameWarehouseFirst(preferred: string | null) {
  return (a: Reservation, b: Reservation) => Number(b.warehouseId === preferred) - Number(a.warehouseId === preferred);
}

/**
 * Records a shipment of some of an order's units inside the caller's transaction: checks each quantity against
 * what is left to ship and what is reserved, takes the units out of stock (consumed when they leave our shelves,
 * released when they ship from elsewhere), and writes the shipment, its first tracking event and the order event.
 * The caller bumps the order's version and settles its status.
 */
export async function recordShipment(ctx: StockContext, order: Order, draft: ShipmentDraft): Promise<Shipment> {
  const { repos } = ctx;
  const existing = await repos.shipments.listForOrder(order.id);
  const left = new Map(unshippedLines(order, existing).map((l) => [l.lineId, l.quantity] as const));
  const requested = new Map<string, number>();
  for (const line of draft.lines) requested.set(line.lineId, (requested.get(line.lineId) ?? 0) + line.quantity);
  if (requested.size === 0) {
    throw new DomainError('CONFLICT', `Order ${order.reference} has nothing left to ship`, { order_id: order.id });
  }
  for (const [lineId, quantity] of requested) {
    const line = order.lines.find((l) => l.id === lineId);
    if (!line) throw new DomainError('VALIDATION_FAILED', `Order ${order.reference} has no line ${lineId}`, { errors: [{ field: 'lines', message: `unknown line ${lineId}` }] });
    const remaining = left.get(lineId) ?? 0;
    if (quantity > remaining) {
      throw new DomainError('CONFLICT', `Only ${remaining} of ${line.sku} on order ${order.reference} are left to ship; ${quantity} were asked for`, {
        line_id: lineId,
        sku: line.sku,
        requested: quantity,
        remaining,
      });
    }
  }

  const reservations = await repos.allocations.reservationsForOrder(order.id);
  const taken: Reservation[] = [];
  const shortages: { sku: string; product_id: string; requested: number; available: number }[] = [];
  const status: Reservation['status'] = draft.fromStock ? 'consumed' : 'released';
  const plans: { productId: string; warehouseId: string; reservation: Reservation; take: number }[] = [];
  for (const [lineId, quantity] of requested) {
    const line = order.lines.find((l) => l.id === lineId)!;
    const held = reservations.filter((r) => r.lineId === lineId && r.status === 'held').sort(sameWarehouseFirst(draft.warehouseId));
    const heldUnits = held.reduce((sum, r) => sum + r.quantity, 0);
    if (draft.fromStock && heldUnits < quantity) {
      shortages.push({ sku: line.sku, product_id: line.productId, requested: quantity, available: heldUnits });
      continue;
    }
    let need = quantity;
    for (const r of held) {
      if (need === 0) break;
      const take = Math.min(need, r.quantity);
      plans.push({ productId: r.productId, warehouseId: r.warehouseId, reservation: r, take });
      need -= take;
    }
    // Shipped from elsewhere: what was still waiting for our stock no longer needs it.
    if (need > 0) await shrinkWaitingBackorders(ctx, order.id, lineId, need);
  }
  if (shortages.length > 0) {
    throw new DomainError(
      'INSUFFICIENT_STOCK',
      `Order ${order.reference} cannot ship units that are not reserved for it: ${shortages.map((s) => `${s.sku} (${s.available} of ${s.requested})`).join(', ')}`,
      { items: shortages },
    );
  }
  // Stock rows in lock order (product, warehouse), as every transaction touches them.
  for (const { reservation: r, take } of inLockOrder(plans)) {
    const moved = draft.fromStock
      ? await repos.stock.consume(r.productId, r.warehouseId, take)
      : await repos.stock.release(r.productId, r.warehouseId, take);
    if (!moved) throw new Error(`Stock is inconsistent: could not take ${take} of ${r.productId} in ${r.warehouseId} for reservation ${r.id}`);
    if (take === r.quantity) {
      const whole = { ...r, status, shipmentId: draft.id, updatedAt: ctx.now };
      await repos.allocations.replaceReservation(whole);
      taken.push(whole);
    } else {
      await repos.allocations.replaceReservation({ ...r, quantity: r.quantity - take, updatedAt: ctx.now });
      const part: Reservation = { ...r, id: ctx.ids.next('res'), quantity: take, status, shipmentId: draft.id, createdAt: ctx.now, updatedAt: ctx.now };
      await repos.allocations.insertReservations([part]);
      taken.push(part);
    }
  }
  await repos.stock.appendMovements(movementsFor(ctx, order.id, taken, draft.fromStock ? 'shipment' : 'release'));

  const shipment: Shipment = {
    id: draft.id,
    orderId: order.id,
    lines: [...requested].map(([lineId, quantity]) => {
      const line = order.lines.find((l) => l.id === lineId)!;
      return { lineId, productId: line.productId, sku: line.sku, name: line.name, quantity };
    }),
    gateway: draft.gateway,
    carrier: draft.carrier,
    service: draft.service,
    trackingNumber: draft.trackingNumber,
    carrierShipmentId: draft.carrierShipmentId,
    status: draft.status,
    statusAt: ctx.now,
    estimatedDelivery: draft.estimatedDelivery,
    label: draft.label,
    warehouseId: draft.warehouseId,
    courierId: draft.courierId,
    fromStock: draft.fromStock,
    failureReason: null,
    version: 1,
    createdAt: ctx.now,
    updatedAt: ctx.now,
  };
  await repos.shipments.insert(shipment);
  await repos.shipments.appendTrackingEvents([trackingEvent(ctx, shipment, { status: draft.status, rawCode: 'created', description: null, location: null, occurredAt: ctx.now, dedupeKey: 'created', source: draft.source })]);
  await appendShipmentEvent(ctx, order.id, {
    type: 'shipment_created',
    data: {
      shipmentId: shipment.id,
      carrier: shipment.carrier,
      trackingNumber: shipment.trackingNumber,
      courierId: shipment.courierId,
      lines: shipment.lines.map((l) => ({ lineId: l.lineId, sku: l.sku, quantity: l.quantity })),
    },
  });
  return shipment;
}

async function shrinkWaitingBackorders(ctx: StockContext, orderId: string, lineId: string, units: number): Promise<void> {
  let need = units;
  const waiting = await ctx.repos.allocations.listBackorders({ orderId, statuses: ['waiting'], limit: 1_000, offset: 0 });
  for (const b of waiting.items.filter((x) => x.lineId === lineId)) {
    if (need === 0) return;
    const take = Math.min(need, b.quantity);
    need -= take;
    const next = { ...b, quantity: b.quantity - take, status: b.quantity === take ? ('cancelled' as const) : b.status, version: b.version + 1, updatedAt: ctx.now };
    if (!(await ctx.repos.allocations.updateBackorder(next, b.version))) {
      throw new DomainError('VERSION_CONFLICT', `Backorder ${b.id} changed meanwhile; retry`, { id: b.id });
    }
  }
}

/** Puts a cancelled shipment's units back where they were: reserved for the order in the same warehouses. */
async function returnUnitsToReservation(ctx: StockContext, shipment: Shipment): Promise<void> {
  const { repos } = ctx;
  const pieces = inLockOrder((await repos.allocations.reservationsForOrder(shipment.orderId)).filter((r) => r.shipmentId === shipment.id));
  const consumed = pieces.filter((r) => r.status === 'consumed');
  for (const r of consumed) {
    if (!(await repos.stock.adjust(r.productId, r.warehouseId, r.quantity)) || !(await repos.stock.reserve(r.productId, r.warehouseId, r.quantity))) {
      throw new Error(`Stock is inconsistent: could not put back ${r.quantity} of ${r.productId} in ${r.warehouseId}`);
    }
  }
  const released = pieces.filter((r) => r.status === 'released');
  const shortOf = [];
  for (const r of released) if (!(await repos.stock.reserve(r.productId, r.warehouseId, r.quantity))) shortOf.push(r);
  if (shortOf.length > 0) {
    throw new DomainError('INSUFFICIENT_STOCK', `The units of shipment ${shipment.id} cannot be reserved again: the stock has been taken meanwhile`, {
      items: shortOf.map((r) => ({ product_id: r.productId, warehouse_id: r.warehouseId, requested: r.quantity })),
    });
  }
  for (const r of pieces) await repos.allocations.replaceReservation({ ...r, status: 'held', shipmentId: null, updatedAt: ctx.now });
  await repos.stock.appendMovements([...movementsFor(ctx, shipment.orderId, consumed, 'shipment_cancelled'), ...movementsFor(ctx, shipment.orderId, released, 'reservation')]);
}

/** Stock that came back with a returned parcel goes on the shelf again. */
async function restockShipment(ctx: StockContext, shipment: Shipment): Promise<void> {
  const { repos } = ctx;
  const consumed = inLockOrder((await repos.allocations.reservationsForOrder(shipment.orderId)).filter((r) => r.shipmentId === shipment.id && r.status === 'consumed'));
  for (const r of consumed) {
    if (!(await repos.stock.adjust(r.productId, r.warehouseId, r.quantity))) throw new Error(`Stock is inconsistent: could not restock ${r.productId}`);
  }
  await repos.allocations.setReservationStatus(consumed.map((r) => r.id), 'returned', ctx.now);
  await repos.stock.appendMovements(movementsFor(ctx, shipment.orderId, consumed, 'return'));
}

/** Cancels one shipment that the carrier does not have yet; its units are reserved for the order again. */
export async function cancelShipmentInTransaction(ctx: StockContext, shipment: Shipment, reason: string | null): Promise<Shipment> {
  if (!CANCELLABLE_TRACKING_STATUSES.includes(shipment.status)) {
    throw new DomainError('CONFLICT', `Shipment ${shipment.id} is ${shipment.status} and can no longer be cancelled`, {
      shipment_id: shipment.id,
      status: shipment.status,
    });
  }
  await returnUnitsToReservation(ctx, shipment);
  const cancelled = await writeShipmentStatus(ctx, shipment, { status: 'cancelled', rawCode: 'cancelled', description: reason, location: null, occurredAt: ctx.now, dedupeKey: 'cancelled', source: 'staff' });
  await appendShipmentEvent(ctx, shipment.orderId, { type: 'shipment_cancelled', data: { shipmentId: shipment.id, reason } });
  return cancelled;
}

export interface StatusReport {
  readonly status: TrackingStatus;
  readonly rawCode: string;
  readonly description: string | null;
  readonly location: string | null;
  readonly occurredAt: string;
  readonly dedupeKey: string;
  readonly source: string;
  readonly estimatedDelivery?: string | null;
  readonly trackingNumber?: string | null;
  readonly carrier?: string | null;
  readonly label?: ShipmentLabel | null;
  readonly failureReason?: string | null;
}

function trackingEvent(ctx: StockContext, shipment: Shipment, report: StatusReport): TrackingEvent {
  return {
    id: ctx.ids.next('trk'),
    shipmentId: shipment.id,
    status: report.status,
    rawCode: report.rawCode,
    description: report.description,
    location: report.location,
    occurredAt: report.occurredAt,
    receivedAt: ctx.now,
    dedupeKey: report.dedupeKey,
    source: report.source,
  };
}

/**
 * Applies one status report to a shipment: the event is stored once per dedupe key, and the shipment's status
 * follows it only when the report is not older than the last one applied, so replays and late arrivals are harmless.
 * A parcel returned to sender brings its stock back. Resolves the shipment as stored and whether it changed.
 */
export async function applyStatusReport(ctx: StockContext, shipment: Shipment, report: StatusReport): Promise<{ shipment: Shipment; changed: boolean }> {
  const stored = await ctx.repos.shipments.appendTrackingEvents([trackingEvent(ctx, shipment, report)]);
  if (stored.length === 0) return { shipment, changed: false };
  const final = shipment.status === 'cancelled' || shipment.status === 'returned_to_sender';
  const newer = report.occurredAt >= shipment.statusAt;
  const moves = !final && newer && report.status !== shipment.status;
  const details =
    (report.estimatedDelivery !== undefined && report.estimatedDelivery !== shipment.estimatedDelivery && newer) ||
    (report.trackingNumber != null && report.trackingNumber !== shipment.trackingNumber) ||
    (report.label != null && shipment.label === null);
  if (!moves && !details) return { shipment, changed: false };
  if (moves && report.status === 'returned_to_sender' && shipment.fromStock) await restockShipment(ctx, shipment);
  const next = await writeShipmentStatus(ctx, shipment, report, moves);
  if (moves) {
    await appendShipmentEvent(ctx, shipment.orderId, {
      type: 'shipment_updated',
      data: { shipmentId: shipment.id, status: report.status, rawCode: report.rawCode, description: report.description },
    });
  }
  return { shipment: next, changed: true };
}

async function writeShipmentStatus(ctx: StockContext, shipment: Shipment, report: StatusReport, moves = true): Promise<Shipment> {
  const newer = report.occurredAt >= shipment.statusAt;
  const next: Shipment = {
    ...shipment,
    status: moves ? report.status : shipment.status,
    statusAt: moves ? report.occurredAt : shipment.statusAt,
    estimatedDelivery: report.estimatedDelivery !== undefined && newer ? report.estimatedDelivery : shipment.estimatedDelivery,
    trackingNumber: report.trackingNumber ?? shipment.trackingNumber,
    carrier: report.carrier ?? shipment.carrier,
    label: report.label ?? shipment.label,
    failureReason: report.failureReason !== undefined ? report.failureReason : shipment.failureReason,
    version: shipment.version + 1,
    updatedAt: ctx.now,
  };
  if (!(await ctx.repos.shipments.update(next, shipment.version))) {
    throw new DomainError('VERSION_CONFLICT', `Shipment ${shipment.id} was changed meanwhile; retry`, { id: shipment.id });
  }
  return next;
}

type ShipmentOrderEvent = Extract<OrderEvent, { type: 'shipment_created' | 'shipment_updated' | 'shipment_cancelled' }>;

async function appendShipmentEvent(ctx: StockContext, orderId: string, event: Pick<ShipmentOrderEvent, 'type' | 'data'>): Promise<void> {
  await ctx.repos.orderEvents.append([{ id: ctx.ids.next('evt'), orderId, actor: ctx.actor, at: ctx.now, ...event } as OrderEvent]);
}

/**
 * Keeps shipments in step with a status change made directly on the order (the status endpoint, a scan): shipping
 * records a shipment for what is left, delivering or returning the order does the same to its parcels, and going
 * back from shipped to packed cancels the parcels the carrier does not have yet.
 */
export async function shipmentHooksBefore(
  ctx: StockContext,
  order: Order,
  request: { readonly to: OrderStatus; readonly trackingNumber?: string | null; readonly carrier?: string | null; readonly reason: string | null },
): Promise<void> {
  const { to } = request;
  if (to !== 'shipped' && to !== 'delivered' && to !== 'returned' && !(order.status === 'shipped' && to === 'packed')) return;
  const shipments = await ctx.repos.shipments.listForOrder(order.id);
  const active = shipments.filter(isActiveShipment);
  if (to === 'shipped') {
    const left = unshippedLines(order, shipments);
    if (left.length === 0) return;
    await recordShipment(ctx, order, {
      id: ctx.ids.next('shp'),
      lines: left,
      gateway: 'manual',
      carrier: request.carrier ?? order.carrier ?? 'unspecified',
      service: null,
      trackingNumber: request.trackingNumber ?? null,
      carrierShipmentId: null,
      status: request.trackingNumber ? 'label_created' : 'unknown',
      label: null,
      estimatedDelivery: null,
      warehouseId: null,
      courierId: null,
      fromStock: true,
      source: 'staff',
    });
    return;
  }
  if (to === 'packed') {
    const stuck = active.filter((s) => !CANCELLABLE_TRACKING_STATUSES.includes(s.status));
    if (stuck.length > 0) {
      throw new DomainError('INVALID_TRANSITION', `Order ${order.reference} has parcels the carrier already holds (${stuck.map((s) => s.id).join(', ')}); it cannot go back to packed`, {
        from: order.status,
        to,
        allowed: [],
      });
    }
    for (const shipment of active) await cancelShipmentInTransaction(ctx, shipment, request.reason);
    return;
  }
  const status: TrackingStatus = to === 'delivered' ? 'delivered' : 'returned_to_sender';
  for (const shipment of active) {
    if (shipment.status === status) continue;
    // On return, the order's own restock effect puts the units back; the parcels only change status here.
    await writeShipmentStatus(ctx, shipment, { status, rawCode: `order_${to}`, description: request.reason, location: null, occurredAt: ctx.now, dedupeKey: `order_${to}:${ctx.now}`, source: 'staff' });
    await ctx.repos.shipments.appendTrackingEvents([trackingEvent(ctx, shipment, { status, rawCode: `order_${to}`, description: request.reason, location: null, occurredAt: ctx.now, dedupeKey: `order_${to}:${ctx.now}`, source: 'staff' })]);
  }
}
