import Ajv from 'ajv';
import addFormats from 'ajv-formats';
import { CHANGE_STATUS_BODY, LIST_ORDERS_QUERY, PLACE_ORDER_BODY } from '../native/order-schemas';
import { CREATE_PRODUCT_BODY } from '../native/product-schemas';
import { UPLOAD_ATTACHMENT_FIELDS } from '../native/attachment-schemas';
import { AS_ADMIN, createHarness } from '../test-support/http-test-harness';

interface Operation {
  operationId: string;
  parameters?: { name: string; in: string; required: boolean; schema: object }[];
  requestBody?: { content: Record<string, { schema: object }> };
  responses: Record<string, { $ref?: string; content?: Record<string, { schema: object }> }>;
  security: Record<string, string[]>[];
  'x-required-scope'?: string;
  'x-audience'?: string;
}

interface Doc {
  openapi: string;
  paths: Record<string, Record<string, Operation>>;
  components: { responses: Record<string, unknown>; schemas: Record<string, object>; securitySchemes: Record<string, unknown> };
}

async function fetchDoc() {
  const h = createHarness();
  const res = await h.http.get('/openapi.json');
  expect(res.status).toBe(200);
  expect(res.headers['content-type']).toMatch(/^application\/json/);
  return { h, doc: res.body as Doc };
}

function operations(doc: Doc): [string, string, Operation][] {
  return Object.entries(doc.paths).flatMap(([path, methods]) => Object.entries(methods).map(([method, op]) => [path, method, op] as [string, string, Operation]));
}

describe('GET /openapi.json', () => {
  it('is an OpenAPI 3.1 document listing every native endpoint once', async () => {
    const { doc } = await fetchDoc();
    expect(doc.openapi).toBe('3.1.0');
    const listed = operations(doc).map(([path, method]) => `${method.toUpperCase()} ${path}`).sort();
    expect(listed).toEqual(
      [
        'GET /healthz',
        'GET /openapi.json',
        'POST /admin/products',
        'GET /admin/products',
        'GET /admin/products/{id}',
        'PATCH /admin/products/{id}',
        'POST /admin/orders',
        'GET /admin/orders',
        'GET /admin/orders/counts',
        'GET /admin/orders/{order_id}',
        'PATCH /admin/orders/{order_id}/status',
        'PUT /admin/orders/{order_id}/status',
        'POST /admin/orders/{order_id}/cancel',
        'PATCH /admin/orders/{order_id}',
        'GET /admin/orders/{order_id}/notes',
        'POST /admin/orders/{order_id}/notes',
        'GET /admin/orders/{order_id}/timeline',
        'GET /admin/orders/{order_id}/attachments',
        'POST /admin/orders/{order_id}/attachments',
        'GET /admin/orders/{order_id}/attachments/{attachment_id}',
        'PATCH /admin/orders/{order_id}/attachments/{attachment_id}',
        'DELETE /admin/orders/{order_id}/attachments/{attachment_id}',
        'GET /admin/orders/{order_id}/attachments/{attachment_id}/download',
        'POST /admin/warehouses',
        'GET /admin/warehouses',
        'PATCH /admin/warehouses/{id}',
        'GET /admin/inventory',
        'POST /admin/inventory-history/bulk-adjust',
        'GET /admin/inventory-history',
        'GET /admin/backorders',
        'POST /admin/backorders/{item_id}/allocate',
        'POST /admin/backorders/auto-allocate',
        'GET /admin/preorders',
        'POST /admin/preorders/allocate',
        'POST /admin/bulk/products/update',
        'POST /admin/bulk/products/export',
        'GET /admin/bulk/products/exports/{export_id}',
        'POST /admin/coupons',
        'GET /admin/coupons',
        'PATCH /admin/coupons/{code}',
        'POST /admin/orders/{order_id}/payments',
        'POST /admin/orders/{order_id}/refund',
        'GET /admin/orders/{order_id}/payments',
        'GET /admin/orders/{order_id}/qr',
        'GET /orders',
        'POST /orders',
        'GET /orders/{order_id}',
        'GET /orders/{order_id}/qr',
        'GET /cart',
        'POST /cart/items',
        'PATCH /cart/items/{product_id}',
        'DELETE /cart/items/{product_id}',
        'POST /cart/coupon',
        'DELETE /cart/coupon',
        'POST /cart/checkout',
        'GET /api/track-order',
        'GET /track/{order_id}',
        'GET /qr/orders/{order_id}',
        'POST /admin/fulfillment/ship',
        'POST /admin/fulfillment/bulk-dispatch',
        'POST /admin/fulfillment/push',
        'POST /admin/fulfillment/assign',
        'GET /admin/shipments',
        'GET /admin/shipments/{shipment_id}',
        'POST /admin/shipments/{shipment_id}/cancel',
        'GET /admin/jobs',
        'GET /admin/jobs/{job_id}',
        'POST /admin/scan',
        'GET /courier/deliveries',
        'POST /courier/deliveries/{order_id}/delivered',
        'POST /courier/deliveries/{order_id}/failed',
        'POST /webhooks/carriers/{carrier}',
        'GET /admin/packing/slip/{order_id}',
        'GET /admin/packing/invoice/{order_id}',
        'GET /admin/packing/pick-list',
        'POST /admin/fulfillment/labels',
        'GET /files/documents/{kind}',
      ].sort(),
    );
    const ids = operations(doc).map(([, , op]) => op.operationId);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('documents requests with the very schemas that validate them', async () => {
    const { doc } = await fetchDoc();
    expect(doc.paths['/admin/orders']?.['post']?.requestBody?.content['application/json']?.schema).toEqual(PLACE_ORDER_BODY);
    expect(doc.paths['/admin/products']?.['post']?.requestBody?.content['application/json']?.schema).toEqual(CREATE_PRODUCT_BODY);
    expect(doc.paths['/admin/orders/{order_id}/status']?.['patch']?.requestBody?.content['application/json']?.schema).toEqual(CHANGE_STATUS_BODY);
    const query = doc.paths['/admin/orders']?.['get']?.parameters?.filter((p) => p.in === 'query') ?? [];
    expect(query.map((p) => p.name)).toEqual(Object.keys(LIST_ORDERS_QUERY.properties ?? {}));
    expect(query.find((p) => p.name === 'limit')?.schema).toEqual(LIST_ORDERS_QUERY.properties?.['limit']);
    const headers = doc.paths['/admin/orders']?.['post']?.parameters?.filter((p) => p.in === 'header').map((p) => p.name);
    expect(headers).toEqual(['Idempotency-Key']);
    const path = doc.paths['/admin/orders/{order_id}']?.['get']?.parameters?.filter((p) => p.in === 'path');
    expect(path).toEqual([{ name: 'order_id', in: 'path', required: true, schema: expect.any(Object) }]);
  });

  it('documents the upload as multipart/form-data: the validated text fields first, then the file part', async () => {
    const { doc } = await fetchDoc();
    const op = doc.paths['/admin/orders/{order_id}/attachments']?.['post'];
    expect(Object.keys(op?.requestBody?.content ?? {})).toEqual(['multipart/form-data']);
    const schema = op?.requestBody?.content['multipart/form-data']?.schema as { properties: Record<string, object>; required: string[] };
    expect(Object.keys(schema.properties)).toEqual([...Object.keys(UPLOAD_ATTACHMENT_FIELDS.properties ?? {}), 'file']);
    expect(schema.properties['kind']).toEqual(UPLOAD_ATTACHMENT_FIELDS.properties?.['kind']);
    expect(schema.required).toEqual(['file']);
    expect(op?.responses['413']).toEqual({ $ref: '#/components/responses/PayloadTooLarge' });
    expect(op?.responses['415']).toEqual({ $ref: '#/components/responses/UnsupportedMediaType' });
    expect(op?.['x-required-scope']).toBe('orders:write');
    const download = doc.paths['/admin/orders/{order_id}/attachments/{attachment_id}/download']?.['get'];
    expect(download?.security).toEqual([{ bearerAuth: ['orders:read'] }]);
  });

  it('marks admin endpoints as bearer-protected with their scope, portal and courier ones as bearer-protected, public ones as open', async () => {
    const { doc } = await fetchDoc();
    expect(doc.components.securitySchemes).toHaveProperty('bearerAuth');
    // Signed download links are opened by browsers, without a bearer token: the signature is the credential.
    const signedLinks = ['/admin/bulk/products/exports/{export_id}', '/qr/orders/{order_id}'];
    const portal = /^\/(orders|cart)(\/|$)/;
    for (const [path, , op] of operations(doc)) {
      if (path.startsWith('/admin/') && !signedLinks.includes(path)) {
        expect(op.security).toEqual([{ bearerAuth: [op['x-required-scope']] }]);
        expect(op.responses['401']).toEqual({ $ref: '#/components/responses/Unauthenticated' });
        expect(op['x-audience']).toBe('staff');
      } else if (portal.test(path)) {
        // Customers hold no scopes: the core scopes every portal call to the customer in the token.
        expect(op.security).toEqual([{ bearerAuth: [] }]);
        expect(op.responses['401']).toEqual({ $ref: '#/components/responses/Unauthenticated' });
        expect(op['x-audience']).toBe('customer');
      } else if (path.startsWith('/courier/')) {
        // Couriers hold no scopes either: the core scopes every call to the courier in the token.
        expect(op.security).toEqual([{ bearerAuth: [] }]);
        expect(op.responses['401']).toEqual({ $ref: '#/components/responses/Unauthenticated' });
        expect(op['x-audience']).toBe('courier');
      } else {
        expect(op.security).toEqual([]);
        expect(op['x-audience']).toBe('public');
      }
    }
    const track = doc.paths['/api/track-order']?.['get'];
    expect(Object.keys(track?.responses ?? {}).sort()).toEqual(['200', '404', '422', '429', '500']);
    expect(track?.responses['429']?.content?.['application/json']).toBeDefined();
    expect(doc.paths['/admin/orders']?.['post']?.['x-required-scope']).toBe('orders:write');
    expect(doc.paths['/admin/orders']?.['get']?.['x-required-scope']).toBe('orders:read');
    expect(doc.paths['/admin/inventory']?.['get']?.['x-required-scope']).toBe('inventory:read');
    expect(doc.paths['/admin/inventory-history/bulk-adjust']?.['post']?.['x-required-scope']).toBe('inventory:write');
    const download = doc.paths['/admin/bulk/products/exports/{export_id}']?.['get'];
    expect(download?.security).toEqual([]);
    expect(Object.keys(download?.responses['200']?.content ?? {}).sort()).toEqual(['application/json; charset=utf-8', 'text/csv; charset=utf-8']);
    expect(download?.responses['403']?.content?.['application/json']).toBeDefined();
    // Carrier webhooks authenticate by a signature over the raw body: no bearer, any media type, a documented 401.
    const webhook = doc.paths['/webhooks/carriers/{carrier}']?.['post'];
    expect(webhook?.security).toEqual([]);
    expect(Object.keys(webhook?.requestBody?.content ?? {})).toEqual(['*/*']);
    expect(Object.keys(webhook?.responses ?? {}).sort()).toEqual(['200', '400', '401', '404', '409', '413', '422', '500']);
    expect(doc.paths['/admin/fulfillment/ship']?.['post']?.responses['502']?.content?.['application/json']).toBeDefined();
    expect(doc.paths['/admin/fulfillment/ship']?.['post']?.['x-required-scope']).toBe('fulfillment:write');
    expect(doc.paths['/admin/shipments']?.['get']?.['x-required-scope']).toBe('orders:read');
    // Document PDFs are signed links too; the document routes document their 503 (no renderer on this server).
    const pdf = doc.paths['/files/documents/{kind}']?.['get'];
    expect(pdf?.security).toEqual([]);
    expect(Object.keys(pdf?.responses['200']?.content ?? {})).toEqual(['application/pdf']);
    expect(pdf?.responses['403']?.content?.['application/json']).toBeDefined();
    expect(doc.paths['/admin/fulfillment/labels']?.['post']?.['x-required-scope']).toBe('fulfillment:write');
    expect(doc.paths['/admin/packing/pick-list']?.['get']?.['x-required-scope']).toBe('orders:read');
    expect(doc.paths['/admin/packing/slip/{order_id}']?.['get']?.responses['503']?.content?.['application/json']).toBeDefined();
  });

  it('has only schemas ajv accepts in strict mode and only references that resolve', async () => {
    const { doc } = await fetchDoc();
    const ajv = addFormats(new Ajv({ strict: true, allowUnionTypes: true }));
    const text = JSON.stringify(doc);
    for (const [, ref] of text.matchAll(/"\$ref":"#\/components\/([a-zA-Z]+)\/([A-Za-z]+)"/g)) {
      expect(Object.keys(doc.components)).toContain(ref);
    }
    for (const [, name] of text.matchAll(/"\$ref":"#\/components\/responses\/([A-Za-z]+)"/g)) {
      expect(doc.components.responses).toHaveProperty(name as string);
    }
    let compiled = 0;
    for (const [, , op] of operations(doc)) {
      const schemas = [
        ...Object.values(op.requestBody?.content ?? {}).map((c) => c.schema),
        ...(op.parameters ?? []).map((p) => p.schema),
        ...Object.values(op.responses).flatMap((r) => Object.values(r.content ?? {}).map((c) => c.schema)),
      ];
      for (const schema of schemas) {
        expect(() => ajv.compile(schema)).not.toThrow();
        compiled += 1;
      }
    }
    expect(compiled).toBeGreaterThan(30);
  });

  it('describes the error body every failure has', async () => {
    const { h, doc } = await fetchDoc();
    const validate = addFormats(new Ajv({ strict: true, allowUnionTypes: true })).compile(doc.components.schemas['Error'] as object);
    const failures = await Promise.all([
      h.http.get('/admin/orders'),
      h.http.get('/admin/orders?limit=0').set(AS_ADMIN),
      h.http.get('/admin/orders/order_x').set(AS_ADMIN),
      h.http.get('/nowhere'),
    ]);
    for (const res of failures) {
      expect(validate(res.body)).toBe(true);
    }
    expect(validate({ success: false, error: { code: 'MADE_UP', message: 'x', details: {} } })).toBe(false);
  });

  it('documents only routes that are served', async () => {
    const { h, doc } = await fetchDoc();
    for (const [path, method] of operations(doc)) {
      const url = path.replace(/\{[^}]+\}/g, 'missing');
      const res = await h.http[method as 'get' | 'post' | 'put' | 'patch'](url).set(AS_ADMIN);
      expect({ method, path, code: res.body?.error?.code }).not.toEqual({ method, path, code: 'ROUTE_NOT_FOUND' });
    }
  });
});
