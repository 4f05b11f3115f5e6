import { randomBytes } from 'node:crypto';
import { DomainError, MAX_BULK_PRODUCTS, type BackorderPolicy, type OrderCore, type ProductStatus } from '@oms/order-core';
import { ERROR_BODY_SCHEMA } from '../errors/error-response';
import { defineRoute, type RouteDefinition } from '../routing/route-definition';
import type { UrlSigner } from '../signing/url-signer';
import { strictObject, type JsonSchema } from '../validation/json-schema';
import { MONEY_INPUT, OPTIONAL_TEXT, TEXT, TIMESTAMP } from './common-schemas';
import { dataEnvelopeSchema, ok } from './native-envelope';
import {
  csvChunks,
  EXPORT_FORMATS,
  EXPORT_LINK_TTL_SECONDS,
  EXPORT_MEDIA_TYPES,
  jsonChunks,
  linkHolder,
  linkPrincipal,
  type ExportFormat,
} from './product-export';
import { primed } from '../routing/write-stream';
import { presentProduct } from './product-presenter';
import { BACKORDER_POLICY, EXPECTED_DATE_INPUT, PRODUCT_SCHEMA, PRODUCT_STATUS } from './product-schemas';

export interface BulkRouteOptions {
  /** Signs export links; its base URL is the deployment's public base URL. */
  readonly signer: UrlSigner;
}

interface BulkUpdateBody {
  readonly product_ids: readonly string[];
  readonly updates: {
    readonly status?: ProductStatus;
    readonly category?: string | null;
    readonly price?: number | string;
    readonly backorder_policy?: BackorderPolicy;
    readonly expected_date?: string | null;
  };
}

const BULK_UPDATE_BODY = strictObject(
  {
    product_ids: { type: 'array', minItems: 1, maxItems: MAX_BULK_PRODUCTS, items: TEXT, description: `At most ${MAX_BULK_PRODUCTS}; repeats count once` },
    updates: strictObject({
      status: PRODUCT_STATUS,
      category: OPTIONAL_TEXT,
      price: { ...MONEY_INPUT, description: 'Major units, in each product\'s own currency' },
      backorder_policy: BACKORDER_POLICY,
      expected_date: EXPECTED_DATE_INPUT,
    }),
  },
  ['product_ids', 'updates'],
);

const EXPORT_BODY = strictObject({ format: { type: 'string', enum: EXPORT_FORMATS } }, ['format']);

const EXPORT_SCHEMA = strictObject(
  {
    export_id: TEXT,
    format: { type: 'string', enum: EXPORT_FORMATS },
    url: { type: 'string', format: 'uri', description: 'Signed download link; works without a bearer token until expires_at' },
    expires_at: TIMESTAMP,
  },
  ['export_id', 'format', 'url', 'expires_at'],
);

/**
 * The download's query is checked by the signature, not by the schema: a missing, extra or changed parameter is a
 * tampered or malformed link and answers 403, like a bad signature.
 */
const DOWNLOAD_QUERY: JsonSchema = {
  type: 'object',
  properties: {
    format: { description: 'csv or json (signed)' },
    by: { description: 'Who asked for the export (signed)' },
    expires: { description: 'Unix time in seconds after which the link answers 403 (signed)' },
    signature: { description: 'HMAC-SHA256 over the path and every other parameter' },
  },
  additionalProperties: true,
};

const DOWNLOAD_PATH = '/admin/bulk/products/exports/{export_id}';

function downloadPath(exportId: string): string {
  return DOWNLOAD_PATH.replace('{export_id}', encodeURIComponent(exportId));
}

const LINK_REFUSED = 'The download link is invalid or has expired; ask for a new export';

/** Changes across many products, and catalog exports with signed, expiring download links. */
export function bulkRoutes(core: OrderCore, options: BulkRouteOptions): readonly RouteDefinition[] {
  const { signer } = options;
  return [
    defineRoute<BulkUpdateBody>({
      method: 'post',
      path: '/admin/bulk/products/update',
      operationId: 'bulkUpdateProducts',
      summary: 'Change the same fields of many products, all or nothing',
      description: 'Unknown product ids answer 404 with details.missing_ids, and nothing changes.',
      tags: ['Bulk operations'],
      audience: 'staff',
      requiredScope: 'products:write',
      body: BULK_UPDATE_BODY,
      responses: {
        200: { description: 'The updated products, in the order of product_ids', schema: dataEnvelopeSchema({ type: 'array', items: PRODUCT_SCHEMA }) },
      },
      async handle({ body, principal }) {
        const { updates } = body;
        const products = await core.bulkUpdateProducts.execute(
          {
            productIds: body.product_ids,
            updates: {
              status: updates.status,
              category: updates.category,
              price: updates.price,
              backorderPolicy: updates.backorder_policy,
              expectedDate: updates.expected_date,
            },
          },
          principal,
        );
        return { status: 200, body: ok(products.map(presentProduct)) };
      },
    }),
    defineRoute<{ format: ExportFormat }>({
      method: 'post',
      path: '/admin/bulk/products/export',
      operationId: 'exportProducts',
      summary: 'Export the whole catalog as CSV or JSON: answers a signed download link',
      description:
        `The link works without a bearer token (a browser can open it) for ${EXPORT_LINK_TTL_SECONDS / 60} minutes and ` +
        'streams the catalog as it is when downloaded. It carries who asked and reads with products:read only.',
      tags: ['Bulk operations'],
      audience: 'staff',
      requiredScope: 'products:read',
      body: EXPORT_BODY,
      responses: { 200: { description: 'Where to download the export', schema: dataEnvelopeSchema(EXPORT_SCHEMA) } },
      async handle({ body, principal }) {
        // The core decides whether this caller may read the catalog; the iterable is not read here.
        core.exportProducts.execute({}, principal);
        const holder = linkHolder(principal);
        if (holder === null) throw new DomainError('FORBIDDEN', 'Only staff and integrations can export the catalog', {});
        const exportId = `exp_${randomBytes(12).toString('hex')}`;
        const link = signer.sign(downloadPath(exportId), { format: body.format, by: holder }, EXPORT_LINK_TTL_SECONDS);
        return {
          status: 200,
          body: ok({ export_id: exportId, format: body.format, url: link.url, expires_at: link.expiresAt.toISOString() }),
        };
      },
    }),
    defineRoute<Record<string, never>, Record<string, unknown>>({
      method: 'get',
      path: DOWNLOAD_PATH,
      operationId: 'downloadProductExport',
      summary: 'Download a catalog export through its signed link (no bearer token)',
      description: 'Streamed as it is read. A tampered, expired or malformed link answers 403.',
      tags: ['Bulk operations'],
      audience: 'public',
      params: { export_id: { type: 'string', minLength: 1, maxLength: 1024 } },
      query: DOWNLOAD_QUERY,
      responses: {
        200: {
          description: 'The catalog (Content-Disposition: attachment)',
          content: {
            [EXPORT_MEDIA_TYPES.csv]: { type: 'string', description: 'Header row, then one product per row; money in major units' },
            [EXPORT_MEDIA_TYPES.json]: { type: 'array', items: PRODUCT_SCHEMA },
          },
        },
        403: { description: 'The link is tampered, expired or malformed', schema: ERROR_BODY_SCHEMA },
      },
      async handle({ params, query }) {
        const exportId = params['export_id'] ?? '';
        const check = signer.verify(downloadPath(exportId), query);
        if (!check.ok) {
          throw new DomainError('FORBIDDEN', LINK_REFUSED, { reason: check.reason === 'expired' ? 'expired' : 'invalid' });
        }
        const format = check.params['format'];
        const holder = check.params['by'];
        const principal = holder === undefined ? null : linkPrincipal(holder);
        if (principal === null || (format !== 'csv' && format !== 'json') || Object.keys(check.params).length !== 2) {
          // Signed by us but not in a shape this route issues (another feature's link with the same key, say).
          throw new DomainError('FORBIDDEN', LINK_REFUSED, { reason: 'invalid' });
        }
        const products = await primed(core.exportProducts.execute({}, principal));
        return {
          status: 200,
          stream: format === 'csv' ? csvChunks(products) : jsonChunks(products),
          headers: {
            'Content-Type': EXPORT_MEDIA_TYPES[format],
            // X-Content-Type-Options: nosniff and Cache-Control: no-store come with every response of the app.
            'Content-Disposition': `attachment; filename="products-${exportId.replace(/[^A-Za-z0-9_-]/g, '')}.${format}"`,
          },
        };
      },
    }),
  ];
}
