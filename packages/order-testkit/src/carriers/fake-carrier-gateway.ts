import { createHmac, timingSafeEqual } from 'node:crypto';
import {
  CarrierError,
  type CarrierCapabilities,
  type CarrierGateway,
  type CarrierShipment,
  type CarrierShipmentRequest,
  type CarrierTrackingUpdate,
  type CarrierWebhookRequest,
} from '@oms/order-core';

export const FAKE_SIGNATURE_HEADER = 'x-fake-signature';

/**
 * An in-process carrier for tests of the core and the HTTP layer: honours idempotency keys like a real carrier,
 * fails or hangs on request, and signs webhooks with HMAC-SHA256 over the raw body. For the real HTTP round trip,
 * see `startTestCarrierServer`.
 */
export class FakeCarrierGateway implements CarrierGateway {
  readonly capabilities: CarrierCapabilities = {
    createShipment: true,
    cancelShipment: true,
    labelFormats: ['PDF'],
    webhooks: true,
    asyncCreation: false,
    tracking: true,
  };
  /** Every shipment the carrier made, by our idempotency key: one per key, however often it is asked. */
  readonly created = new Map<string, CarrierShipment>();
  readonly cancelled = new Set<string>();
  /** Each call, in order, for assertions. */
  readonly calls: { readonly method: string; readonly idempotencyKey: string | null }[] = [];
  private failures: { retryable: boolean; message: string }[] = [];
  private hangs = 0;
  private asynchronous = false;
  private readonly pending: (() => void)[] = [];
  private tracking = new Map<string, CarrierTrackingUpdate[]>();
  private counter = 0;

  constructor(
    readonly code = 'fakecarrier',
    private readonly webhookSecret = 'whsec_test',
  ) {}

  /** The next `count` calls fail with a CarrierError. */
  failNext(count: number, options: { retryable?: boolean; message?: string } = {}): void {
    for (let i = 0; i < count; i++) this.failures.push({ retryable: options.retryable ?? true, message: options.message ?? 'HTTP 503 Service Unavailable' });
  }

  /**
   * The next `count` createShipment calls make the shipment at the carrier and then never answer, like a worker
   * that died after the carrier call and before its commit. `releaseHung` lets them answer after all.
   */
  hangAfterCreating(count: number): void {
    this.hangs += count;
  }

  /** From now on, creation answers before the label exists: no tracking number, no label, status unknown. */
  completeAsynchronously(on = true): void {
    this.asynchronous = on;
  }

  releaseHung(): void {
    for (const release of this.pending.splice(0)) release();
  }

  async createShipment(request: CarrierShipmentRequest): Promise<CarrierShipment> {
    this.calls.push({ method: 'createShipment', idempotencyKey: request.idempotencyKey });
    this.maybeFail();
    let shipment = this.created.get(request.idempotencyKey);
    if (!shipment) {
      this.counter += 1;
      shipment = {
        carrierShipmentId: `fake_shp_${this.counter}`,
        carrier: 'USPS',
        service: request.service ?? 'Priority',
        trackingNumber: `9400100000000000000${String(this.counter).padStart(3, '0')}`,
        status: 'label_created',
        label: { format: 'PDF', url: `https://labels.fake/${this.counter}.pdf` },
        estimatedDelivery: '2026-03-25',
      };
      this.created.set(request.idempotencyKey, shipment);
    }
    if (this.asynchronous) return { ...shipment, trackingNumber: null, label: null, status: 'unknown' };
    if (this.hangs > 0) {
      this.hangs -= 1;
      const answer = shipment;
      return new Promise((resolve) => this.pending.push(() => resolve(answer)));
    }
    return shipment;
  }

  async cancelShipment(request: { readonly carrierShipmentId: string; readonly idempotencyKey: string }): Promise<void> {
    this.calls.push({ method: 'cancelShipment', idempotencyKey: request.idempotencyKey });
    this.maybeFail();
    this.cancelled.add(request.carrierShipmentId);
  }

  async track(request: { readonly carrierShipmentId: string | null }): Promise<readonly CarrierTrackingUpdate[]> {
    this.calls.push({ method: 'track', idempotencyKey: null });
    this.maybeFail();
    return this.tracking.get(request.carrierShipmentId ?? '') ?? [];
  }

  /** Makes `track` report this update for the shipment from now on (and returns it, for a webhook). */
  report(update: CarrierTrackingUpdate): CarrierTrackingUpdate {
    const key = update.carrierShipmentId ?? '';
    this.tracking.set(key, [...(this.tracking.get(key) ?? []), update]);
    return update;
  }

  /** A webhook body carrying these updates, signed with `secret` (the gateway's own by default). */
  signedWebhook(updates: readonly CarrierTrackingUpdate[], secret = this.webhookSecret): CarrierWebhookRequest {
    const rawBody = Buffer.from(JSON.stringify({ updates }));
    return { rawBody, headers: { [FAKE_SIGNATURE_HEADER]: sign(rawBody, secret), 'content-type': 'application/json' } };
  }

  verifyWebhook(request: CarrierWebhookRequest): boolean {
    const given = request.headers[FAKE_SIGNATURE_HEADER];
    if (!given) return false;
    const expected = Buffer.from(sign(request.rawBody, this.webhookSecret));
    const actual = Buffer.from(given);
    return expected.length === actual.length && timingSafeEqual(expected, actual);
  }

  parseWebhook(request: CarrierWebhookRequest): readonly CarrierTrackingUpdate[] {
    try {
      const body = JSON.parse(Buffer.from(request.rawBody).toString('utf8')) as { updates?: CarrierTrackingUpdate[] };
      if (!Array.isArray(body.updates)) throw new Error('no updates');
      return body.updates;
    } catch (error) {
      throw new CarrierError(`Unreadable webhook: ${(error as Error).message}`, false);
    }
  }

  private maybeFail(): void {
    const failure = this.failures.shift();
    if (failure) throw new CarrierError(failure.message, failure.retryable, failure.retryable ? '503' : '422');
  }
}

function sign(body: Uint8Array, secret: string): string {
  return createHmac('sha256', secret).update(body).digest('hex');
}
