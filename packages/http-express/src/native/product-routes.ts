import type { BackorderPolicy, OrderCore, ProductChanges, ProductStatus } from '@oms/order-core';
import { defineRoute, type ResponseDoc, type RouteDefinition } from '../routing/route-definition';
import { entityTag, expectedVersionFromIfMatch } from './entity-tag';
import { dataEnvelopeSchema, ok, okPage, pageEnvelopeSchema } from './native-envelope';
import { presentProduct } from './product-presenter';
import { CREATE_PRODUCT_BODY, LIST_PRODUCTS_QUERY, PRODUCT_SCHEMA, UPDATE_PRODUCT_BODY } from './product-schemas';
import { ETAG_HEADER_DOC, IF_MATCH_HEADER_DOC } from './header-docs';

interface ProductBody {
  readonly sku?: string;
  readonly name?: string;
  readonly description?: string | null;
  readonly price?: number | string;
  readonly currency?: string;
  readonly status?: ProductStatus;
  readonly category?: string | null;
  readonly backorder_policy?: BackorderPolicy;
  readonly expected_date?: string | null;
}

interface ListProductsQuery {
  readonly status?: ProductStatus;
  readonly category?: string;
  readonly q?: string;
  readonly limit?: number;
  readonly offset?: number;
}

const ONE_PRODUCT: ResponseDoc = {
  description: 'The product',
  schema: dataEnvelopeSchema(PRODUCT_SCHEMA),
  headers: { ETag: ETAG_HEADER_DOC },
};

/** The native catalog endpoints: thin translations between snake_case JSON and the product use cases. */
export function productRoutes(core: OrderCore): readonly RouteDefinition[] {
  return [
    defineRoute<ProductBody & { sku: string; name: string; price: number | string }>({
      method: 'post',
      path: '/admin/products',
      operationId: 'createProduct',
      summary: 'Create a product',
      tags: ['Products'],
      audience: 'staff',
      requiredScope: 'products:write',
      body: CREATE_PRODUCT_BODY,
      responses: { 201: { ...ONE_PRODUCT, description: 'The created product' } },
      async handle({ body, principal }) {
        const product = await core.createProduct.execute({ ...productFields(body), sku: body.sku, name: body.name, price: body.price }, principal);
        return {
          status: 201,
          body: ok(presentProduct(product)),
          headers: { ETag: entityTag(product.version), Location: `/admin/products/${encodeURIComponent(product.id)}` },
        };
      },
    }),
    defineRoute<Record<string, never>, ListProductsQuery>({
      method: 'get',
      path: '/admin/products',
      operationId: 'listProducts',
      summary: 'List products, newest first, with filters and paging',
      tags: ['Products'],
      audience: 'staff',
      requiredScope: 'products:read',
      query: LIST_PRODUCTS_QUERY,
      responses: { 200: { description: 'A page of products', schema: pageEnvelopeSchema(PRODUCT_SCHEMA) } },
      async handle({ query, principal }) {
        const page = await core.listProducts.execute(
          { status: query.status, category: query.category, search: query.q, limit: query.limit, offset: query.offset },
          principal,
        );
        return {
          status: 200,
          body: okPage(page.items.map(presentProduct), { total: page.total, limit: page.limit, offset: page.offset, next_cursor: null }),
        };
      },
    }),
    defineRoute({
      method: 'get',
      path: '/admin/products/{id}',
      operationId: 'getProduct',
      summary: 'Get one product',
      tags: ['Products'],
      audience: 'staff',
      requiredScope: 'products:read',
      responses: { 200: ONE_PRODUCT },
      async handle({ params, principal }) {
        const product = await core.getProduct.execute({ productId: params['id'] ?? '' }, principal);
        return { status: 200, body: ok(presentProduct(product)), headers: { ETag: entityTag(product.version) } };
      },
    }),
    defineRoute<ProductBody>({
      method: 'patch',
      path: '/admin/products/{id}',
      operationId: 'updateProduct',
      summary: 'Change some fields of a product',
      tags: ['Products'],
      audience: 'staff',
      requiredScope: 'products:write',
      headers: { 'If-Match': IF_MATCH_HEADER_DOC },
      body: UPDATE_PRODUCT_BODY,
      responses: { 200: { ...ONE_PRODUCT, description: 'The updated product' } },
      async handle({ params, body, principal, header }) {
        const changes: ProductChanges = productFields(body);
        const product = await core.updateProduct.execute(
          { productId: params['id'] ?? '', changes, expectedVersion: expectedVersionFromIfMatch(header('if-match')) },
          principal,
        );
        return { status: 200, body: ok(presentProduct(product)), headers: { ETag: entityTag(product.version) } };
      },
    }),
  ];
}

/** snake_case body -> the core's field names; absent fields stay absent (undefined means "not given"). */
function productFields(body: ProductBody): ProductChanges {
  return {
    sku: body.sku,
    name: body.name,
    description: body.description,
    price: body.price,
    currency: body.currency,
    status: body.status,
    category: body.category,
    backorderPolicy: body.backorder_policy,
    expectedDate: body.expected_date,
  };
}
