import type { LabelFormat, ShipmentLabel, TrackingStatus } from '../fulfillment/shipment';
import type { Address, ContactSnapshot } from '../orders/order';

export interface CarrierCapabilities {
  /** Can buy a shipment and its label (otherwise staff type the tracking number). */
  readonly createShipment: boolean;
  /** Can void a shipment before pickup. */
  readonly cancelShipment: boolean;
  /** Label formats it can produce; empty when it makes none. */
  readonly labelFormats: readonly LabelFormat[];
  /** Sends signed tracking webhooks (`verifyWebhook` and `parseWebhook` are implemented). */
  readonly webhooks: boolean;
  /** Creation may answer before the tracking number exists; it arrives later by webhook or polling. */
  readonly asyncCreation: boolean;
  /** Can be polled for tracking (`track` is implemented). */
  readonly tracking: boolean;
}

export interface CarrierShipmentRequest {
  /** The same key always means the same shipment: a retried call must not buy a second label. */
  readonly idempotencyKey: string;
  /** Our shipment id, for the carrier's reference field. */
  readonly shipmentId: string;
  readonly orderReference: string;
  readonly service: string | null;
  readonly labelFormat: LabelFormat | null;
  readonly to: Address;
  readonly contact: ContactSnapshot;
  readonly lines: readonly { readonly sku: string; readonly name: string; readonly quantity: number }[];
}

/** What a carrier answers about a shipment it created. */
export interface CarrierShipment {
  readonly carrierShipmentId: string;
  /** The shipping company, e.g. `USPS` (an aggregator picks one). */
  readonly carrier: string;
  readonly service: string | null;
  /** null while an asynchronous creation is still running. */
  readonly trackingNumber: string | null;
  readonly status: TrackingStatus;
  readonly label: ShipmentLabel | null;
  readonly estimatedDelivery: string | null;
}

/** One tracking report from a carrier, mapped onto the normalized statuses. */
export interface CarrierTrackingUpdate {
  readonly carrierShipmentId: string | null;
  readonly trackingNumber: string | null;
  readonly status: TrackingStatus;
  readonly rawCode: string;
  readonly description: string | null;
  readonly location: string | null;
  /** UTC ISO 8601. */
  readonly occurredAt: string;
  readonly estimatedDelivery: string | null;
  /** The carrier's id of this report, when it has one. */
  readonly eventId: string | null;
  /** Set when an asynchronous creation completed. */
  readonly carrier?: string | null;
  readonly label?: ShipmentLabel | null;
}

export interface CarrierWebhookRequest {
  /** The body exactly as received: signatures are computed over these bytes. */
  readonly rawBody: Uint8Array;
  /** Header names in lower case. */
  readonly headers: Readonly<Record<string, string | undefined>>;
}

/**
 * A way of handing parcels to shipping companies. Adapters throw `CarrierError` for failures, saying whether a
 * retry may succeed (timeouts, 429, 5xx) or not (a refused address). Every state-changing call carries an
 * idempotency key, and `@oms/order-testkit`'s `describeCarrierContract` checks an adapter end to end.
 */
export interface CarrierGateway {
  /** What `carrier` in requests names to use this gateway (lower case), e.g. `easypost`. */
  readonly code: string;
  readonly capabilities: CarrierCapabilities;
  createShipment(request: CarrierShipmentRequest): Promise<CarrierShipment>;
  cancelShipment(request: { readonly carrierShipmentId: string; readonly idempotencyKey: string }): Promise<void>;
  /** Current tracking of a shipment, oldest report first. */
  track?(request: { readonly carrierShipmentId: string | null; readonly trackingNumber: string | null }): Promise<readonly CarrierTrackingUpdate[]>;
  /** Checks the signature over the raw bytes, before anything is parsed. */
  verifyWebhook?(request: CarrierWebhookRequest): boolean;
  /** Reads a verified webhook; throws CarrierError (not retryable) for a body it cannot read. */
  parseWebhook?(request: CarrierWebhookRequest): readonly CarrierTrackingUpdate[];
}

/** Registry key for the list of carrier gateways given to the core. */
export const CarrierGateways = Symbol.for('oms.CarrierGateways');

export class CarrierError extends Error {
  constructor(
    message: string,
    /** Whether trying the same call again later may succeed. */
    readonly retryable: boolean,
    /** The HTTP status or the carrier's error code, for logs. */
    readonly code: string | null = null,
  ) {
    super(message);
    this.name = 'CarrierError';
  }
}
