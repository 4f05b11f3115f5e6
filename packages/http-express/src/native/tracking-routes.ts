import { isIP } from 'node:net';
import { isDomainError, type OrderCore, type OrderStatus, type Principal, type TrackingView } from '@oms/order-core';
import { ERROR_BODY_SCHEMA } from '../errors/error-response';
import { HttpError } from '../errors/http-error';
import { clientKey, type FailureRateLimiter } from '../rate-limit/failure-rate-limiter';
import { defineRoute, type RouteDefinition } from '../routing/route-definition';
import { nullable, strictObject } from '../validation/json-schema';
import { OPTIONAL_TEXT, TEXT } from './common-schemas';
import { dataEnvelopeSchema, ok } from './native-envelope';
import { ORDER_STATUS } from './order-schemas';
import { TRACKING_STATUS } from './shipment-schemas';

export const TRACK_ORDER_PATH = '/api/track-order';

/** Limits of failed look-ups per client address, and where that address is read. */
export interface TrackingRateLimitOptions {
  /** Failed look-ups (unknown order or wrong e-mail) allowed per client address in one window. Default 10. */
  readonly maxFailures: number;
  /** Length of the window in milliseconds, from the first failure. Default 10 minutes. */
  readonly windowMs: number;
  /**
   * Count clients by the last address of X-Forwarded-For (the one your reverse proxy appended) instead of the TCP
   * peer. Only behind exactly one proxy you trust that always sets the header: otherwise clients choose their key.
   * Defaults to false.
   */
  readonly trustForwardedFor?: boolean;
}

export const DEFAULT_TRACKING_RATE_LIMIT: TrackingRateLimitOptions = { maxFailures: 10, windowMs: 10 * 60 * 1000 };

export interface TrackingJson {
  readonly order_id: string;
  readonly status: OrderStatus;
  readonly tracking_number: string | null;
  readonly carrier: string | null;
  readonly estimated_delivery: string | null;
  readonly items: readonly { readonly name: string; readonly quantity: number; readonly status: string }[];
  readonly shipments: readonly TrackedShipmentJson[];
}

/** One parcel on its way (or arrived): no courier, warehouse, label or carrier-side ids. */
export interface TrackedShipmentJson {
  readonly carrier: string;
  readonly tracking_number: string | null;
  readonly status: string;
  readonly estimated_delivery: string | null;
  readonly items: readonly { readonly name: string; readonly quantity: number }[];
}

/**
 * Field by field: nothing else about the order or the customer (no address, phone, e-mail or price) and nothing
 * internal about its parcels (courier, warehouse, label URL, carrier-side ids) goes out.
 */
export function presentTracking(view: TrackingView): TrackingJson {
  return {
    order_id: view.orderId,
    status: view.status,
    tracking_number: view.trackingNumber,
    carrier: view.carrier,
    estimated_delivery: view.estimatedDelivery,
    items: view.items.map((item) => ({ name: item.name, quantity: item.quantity, status: item.status })),
    shipments: view.shipments.map((parcel) => ({
      carrier: parcel.carrier,
      tracking_number: parcel.trackingNumber,
      status: parcel.status,
      estimated_delivery: parcel.estimatedDelivery,
      items: parcel.items.map((item) => ({ name: item.name, quantity: item.quantity })),
    })),
  };
}

const TRACKING_SCHEMA = strictObject(
  {
    order_id: TEXT,
    status: ORDER_STATUS,
    tracking_number: OPTIONAL_TEXT,
    carrier: OPTIONAL_TEXT,
    estimated_delivery: {
      ...nullable({ type: 'string', format: 'date' }),
      description: 'YYYY-MM-DD: the earliest estimate of the parcels still on their way, as the carriers last said',
    },
    items: {
      type: 'array',
      items: strictObject(
        {
          name: TEXT,
          quantity: { type: 'integer', minimum: 1 },
          status: { ...TEXT, description: 'delivered, shipped, partially_shipped, backordered, or the order\'s status' },
        },
        ['name', 'quantity', 'status'],
      ),
    },
    shipments: {
      type: 'array',
      description: 'Each parcel as its carrier last reported it (cancelled and returned ones left out)',
      items: strictObject(
        {
          carrier: TEXT,
          tracking_number: OPTIONAL_TEXT,
          status: TRACKING_STATUS,
          estimated_delivery: { ...nullable({ type: 'string', format: 'date' }), description: 'YYYY-MM-DD when the carrier has said' },
          items: {
            type: 'array',
            items: strictObject({ name: TEXT, quantity: { type: 'integer', minimum: 1 } }, ['name', 'quantity']),
          },
        },
        ['carrier', 'tracking_number', 'status', 'estimated_delivery', 'items'],
      ),
    },
  },
  ['order_id', 'status', 'tracking_number', 'carrier', 'estimated_delivery', 'items', 'shipments'],
);

const TRACK_QUERY = strictObject(
  {
    order_id: { ...TEXT, description: 'The order id (as on the confirmation or the QR code)' },
    email: { ...TEXT, description: 'The e-mail on the order; compared case-insensitively' },
  },
  ['order_id', 'email'],
);

export interface TrackingRouteOptions {
  readonly limiter: FailureRateLimiter;
  readonly trustForwardedFor: boolean;
}

const TOO_MANY = 'Too many failed order look-ups from this address; try again later';

/**
 * Public order tracking: whoever holds an order id and the e-mail on the order sees its status and tracking. A wrong
 * e-mail and an unknown order are the same 404 (the core's), and failures are limited per client address, so ids
 * and e-mails cannot be guessed at speed.
 */
export function trackingRoutes(core: OrderCore, options: TrackingRouteOptions): readonly RouteDefinition[] {
  const { limiter, trustForwardedFor } = options;
  return [
    defineRoute<Record<string, never>, { order_id: string; email: string }>({
      method: 'get',
      path: TRACK_ORDER_PATH,
      operationId: 'trackOrder',
      summary: 'Track an order by its id and the e-mail on it (no authentication)',
      description:
        'Answers status, tracking and item names and quantities only. A wrong e-mail answers exactly like an unknown ' +
        'order. Failed look-ups are limited per client address: past the limit every look-up, a correct one ' +
        'included, answers 429 with Retry-After until the window ends.',
      tags: ['Order tracking'],
      audience: 'public',
      query: TRACK_QUERY,
      responses: {
        200: { description: 'The order\'s status and tracking', schema: dataEnvelopeSchema(TRACKING_SCHEMA) },
        404: { description: 'No order has this id and e-mail (the same answer for both)', schema: ERROR_BODY_SCHEMA },
        422: { description: 'order_id or email missing, or an unknown parameter', schema: ERROR_BODY_SCHEMA },
        429: {
          description: 'Too many failed look-ups from this address',
          schema: ERROR_BODY_SCHEMA,
          headers: { 'Retry-After': { description: 'Seconds until look-ups are accepted again', schema: { type: 'integer', minimum: 1 } } },
        },
      },
      async handle({ query, principal, remoteAddress, header }) {
        const view = await limitedLookup(query.order_id, query.email, principal, remoteAddress, header);
        return { status: 200, body: ok(presentTracking(view)) };
      },
    }),
    defineRoute<Record<string, never>, { email?: string }>({
      method: 'get',
      path: `${TRACK_PAGE_PATH}/{order_id}`,
      operationId: 'trackOrderPage',
      summary: 'The tracking page a printed QR code opens: asks for the e-mail on the order, then shows its status',
      description: 'HTML for people. The same rules and rate limit as GET /api/track-order; every value is escaped.',
      tags: ['Order tracking'],
      audience: 'public',
      query: TRACK_PAGE_QUERY,
      responses: { 200: { description: 'An HTML page', content: { 'text/html': { type: 'string' } } } },
      async handle({ params, query, principal, remoteAddress, header }) {
        const orderId = params['order_id'] ?? '';
        let body: string;
        let status = 200;
        if (query.email === undefined) body = trackingPage(orderId, { kind: 'ask' });
        else {
          try {
            body = trackingPage(orderId, { kind: 'found', view: await limitedLookup(orderId, query.email, principal, remoteAddress, header) });
          } catch (error) {
            if (isDomainError(error, 'NOT_FOUND')) {
              status = 404;
              body = trackingPage(orderId, { kind: 'missing' });
            } else if (error instanceof HttpError && error.code === 'TOO_MANY_REQUESTS') {
              status = 429;
              body = trackingPage(orderId, { kind: 'limited' });
            } else throw error;
          }
        }
        return {
          status,
          headers: {
            'Content-Type': 'text/html; charset=utf-8',
            'Content-Security-Policy': "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
            'X-Content-Type-Options': 'nosniff',
            'Referrer-Policy': 'no-referrer',
            'Cache-Control': 'no-store',
          },
          stream: once(Buffer.from(body, 'utf8')),
        };
      },
    }),
  ];

  async function limitedLookup(orderId: string, email: string, principal: Principal, remoteAddress: string | undefined, header: (name: string) => string | undefined): Promise<TrackingView> {
    const forwarded = trustForwardedFor ? lastForwardedAddress(header('x-forwarded-for')) : undefined;
    const client = clientKey(forwarded ?? remoteAddress);
    const wait = limiter.take(client);
    if (wait > 0) {
      throw new HttpError('TOO_MANY_REQUESTS', TOO_MANY, { retry_after_seconds: wait }, { 'Retry-After': String(wait) });
    }
    let view: TrackingView;
    try {
      view = await core.trackOrder.execute({ orderId, email }, principal);
    } catch (error) {
      // Only a miss is a guess that counts; a failure of ours (database down) is not held against the client.
      if (!isDomainError(error, 'NOT_FOUND')) limiter.forgive(client);
      throw error;
    }
    limiter.forgive(client);
    return view;
  }
}

/** Where people track an order: `/track/{order_id}`; the QR code on a parcel points here. */
export const TRACK_PAGE_PATH = '/track';

const TRACK_PAGE_QUERY = strictObject({ email: { ...TEXT, description: 'The e-mail on the order' } }, []);

type PageState = { kind: 'ask' } | { kind: 'missing' } | { kind: 'limited' } | { kind: 'found'; view: TrackingView };

/** Escapes text for HTML element content and quoted attribute values. */
export function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
}

function trackingPage(orderId: string, state: PageState): string {
  const id = escapeHtml(orderId);
  const form = `<form method="get" action="${TRACK_PAGE_PATH}/${encodeURIComponent(orderId)}"><label>E-mail on the order <input type="email" name="email" required autocomplete="email"></label> <button type="submit">Track</button></form>`;
  let main: string;
  if (state.kind === 'found') {
    const v = state.view;
    const rows = v.items.map((i) => `<tr><td>${escapeHtml(i.name)}</td><td>${i.quantity}</td><td>${escapeHtml(i.status)}</td></tr>`).join('');
    main =
      `<p>Order <strong>${escapeHtml(v.reference)}</strong> is <strong>${escapeHtml(v.status.replace(/_/g, ' '))}</strong>.</p>` +
      (v.trackingNumber ? `<p>Tracking number: ${escapeHtml(v.trackingNumber)}${v.carrier ? ` (${escapeHtml(v.carrier)})` : ''}</p>` : '') +
      (v.estimatedDelivery ? `<p>Estimated delivery: ${escapeHtml(v.estimatedDelivery)}</p>` : '') +
      `<table><thead><tr><th>Item</th><th>Quantity</th><th>Status</th></tr></thead><tbody>${rows}</tbody></table>`;
  } else if (state.kind === 'missing') main = `<p>No order matches this order id and e-mail.</p>${form}`;
  else if (state.kind === 'limited') main = '<p>Too many failed look-ups from your address; try again later.</p>';
  else main = `<p>Enter the e-mail address the order was placed with to see its status.</p>${form}`;
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>Order tracking</title><style>body{font-family:system-ui,sans-serif;max-width:40rem;margin:2rem auto;padding:0 1rem}table{border-collapse:collapse}td,th{border-bottom:1px solid #ddd;padding:.3rem .6rem;text-align:left}</style></head><body><h1>Order tracking</h1><p class="id">Order id ${id}</p>${main}</body></html>`;
}

async function* once(chunk: Uint8Array): AsyncGenerator<Uint8Array> {
  yield chunk;
}

/** The address the nearest proxy appended: the last entry of X-Forwarded-For, when it is an IP address. */
function lastForwardedAddress(header: string | undefined): string | undefined {
  const last = header?.split(',').pop()?.trim();
  return last !== undefined && isIP(last) !== 0 ? last : undefined;
}
