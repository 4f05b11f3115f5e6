export { createHttpApp, DEFAULT_BODY_LIMIT_BYTES, DEFAULT_MAX_UPLOAD_BYTES, type HttpAppOptions } from './create-http-app';
export type { Authenticator } from './auth/authenticator';
export { BearerAuthenticator, ADMIN_TOKEN_PRINCIPAL_ID, type BearerAuthenticatorOptions } from './auth/bearer-authenticator';
export { Sha256TokenHasher } from './auth/sha256-token-hasher';
export type { HttpLogger } from './logging/http-logger';
export { REQUEST_ID_HEADER } from './logging/request-id-middleware';
export { HTTP_STATUS_BY_CODE, httpStatusOf, type EdgeErrorCode, type HttpErrorCode } from './errors/http-error-codes';
export type { ErrorBody } from './errors/error-response';
export { buildOpenApiDocument, type OpenApiDocument, type OpenApiInfo } from './openapi/build-openapi-document';
export type { JsonSchema, JsonSchemaType } from './validation/json-schema';
export type {
  HttpMethod,
  ResponseDoc,
  RouteAudience,
  RouteDefinition,
  RouteRequest,
  RouteResponse,
  JsonRouteResponse,
  StreamedRouteResponse,
  MultipartSpec,
  IncomingFile,
  RawBodySpec,
} from './routing/route-definition';
export {
  UrlSigner,
  EXPIRES_PARAM,
  SIGNATURE_PARAM,
  type LinkCheck,
  type LinkRefusal,
  type SignedLink,
  type UrlSignerOptions,
} from './signing/url-signer';
export { writeChunks, closeChunks, primed, type ChunkSink } from './routing/write-stream';
export { MultipartReading, discardRequestBody, uploadLimits, MULTIPART_OVERHEAD_BYTES, type MultipartLimits, type MultipartOpening } from './routing/multipart';
export { attachmentDisposition, asciiFallback } from './native/content-disposition';
export { DOWNLOAD_CONTENT_SECURITY_POLICY } from './native/attachment-routes';
export { presentTimelineEntry, presentNote, TIMELINE_ENTRY_TYPES, type TimelineEntryView, type TimelineEntryType, type NoteView } from './native/timeline-presenter';
export { EXPORT_LINK_TTL_SECONDS, neutralizeFormula } from './native/product-export';
export { FailureRateLimiter, clientKey, DEFAULT_MAX_TRACKED_CLIENTS, type FailureRateLimiterOptions } from './rate-limit/failure-rate-limiter';
export {
  DEFAULT_TRACKING_RATE_LIMIT,
  TRACK_ORDER_PATH,
  presentTracking,
  type TrackingJson,
  type TrackedShipmentJson,
  type TrackingRateLimitOptions,
} from './native/tracking-routes';
export { QR_LINK_TTL_SECONDS, QR_FORMATS, QR_MEDIA_TYPES, renderQr, trackingUrlOf, type QrFormat, type QrLinksJson } from './native/qr-routes';
export { presentCart, type CartJson, type CartLineJson, type CheckoutJson } from './native/cart-routes';
export { presentCoupon, type CouponJson } from './native/coupon-routes';
export { presentPayment, type PaymentJson } from './native/payment-routes';
export { presentCustomerOrder, type CustomerOrderView } from './native/portal-presenter';
export {
  presentShipment,
  presentShipmentResource,
  presentShipmentDetails,
  presentCustomerShipment,
  presentTrackingEvent,
  presentJob,
  type ShipmentJson,
  type ShipmentResourceJson,
  type ShipmentDetailsJson,
  type CustomerShipmentJson,
  type TrackingEventJson,
  type JobJson,
} from './native/shipment-presenter';
export { presentDelivery, type DeliveryJson } from './native/courier-routes';
export { CARRIER_WEBHOOK_LIMIT_BYTES, CARRIER_WEBHOOK_CHALLENGE } from './native/carrier-webhook-routes';
export {
  DOCUMENT_LINK_TTL_SECONDS,
  DOCUMENT_KINDS,
  DOCUMENT_DOWNLOAD_PATH,
  PDF_MEDIA_TYPE,
  PICK_LIST_FORMATS,
  type PickListFormat,
  type PackingSlipJson,
  type InvoiceJson,
  type PickListJson,
  type LabelBatchJson,
} from './native/document-routes';
