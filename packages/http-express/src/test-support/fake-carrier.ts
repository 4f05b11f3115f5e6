import { createHmac, timingSafeEqual } from 'node:crypto';
import {
  CarrierError,
  type CarrierCapabilities,
  type CarrierGateway,
  type CarrierShipment,
  type CarrierShipmentRequest,
  type CarrierTrackingUpdate,
  type CarrierWebhookRequest,
  type TrackingStatus,
} from '@oms/order-core';

export const TEST_CARRIER_CODE = 'testcarrier';
export const TEST_CARRIER_SECRET = 'testcarrier-webhook-secret-0123456789';
export const TEST_CARRIER_SIGNATURE_HEADER = 'X-Testcarrier-Signature';

/** The signature the fake carrier expects: hex HMAC-SHA256 of the exact body bytes. */
export function signTestCarrierBody(body: Uint8Array | string, secret = TEST_CARRIER_SECRET): string {
  return createHmac('sha256', secret).update(body).digest('hex');
}

const STATUS_BY_CODE: Readonly<Record<string, TrackingStatus>> = {
  PRE_TRANSIT: 'label_created',
  PICKED_UP: 'picked_up',
  IN_TRANSIT: 'in_transit',
  OUT_FOR_DELIVERY: 'out_for_delivery',
  DELIVERED: 'delivered',
  RETURNED: 'returned_to_sender',
  FAILURE: 'exception',
};

/** One tracking report in the fake carrier's webhook body: `{"events": [...]}`. */
export interface TestCarrierEvent {
  readonly id: string;
  readonly shipment: string;
  readonly code: keyof typeof STATUS_BY_CODE | string;
  readonly at: string;
  readonly eta?: string | null;
  readonly note?: string | null;
}

/**
 * An in-process carrier gateway for tests: buys "labels" (recording each request and its idempotency key), voids them,
 * and takes webhooks signed with an HMAC over the raw bytes. Every body that reaches `verifyWebhook` is kept, so tests
 * can check that the gateway saw exactly the bytes that were sent.
 */
export class FakeCarrier implements CarrierGateway {
  readonly code = TEST_CARRIER_CODE;
  readonly capabilities: CarrierCapabilities = {
    createShipment: true,
    cancelShipment: true,
    labelFormats: ['PDF', 'ZPL'],
    webhooks: true,
    asyncCreation: false,
    tracking: false,
  };
  readonly created: CarrierShipmentRequest[] = [];
  readonly cancelled: { carrierShipmentId: string; idempotencyKey: string }[] = [];
  readonly webhookBodies: Buffer[] = [];
  /** Thrown (once) by the next createShipment or cancelShipment. */
  failNext: CarrierError | null = null;
  private count = 0;

  async createShipment(request: CarrierShipmentRequest): Promise<CarrierShipment> {
    this.throwIfFailing();
    this.created.push(request);
    this.count += 1;
    return {
      carrierShipmentId: `tc_shp_${this.count}`,
      carrier: 'USPS',
      service: request.service ?? 'Priority',
      trackingNumber: `TC${String(this.count).padStart(10, '0')}`,
      status: 'label_created',
      label: { format: request.labelFormat ?? 'PDF', url: `https://labels.testcarrier.example/tc_shp_${this.count}.pdf` },
      estimatedDelivery: '2026-03-25',
    };
  }

  async cancelShipment(request: { readonly carrierShipmentId: string; readonly idempotencyKey: string }): Promise<void> {
    this.throwIfFailing();
    this.cancelled.push({ ...request });
  }

  verifyWebhook(request: CarrierWebhookRequest): boolean {
    this.webhookBodies.push(Buffer.from(request.rawBody));
    const given = request.headers[TEST_CARRIER_SIGNATURE_HEADER.toLowerCase()];
    if (given === undefined || !/^[0-9a-f]{64}$/.test(given)) return false;
    return timingSafeEqual(Buffer.from(given, 'hex'), Buffer.from(signTestCarrierBody(request.rawBody), 'hex'));
  }

  parseWebhook(request: CarrierWebhookRequest): readonly CarrierTrackingUpdate[] {
    let body: unknown;
    try {
      body = JSON.parse(Buffer.from(request.rawBody).toString('utf8'));
    } catch {
      throw new CarrierError('the body is not JSON', false, 'bad_body');
    }
    const events = (body as { events?: unknown }).events;
    if (!Array.isArray(events)) throw new CarrierError('events is missing', false, 'bad_body');
    return (events as TestCarrierEvent[]).map((event) => ({
      carrierShipmentId: event.shipment,
      trackingNumber: null,
      status: STATUS_BY_CODE[event.code] ?? 'unknown',
      rawCode: event.code,
      description: event.note ?? null,
      location: null,
      // The port wants UTC ISO 8601; the core compares these as text, so always in the one form toISOString writes.
      occurredAt: new Date(event.at).toISOString(),
      estimatedDelivery: event.eta ?? null,
      eventId: event.id,
    }));
  }

  private throwIfFailing(): void {
    const failure = this.failNext;
    this.failNext = null;
    if (failure) throw failure;
  }
}
