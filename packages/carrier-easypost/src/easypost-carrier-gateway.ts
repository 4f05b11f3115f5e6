import {
  CarrierError,
  type CarrierCapabilities,
  type CarrierGateway,
  type CarrierShipment,
  type CarrierShipmentRequest,
  type CarrierTrackingUpdate,
  type CarrierWebhookRequest,
} from '@oms/order-core';
import { EasyPostApiError, EasyPostHttpClient } from './easypost-http-client';
import { EasyPostShapeError, readShipment, readTracker, readTrackerList, type EasyPostShipment, type EasyPostTracker } from './easypost-objects';
import { resolveEasyPostOptions, type EasyPostGatewayOptions, type ResolvedEasyPostOptions } from './easypost-options';
import { chooseRate, isBought, shipmentBody, toCarrierShipment } from './easypost-shipment-mapping';
import { trackingUpdatesOf } from './easypost-tracking';
import { parseEasyPostWebhook } from './easypost-webhook-event';
import { verifyEasyPostSignature } from './easypost-webhook-signature';

/** Reads an API answer; a wrong shape is EasyPost (or a proxy) misbehaving, which a later call may not repeat. */
function answer<T>(read: (value: unknown) => T, value: unknown, what: string): T {
  try {
    return read(value);
  } catch (error) {
    if (error instanceof EasyPostShapeError) throw new EasyPostApiError(`${what} answered with an unexpected body: ${error.message}`, true, 'invalid_response', null);
    throw error;
  }
}

const path = (id: string): string => `/v2/shipments/${encodeURIComponent(id)}`;

/**
 * Ships through EasyPost: creates a shipment, buys the requested service (or the cheapest rate) and hands back the
 * label; voids labels by refund; reads tracking by polling or from signed webhooks. A retried creation never buys a
 * second label: the shipment is found again by its reference (our shipment id) and both POSTs carry an
 * `Idempotency-Key` derived from the request's.
 */
export class EasyPostCarrierGateway implements CarrierGateway {
  readonly code: string;
  readonly capabilities: CarrierCapabilities;
  private readonly options: ResolvedEasyPostOptions;
  private readonly http: EasyPostHttpClient;

  constructor(options: EasyPostGatewayOptions) {
    this.options = resolveEasyPostOptions(options);
    this.code = this.options.code;
    this.http = new EasyPostHttpClient({ apiKey: options.apiKey, baseUrl: this.options.baseUrl, timeoutMs: this.options.timeoutMs });
    this.capabilities = {
      createShipment: true,
      cancelShipment: true,
      labelFormats: ['PDF', 'PNG', 'ZPL'],
      webhooks: this.options.webhookSecret !== null,
      // A purchase may answer before the carrier has issued the tracking code; the tracker's webhook brings it.
      asyncCreation: true,
      tracking: true,
    };
  }

  async createShipment(request: CarrierShipmentRequest): Promise<CarrierShipment> {
    const format = request.labelFormat ?? this.options.labelFormat;
    let shipment = await this.findByReference(request.shipmentId);
    if (shipment === null) {
      const created = await this.http.send('POST', '/v2/shipments', {
        body: { shipment: shipmentBody(request, this.options) },
        idempotencyKey: `${request.idempotencyKey}:create`,
      });
      shipment = answer(readShipment, created, 'EasyPost POST /v2/shipments');
    }
    if (!isBought(shipment)) shipment = await this.buy(shipment, request);
    return toCarrierShipment(shipment, format);
  }

  async cancelShipment(request: { readonly carrierShipmentId: string; readonly idempotencyKey: string }): Promise<void> {
    let refunded: EasyPostShipment;
    try {
      const body = await this.http.send('POST', `${path(request.carrierShipmentId)}/refund`, { idempotencyKey: request.idempotencyKey });
      refunded = answer(readShipment, body, 'EasyPost POST /v2/shipments/:id/refund');
    } catch (error) {
      // Refused: maybe because it was refunded already, or never bought. Either way there is nothing left to void.
      if (!(error instanceof EasyPostApiError) || error.retryable || error.status === null || error.status === 401 || error.status === 403) throw error;
      const shipment = await this.getShipment(request.carrierShipmentId);
      if (shipment.refund_status === 'submitted' || shipment.refund_status === 'refunded' || !isBought(shipment)) return;
      throw error;
    }
    if (refunded.refund_status === 'rejected') {
      throw new CarrierError(`EasyPost rejected the refund of shipment ${request.carrierShipmentId} (the label may have been used)`, false, 'refund_rejected');
    }
  }

  async track(request: { readonly carrierShipmentId: string | null; readonly trackingNumber: string | null }): Promise<readonly CarrierTrackingUpdate[]> {
    let tracker: EasyPostTracker | null = null;
    if (request.carrierShipmentId !== null) {
      const known = (await this.getShipment(request.carrierShipmentId)).tracker;
      if (known === null) return [];
      tracker = answer(readTracker, await this.http.send('GET', `/v2/trackers/${encodeURIComponent(known.id)}`), 'EasyPost GET /v2/trackers/:id');
    } else if (request.trackingNumber !== null) {
      const query = `tracking_code=${encodeURIComponent(request.trackingNumber)}`;
      const trackers = answer(readTrackerList, await this.http.send('GET', `/v2/trackers?${query}`), 'EasyPost GET /v2/trackers');
      tracker = trackers.find((t) => t.tracking_code === request.trackingNumber) ?? null;
    }
    return tracker === null ? [] : trackingUpdatesOf(tracker);
  }

  verifyWebhook(request: CarrierWebhookRequest): boolean {
    return verifyEasyPostSignature(request, this.options.webhookSecret);
  }

  parseWebhook(request: CarrierWebhookRequest): readonly CarrierTrackingUpdate[] {
    return parseEasyPostWebhook(request);
  }

  /** The shipment an earlier attempt created under this reference, if any (EasyPost accepts a reference in place of an id). */
  private async findByReference(reference: string): Promise<EasyPostShipment | null> {
    try {
      const shipment = await this.getShipment(reference);
      return shipment.reference === reference ? shipment : null;
    } catch (error) {
      if (error instanceof EasyPostApiError && error.status === 404) return null;
      throw error;
    }
  }

  private async getShipment(idOrReference: string): Promise<EasyPostShipment> {
    return answer(readShipment, await this.http.send('GET', path(idOrReference)), 'EasyPost GET /v2/shipments/:id');
  }

  private async buy(shipment: EasyPostShipment, request: CarrierShipmentRequest): Promise<EasyPostShipment> {
    const rate = chooseRate(shipment, request.service ?? this.options.service, this.options.preferredCarriers);
    try {
      const bought = await this.http.send('POST', `${path(shipment.id)}/buy`, { body: { rate: { id: rate.id } }, idempotencyKey: `${request.idempotencyKey}:buy` });
      return answer(readShipment, bought, 'EasyPost POST /v2/shipments/:id/buy');
    } catch (error) {
      // An earlier attempt bought it and lost the answer: read what it bought.
      if (error instanceof EasyPostApiError && error.code === 'SHIPMENT.POSTAGE.EXISTS') return this.getShipment(shipment.id);
      throw error;
    }
  }
}
