import type { Clock, DocumentRenderer, OrderCore } from '@oms/order-core';
import express, { type Application } from 'express';
import type { Authenticator } from './auth/authenticator';
import { errorHandler } from './errors/error-handler';
import { HttpError } from './errors/http-error';
import type { HttpLogger } from './logging/http-logger';
import { requestIdMiddleware } from './logging/request-id-middleware';
import { attachmentRoutes } from './native/attachment-routes';
import { backorderRoutes } from './native/backorder-routes';
import { bulkRoutes } from './native/bulk-routes';
import { carrierWebhookRoutes } from './native/carrier-webhook-routes';
import { cartRoutes } from './native/cart-routes';
import { courierRoutes } from './native/courier-routes';
import { DOCUMENT_LINK_TTL_SECONDS, documentRoutes } from './native/document-routes';
import { couponRoutes } from './native/coupon-routes';
import { fulfillmentRoutes } from './native/fulfillment-routes';
import { paymentRoutes } from './native/payment-routes';
import { portalRoutes } from './native/portal-routes';
import { qrRoutes } from './native/qr-routes';
import { scanRoutes } from './native/scan-routes';
import { DEFAULT_TRACKING_RATE_LIMIT, trackingRoutes, type TrackingRateLimitOptions } from './native/tracking-routes';
import { FailureRateLimiter } from './rate-limit/failure-rate-limiter';
import { inventoryRoutes } from './native/inventory-routes';
import { orderRoutes } from './native/order-routes';
import { productRoutes } from './native/product-routes';
import { warehouseRoutes } from './native/warehouse-routes';
import { systemRoutes } from './native/system-routes';
import { timelineRoutes } from './native/timeline-routes';
import { buildOpenApiDocument, type OpenApiDocument } from './openapi/build-openapi-document';
import { mountRoutes } from './routing/mount-routes';
import type { RouteDefinition } from './routing/route-definition';
import { UrlSigner } from './signing/url-signer';
import { SchemaValidator } from './validation/schema-validator';

export interface HttpAppOptions {
  readonly core: OrderCore;
  readonly authenticator: Authenticator;
  readonly logger: HttpLogger;
  /** Resolves when the app can serve (e.g. the database answers); rejects otherwise. GET /healthz calls it. */
  readonly health: () => Promise<void>;
  /**
   * Largest accepted JSON body; larger ones answer 413. Defaults to 1 MiB. Does not apply to uploads, nor to carrier
   * webhooks (raw bodies of at most 1 MiB).
   */
  readonly bodyLimitBytes?: number;
  /**
   * Largest attachment upload, in bytes; one byte more stops the upload while it streams (413). Defaults to 10 MiB.
   * Give the core the same number (createOrderCore({ maxUploadBytes })): the smaller of the two wins.
   */
  readonly maxUploadBytes?: number;
  /** Absolute http(s) URL the app is reached at (PUBLIC_BASE_URL); download links start with it. */
  readonly publicBaseUrl: string;
  /** HMAC key of signed download links, at least 16 characters. Changing it invalidates every issued link. */
  readonly signingSecret: string;
  /**
   * When signed links expire, and when rate-limit windows end, is read from it; defaults to the system clock. Give it
   * the core's clock.
   */
  readonly clock?: Clock;
  /**
   * Failed look-ups allowed on the public GET /api/track-order per client address (the TCP peer unless
   * trustForwardedFor) in a fixed window; past it, 429 with Retry-After. Defaults to 10 failures per 10 minutes.
   * Counted in memory, per process.
   */
  readonly trackingRateLimit?: TrackingRateLimitOptions;
  /**
   * Lays out packing slips, invoices, pick lists and shipping labels (HTML and PDF). Without it those routes answer
   * 503 DOCUMENTS_UNAVAILABLE and everything else works, so the app starts where Chromium is missing.
   */
  readonly documents?: DocumentRenderer;
  /** How long a signed document (PDF) link works, in seconds. Defaults to 15 minutes. */
  readonly documentLinkTtlSeconds?: number;
}

export const DEFAULT_BODY_LIMIT_BYTES = 1024 * 1024;
export const DEFAULT_MAX_UPLOAD_BYTES = 10 * 1024 * 1024;

const API_INFO = {
  title: 'Order management system: native API',
  version: '1.0.0',
  description: 'Envelope {"success": true, "data": ...}; money as decimal numbers in major units; errors {"success": false, "error": {code, message, details}}.',
};

/** The Express app serving the native dialect over the core's use cases. Listening is left to the caller. */
export function createHttpApp(options: HttpAppOptions): Application {
  const app = express();
  app.set('trust proxy', false);
  app.disable('x-powered-by');
  // Entity tags are versions we set explicitly; Express's body hashes would be weak tags If-Match can never match.
  app.set('etag', false);

  const clock = options.clock;
  const now = clock === undefined ? Date.now : () => clock.now().getTime();
  const signer = new UrlSigner({
    secret: options.signingSecret,
    baseUrl: options.publicBaseUrl,
    now,
  });
  const trackingLimit = options.trackingRateLimit ?? DEFAULT_TRACKING_RATE_LIMIT;
  const trackingLimiter = new FailureRateLimiter({ maxFailures: trackingLimit.maxFailures, windowMs: trackingLimit.windowMs, now });
  const maxUploadBytes = options.maxUploadBytes ?? DEFAULT_MAX_UPLOAD_BYTES;
  if (!Number.isSafeInteger(maxUploadBytes) || maxUploadBytes < 1) {
    throw new Error(`maxUploadBytes must be a positive whole number of bytes, not ${String(options.maxUploadBytes)}`);
  }
  let openApi: OpenApiDocument | null = null;
  const routes: readonly RouteDefinition[] = [
    ...systemRoutes({ health: options.health, openApiDocument: () => (openApi ??= buildOpenApiDocument(routes, API_INFO)) }),
    ...productRoutes(options.core),
    ...orderRoutes(options.core),
    ...timelineRoutes(options.core),
    ...attachmentRoutes(options.core, { publicBaseUrl: options.publicBaseUrl, maxUploadBytes }),
    ...warehouseRoutes(options.core),
    ...inventoryRoutes(options.core),
    ...backorderRoutes(options.core),
    ...bulkRoutes(options.core, { signer }),
    ...couponRoutes(options.core),
    ...paymentRoutes(options.core),
    ...fulfillmentRoutes(options.core),
    ...scanRoutes(options.core),
    ...courierRoutes(options.core),
    ...carrierWebhookRoutes(options.core),
    ...portalRoutes(options.core),
    ...cartRoutes(options.core),
    ...qrRoutes(options.core, { signer, publicBaseUrl: options.publicBaseUrl }),
    ...documentRoutes(options.core, {
      signer,
      renderer: options.documents ?? null,
      linkTtlSeconds: options.documentLinkTtlSeconds ?? DOCUMENT_LINK_TTL_SECONDS,
    }),
    ...trackingRoutes(options.core, { limiter: trackingLimiter, trustForwardedFor: trackingLimit.trustForwardedFor ?? false }),
  ];

  app.use(requestIdMiddleware(options.logger));
  app.use((_req, res, next) => {
    res.setHeader('X-Content-Type-Options', 'nosniff');
    res.setHeader('Cache-Control', 'no-store');
    next();
  });
  app.use(
    mountRoutes(routes, {
      authenticator: options.authenticator,
      validator: new SchemaValidator(),
      logger: options.logger,
      bodyLimitBytes: options.bodyLimitBytes ?? DEFAULT_BODY_LIMIT_BYTES,
      maxUploadBytes,
    }),
  );
  app.use(() => {
    throw new HttpError('ROUTE_NOT_FOUND', 'No such endpoint', {});
  });
  app.use(errorHandler(options.logger));
  return app;
}
