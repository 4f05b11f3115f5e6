import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  easyPostAddress,
  easyPostError,
  easyPostEvent,
  easyPostId,
  easyPostParcel,
  easyPostPostageLabel,
  easyPostRate,
  easyPostTime,
  easyPostTracker,
  type EasyPostJson,
  type EasyPostLabelFormat,
  type EasyPostTrackerStatus,
  type RateOffer,
  type TrackingDetailInput,
} from './easypost-objects';
import { EASYPOST_SIGNATURE_HEADER, easyPostSignature } from './easypost-signature';

export { EASYPOST_TRACKER_STATUSES, type EasyPostJson, type EasyPostTrackerStatus, type RateOffer } from './easypost-objects';
export { EASYPOST_SIGNATURE_HEADER, easyPostSignature } from './easypost-signature';

export interface TestCarrierServerOptions {
  /** The key clients send as the Basic auth user name. */
  readonly apiKey?: string;
  /** The secret webhooks are signed with. */
  readonly webhookSecret?: string;
  /** Where `advanceTracking` and `completePending` deliver their events; none: they are only returned. */
  readonly webhookUrl?: string | null;
  /** The rates every new shipment is offered. */
  readonly rates?: readonly RateOffer[];
  /** false: `GET /v2/shipments/{reference}` answers 404, as if EasyPost took only ids (default true). */
  readonly referenceLookup?: boolean;
  /** false: the `Idempotency-Key` header is ignored, as an EasyPost that does not honour it would (default true). */
  readonly honourIdempotencyKeys?: boolean;
  readonly now?: () => Date;
}

export interface FaultOptions {
  /** Carry the request out first, then fail or hang: the carrier did the work but the answer is lost. */
  readonly afterProcessing?: boolean;
  /** Only requests with this method (e.g. `POST`) take the fault; others pass untouched. */
  readonly method?: string;
  /** Only requests whose path matches take the fault. */
  readonly path?: RegExp;
}

export interface RecordedRequest {
  readonly method: string;
  /** Path and query, e.g. `/v2/shipments/shp_.../buy`. */
  readonly path: string;
  readonly idempotencyKey: string | null;
  readonly authorized: boolean;
  /** The parsed JSON body, or null. */
  readonly body: unknown;
  /** The status answered; null while a hung request stays open. */
  readonly status: number | null;
  /** Answered from the idempotency store, without doing anything. */
  readonly replayed: boolean;
  readonly fault: 'fail' | 'hang' | null;
}

export interface SignedWebhook {
  readonly event: EasyPostJson;
  /** The exact bytes that were signed (and sent). */
  readonly rawBody: Uint8Array;
  /** Lower-case header names, as a receiver sees them: `content-type` and `x-hmac-signature`. */
  readonly headers: Readonly<Record<string, string>>;
}

export interface WebhookDelivery extends SignedWebhook {
  readonly url: string;
  readonly status: number;
  readonly responseBody: string;
}

export interface AdvanceTrackingOptions {
  /** YYYY-MM-DD, or null to clear the estimate; unchanged when left out. */
  readonly estDeliveryDate?: string | null;
  readonly message?: string;
  readonly location?: TrackingDetailInput['location'];
}

export const DEFAULT_TEST_RATES: readonly RateOffer[] = [
  { carrier: 'USPS', service: 'Priority', rate: '10.07', deliveryDays: 2 },
  { carrier: 'USPS', service: 'GroundAdvantage', rate: '6.45', deliveryDays: 5 },
  { carrier: 'UPS', service: 'Ground', rate: '12.30', deliveryDays: 4 },
];

const LABEL_FORMATS: readonly EasyPostLabelFormat[] = ['PNG', 'PDF', 'ZPL', 'EPL2'];
const MAX_BODY_BYTES = 1_000_000;

interface Answer {
  readonly status: number;
  readonly body: EasyPostJson;
}

interface Fault {
  readonly kind: 'fail' | 'hang';
  readonly status: number;
  readonly options: FaultOptions;
}

interface TrackerState {
  readonly id: string;
  readonly trackingCode: string;
  readonly carrier: string;
  status: EasyPostTrackerStatus;
  estDeliveryDate: string | null;
  readonly details: TrackingDetailInput[];
  readonly createdAt: Date;
  updatedAt: Date;
}

interface ShipmentState {
  readonly id: string;
  readonly reference: string | null;
  readonly createdAt: Date;
  updatedAt: Date;
  readonly toAddress: EasyPostJson;
  readonly fromAddress: EasyPostJson;
  readonly parcel: EasyPostJson;
  readonly options: EasyPostJson;
  readonly labelFormat: EasyPostLabelFormat;
  readonly rates: readonly EasyPostJson[];
  selectedRate: EasyPostJson | null;
  trackingCode: string | null;
  postageLabel: EasyPostJson | null;
  tracker: TrackerState | null;
  refundStatus: 'submitted' | 'refunded' | 'rejected' | null;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function blank(value: unknown): boolean {
  return typeof value !== 'string' || value.trim() === '';
}

const notFound = (): Answer => ({ status: 404, body: easyPostError('NOT_FOUND', 'The requested resource could not be found.') });

/**
 * A local stand-in for the EasyPost v2 REST API, on a real `node:http` server (127.0.0.1, ephemeral port), speaking the
 * subset the EasyPost adapter uses: create, retrieve (by id or reference), buy and refund shipments, retrieve and list
 * trackers, and signed webhook Events. Basic auth with one API key; an `Idempotency-Key` replays the first answer
 * without doing the work again. Faults (errors, latency, hung requests, answers lost after the work was done) and
 * asynchronous label purchase are switched on per test, and what it did can be counted afterwards.
 */
export class TestCarrierServer {
  readonly apiKey: string;
  readonly webhookSecret: string;
  private webhookUrl: string | null;
  private readonly offers: readonly RateOffer[];
  private readonly referenceLookup: boolean;
  private readonly honourIdempotencyKeys: boolean;
  private readonly now: () => Date;
  private readonly shipments = new Map<string, ShipmentState>();
  private readonly idempotent = new Map<string, { readonly route: string; readonly answer: Answer }>();
  private readonly faults: Fault[] = [];
  private readonly log: RecordedRequest[] = [];
  private readonly timers = new Set<NodeJS.Timeout>();
  private readonly pending: string[] = [];
  private latencyMs = 0;
  private asynchronous = false;
  private created = 0;
  private bought = 0;
  private refunds = 0;
  private trackingSequence = 1_000_000_000;

  private constructor(
    private readonly server: Server,
    readonly url: string,
    options: TestCarrierServerOptions,
  ) {
    this.apiKey = options.apiKey ?? 'EZTK_test_carrier_key';
    this.webhookSecret = options.webhookSecret ?? 'test-carrier-webhook-secret';
    this.webhookUrl = options.webhookUrl ?? null;
    this.offers = options.rates ?? DEFAULT_TEST_RATES;
    this.referenceLookup = options.referenceLookup ?? true;
    this.honourIdempotencyKeys = options.honourIdempotencyKeys ?? true;
    this.now = options.now ?? (() => new Date());
  }

  static async start(options: TestCarrierServerOptions = {}): Promise<TestCarrierServer> {
    let instance: TestCarrierServer | undefined;
    const server = createServer((req, res) => {
      void instance!.handle(req, res).catch(() => res.destroy());
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(0, '127.0.0.1', () => resolve());
    });
    const { port } = server.address() as AddressInfo;
    instance = new TestCarrierServer(server, `http://127.0.0.1:${port}`, options);
    return instance;
  }

  // ---- fault injection -------------------------------------------------------------------------------------------

  /** The next `count` matching requests are answered with `status` (429, 500, 503...) and EasyPost's error body. */
  failNext(count: number, status = 503, options: FaultOptions = {}): void {
    for (let i = 0; i < count; i++) this.faults.push({ kind: 'fail', status, options });
  }

  /** The next `count` matching requests are accepted and never answered, until the server closes. */
  hangNext(count: number, options: FaultOptions = {}): void {
    for (let i = 0; i < count; i++) this.faults.push({ kind: 'hang', status: 0, options });
  }

  /** Every answer waits this long first. */
  setLatency(ms: number): void {
    this.latencyMs = ms;
  }

  /** On: a purchase answers at once with no tracking code or label (status `unknown`); `completePending` finishes it. */
  completeAsynchronously(on: boolean): void {
    this.asynchronous = on;
  }

  setWebhookUrl(url: string | null): void {
    this.webhookUrl = url;
  }

  // ---- carrier-side events ---------------------------------------------------------------------------------------

  /** Finishes the purchases made asynchronously and delivers a signed `tracker.created` Event for each. */
  async completePending(): Promise<readonly WebhookDelivery[]> {
    const url = this.requireWebhookUrl('completePending');
    const deliveries: WebhookDelivery[] = [];
    for (const id of this.pending.splice(0)) {
      const shipment = this.shipments.get(id);
      if (!shipment || shipment.trackingCode !== null || shipment.refundStatus !== null) continue;
      this.finishPurchase(shipment);
      const event = easyPostEvent('tracker.created', this.renderTracker(shipment), {}, url, this.now());
      deliveries.push(await this.sendWebhook(url, event));
    }
    return deliveries;
  }

  /**
   * Moves a bought shipment's tracker to `status` (a new tracking detail, later than the last one) and builds the
   * signed `tracker.updated` Event; it is delivered when a webhook URL is set.
   */
  async advanceTracking(shipmentId: string, status: EasyPostTrackerStatus, options: AdvanceTrackingOptions = {}): Promise<SignedWebhook & { readonly delivery: WebhookDelivery | null }> {
    const shipment = this.find(shipmentId);
    const tracker = shipment?.tracker;
    if (!shipment || !tracker) throw new Error(`Test carrier: shipment ${shipmentId} has no tracker (not bought, or still pending)`);
    const previous = tracker.status;
    const at = this.laterThanLastDetail(tracker);
    tracker.details.push({ status, message: options.message ?? `Status: ${status}`, datetime: easyPostTime(at), ...(options.location ? { location: options.location } : {}) });
    tracker.status = status;
    tracker.updatedAt = at;
    if (options.estDeliveryDate !== undefined) tracker.estDeliveryDate = options.estDeliveryDate === null ? null : `${options.estDeliveryDate.slice(0, 10)}T00:00:00Z`;
    shipment.updatedAt = at;
    const event = easyPostEvent('tracker.updated', this.renderTracker(shipment), { status: previous }, this.webhookUrl, this.now());
    if (this.webhookUrl === null) return { ...this.signWebhook(event), delivery: null };
    const delivery = await this.sendWebhook(this.webhookUrl, event);
    return { event: delivery.event, rawBody: delivery.rawBody, headers: delivery.headers, delivery };
  }

  /** The event's JSON bytes and the headers EasyPost would send with them, signed with `secret` (default: the configured one). */
  signWebhook(event: EasyPostJson, secret: string = this.webhookSecret): SignedWebhook {
    const rawBody = new Uint8Array(Buffer.from(JSON.stringify(event), 'utf8'));
    return { event, rawBody, headers: this.signatureHeaders(rawBody, secret) };
  }

  signatureHeaders(rawBody: Uint8Array, secret: string = this.webhookSecret): Readonly<Record<string, string>> {
    return { 'content-type': 'application/json', [EASYPOST_SIGNATURE_HEADER]: easyPostSignature(rawBody, secret) };
  }

  /** POSTs the event, signed with the configured secret, to `url`. */
  async sendWebhook(url: string, event: EasyPostJson): Promise<WebhookDelivery> {
    const signed = this.signWebhook(event);
    const response = await fetch(url, { method: 'POST', headers: { 'Content-Type': 'application/json', 'X-Hmac-Signature': signed.headers[EASYPOST_SIGNATURE_HEADER]! }, body: signed.rawBody });
    return { ...signed, url, status: response.status, responseBody: await response.text() };
  }

  // ---- introspection ---------------------------------------------------------------------------------------------

  /** Shipments actually created (replays not counted). */
  shipmentsCreated(): number {
    return this.created;
  }

  /** Labels actually bought (replays and refused second purchases not counted). */
  labelsBought(): number {
    return this.bought;
  }

  refundsRequested(): number {
    return this.refunds;
  }

  requests(): readonly RecordedRequest[] {
    return this.log.map((entry) => ({ ...entry }));
  }

  /** The shipment as the API would answer it, by id or reference. */
  shipment(idOrReference: string): EasyPostJson | null {
    const found = this.find(idOrReference);
    return found ? this.renderShipment(found) : null;
  }

  async close(): Promise<void> {
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  // ---- HTTP ------------------------------------------------------------------------------------------------------

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const raw = await this.readBody(req);
    const method = req.method ?? 'GET';
    const path = req.url ?? '/';
    const key = typeof req.headers['idempotency-key'] === 'string' ? req.headers['idempotency-key'] : null;
    const honoured = this.honourIdempotencyKeys ? key : null;
    let body: unknown = null;
    let parseFailed = false;
    if (raw.length > 0) {
      try {
        body = JSON.parse(raw.toString('utf8'));
      } catch {
        parseFailed = true;
      }
    }
    const entry = { method, path, idempotencyKey: key, authorized: this.authorized(req), body, status: null as number | null, replayed: false, fault: null as RecordedRequest['fault'] };
    this.log.push(entry);
    const send = (answer: Answer): void => {
      entry.status = answer.status;
      if (res.destroyed) return;
      res.writeHead(answer.status, { 'Content-Type': 'application/json' });
      res.end(JSON.stringify(answer.body));
    };

    if (this.latencyMs > 0) await this.delay(this.latencyMs);
    if (!entry.authorized) return send({ status: 401, body: easyPostError('UNAUTHORIZED', 'Authentication failed: the API key is missing or not valid.') });

    const fault = this.takeFault(method, path);
    if (fault && !fault.options.afterProcessing) {
      entry.fault = fault.kind;
      if (fault.kind === 'hang') return;
      return send(this.faultAnswer(fault.status));
    }

    const route = `${method} ${path.split('?')[0]}`;
    const stored = honoured === null ? undefined : this.idempotent.get(honoured);
    let answer: Answer;
    if (stored && stored.route === route) {
      entry.replayed = true;
      answer = stored.answer;
    } else if (stored) {
      answer = { status: 409, body: easyPostError('IDEMPOTENCY.CONFLICT', 'This Idempotency-Key was already used for another request.') };
    } else {
      answer = parseFailed ? { status: 400, body: easyPostError('BAD_REQUEST', 'The request body is not valid JSON.') } : this.route(method, path, body);
      if (honoured !== null) this.idempotent.set(honoured, { route, answer });
    }

    if (fault) {
      entry.fault = fault.kind;
      if (fault.kind === 'hang') return;
      return send(this.faultAnswer(fault.status));
    }
    send(answer);
  }

  private route(method: string, path: string, body: unknown): Answer {
    const [pathname = '/', query = ''] = path.split('?');
    const params = new URLSearchParams(query);
    let match: RegExpMatchArray | null;
    if (method === 'POST' && pathname === '/v2/shipments') return this.createShipment(body);
    if (method === 'GET' && (match = pathname.match(/^\/v2\/shipments\/([^/]+)$/))) {
      const id = decodeURIComponent(match[1]!);
      const shipment = this.referenceLookup ? this.find(id) : this.shipments.get(id);
      return shipment ? { status: 200, body: this.renderShipment(shipment) } : notFound();
    }
    if (method === 'POST' && (match = pathname.match(/^\/v2\/shipments\/([^/]+)\/buy$/))) return this.buy(decodeURIComponent(match[1]!), body);
    if (method === 'POST' && (match = pathname.match(/^\/v2\/shipments\/([^/]+)\/refund$/))) return this.refund(decodeURIComponent(match[1]!));
    if (method === 'GET' && (match = pathname.match(/^\/v2\/trackers\/([^/]+)$/))) {
      const id = decodeURIComponent(match[1]!);
      const shipment = [...this.shipments.values()].find((s) => s.tracker?.id === id);
      return shipment ? { status: 200, body: this.renderTracker(shipment) } : notFound();
    }
    if (method === 'GET' && pathname === '/v2/trackers') {
      const code = params.get('tracking_code');
      const trackers = [...this.shipments.values()].filter((s) => s.tracker && (code === null || s.trackingCode === code)).map((s) => this.renderTracker(s));
      return { status: 200, body: { trackers, has_more: false } };
    }
    return notFound();
  }

  // ---- API operations --------------------------------------------------------------------------------------------

  private createShipment(body: unknown): Answer {
    const input = isObject(body) ? body.shipment : undefined;
    if (!isObject(input)) return { status: 422, body: easyPostError('PARAMETER.REQUIRED', 'Missing required parameter: shipment.', [{ field: 'shipment', message: 'is required' }]) };
    const problems: { field: string; message: string }[] = [];
    for (const side of ['to_address', 'from_address'] as const) {
      const address = input[side];
      if (!isObject(address)) {
        problems.push({ field: `shipment.${side}`, message: 'is required' });
        continue;
      }
      for (const field of ['street1', 'city', 'zip'] as const) if (blank(address[field])) problems.push({ field: `shipment.${side}.${field}`, message: 'cannot be blank' });
    }
    const parcel = input.parcel;
    if (!isObject(parcel) || !(Number(parcel.weight) > 0)) problems.push({ field: 'shipment.parcel.weight', message: 'must be greater than 0' });
    const options = isObject(input.options) ? input.options : {};
    const format = typeof options.label_format === 'string' ? options.label_format.toUpperCase() : 'PNG';
    if (!(LABEL_FORMATS as readonly string[]).includes(format)) problems.push({ field: 'shipment.options.label_format', message: `must be one of ${LABEL_FORMATS.join(', ')}` });
    if (problems.length > 0) return { status: 422, body: easyPostError('SHIPMENT.INVALID_PARAMS', 'Unable to create shipment, one or more parameters were invalid.', problems) };

    const at = this.now();
    const id = easyPostId('shp');
    const shipment: ShipmentState = {
      id,
      reference: typeof input.reference === 'string' ? input.reference : null,
      createdAt: at,
      updatedAt: at,
      toAddress: easyPostAddress(input.to_address as Record<string, unknown>, at),
      fromAddress: easyPostAddress(input.from_address as Record<string, unknown>, at),
      parcel: easyPostParcel(parcel as Record<string, unknown>, at),
      options: { currency: 'USD', payment: { type: 'SENDER' }, date_advance: 0, ...options, label_format: format },
      labelFormat: format as EasyPostLabelFormat,
      rates: this.offers.map((offer) => easyPostRate(offer, id, at)),
      selectedRate: null,
      trackingCode: null,
      postageLabel: null,
      tracker: null,
      refundStatus: null,
    };
    this.shipments.set(id, shipment);
    this.created += 1;
    return { status: 201, body: this.renderShipment(shipment) };
  }

  private buy(idOrReference: string, body: unknown): Answer {
    const shipment = this.find(idOrReference);
    if (!shipment) return notFound();
    if (shipment.selectedRate) return { status: 422, body: easyPostError('SHIPMENT.POSTAGE.EXISTS', 'Postage already exists for this shipment.') };
    const rateId = isObject(body) && isObject(body.rate) ? body.rate.id : undefined;
    if (typeof rateId !== 'string') return { status: 422, body: easyPostError('PARAMETER.REQUIRED', 'Missing required parameter: rate.', [{ field: 'rate.id', message: 'is required' }]) };
    const rate = shipment.rates.find((r) => r.id === rateId);
    if (!rate) return { status: 422, body: easyPostError('SHIPMENT.MISSING_RATE', `Rate ${rateId} does not belong to this shipment.`) };
    shipment.selectedRate = rate;
    shipment.updatedAt = this.now();
    this.bought += 1;
    if (this.asynchronous) this.pending.push(shipment.id);
    else this.finishPurchase(shipment);
    return { status: 200, body: this.renderShipment(shipment) };
  }

  private refund(idOrReference: string): Answer {
    const shipment = this.find(idOrReference);
    if (!shipment) return notFound();
    if (!shipment.selectedRate) return { status: 422, body: easyPostError('SHIPMENT.REFUND.UNAVAILABLE', 'This shipment has no postage to refund.') };
    if (shipment.refundStatus !== null) return { status: 422, body: easyPostError('SHIPMENT.REFUND.UNAVAILABLE', 'A refund has already been requested for this shipment.') };
    shipment.refundStatus = 'submitted';
    shipment.updatedAt = this.now();
    this.refunds += 1;
    return { status: 200, body: this.renderShipment(shipment) };
  }

  // ---- state -----------------------------------------------------------------------------------------------------

  private finishPurchase(shipment: ShipmentState): void {
    const at = this.now();
    const rate = shipment.selectedRate!;
    const carrier = String(rate.carrier);
    this.trackingSequence += 1;
    shipment.trackingCode = `EZ${this.trackingSequence}`;
    shipment.postageLabel = easyPostPostageLabel(shipment.labelFormat, this.url, at);
    const days = typeof rate.delivery_days === 'number' ? rate.delivery_days : 3;
    shipment.tracker = {
      id: easyPostId('trk'),
      trackingCode: shipment.trackingCode,
      carrier,
      status: 'pre_transit',
      estDeliveryDate: `${new Date(at.getTime() + days * 86_400_000).toISOString().slice(0, 10)}T00:00:00Z`,
      details: [{ status: 'pre_transit', message: 'Shipping Label Created', datetime: easyPostTime(at) }],
      createdAt: at,
      updatedAt: at,
    };
    shipment.updatedAt = at;
  }

  /** One second after the tracker's last detail at least, so every new report is strictly the latest. */
  private laterThanLastDetail(tracker: TrackerState): Date {
    const now = this.now();
    const last = tracker.details.at(-1);
    const floor = last ? Date.parse(last.datetime) + 1_000 : 0;
    return new Date(Math.max(now.getTime(), floor));
  }

  private find(idOrReference: string): ShipmentState | undefined {
    return this.shipments.get(idOrReference) ?? [...this.shipments.values()].find((s) => s.reference === idOrReference);
  }

  private renderTracker(shipment: ShipmentState): EasyPostJson {
    const tracker = shipment.tracker!;
    return easyPostTracker({ ...tracker, shipmentId: shipment.id, publicBaseUrl: this.url });
  }

  private renderShipment(s: ShipmentState): EasyPostJson {
    const tracker = s.tracker ? this.renderTracker(s) : null;
    return {
      created_at: easyPostTime(s.createdAt),
      is_return: false,
      messages: [],
      mode: 'test',
      options: s.options,
      reference: s.reference,
      status: s.tracker?.status ?? 'unknown',
      tracking_code: s.trackingCode,
      updated_at: easyPostTime(s.updatedAt),
      batch_id: null,
      batch_status: null,
      batch_message: null,
      customs_info: null,
      from_address: s.fromAddress,
      insurance: null,
      order_id: null,
      parcel: s.parcel,
      postage_label: s.postageLabel,
      rates: s.rates,
      refund_status: s.refundStatus,
      scan_form: null,
      selected_rate: s.selectedRate,
      tracker,
      to_address: s.toAddress,
      usps_zone: null,
      return_address: s.fromAddress,
      buyer_address: s.toAddress,
      forms: [],
      fees: [],
      id: s.id,
      object: 'Shipment',
    };
  }

  // ---- plumbing --------------------------------------------------------------------------------------------------

  private authorized(req: IncomingMessage): boolean {
    const header = req.headers.authorization;
    if (typeof header !== 'string' || !header.startsWith('Basic ')) return false;
    const decoded = Buffer.from(header.slice('Basic '.length), 'base64').toString('utf8');
    return decoded.slice(0, decoded.indexOf(':') === -1 ? undefined : decoded.indexOf(':')) === this.apiKey;
  }

  private takeFault(method: string, path: string): Fault | undefined {
    const index = this.faults.findIndex((f) => (!f.options.method || f.options.method === method) && (!f.options.path || f.options.path.test(path)));
    return index === -1 ? undefined : this.faults.splice(index, 1)[0];
  }

  private faultAnswer(status: number): Answer {
    if (status === 429) return { status, body: easyPostError('RATE_LIMITED', 'You have exceeded the rate limit. Please retry later.') };
    if (status >= 500) return { status, body: easyPostError('INTERNAL_SERVER_ERROR', 'We are experiencing a temporary problem. Please retry.') };
    return { status, body: easyPostError('BAD_REQUEST', 'The request could not be processed.') };
  }

  private requireWebhookUrl(operation: string): string {
    if (this.webhookUrl === null) throw new Error(`Test carrier: ${operation} needs a webhook URL (options.webhookUrl or setWebhookUrl)`);
    return this.webhookUrl;
  }

  private delay(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.timers.delete(timer);
        resolve();
      }, ms);
      this.timers.add(timer);
    });
  }

  private readBody(req: IncomingMessage): Promise<Buffer> {
    return new Promise((resolve, reject) => {
      const chunks: Buffer[] = [];
      let size = 0;
      req.on('data', (chunk: Buffer) => {
        size += chunk.length;
        if (size > MAX_BODY_BYTES) req.destroy(new Error('body too large'));
        else chunks.push(chunk);
      });
      req.on('end', () => resolve(Buffer.concat(chunks)));
      req.on('error', reject);
    });
  }
}

/** Starts a test carrier on 127.0.0.1 with an ephemeral port; close it in `afterAll`/`afterEach`. */
export function startTestCarrierServer(options: TestCarrierServerOptions = {}): Promise<TestCarrierServer> {
  return TestCarrierServer.start(options);
}
