import type { Order } from '../orders/order';

/** The normalized tracking statuses every carrier's codes are mapped onto; the raw code is kept on each event. */
export const TRACKING_STATUSES = [
  'label_created',
  'picked_up',
  'in_transit',
  'out_for_delivery',
  'available_for_pickup',
  'delayed',
  'exception',
  'delivered',
  'returned_to_sender',
  'cancelled',
  'unknown',
] as const;
export type TrackingStatus = (typeof TRACKING_STATUSES)[number];

export function isTrackingStatus(value: unknown): value is TrackingStatus {
  return typeof value === 'string' && (TRACKING_STATUSES as readonly string[]).includes(value);
}

/** Statuses after which a parcel no longer counts toward what was shipped. */
export const INACTIVE_TRACKING_STATUSES: readonly TrackingStatus[] = ['cancelled', 'returned_to_sender'];
/** A shipment can be cancelled (label voided, stock back on the shelf) only before the carrier has the parcel. */
export const CANCELLABLE_TRACKING_STATUSES: readonly TrackingStatus[] = ['label_created', 'unknown'];

export function isActiveShipment(shipment: Pick<Shipment, 'status'>): boolean {
  return !INACTIVE_TRACKING_STATUSES.includes(shipment.status);
}

export const LABEL_FORMATS = ['PDF', 'PNG', 'ZPL'] as const;
export type LabelFormat = (typeof LABEL_FORMATS)[number];

/** Where a carrier-made label can be fetched; the bytes stay at the carrier. */
export interface ShipmentLabel {
  readonly format: LabelFormat;
  readonly url: string;
}

export interface ShipmentLine {
  readonly lineId: string;
  readonly productId: string;
  readonly sku: string;
  readonly name: string;
  readonly quantity: number;
}

/**
 * One parcel (or one hand-over) of some or all of an order's lines. Its tracking fields are a snapshot kept up to
 * date by webhooks or polling, so reading them never calls a carrier.
 */
export interface Shipment {
  /** `shp_` + ULID; also the idempotency key of the carrier call that created it. */
  readonly id: string;
  readonly orderId: string;
  readonly lines: readonly ShipmentLine[];
  /** The carrier gateway that handles it: `manual`, `courier`, or an adapter's code such as `easypost`. */
  readonly gateway: string;
  /** The shipping company shown to people: `UPS`, `USPS`, a local courier's name... */
  readonly carrier: string;
  readonly service: string | null;
  readonly trackingNumber: string | null;
  /** The gateway's own id of the shipment, when it made one. */
  readonly carrierShipmentId: string | null;
  readonly status: TrackingStatus;
  /** When the carrier's last applied event happened; older events arriving later do not move the status back. */
  readonly statusAt: string;
  /** YYYY-MM-DD, as the carrier last said. */
  readonly estimatedDelivery: string | null;
  readonly label: ShipmentLabel | null;
  readonly warehouseId: string | null;
  /** For hand-overs to a delivery person: their principal id. */
  readonly courierId: string | null;
  /** Whether the goods left our stock (false: shipped from the carrier's or a supplier's stock). */
  readonly fromStock: boolean;
  /** Why the last delivery attempt failed, when it did. */
  readonly failureReason: string | null;
  readonly version: number;
  readonly createdAt: string;
  readonly updatedAt: string;
}

/** One status report from a carrier, normalized; the raw code is kept for support. */
export interface TrackingEvent {
  /** `trk_` + ULID. */
  readonly id: string;
  readonly shipmentId: string;
  readonly status: TrackingStatus;
  /** The carrier's own status code or name, as received. */
  readonly rawCode: string;
  readonly description: string | null;
  readonly location: string | null;
  readonly occurredAt: string;
  readonly receivedAt: string;
  /** Identifies the report so a duplicate delivery of it is stored once: the carrier's event id or a digest of its fields. */
  readonly dedupeKey: string;
  /** Where it came from: `webhook`, `poll`, `carrier` (creation answer), `staff`, `courier`, `scan`. */
  readonly source: string;
}

export const FULFILLMENT_STATUSES = ['unfulfilled', 'partial', 'fulfilled'] as const;
export type FulfillmentStatus = (typeof FULFILLMENT_STATUSES)[number];

/** Units of each order line in shipments that still count (not cancelled, not returned to sender). */
export function shippedQuantities(shipments: readonly Shipment[]): ReadonlyMap<string, number> {
  const shipped = new Map<string, number>();
  for (const shipment of shipments) {
    if (!isActiveShipment(shipment)) continue;
    for (const line of shipment.lines) shipped.set(line.lineId, (shipped.get(line.lineId) ?? 0) + line.quantity);
  }
  return shipped;
}

/** What of each line is still to ship, leaving out lines with nothing left. */
export function unshippedLines(order: Pick<Order, 'lines'>, shipments: readonly Shipment[]): { readonly lineId: string; readonly quantity: number }[] {
  const shipped = shippedQuantities(shipments);
  return order.lines
    .map((line) => ({ lineId: line.id, quantity: line.quantity - (shipped.get(line.id) ?? 0) }))
    .filter((line) => line.quantity > 0);
}

/** Derived, never stored: unfulfilled until a unit ships, fulfilled when every unit of every line has. */
export function fulfillmentStatusOf(order: Pick<Order, 'lines'>, shipments: readonly Shipment[]): FulfillmentStatus {
  const shipped = shippedQuantities(shipments);
  let any = false;
  let all = true;
  for (const line of order.lines) {
    const units = shipped.get(line.id) ?? 0;
    if (units > 0) any = true;
    if (units < line.quantity) all = false;
  }
  return all && order.lines.length > 0 ? 'fulfilled' : any ? 'partial' : 'unfulfilled';
}

/** The tracking answer's date: the earliest estimate among the parcels still on their way. */
export function estimatedDeliveryOf(shipments: readonly Shipment[]): string | null {
  const dates = shipments
    .filter((s) => isActiveShipment(s) && s.status !== 'delivered' && s.estimatedDelivery !== null)
    .map((s) => s.estimatedDelivery as string)
    .sort();
  return dates[0] ?? null;
}
