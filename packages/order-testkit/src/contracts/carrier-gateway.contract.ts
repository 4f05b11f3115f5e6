import { randomUUID } from 'node:crypto';
import {
  CarrierError,
  LABEL_FORMATS,
  TRACKING_STATUSES,
  type CarrierGateway,
  type CarrierShipment,
  type CarrierShipmentRequest,
  type CarrierTrackingUpdate,
  type CarrierWebhookRequest,
  type LabelFormat,
  type TrackingStatus,
} from '@oms/order-core';

/** What a carrier's side can do for the webhook checks; required when the gateway declares `webhooks`. */
export interface CarrierWebhookFixture {
  /**
   * Makes the carrier report that a parcel reached `status` (a normalized status the fixture translates into the
   * carrier's own code) and returns the webhook request the carrier would deliver, correctly signed.
   */
  update(carrierShipmentId: string, status: TrackingStatus): Promise<CarrierWebhookRequest>;
  /** The same bytes, signed the carrier's way but with a secret the gateway was not given. */
  signedWithOtherSecret(rawBody: Uint8Array): CarrierWebhookRequest;
  /** Lower-case names of the headers that carry the signature, so the suite can leave them out. */
  readonly signatureHeaders: readonly string[];
}

export interface CarrierContractFixture {
  readonly gateway: CarrierGateway;
  /** How many labels the carrier has sold so far; lets the suite prove a retried call bought no second one. */
  labelsBought?(): Promise<number>;
  /** A request the carrier accepts (its sandbox may need particular addresses); the suite supplies one otherwise. */
  shipmentRequest?(idempotencyKey: string, labelFormat: LabelFormat | null): CarrierShipmentRequest;
  readonly webhooks?: CarrierWebhookFixture;
  close(): Promise<void>;
}

/** A domestic US parcel, the one every aggregator's sandbox can rate. */
export function sampleCarrierShipmentRequest(idempotencyKey: string, labelFormat: LabelFormat | null = null): CarrierShipmentRequest {
  return {
    idempotencyKey,
    shipmentId: idempotencyKey,
    orderReference: 'ORD-00042',
    service: null,
    labelFormat,
    to: {
      name: 'Ada Lovelace',
      company: null,
      street: '179 N Harbor Dr',
      street2: null,
      city: 'Redondo Beach',
      state: 'CA',
      zip: '90277',
      country: 'US',
    },
    contact: { name: 'Ada Lovelace', email: 'ada@example.com', phone: '+1 310 555 0100' },
    lines: [{ sku: 'MUG-1', name: 'Mug', quantity: 2 }],
  };
}

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

function isUtcIso(value: unknown): boolean {
  return typeof value === 'string' && !Number.isNaN(Date.parse(value)) && new Date(value).toISOString() === value;
}

async function failureOf(work: () => unknown): Promise<unknown> {
  try {
    await work();
  } catch (error) {
    return error;
  }
  return undefined;
}

function expectNonRetryableCarrierError(error: unknown): void {
  expect(error).toBeInstanceOf(CarrierError);
  expect((error as CarrierError).retryable).toBe(false);
}

function expectWellFormedUpdate(update: CarrierTrackingUpdate): void {
  expect(TRACKING_STATUSES).toContain(update.status);
  expect(typeof update.rawCode).toBe('string');
  expect(update.rawCode.length).toBeGreaterThan(0);
  expect(isUtcIso(update.occurredAt)).toBe(true);
  if (update.estimatedDelivery !== null) expect(update.estimatedDelivery).toMatch(ISO_DATE);
  expect(update.carrierShipmentId !== null || update.trackingNumber !== null).toBe(true);
}

/** The latest report: greatest occurredAt, the later one in the list on a tie. */
function latest(updates: readonly CarrierTrackingUpdate[]): CarrierTrackingUpdate {
  return updates.reduce((last, next) => (next.occurredAt >= last.occurredAt ? next : last));
}

/**
 * What every CarrierGateway must do, end to end: declared capabilities that match its methods, idempotent creation
 * (a retried call never buys a second label), harmless repeated cancellation, normalized tracking and webhooks
 * verified over the raw bytes. Operations a gateway does not declare are checked to be refused, not skipped silently.
 */
export function describeCarrierContract(name: string, setup: () => Promise<CarrierContractFixture>): void {
  describe(`CarrierGateway contract: ${name}`, () => {
    let fixture: CarrierContractFixture | undefined;
    beforeEach(async () => {
      fixture = await setup();
    });
    afterEach(async () => {
      await fixture?.close();
      fixture = undefined;
    });
    const current = (): CarrierContractFixture => fixture as CarrierContractFixture;
    const gateway = (): CarrierGateway => current().gateway;
    const newKey = (): string => `shp_contract_${randomUUID().replace(/-/g, '')}`;
    const requestFor = (key: string, labelFormat: LabelFormat | null = null): CarrierShipmentRequest =>
      current().shipmentRequest?.(key, labelFormat) ?? sampleCarrierShipmentRequest(key, labelFormat);
    const labelsBought = async (): Promise<number | null> => (current().labelsBought ? current().labelsBought!() : null);

    /** For gateways that buy nothing: the refusal every creation test checks instead. */
    async function expectCreationRefused(): Promise<void> {
      expect(gateway().capabilities.createShipment).toBe(false);
      expectNonRetryableCarrierError(await failureOf(() => gateway().createShipment(requestFor(newKey()))));
    }

    async function created(labelFormat: LabelFormat | null = null): Promise<{ key: string; shipment: CarrierShipment }> {
      const key = newKey();
      return { key, shipment: await gateway().createShipment(requestFor(key, labelFormat)) };
    }

    describe('capabilities', () => {
      it('declares a lower-case code and well-formed capabilities that match its methods', () => {
        const g = gateway();
        expect(g.code).toMatch(/^[a-z0-9][a-z0-9_-]*$/);
        const caps = g.capabilities;
        for (const flag of ['createShipment', 'cancelShipment', 'webhooks', 'asyncCreation', 'tracking'] as const) {
          expect(typeof caps[flag]).toBe('boolean');
        }
        expect(Array.isArray(caps.labelFormats)).toBe(true);
        for (const format of caps.labelFormats) expect(LABEL_FORMATS).toContain(format);
        expect(new Set(caps.labelFormats).size).toBe(caps.labelFormats.length);
        if (caps.webhooks) {
          expect(typeof g.verifyWebhook).toBe('function');
          expect(typeof g.parseWebhook).toBe('function');
          // Without these the webhook checks below could not run.
          expect(current().webhooks).toBeDefined();
          expect(current().webhooks!.signatureHeaders.length).toBeGreaterThan(0);
        }
        if (caps.tracking) expect(typeof g.track).toBe('function');
        if (!caps.createShipment) {
          // A gateway that buys nothing makes no labels and has nothing to finish later.
          expect(caps.labelFormats).toEqual([]);
          expect(caps.asyncCreation).toBe(false);
        }
      });
    });

    describe('createShipment', () => {
      it('creates a shipment with an id, a normalized status and a label in a declared format, or refuses when not declared', async () => {
        const caps = gateway().capabilities;
        if (!caps.createShipment) return expectCreationRefused();
        const { shipment } = await created();
        expect(typeof shipment.carrierShipmentId).toBe('string');
        expect(shipment.carrierShipmentId.length).toBeGreaterThan(0);
        expect(typeof shipment.carrier).toBe('string');
        expect(shipment.carrier.length).toBeGreaterThan(0);
        expect(TRACKING_STATUSES).toContain(shipment.status);
        if (shipment.estimatedDelivery !== null) expect(shipment.estimatedDelivery).toMatch(ISO_DATE);
        const pending = shipment.trackingNumber === null;
        // Only an asynchronous creation may answer before the tracking number (and its label) exist.
        if (pending) expect(caps.asyncCreation).toBe(true);
        if (caps.labelFormats.length > 0 && !pending) {
          expect(shipment.label).not.toBeNull();
          expect(caps.labelFormats).toContain(shipment.label!.format);
          expect(typeof shipment.label!.url).toBe('string');
          expect(shipment.label!.url.length).toBeGreaterThan(0);
        }
        if (caps.labelFormats.length === 0) expect(shipment.label).toBeNull();
      });

      it('makes the label in each declared format it is asked for', async () => {
        const caps = gateway().capabilities;
        if (!caps.createShipment) return expectCreationRefused();
        if (caps.labelFormats.length === 0) {
          expect((await created()).shipment.label).toBeNull();
          return;
        }
        for (const format of caps.labelFormats) {
          const { shipment } = await created(format);
          if (shipment.trackingNumber === null) continue; // still being made (asynchronous creation)
          expect(shipment.label?.format).toBe(format);
        }
      });

      it('answers the same idempotency key with the same shipment and buys no second label', async () => {
        if (!gateway().capabilities.createShipment) return expectCreationRefused();
        const before = await labelsBought();
        const key = newKey();
        const first = await gateway().createShipment(requestFor(key));
        const again = await gateway().createShipment(requestFor(key));
        expect(again.carrierShipmentId).toBe(first.carrierShipmentId);
        expect(again.trackingNumber).toBe(first.trackingNumber);
        if (before !== null) expect((await labelsBought())! - before).toBe(1);
      });

      it('gives different idempotency keys different shipments', async () => {
        if (!gateway().capabilities.createShipment) return expectCreationRefused();
        const before = await labelsBought();
        const one = await created();
        const two = await created();
        expect(two.shipment.carrierShipmentId).not.toBe(one.shipment.carrierShipmentId);
        if (one.shipment.trackingNumber !== null && two.shipment.trackingNumber !== null) {
          expect(two.shipment.trackingNumber).not.toBe(one.shipment.trackingNumber);
        }
        if (before !== null) expect((await labelsBought())! - before).toBe(2);
      });
    });

    describe('cancelShipment', () => {
      it('cancels with an idempotency key, and repeating it (even under a new key) is harmless', async () => {
        const g = gateway();
        if (!g.capabilities.cancelShipment) {
          // Not declared: the core never asks, so it must not pretend to void anything either.
          expect(g.capabilities.cancelShipment).toBe(false);
          return;
        }
        const carrierShipmentId = g.capabilities.createShipment ? (await created()).shipment.carrierShipmentId : 'contract-not-bought';
        const key = `cancel:${newKey()}`;
        await expect(g.cancelShipment({ carrierShipmentId, idempotencyKey: key })).resolves.toBeUndefined();
        await expect(g.cancelShipment({ carrierShipmentId, idempotencyKey: key })).resolves.toBeUndefined();
        await expect(g.cancelShipment({ carrierShipmentId, idempotencyKey: `cancel:${newKey()}` })).resolves.toBeUndefined();
      });
    });

    describe('track', () => {
      it('reports normalized tracking, oldest first, for a shipment it created', async () => {
        const g = gateway();
        if (!g.capabilities.tracking) {
          expect(g.capabilities.tracking).toBe(false);
          return;
        }
        if (!g.capabilities.createShipment) {
          expect(Array.isArray(await g.track!({ carrierShipmentId: null, trackingNumber: '1Z999AA10123456784' }))).toBe(true);
          return;
        }
        const { shipment } = await created();
        const updates = await g.track!({ carrierShipmentId: shipment.carrierShipmentId, trackingNumber: shipment.trackingNumber });
        expect(Array.isArray(updates)).toBe(true);
        for (const update of updates) expectWellFormedUpdate(update);
        const times = updates.map((u) => u.occurredAt);
        expect(times).toEqual([...times].sort());
      });
    });

    describe('webhooks', () => {
      /** A shipment the carrier knows, and a signed report that it moved to `status`. */
      async function signedUpdate(status: TrackingStatus): Promise<{ carrierShipmentId: string; request: CarrierWebhookRequest }> {
        const carrierShipmentId = gateway().capabilities.createShipment ? (await created()).shipment.carrierShipmentId : 'contract-external-shipment';
        return { carrierShipmentId, request: await current().webhooks!.update(carrierShipmentId, status) };
      }

      it('verifies a correctly signed body and reads it into normalized updates with stable ids', async () => {
        const g = gateway();
        if (!g.capabilities.webhooks) {
          expect(g.capabilities.webhooks).toBe(false);
          return;
        }
        for (const status of ['in_transit', 'delivered'] as const) {
          const { carrierShipmentId, request } = await signedUpdate(status);
          expect(g.verifyWebhook!(request)).toBe(true);
          const updates = g.parseWebhook!(request);
          expect(updates.length).toBeGreaterThan(0);
          for (const update of updates) expectWellFormedUpdate(update);
          expect(updates.some((u) => u.carrierShipmentId === carrierShipmentId || u.trackingNumber !== null)).toBe(true);
          expect(latest(updates).status).toBe(status);
          const ids = updates.map((u) => u.eventId).filter((id): id is string => id !== null);
          expect(new Set(ids).size).toBe(ids.length);
          // The same delivery read twice names its reports the same way, so duplicates are stored once.
          expect(g.parseWebhook!(request).map((u) => u.eventId)).toEqual(updates.map((u) => u.eventId));
        }
      });

      it('rejects a body with one byte changed, a missing signature and a signature made with another secret', async () => {
        const g = gateway();
        if (!g.capabilities.webhooks) {
          expect(g.capabilities.webhooks).toBe(false);
          return;
        }
        const hooks = current().webhooks!;
        const { request } = await signedUpdate('in_transit');
        const changed = Uint8Array.from(request.rawBody);
        const middle = Math.floor(changed.length / 2);
        changed[middle] = changed[middle]! ^ 0x01;
        expect(g.verifyWebhook!({ rawBody: changed, headers: request.headers })).toBe(false);

        const unsigned = Object.fromEntries(Object.entries(request.headers).filter(([header]) => !hooks.signatureHeaders.includes(header.toLowerCase())));
        expect(g.verifyWebhook!({ rawBody: request.rawBody, headers: unsigned })).toBe(false);
        expect(g.verifyWebhook!(hooks.signedWithOtherSecret(request.rawBody))).toBe(false);
        // The untouched request still passes, so the failures above are the signature's doing.
        expect(g.verifyWebhook!(request)).toBe(true);
      });

      it('throws a non-retryable CarrierError (not a TypeError) for a body it cannot read', () => {
        const g = gateway();
        if (!g.capabilities.webhooks) {
          expect(g.capabilities.webhooks).toBe(false);
          return;
        }
        const garbage: Uint8Array[] = [
          Uint8Array.from([0xff, 0xfe, 0x00, 0x41]),
          new TextEncoder().encode('not json at all'),
          new TextEncoder().encode('{"truncated":'),
          new TextEncoder().encode('null'),
          new TextEncoder().encode('[1,2,3]'),
          new TextEncoder().encode('"a string"'),
          new Uint8Array(0),
        ];
        for (const rawBody of garbage) {
          let thrown: unknown;
          try {
            g.parseWebhook!({ rawBody, headers: { 'content-type': 'application/json' } });
          } catch (error) {
            thrown = error;
          }
          expectNonRetryableCarrierError(thrown);
        }
      });
    });
  });
}
