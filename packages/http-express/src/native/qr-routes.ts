import { DomainError, type OrderCore, type Principal } from '@oms/order-core';
import { toBuffer as qrPngBuffer, toString as qrSvgText } from 'qrcode';
import { ERROR_BODY_SCHEMA } from '../errors/error-response';
import { defineRoute, type RouteDefinition } from '../routing/route-definition';
import { checkBaseUrl, type UrlSigner } from '../signing/url-signer';
import { strictObject, type JsonSchema } from '../validation/json-schema';
import { TEXT, TIMESTAMP } from './common-schemas';
import { DOWNLOAD_CONTENT_SECURITY_POLICY } from './attachment-routes';
import { dataEnvelopeSchema, ok } from './native-envelope';
import { TRACK_PAGE_PATH } from './tracking-routes';

/** QR links are printed on packing slips and parcels: they live 30 days. */
export const QR_LINK_TTL_SECONDS = 30 * 24 * 60 * 60;

export const QR_FORMATS = ['png', 'svg'] as const;
export type QrFormat = (typeof QR_FORMATS)[number];

export const QR_MEDIA_TYPES: Readonly<Record<QrFormat, string>> = { png: 'image/png', svg: 'image/svg+xml' };

/** What the QR code of an order says: the public tracking URL with the order id (never the e-mail). */
export function trackingUrlOf(publicBaseUrl: string, orderId: string): string {
  // The page for people (it asks for the e-mail), not the JSON API: a scanned parcel opens something readable.
  return `${checkBaseUrl(publicBaseUrl)}${TRACK_PAGE_PATH}/${encodeURIComponent(orderId)}`;
}

/**
 * The QR code of `text`: a PNG (8 pixels per module) or an SVG (one unit per module, a path of dark runs), both with
 * the standard 4-module quiet zone and error correction level M (about 15% of the symbol can be damaged).
 */
export async function renderQr(text: string, format: QrFormat): Promise<Buffer> {
  if (format === 'png') return qrPngBuffer(text, { type: 'png', errorCorrectionLevel: 'M', margin: 4, scale: 8 });
  return Buffer.from(await qrSvgText(text, { type: 'svg', errorCorrectionLevel: 'M', margin: 4 }), 'utf8');
}

const IMAGE_PATH = '/qr/orders/{order_id}';

function imagePath(orderId: string): string {
  return IMAGE_PATH.replace('{order_id}', encodeURIComponent(orderId));
}

export interface QrRouteOptions {
  readonly signer: UrlSigner;
  readonly publicBaseUrl: string;
}

export interface QrLinksJson {
  readonly order_id: string;
  readonly qr_code_url: string;
  readonly qr_code_svg_url: string;
  readonly tracking_url: string;
  readonly expires_at: string;
}

const QR_LINKS_SCHEMA = strictObject(
  {
    order_id: TEXT,
    qr_code_url: { type: 'string', format: 'uri', description: 'Signed link to the PNG; works without a bearer token until expires_at' },
    qr_code_svg_url: { type: 'string', format: 'uri', description: 'Signed link to the same code as SVG (the format is covered by the signature)' },
    tracking_url: { type: 'string', format: 'uri', description: 'What the code encodes: the public tracking URL of the order' },
    expires_at: TIMESTAMP,
  },
  ['order_id', 'qr_code_url', 'qr_code_svg_url', 'tracking_url', 'expires_at'],
);

/**
 * The signed image link is the only credential of the image route: the query is checked by the signature, not by a
 * schema, so anything missing, extra or changed answers 403 (never 422).
 */
const IMAGE_QUERY: JsonSchema = {
  type: 'object',
  properties: {
    format: { description: 'svg for the SVG link (signed); absent for PNG' },
    expires: { description: 'Unix time in seconds after which the link answers 403 (signed)' },
    signature: { description: 'HMAC-SHA256 over the path (the order id) and every other parameter' },
  },
  additionalProperties: true,
};

const LINK_REFUSED = 'The QR code link is invalid or has expired; ask for a new one';

/**
 * QR codes for orders: the owner (or staff) asks for signed links; the links serve a PNG or SVG, without a bearer
 * token, that encodes the order's public tracking URL. The signature covers the path, so a link cannot be turned
 * into one for another order.
 */
export function qrRoutes(core: OrderCore, options: QrRouteOptions): readonly RouteDefinition[] {
  const { signer, publicBaseUrl } = options;
  checkBaseUrl(publicBaseUrl);

  const links = async (orderIdParam: string, principal: Principal) => {
    // Authorization and existence are the core's: a customer gets a 404 for an order that is not theirs.
    const { order } = await core.getOrder.execute({ orderId: orderIdParam }, principal);
    const png = signer.sign(imagePath(order.id), {}, QR_LINK_TTL_SECONDS);
    const svg = signer.sign(imagePath(order.id), { format: 'svg' }, QR_LINK_TTL_SECONDS);
    const body: QrLinksJson = {
      order_id: order.id,
      qr_code_url: png.url,
      qr_code_svg_url: svg.url,
      tracking_url: trackingUrlOf(publicBaseUrl, order.id),
      expires_at: png.expiresAt.toISOString(),
    };
    return { status: 200, body: ok(body) };
  };
  const linksResponse = { 200: { description: 'Signed links to the QR code of the order', schema: dataEnvelopeSchema(QR_LINKS_SCHEMA) } };

  return [
    defineRoute({
      method: 'get',
      path: '/orders/{order_id}/qr',
      operationId: 'getMyOrderQrCode',
      summary: 'Links to a QR code that opens the tracking of one of your orders',
      description: `Signed links, valid ${QR_LINK_TTL_SECONDS / 86_400} days. Another customer's order answers 404 like a missing one.`,
      tags: ['My orders'],
      audience: 'customer',
      responses: linksResponse,
      async handle({ params, principal }) {
        return links(params['order_id'] ?? '', principal);
      },
    }),
    defineRoute({
      method: 'get',
      path: '/admin/orders/{order_id}/qr',
      operationId: 'getOrderQrCode',
      summary: "Links to a QR code that opens the order's tracking (for packing slips and parcels)",
      description: `Signed links, valid ${QR_LINK_TTL_SECONDS / 86_400} days.`,
      tags: ['Orders'],
      audience: 'staff',
      requiredScope: 'orders:read',
      responses: linksResponse,
      async handle({ params, principal }) {
        return links(params['order_id'] ?? '', principal);
      },
    }),
    defineRoute<Record<string, never>, Record<string, unknown>>({
      method: 'get',
      path: IMAGE_PATH,
      operationId: 'getOrderQrImage',
      summary: 'The QR code image of an order, through its signed link (no bearer token)',
      description:
        'A PNG, or an SVG for the link that says format=svg; it encodes the public tracking URL of the order ' +
        '(without the e-mail). A tampered, expired or malformed link answers 403.',
      tags: ['Order tracking'],
      audience: 'public',
      params: { order_id: { type: 'string', minLength: 1, maxLength: 1024 } },
      query: IMAGE_QUERY,
      responses: {
        200: {
          description: 'The QR code (inline)',
          content: {
            [QR_MEDIA_TYPES.png]: { type: 'string', contentMediaType: QR_MEDIA_TYPES.png },
            [QR_MEDIA_TYPES.svg]: { type: 'string', contentMediaType: QR_MEDIA_TYPES.svg },
          },
        },
        403: { description: 'The link is tampered, expired or malformed', schema: ERROR_BODY_SCHEMA },
      },
      async handle({ params, query }) {
        const orderId = params['order_id'] ?? '';
        const check = signer.verify(imagePath(orderId), query);
        if (!check.ok) {
          throw new DomainError('FORBIDDEN', LINK_REFUSED, { reason: check.reason === 'expired' ? 'expired' : 'invalid' });
        }
        const format = imageFormat(check.params);
        if (format === null) {
          // Signed by us, but not a link this route issues (another feature's parameters under the same key).
          throw new DomainError('FORBIDDEN', LINK_REFUSED, { reason: 'invalid' });
        }
        const image = await renderQr(trackingUrlOf(publicBaseUrl, orderId), format);
        return {
          status: 200,
          stream: once(image),
          headers: {
            'Content-Type': QR_MEDIA_TYPES[format],
            'Content-Length': String(image.length),
            'Content-Disposition': `inline; filename="order-${orderId.replace(/[^A-Za-z0-9_-]/g, '_')}-qr.${format}"`,
            // An SVG is a document: no scripts, no loads, no same-origin access even if opened directly.
            // (X-Content-Type-Options: nosniff comes with every response of the app.)
            'Content-Security-Policy': DOWNLOAD_CONTENT_SECURITY_POLICY,
          },
        };
      },
    }),
  ];
}

async function* once(chunk: Uint8Array): AsyncGenerator<Uint8Array> {
  yield chunk;
}

/** The format a verified link asks for: no parameter (PNG) or exactly `format`. */
function imageFormat(params: Readonly<Record<string, string>>): QrFormat | null {
  const names = Object.keys(params);
  if (names.length === 0) return 'png';
  const format = params['format'];
  if (names.length === 1 && (format === 'png' || format === 'svg')) return format;
  return null;
}
