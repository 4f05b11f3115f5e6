import {
  DomainError,
  MAX_DOCUMENT_ORDERS,
  systemPrincipal,
  type DocumentKind,
  type DocumentRenderer,
  type OrderCore,
  type OrderDocument,
} from '@oms/order-core';
import { ERROR_BODY_SCHEMA } from '../errors/error-response';
import { HttpError } from '../errors/http-error';
import { defineRoute, type ResponseDoc, type RouteDefinition } from '../routing/route-definition';
import type { UrlSigner } from '../signing/url-signer';
import { strictObject, type JsonSchema } from '../validation/json-schema';
import { TEXT, TIMESTAMP } from './common-schemas';
import { attachmentDisposition } from './content-disposition';
import { dataEnvelopeSchema, ok } from './native-envelope';

/** How long a document link works, unless the app is told otherwise (documentLinkTtlSeconds). */
export const DOCUMENT_LINK_TTL_SECONDS = 15 * 60;

export const DOCUMENT_KINDS: readonly DocumentKind[] = ['packing_slip', 'invoice', 'pick_list', 'shipping_labels'];

export const PDF_MEDIA_TYPE = 'application/pdf';

/** The signed download route; `{kind}` is in the signed path, so a link cannot be turned into another kind's. */
export const DOCUMENT_DOWNLOAD_PATH = '/files/documents/{kind}';

/** Downloads may sit in the browser's memory of what it saved, never in a shared cache. */
const DOWNLOAD_CACHE_CONTROL = 'private, no-store';

export const PICK_LIST_FORMATS = ['pdf', 'html'] as const;
export type PickListFormat = (typeof PICK_LIST_FORMATS)[number];

export interface DocumentRouteOptions {
  /** Signs download links; its base URL is the deployment's public base URL. */
  readonly signer: UrlSigner;
  /** Lays documents out; null where there is none (no Chromium): every route then answers 503. */
  readonly renderer: DocumentRenderer | null;
  /** How long a download link works, in seconds. */
  readonly linkTtlSeconds: number;
}

interface DocumentLinkJson {
  readonly download_url: string;
  readonly expires_at: string;
}

export interface PackingSlipJson extends DocumentLinkJson {
  readonly order_id: string;
  readonly html_content: string;
}

export interface InvoiceJson extends PackingSlipJson {
  readonly invoice_number: string;
}

export interface PickListJson extends DocumentLinkJson {
  readonly pick_list_id: string;
  readonly order_count: number;
  readonly item_count: number;
  readonly html_content?: string;
}

export interface LabelBatchJson extends DocumentLinkJson {
  readonly label_batch_id: string;
  readonly count: number;
}

interface PickListQuery {
  readonly order_ids: string;
  readonly format?: PickListFormat;
}

interface LabelsBody {
  readonly shipment_ids?: readonly string[];
  readonly order_ids?: readonly string[];
}

const HTML_CONTENT: JsonSchema = {
  type: 'string',
  description: 'The document as a complete, self-contained HTML page (images inlined), for printing from the browser',
};
const DOWNLOAD_URL: JsonSchema = {
  type: 'string',
  format: 'uri',
  description: 'Signed link to the PDF; works without a bearer token until expires_at and shows the order(s) as they are when opened',
};
const LINK_PROPERTIES = { download_url: DOWNLOAD_URL, expires_at: { ...TIMESTAMP, description: 'When download_url stops working' } };

const PACKING_SLIP_SCHEMA = strictObject(
  { order_id: TEXT, html_content: HTML_CONTENT, ...LINK_PROPERTIES },
  ['order_id', 'html_content', 'download_url', 'expires_at'],
);

const INVOICE_SCHEMA = strictObject(
  {
    order_id: TEXT,
    invoice_number: { type: 'string', description: 'Taken from a gap-free sequence on first generation; never changes' },
    html_content: HTML_CONTENT,
    ...LINK_PROPERTIES,
  },
  ['order_id', 'invoice_number', 'html_content', 'download_url', 'expires_at'],
);

const PICK_LIST_SCHEMA = strictObject(
  {
    pick_list_id: { type: 'string', description: 'Derived from the orders and their versions: the same batch gives the same id' },
    order_count: { type: 'integer', minimum: 1 },
    item_count: { type: 'integer', minimum: 0, description: 'Units still to pick, all orders together' },
    html_content: { ...HTML_CONTENT, description: `${HTML_CONTENT.description ?? ''}; only with format=html` },
    ...LINK_PROPERTIES,
  },
  ['pick_list_id', 'order_count', 'item_count', 'download_url', 'expires_at'],
);

const LABEL_BATCH_SCHEMA = strictObject(
  {
    label_batch_id: { type: 'string', description: 'Derived from what is on the labels: the same batch gives the same id' },
    count: { type: 'integer', minimum: 1, description: 'Labels in the PDF: one per parcel on its way, one per order without a parcel yet' },
    ...LINK_PROPERTIES,
  },
  ['label_batch_id', 'count', 'download_url', 'expires_at'],
);

const ID_LIST: JsonSchema = {
  type: 'array',
  minItems: 1,
  maxItems: MAX_DOCUMENT_ORDERS,
  items: TEXT,
  description: `1 to ${MAX_DOCUMENT_ORDERS} ids; repeats count once`,
};

const LABELS_BODY = strictObject({ shipment_ids: ID_LIST, order_ids: ID_LIST });

/** Longest order_ids text: MAX_DOCUMENT_ORDERS ids of at most 64 characters and the commas between them. */
const MAX_ORDER_IDS_TEXT = MAX_DOCUMENT_ORDERS * 65 - 1;

const PICK_LIST_QUERY = strictObject(
  {
    order_ids: {
      type: 'string',
      minLength: 1,
      maxLength: MAX_ORDER_IDS_TEXT,
      description: `Comma-separated order ids, 1 to ${MAX_DOCUMENT_ORDERS}; repeats count once`,
    },
    format: { type: 'string', enum: PICK_LIST_FORMATS, default: 'pdf', description: 'html adds html_content; the link is a PDF either way' },
  },
  ['order_ids'],
);

/**
 * The download's query is checked by the signature, not by a schema: a missing, extra or changed parameter is a
 * tampered or malformed link and answers 403 (never 422).
 */
const DOWNLOAD_QUERY: JsonSchema = {
  type: 'object',
  properties: {
    order_id: { description: 'The order of a packing slip or invoice (signed)' },
    order_ids: { description: 'Comma-separated orders of a pick list or of shipping labels (signed)' },
    shipment_ids: { description: 'Comma-separated shipments of shipping labels (signed)' },
    expires: { description: 'Unix time in seconds after which the link answers 403 (signed)' },
    signature: { description: 'HMAC-SHA256 over the path (the kind) and every other parameter' },
  },
  additionalProperties: true,
};

const UNAVAILABLE_DOC: ResponseDoc = {
  description: 'This server has no document renderer (DOCUMENTS_UNAVAILABLE); nothing was changed',
  schema: ERROR_BODY_SCHEMA,
};

const LINK_REFUSED = 'The document link is invalid or has expired; ask for a new one';

function downloadPath(kind: string): string {
  return DOCUMENT_DOWNLOAD_PATH.replace('{kind}', encodeURIComponent(kind));
}

/** What a signed link asks for: the kind and the ids, as the issuing route put them. */
type DocumentRequest =
  | { readonly kind: 'packing_slip' | 'invoice'; readonly orderId: string }
  | { readonly kind: 'pick_list'; readonly orderIds: readonly string[] }
  | { readonly kind: 'shipping_labels'; readonly orderIds: readonly string[] }
  | { readonly kind: 'shipping_labels'; readonly shipmentIds: readonly string[] };

/** The parameters a link carries for a request; ids are joined with commas (ids never hold one). */
function linkParams(request: DocumentRequest): Record<string, string> {
  if ('orderId' in request) return { order_id: request.orderId };
  if ('shipmentIds' in request) return { shipment_ids: request.shipmentIds.join(',') };
  return { order_ids: request.orderIds.join(',') };
}

/** The request a verified link holds, or null when it is not in a shape the issuing routes make. */
function requestOf(kind: string, params: Readonly<Record<string, string>>): DocumentRequest | null {
  const names = Object.keys(params);
  if (names.length !== 1) return null;
  const [name] = names as [string];
  const value = params[name] as string;
  if (value === '') return null;
  const ids = () => value.split(',');
  switch (kind) {
    case 'packing_slip':
    case 'invoice':
      return name === 'order_id' ? { kind, orderId: value } : null;
    case 'pick_list':
      return name === 'order_ids' ? { kind, orderIds: ids() } : null;
    case 'shipping_labels':
      if (name === 'order_ids') return { kind, orderIds: ids() };
      if (name === 'shipment_ids') return { kind, shipmentIds: ids() };
      return null;
    default:
      return null;
  }
}

/** The file name of a downloaded document (made safe by attachmentDisposition). */
function filenameOf(document: OrderDocument): string {
  switch (document.kind) {
    case 'packing_slip':
      return `packing-slip-${document.reference}.pdf`;
    case 'invoice':
      return `invoice-${document.invoiceNumber}.pdf`;
    case 'pick_list':
      return `pick-list-${document.pickListId}.pdf`;
    case 'shipping_labels':
      return `labels-${document.labelBatchId}.pdf`;
  }
}

function distinct(ids: readonly string[]): string[] {
  return [...new Set(ids)];
}

/**
 * Printed documents: packing slips, invoices, pick lists and shipping labels. The core decides what is on them and
 * who may ask; the renderer lays them out. Each answer carries a signed link to the PDF that a browser opens without
 * a bearer token: the signature is the authorization, and the document is rebuilt from the current orders when the
 * link is opened.
 */
export function documentRoutes(core: OrderCore, options: DocumentRouteOptions): readonly RouteDefinition[] {
  const { signer, renderer, linkTtlSeconds } = options;
  if (!Number.isSafeInteger(linkTtlSeconds) || linkTtlSeconds < 1) {
    throw new Error(`documentLinkTtlSeconds must be a positive whole number of seconds, not ${String(linkTtlSeconds)}`);
  }
  const ttlText = linkTtlSeconds % 60 === 0 ? `${linkTtlSeconds / 60} minutes` : `${linkTtlSeconds} seconds`;

  /** The renderer, or a 503 before anything is read or changed. */
  const requireRenderer = (): DocumentRenderer => {
    if (renderer === null) {
      throw new HttpError('DOCUMENTS_UNAVAILABLE', 'Documents cannot be made on this server: no document renderer is configured', {});
    }
    return renderer;
  };

  const link = (request: DocumentRequest): DocumentLinkJson => {
    const signed = signer.sign(downloadPath(request.kind), linkParams(request), linkTtlSeconds);
    return { download_url: signed.url, expires_at: signed.expiresAt.toISOString() };
  };

  /** The document a download asks for, as it is now; never packs anything (the link only reads). */
  const rebuild = async (request: DocumentRequest): Promise<OrderDocument> => {
    const system = systemPrincipal('signed-link');
    switch (request.kind) {
      case 'packing_slip':
        return core.getPackingSlip.execute({ orderId: request.orderId }, system);
      case 'invoice':
        return core.getInvoice.execute({ orderId: request.orderId }, system);
      case 'pick_list':
        return core.getPickList.execute({ orderIds: request.orderIds }, system);
      case 'shipping_labels':
        return 'shipmentIds' in request
          ? core.getShippingLabels.execute({ shipmentIds: request.shipmentIds, markPacked: false }, system)
          : core.getShippingLabels.execute({ orderIds: request.orderIds, markPacked: false }, system);
    }
  };

  const downloadNote = `The PDF link is signed and works without a bearer token for ${ttlText}; it shows the order as it is when opened.`;

  return [
    defineRoute({
      method: 'get',
      path: '/admin/packing/slip/{order_id}',
      operationId: 'getPackingSlip',
      summary: 'The packing slip of an order: what goes in the box, without prices',
      description: downloadNote,
      tags: ['Packing'],
      audience: 'staff',
      requiredScope: 'orders:read',
      responses: {
        200: { description: 'The slip as HTML and a link to its PDF', schema: dataEnvelopeSchema(PACKING_SLIP_SCHEMA) },
        503: UNAVAILABLE_DOC,
      },
      async handle({ params, principal }) {
        const render = requireRenderer();
        const slip = await core.getPackingSlip.execute({ orderId: params['order_id'] ?? '' }, principal);
        const body: PackingSlipJson = {
          order_id: slip.orderId,
          html_content: await render.html(slip),
          ...link({ kind: 'packing_slip', orderId: slip.orderId }),
        };
        return { status: 200, body: ok(body) };
      },
    }),
    defineRoute({
      method: 'get',
      path: '/admin/packing/invoice/{order_id}',
      operationId: 'getInvoice',
      summary: 'The invoice of an order, numbered on first generation',
      description:
        'The first call takes the next invoice number from a gap-free sequence; every later call (and every download) ' +
        `shows the same number. ${downloadNote}`,
      tags: ['Packing'],
      audience: 'staff',
      requiredScope: 'orders:read',
      responses: {
        200: { description: 'The invoice as HTML and a link to its PDF', schema: dataEnvelopeSchema(INVOICE_SCHEMA) },
        503: UNAVAILABLE_DOC,
      },
      async handle({ params, principal }) {
        const render = requireRenderer();
        const invoice = await core.getInvoice.execute({ orderId: params['order_id'] ?? '' }, principal);
        const body: InvoiceJson = {
          order_id: invoice.orderId,
          invoice_number: invoice.invoiceNumber,
          html_content: await render.html(invoice),
          ...link({ kind: 'invoice', orderId: invoice.orderId }),
        };
        return { status: 200, body: ok(body) };
      },
    }),
    defineRoute<Record<string, never>, PickListQuery>({
      method: 'get',
      path: '/admin/packing/pick-list',
      operationId: 'getPickList',
      summary: 'One pick list for a batch of orders: every unit still to ship, per product and warehouse',
      description:
        'In walking order (warehouses by priority, then SKU); units reserved nowhere are under UNALLOCATED. Unknown ' +
        `orders answer 404 naming them (details.missing). ${downloadNote}`,
      tags: ['Packing'],
      audience: 'staff',
      requiredScope: 'orders:read',
      query: PICK_LIST_QUERY,
      responses: {
        200: { description: 'The pick list counts and a link to its PDF (and its HTML with format=html)', schema: dataEnvelopeSchema(PICK_LIST_SCHEMA) },
        404: { description: 'Some orders do not exist (details.missing lists them)', schema: ERROR_BODY_SCHEMA },
        503: UNAVAILABLE_DOC,
      },
      async handle({ query, principal }) {
        const render = requireRenderer();
        const orderIds = distinct(query.order_ids.split(',').map((id) => id.trim()));
        const list = await core.getPickList.execute({ orderIds }, principal);
        const body: PickListJson = {
          pick_list_id: list.pickListId,
          order_count: list.orderCount,
          item_count: list.itemCount,
          ...link({ kind: 'pick_list', orderIds }),
          ...((query.format ?? 'pdf') === 'html' ? { html_content: await render.html(list) } : {}),
        };
        return { status: 200, body: ok(body) };
      },
    }),
    defineRoute<LabelsBody>({
      method: 'post',
      path: '/admin/fulfillment/labels',
      operationId: 'printShippingLabels',
      summary: 'Shipping labels (4x6 in) for shipments or orders; printing them for orders marks those orders packed',
      description:
        'Give either shipment_ids or order_ids. One label per parcel still on its way (its tracking number as the ' +
        'barcode) and, for an order without a parcel yet, one label whose barcode is the order reference. With ' +
        'order_ids, orders still being worked on (pending, confirmed, processing, in_progress) move to packed, each on ' +
        'its own; that needs fulfillment:write (by shipment_ids nothing changes and orders:read is enough). Opening ' +
        `the link never packs anything. ${downloadNote}`,
      tags: ['Fulfillment'],
      audience: 'staff',
      requiredScope: 'fulfillment:write',
      body: LABELS_BODY,
      responses: {
        200: { description: 'How many labels, and a link to their PDF', schema: dataEnvelopeSchema(LABEL_BATCH_SCHEMA) },
        404: { description: 'Some orders or shipments do not exist (details.missing lists them); nothing was packed', schema: ERROR_BODY_SCHEMA },
        503: UNAVAILABLE_DOC,
      },
      async handle({ body, principal }) {
        if ((body.shipment_ids === undefined) === (body.order_ids === undefined)) {
          throw DomainError.validation([{ field: 'shipment_ids', message: 'give either shipment_ids or order_ids, not both' }]);
        }
        requireRenderer();
        const request: DocumentRequest =
          body.shipment_ids !== undefined
            ? { kind: 'shipping_labels', shipmentIds: distinct(body.shipment_ids) }
            : { kind: 'shipping_labels', orderIds: distinct(body.order_ids ?? []) };
        // Printing labels for orders is packing them; by shipment, nothing changes.
        const batch =
          'shipmentIds' in request
            ? await core.getShippingLabels.execute({ shipmentIds: request.shipmentIds }, principal)
            : await core.getShippingLabels.execute({ orderIds: request.orderIds, markPacked: true }, principal);
        const json: LabelBatchJson = { label_batch_id: batch.labelBatchId, count: batch.labels.length, ...link(request) };
        return { status: 200, body: ok(json) };
      },
    }),
    defineRoute<Record<string, never>, Record<string, unknown>>({
      method: 'get',
      path: DOCUMENT_DOWNLOAD_PATH,
      operationId: 'downloadDocument',
      summary: 'Download a packing slip, invoice, pick list or labels as PDF through its signed link (no bearer token)',
      description:
        `kind is one of ${DOCUMENT_KINDS.join(', ')}. The document is rebuilt from the orders as they are now (an ` +
        'order changed since the link was made shows its changes); opening a labels link never packs anything. A ' +
        'tampered, forged, expired or malformed link answers 403 and nothing is rendered.',
      tags: ['Packing'],
      audience: 'public',
      params: { kind: { type: 'string', minLength: 1, maxLength: 1024, description: DOCUMENT_KINDS.join(', ') } },
      query: DOWNLOAD_QUERY,
      responses: {
        200: {
          description: 'The PDF (Content-Disposition: attachment)',
          content: { [PDF_MEDIA_TYPE]: { type: 'string', contentMediaType: PDF_MEDIA_TYPE } },
          headers: {
            'Content-Disposition': { description: 'attachment; filename="..."; filename*=UTF-8\'\'...', schema: { type: 'string' } },
            'Cache-Control': { description: DOWNLOAD_CACHE_CONTROL, schema: { type: 'string' } },
          },
        },
        403: { description: 'The link is tampered, forged, expired or malformed (details.reason: invalid or expired)', schema: ERROR_BODY_SCHEMA },
        404: { description: 'An order or shipment of the link no longer exists', schema: ERROR_BODY_SCHEMA },
        503: UNAVAILABLE_DOC,
      },
      async handle({ params, query }) {
        const kind = params['kind'] ?? '';
        const check = signer.verify(downloadPath(kind), query);
        if (!check.ok) {
          throw new DomainError('FORBIDDEN', LINK_REFUSED, { reason: check.reason === 'expired' ? 'expired' : 'invalid' });
        }
        const request = requestOf(kind, check.params);
        if (request === null) {
          // Signed by us, but not a link these routes issue (another feature's parameters under the same key).
          throw new DomainError('FORBIDDEN', LINK_REFUSED, { reason: 'invalid' });
        }
        const render = requireRenderer();
        const document = await rebuild(request);
        const pdf = await render.pdf(document);
        return {
          status: 200,
          stream: once(pdf),
          headers: {
            'Content-Type': PDF_MEDIA_TYPE,
            'Content-Length': String(pdf.byteLength),
            'Content-Disposition': attachmentDisposition(filenameOf(document)),
            'Cache-Control': DOWNLOAD_CACHE_CONTROL,
            'X-Content-Type-Options': 'nosniff',
          },
        };
      },
    }),
  ];
}

async function* once(chunk: Uint8Array): AsyncGenerator<Uint8Array> {
  yield chunk;
}
