import type { Job, JsonObject, JsonValue, LabelFormat, Shipment, ShipmentDetails, TrackingEvent, TrackingStatus } from '@oms/order-core';

export interface ShipmentLineJson {
  readonly line_id: string;
  readonly product_id: string;
  readonly sku: string;
  readonly name: string;
  readonly quantity: number;
}

/** A shipment as the admin order shows it. */
export interface ShipmentJson {
  readonly id: string;
  readonly carrier: string;
  readonly service: string | null;
  readonly tracking_number: string | null;
  readonly status: TrackingStatus;
  readonly estimated_delivery: string | null;
  readonly label: { readonly format: LabelFormat; readonly url: string } | null;
  readonly lines: readonly ShipmentLineJson[];
  readonly courier_id: string | null;
  readonly warehouse_id: string | null;
  readonly created_at: string;
  readonly updated_at: string;
}

/** A shipment as its own resource: what the order shows plus what staff need to follow it up with the carrier. */
export interface ShipmentResourceJson extends ShipmentJson {
  readonly order_id: string;
  readonly gateway: string;
  readonly carrier_shipment_id: string | null;
  readonly status_at: string;
  readonly from_stock: boolean;
  readonly failure_reason: string | null;
  readonly version: number;
}

export interface TrackingEventJson {
  readonly id: string;
  readonly status: TrackingStatus;
  readonly raw_code: string;
  readonly description: string | null;
  readonly location: string | null;
  readonly occurred_at: string;
  readonly received_at: string;
  readonly source: string;
}

export interface ShipmentDetailsJson extends ShipmentResourceJson {
  readonly tracking_events: readonly TrackingEventJson[];
}

/** A parcel as its customer sees it: no courier, warehouse, label URL or carrier-side id. */
export interface CustomerShipmentJson {
  readonly id: string;
  readonly carrier: string;
  readonly service: string | null;
  readonly tracking_number: string | null;
  readonly status: TrackingStatus;
  readonly estimated_delivery: string | null;
  readonly lines: readonly ShipmentLineJson[];
  readonly created_at: string;
  readonly updated_at: string;
}

// Field by field throughout, so whatever an adapter adds to its objects never leaks into the API.

function presentLines(shipment: Shipment): ShipmentLineJson[] {
  return shipment.lines.map((line) => ({ line_id: line.lineId, product_id: line.productId, sku: line.sku, name: line.name, quantity: line.quantity }));
}

export function presentShipment(shipment: Shipment): ShipmentJson {
  return {
    id: shipment.id,
    carrier: shipment.carrier,
    service: shipment.service,
    tracking_number: shipment.trackingNumber,
    status: shipment.status,
    estimated_delivery: shipment.estimatedDelivery,
    label: shipment.label === null ? null : { format: shipment.label.format, url: shipment.label.url },
    lines: presentLines(shipment),
    courier_id: shipment.courierId,
    warehouse_id: shipment.warehouseId,
    created_at: shipment.createdAt,
    updated_at: shipment.updatedAt,
  };
}

export function presentShipmentResource(shipment: Shipment): ShipmentResourceJson {
  return {
    ...presentShipment(shipment),
    order_id: shipment.orderId,
    gateway: shipment.gateway,
    carrier_shipment_id: shipment.carrierShipmentId,
    status_at: shipment.statusAt,
    from_stock: shipment.fromStock,
    failure_reason: shipment.failureReason,
    version: shipment.version,
  };
}

export function presentTrackingEvent(event: TrackingEvent): TrackingEventJson {
  return {
    id: event.id,
    status: event.status,
    raw_code: event.rawCode,
    description: event.description,
    location: event.location,
    occurred_at: event.occurredAt,
    received_at: event.receivedAt,
    source: event.source,
  };
}

export function presentShipmentDetails(details: ShipmentDetails): ShipmentDetailsJson {
  return { ...presentShipmentResource(details.shipment), tracking_events: details.trackingEvents.map(presentTrackingEvent) };
}

/** Built from the admin JSON, field by field. */
export function presentCustomerShipment(shipment: ShipmentJson): CustomerShipmentJson {
  return {
    id: shipment.id,
    carrier: shipment.carrier,
    service: shipment.service,
    tracking_number: shipment.tracking_number,
    status: shipment.status,
    estimated_delivery: shipment.estimated_delivery,
    lines: shipment.lines,
    created_at: shipment.created_at,
    updated_at: shipment.updated_at,
  };
}

export interface JobJson {
  readonly id: string;
  readonly type: string;
  readonly status: Job['status'];
  readonly order_id: string | null;
  readonly attempts: number;
  readonly max_attempts: number;
  readonly available_at: string;
  readonly lease_until: string | null;
  readonly last_error: string | null;
  readonly payload: JsonObject;
  readonly result: JsonObject | null;
  readonly created_at: string;
  readonly updated_at: string;
}

/** A background job as staff see it. The lease token is the worker's proof of ownership and never leaves the server. */
export function presentJob(job: Job): JobJson {
  return {
    id: job.id,
    type: job.type,
    status: job.status,
    order_id: job.orderId,
    attempts: job.attempts,
    max_attempts: job.maxAttempts,
    available_at: job.availableAt,
    lease_until: job.leaseUntil,
    last_error: job.lastError,
    payload: snakeKeys(job.payload),
    result: job.result === null ? null : snakeKeys(job.result),
    created_at: job.createdAt,
    updated_at: job.updatedAt,
  };
}

/** The core keeps job payloads and results in camelCase; the API speaks snake_case. */
function snakeKeys(object: JsonObject): JsonObject {
  return Object.fromEntries(Object.entries(object).map(([key, value]) => [key.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`), snakeValue(value)]));
}

function snakeValue(value: JsonValue): JsonValue {
  if (Array.isArray(value)) return value.map(snakeValue);
  if (value !== null && typeof value === 'object') return snakeKeys(value as JsonObject);
  return value;
}
