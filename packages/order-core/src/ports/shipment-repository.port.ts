import type { Shipment, TrackingEvent, TrackingStatus } from '../fulfillment/shipment';

export interface ShipmentQuery {
  readonly orderId?: string;
  readonly status?: TrackingStatus;
  /** Matches `carrier` or `gateway`, case-insensitively. */
  readonly carrier?: string;
  readonly courierId?: string;
  /** Only these statuses (applied with `status` when both are given). */
  readonly statuses?: readonly TrackingStatus[];
  readonly limit: number;
  readonly offset: number;
}

/** Shipments and their tracking events. Changes to a shipment always go with a version bump of its order. */
export const ShipmentRepository = Symbol.for('oms.ShipmentRepository');
export interface ShipmentRepository {
  insert(shipment: Shipment): Promise<void>;
  /** Replaces it if still at `expectedVersion`; false (nothing changed) otherwise. */
  update(shipment: Shipment, expectedVersion: number): Promise<boolean>;
  findById(id: string): Promise<Shipment | null>;
  /** Oldest first (by creation, then id). */
  listForOrder(orderId: string): Promise<readonly Shipment[]>;
  /** Shipments of these orders, oldest first: one query for a whole page of orders. */
  listForOrders(orderIds: readonly string[]): Promise<readonly Shipment[]>;
  /** Exact match on the stored (normalized) number; several carriers may have used the same number. */
  findByTrackingNumber(trackingNumber: string): Promise<readonly Shipment[]>;
  findByCarrierShipmentId(gateway: string, carrierShipmentId: string): Promise<Shipment | null>;
  /** Newest first (by creation, then id); `total` ignores paging. */
  list(query: ShipmentQuery): Promise<{ readonly items: readonly Shipment[]; readonly total: number }>;
  /** Stores the events whose (shipmentId, dedupeKey) is new and resolves those it stored; duplicates are skipped. */
  appendTrackingEvents(events: readonly TrackingEvent[]): Promise<readonly TrackingEvent[]>;
  /** Oldest first (by occurredAt, then id). */
  listTrackingEvents(shipmentId: string): Promise<readonly TrackingEvent[]>;
}
