import type { OrderDocument } from '@oms/order-core';
import type request from 'supertest';
import { createHttpApp } from '../create-http-app';
import { UrlSigner } from '../signing/url-signer';
import { fakeHtml, fakePdfSummary, FakeDocumentRenderer, tinyPdf } from '../test-support/fake-document-renderer';
import {
  AS_ADMIN,
  asCustomer,
  bearer,
  createHarness,
  createProduct,
  expectDocumented,
  fieldErrors,
  issueToken,
  orderBody,
  placeOrder,
  PUBLIC_BASE_URL,
  RecordingLogger,
  SIGNING_SECRET,
  signJwt,
  type Harness,
  type HarnessOptions,
} from '../test-support/http-test-harness';
import { DOCUMENT_LINK_TTL_SECONDS } from './document-routes';

const CLERK = bearer(signJwt({ sub: 'clerk', role: 'staff', email: 'clerk@example.com' }));
const READER = bearer(signJwt({ sub: 'reader', role: 'staff', scope: 'orders:read' }));
const CATALOG_ONLY = bearer(signJwt({ sub: 'cat', role: 'staff', scope: 'products:read' }));
const CUSTOMER = asCustomer('cust_123', 'jane@example.com');
const UPS_OK = '1Z999AA10123456784';

function setup(options: HarnessOptions = {}) {
  const renderer = new FakeDocumentRenderer();
  const h = createHarness({ documents: renderer, ...options });
  return { h, renderer };
}

/** An order of 2 units of a new product. */
async function anOrder(h: Harness, overrides: Record<string, unknown> = {}) {
  const product = await createProduct(h, { name: 'Custom Jersey', price: 49.99 });
  return placeOrder(h, orderBody(product.id, overrides));
}

/** The app-relative path and query of a link (the public base URL has a path prefix the app does not see). */
function appPath(url: string): string {
  expect(url.startsWith(`${PUBLIC_BASE_URL}/`)).toBe(true);
  return url.slice(PUBLIC_BASE_URL.length);
}

/** GETs a link without any Authorization header and keeps the body as bytes. */
function download(h: Harness, url: string): request.Test {
  return h.http
    .get(appPath(url))
    .buffer(true)
    .parse((res, done) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => done(null, Buffer.concat(chunks)));
    });
}

function pdfOf(document: OrderDocument): Buffer {
  return Buffer.from(tinyPdf(fakePdfSummary(document)));
}

/** Checks the download headers every PDF carries and that the bytes are the renderer's for `document`. */
function expectPdf(res: request.Response, document: OrderDocument, filename: string): void {
  expect(res.status).toBe(200);
  expect(res.headers['content-type']).toBe('application/pdf');
  expect(res.headers['content-disposition']).toBe(`attachment; filename="${filename}"; filename*=UTF-8''${filename}`);
  expect(res.headers['cache-control']).toBe('private, no-store');
  expect(res.headers['x-content-type-options']).toBe('nosniff');
  const body = res.body as Buffer;
  expect(body.equals(pdfOf(document))).toBe(true);
  expect(res.headers['content-length']).toBe(String(body.length));
  expect(body.subarray(0, 8).toString('latin1')).toBe('%PDF-1.4');
  expect(body.toString('latin1').trimEnd().endsWith('%%EOF')).toBe(true);
}

/** A link signed with the app's key, as the routes would make one (the harness clock is the app's). */
function signedLink(h: Harness, path: string, params: Record<string, string>, ttlSeconds = 60, secret = SIGNING_SECRET): string {
  const signer = new UrlSigner({ secret, baseUrl: PUBLIC_BASE_URL, now: () => h.clock.now().getTime() });
  return signer.sign(path, params, ttlSeconds).url;
}

function withQuery(url: string, change: (query: URLSearchParams) => void): string {
  const parsed = new URL(url);
  change(parsed.searchParams);
  return parsed.toString();
}

describe('GET /admin/packing/slip/{order_id}', () => {
  it('answers the slip as HTML and a signed PDF link that works without a bearer token', async () => {
    const { h, renderer } = setup();
    const order = await anOrder(h);
    const res = await h.http.get(`/admin/packing/slip/${order.id}`).set(READER);
    expect(res.status).toBe(200);
    const slip = renderer.htmlCalls[0] as OrderDocument & { kind: 'packing_slip' };
    expect(slip).toMatchObject({ kind: 'packing_slip', orderId: order.id, orderVersions: { [order.id]: order.version }, itemCount: 2 });
    expect(res.body.data).toEqual({
      order_id: order.id,
      html_content: fakeHtml(slip),
      download_url: expect.stringMatching(new RegExp(`^${PUBLIC_BASE_URL}/files/documents/packing_slip\\?order_id=${order.id}&expires=\\d+&signature=[A-Za-z0-9_-]{43}$`)),
      expires_at: '2026-03-20T12:15:00.000Z',
    });
    expect(res.body.data.html_content).toContain(`&#34;orderId&#34;:&#34;${order.id}&#34;`);
    await expectDocumented(h, 'get', '/admin/packing/slip/{order_id}', res);
    expect(renderer.pdfCalls).toHaveLength(0);

    const file = await download(h, res.body.data.download_url);
    expect(renderer.pdfCalls).toEqual([slip]);
    expectPdf(file, slip, `packing-slip-${slip.reference}.pdf`);
    expect((file.body as Buffer).toString('latin1')).toContain(`kind=packing_slip orders=${order.id}`);
  });

  it('shows the order as it is when the link is opened', async () => {
    const { h, renderer } = setup();
    const order = await anOrder(h);
    const res = await h.http.get(`/admin/packing/slip/${order.id}`).set(AS_ADMIN);
    const confirmed = await h.http.patch(`/admin/orders/${order.id}/status`).set(AS_ADMIN).send({ status: 'confirmed' });
    expect(confirmed.status).toBe(200);
    const file = await download(h, res.body.data.download_url);
    expect(file.status).toBe(200);
    expect(renderer.pdfCalls[0]?.orderVersions).toEqual({ [order.id]: confirmed.body.data.version });
    expect(confirmed.body.data.version).toBeGreaterThan(order.version);
  });

  it('is 404 for an unknown order, 403 for customers and for staff without orders:read, 401 without a token', async () => {
    const { h, renderer } = setup();
    const order = await anOrder(h);
    const missing = await h.http.get('/admin/packing/slip/order_nope').set(AS_ADMIN);
    expect(missing.status).toBe(404);
    expect(missing.body.error.code).toBe('NOT_FOUND');
    const customer = await h.http.get(`/admin/packing/slip/${order.id}`).set(CUSTOMER);
    expect(customer.status).toBe(403);
    expect((await h.http.get(`/admin/packing/invoice/${order.id}`).set(CUSTOMER)).status).toBe(403);
    expect((await h.http.get(`/admin/packing/pick-list?order_ids=${order.id}`).set(CUSTOMER)).status).toBe(403);
    expect((await h.http.post('/admin/fulfillment/labels').set(CUSTOMER).send({ order_ids: [order.id] })).status).toBe(403);
    const catalog = await h.http.get(`/admin/packing/slip/${order.id}`).set(CATALOG_ONLY);
    expect(catalog.status).toBe(403);
    expect(catalog.body.error.details).toEqual({ required_scope: 'orders:read' });
    expect((await h.http.get(`/admin/packing/slip/${order.id}`)).status).toBe(401);
    expect(renderer.calls).toBe(0);
    // Nothing changed on the order.
    expect((await h.http.get(`/admin/orders/${order.id}`).set(AS_ADMIN)).body.data.status).toBe(order.status);
  });

  it('refuses query parameters', async () => {
    const { h } = setup();
    const order = await anOrder(h);
    const res = await h.http.get(`/admin/packing/slip/${order.id}?format=pdf`).set(AS_ADMIN);
    expect(res.status).toBe(422);
    expect(fieldErrors(res.body)).toContainEqual({ field: 'format', message: 'is not allowed' });
  });
});

describe('GET /admin/packing/invoice/{order_id}', () => {
  it('numbers the invoice once: the same number on every call and in the PDF', async () => {
    const { h, renderer } = setup({ documentSettings: { invoicePrefix: 'INV-' } });
    const first = await anOrder(h);
    const second = await anOrder(h);
    const a = await h.http.get(`/admin/packing/invoice/${first.id}`).set(READER);
    expect(a.status).toBe(200);
    expect(a.body.data).toEqual({
      order_id: first.id,
      invoice_number: 'INV-000001',
      html_content: fakeHtml(renderer.htmlCalls[0] as OrderDocument),
      download_url: expect.stringMatching(new RegExp(`^${PUBLIC_BASE_URL}/files/documents/invoice\\?order_id=${first.id}&expires=`)),
      expires_at: expect.any(String),
    });
    await expectDocumented(h, 'get', '/admin/packing/invoice/{order_id}', a);
    const b = await h.http.get(`/admin/packing/invoice/${second.id}`).set(READER);
    expect(b.body.data.invoice_number).toBe('INV-000002');
    h.clock.advance(24 * 60 * 60 * 1000);
    const again = await h.http.get(`/admin/packing/invoice/${first.id}`).set(READER);
    expect(again.body.data.invoice_number).toBe('INV-000001');
    expect(again.body.data.html_content).toBe(a.body.data.html_content);

    const file = await download(h, again.body.data.download_url);
    const invoice = renderer.pdfCalls[0] as OrderDocument & { kind: 'invoice' };
    expect(invoice).toMatchObject({ kind: 'invoice', invoiceNumber: 'INV-000001', orderId: first.id });
    expectPdf(file, invoice, 'invoice-INV-000001.pdf');
    expect((file.body as Buffer).toString('latin1')).toContain('invoice=INV-000001');
  });
});

describe('GET /files/documents/{kind}', () => {
  it('answers 403 to tampered, forged, malformed and expired links and renders nothing', async () => {
    const { h, renderer } = setup();
    const order = await anOrder(h);
    const other = await anOrder(h);
    const url = (await h.http.get(`/admin/packing/slip/${order.id}`).set(AS_ADMIN)).body.data.download_url as string;
    const refused = [
      withQuery(url, (q) => q.set('order_id', other.id)),
      withQuery(url, (q) => q.delete('signature')),
      withQuery(url, (q) => q.delete('expires')),
      withQuery(url, (q) => q.set('expires', String(Number(q.get('expires')) + 3600))),
      withQuery(url, (q) => q.set('signature', `${(q.get('signature') ?? '').slice(0, 42)}A`)),
      withQuery(url, (q) => q.append('extra', '1')),
      withQuery(url, (q) => q.append('order_id', other.id)),
      url.replace('/files/documents/packing_slip', '/files/documents/invoice'),
      url.replace('/files/documents/packing_slip', '/files/documents/nothing'),
      // Forged: the right shape, another key.
      signedLink(h, `/files/documents/packing_slip`, { order_id: other.id }, 60, 'another-secret-0123456789abcdef'),
      // Signed with the app's key, but not in a shape these routes issue.
      signedLink(h, `/files/documents/packing_slip`, { order_ids: order.id }),
      signedLink(h, `/files/documents/pick_list`, { order_ids: order.id, format: 'html' }),
      signedLink(h, `/files/documents/packing_slip`, { order_id: '' }),
      signedLink(h, `/files/documents/shipping_labels`, { order_ids: order.id, shipment_ids: 'shp_1' }),
      signedLink(h, `/qr/orders/${order.id}`, {}).replace(`/qr/orders/${order.id}`, '/files/documents/packing_slip'),
    ];
    for (const link of refused) {
      const res = await download(h, link);
      expect({ link, status: res.status }).toEqual({ link, status: 403 });
      const body = JSON.parse((res.body as Buffer).toString('utf8'));
      expect(body.error).toMatchObject({ code: 'FORBIDDEN', details: { reason: 'invalid' } });
    }
    expect(renderer.pdfCalls).toHaveLength(0);

    // The genuine link still works; expired (by the app's clock), it does not.
    expect((await download(h, url)).status).toBe(200);
    expect(renderer.pdfCalls).toHaveLength(1);
    h.clock.advance(DOCUMENT_LINK_TTL_SECONDS * 1000);
    const expired = await download(h, url);
    expect(expired.status).toBe(403);
    expect(JSON.parse((expired.body as Buffer).toString('utf8')).error.details).toEqual({ reason: 'expired' });
    expect(renderer.pdfCalls).toHaveLength(1);
    await expectDocumented(h, 'get', '/files/documents/{kind}', { ...expired, body: JSON.parse((expired.body as Buffer).toString('utf8')) } as request.Response);
  });

  it('runs as the link, not as a user: a bearer token changes nothing and is not needed', async () => {
    const { h, renderer } = setup();
    const order = await anOrder(h);
    const url = (await h.http.get(`/admin/packing/slip/${order.id}`).set(AS_ADMIN)).body.data.download_url as string;
    const asCustomer = await h.http.get(appPath(url)).set(CUSTOMER).buffer(true);
    expect(asCustomer.status).toBe(200);
    const bad = await h.http.get(appPath(withQuery(url, (q) => q.set('order_id', 'x')))).set(AS_ADMIN);
    expect(bad.status).toBe(403);
    expect(renderer.pdfCalls).toHaveLength(1);
  });

  it('answers 404 when an order of the link is gone and HEAD without a body', async () => {
    const { h } = setup();
    const order = await anOrder(h);
    const gone = await download(h, signedLink(h, '/files/documents/invoice', { order_id: 'order_gone' }));
    expect(gone.status).toBe(404);
    const url = (await h.http.get(`/admin/packing/slip/${order.id}`).set(AS_ADMIN)).body.data.download_url as string;
    const head = await h.http.head(appPath(url));
    expect(head.status).toBe(200);
    expect(head.headers['content-type']).toBe('application/pdf');
  });

  it('honours documentLinkTtlSeconds', async () => {
    const { h } = setup({ documentLinkTtlSeconds: 60 });
    const order = await anOrder(h);
    const res = await h.http.get(`/admin/packing/slip/${order.id}`).set(AS_ADMIN);
    expect(res.body.data.expires_at).toBe('2026-03-20T12:01:00.000Z');
    h.clock.advance(59_000);
    expect((await download(h, res.body.data.download_url)).status).toBe(200);
    h.clock.advance(1_000);
    expect((await download(h, res.body.data.download_url)).status).toBe(403);
  });
});

describe('GET /admin/packing/pick-list', () => {
  it('counts orders and units for three orders and links to the PDF; format=html adds the HTML', async () => {
    const { h, renderer } = setup();
    const orders = [await anOrder(h), await anOrder(h), await anOrder(h)];
    const ids = orders.map((o) => o.id).join(',');
    const res = await h.http.get(`/admin/packing/pick-list?order_ids=${ids}`).set(READER);
    expect(res.status).toBe(200);
    expect(res.body.data).toEqual({
      pick_list_id: expect.stringMatching(/^pick_/),
      order_count: 3,
      item_count: 6,
      download_url: expect.stringMatching(new RegExp(`^${PUBLIC_BASE_URL}/files/documents/pick_list\\?order_ids=${encodeURIComponent(ids)}&expires=`)),
      expires_at: '2026-03-20T12:15:00.000Z',
    });
    expect(renderer.calls).toBe(0);
    await expectDocumented(h, 'get', '/admin/packing/pick-list', res);

    const html = await h.http.get(`/admin/packing/pick-list?order_ids=${ids}&format=html`).set(READER);
    expect(html.status).toBe(200);
    expect(html.body.data.pick_list_id).toBe(res.body.data.pick_list_id);
    expect(html.body.data.html_content).toBe(fakeHtml(renderer.htmlCalls[0] as OrderDocument));
    await expectDocumented(h, 'get', '/admin/packing/pick-list', html);

    const file = await download(h, res.body.data.download_url);
    const list = renderer.pdfCalls[0] as OrderDocument & { kind: 'pick_list' };
    expect(list).toMatchObject({ kind: 'pick_list', orderCount: 3, itemCount: 6, pickListId: res.body.data.pick_list_id });
    expectPdf(file, list, `pick-list-${list.pickListId}.pdf`);
    expect((file.body as Buffer).toString('latin1')).toContain(`kind=pick_list orders=${ids}`);
  });

  it('names missing orders in a 404 and checks the query', async () => {
    const { h, renderer } = setup();
    const order = await anOrder(h);
    const missing = await h.http.get(`/admin/packing/pick-list?order_ids=${order.id},order_a,order_b`).set(AS_ADMIN);
    expect(missing.status).toBe(404);
    expect(missing.body.error.message).toContain('order_a, order_b');
    expect(missing.body.error.details).toEqual({ missing: ['order_a', 'order_b'] });
    expect((await h.http.get('/admin/packing/pick-list').set(AS_ADMIN)).status).toBe(422);
    expect((await h.http.get('/admin/packing/pick-list?order_ids=').set(AS_ADMIN)).status).toBe(422);
    const tooMany = Array.from({ length: 201 }, (_, i) => `o${i}`).join(',');
    const many = await h.http.get(`/admin/packing/pick-list?order_ids=${tooMany}`).set(AS_ADMIN);
    expect(many.status).toBe(422);
    expect(fieldErrors(many.body)).toContainEqual({ field: 'order_ids', message: 'must list 1 to 200 ids' });
    const format = await h.http.get(`/admin/packing/pick-list?order_ids=${order.id}&format=docx`).set(AS_ADMIN);
    expect(format.status).toBe(422);
    expect(fieldErrors(format.body)).toContainEqual({ field: 'format', message: 'must be one of pdf, html' });
    const unknown = await h.http.get(`/admin/packing/pick-list?order_ids=${order.id}&sort=sku`).set(AS_ADMIN);
    expect(unknown.status).toBe(422);
    expect(fieldErrors(unknown.body)).toContainEqual({ field: 'sort', message: 'is not allowed' });
    expect(renderer.calls).toBe(0);
  });
});

describe('POST /admin/fulfillment/labels', () => {
  it('prints labels for orders, marks them packed, and links to the PDF', async () => {
    const { h, renderer } = setup();
    const a = await anOrder(h);
    const b = await anOrder(h);
    const res = await h.http.post('/admin/fulfillment/labels').set(CLERK).send({ order_ids: [a.id, b.id, a.id] });
    expect(res.status).toBe(200);
    expect(res.body.data).toEqual({
      label_batch_id: expect.stringMatching(/^lbl_/),
      count: 2,
      download_url: expect.stringMatching(new RegExp(`^${PUBLIC_BASE_URL}/files/documents/shipping_labels\\?order_ids=${encodeURIComponent(`${a.id},${b.id}`)}&expires=`)),
      expires_at: expect.any(String),
    });
    await expectDocumented(h, 'post', '/admin/fulfillment/labels', res);
    for (const order of [a, b]) {
      expect((await h.http.get(`/admin/orders/${order.id}`).set(AS_ADMIN)).body.data.status).toBe('packed');
    }
    expect(renderer.calls).toBe(0);

    const file = await download(h, res.body.data.download_url);
    const batch = renderer.pdfCalls[0] as OrderDocument & { kind: 'shipping_labels' };
    expect(batch.labelBatchId).toBe(res.body.data.label_batch_id);
    expect(batch.labels.map((l) => l.orderId)).toEqual([a.id, b.id]);
    expectPdf(file, batch, `labels-${batch.labelBatchId}.pdf`);
  });

  it('never packs anything when a labels link is opened', async () => {
    const { h, renderer } = setup();
    const order = await anOrder(h);
    const file = await download(h, signedLink(h, '/files/documents/shipping_labels', { order_ids: order.id }));
    expect(file.status).toBe(200);
    expect(renderer.pdfCalls[0]).toMatchObject({ kind: 'shipping_labels', labels: [{ orderId: order.id }] });
    const after = (await h.http.get(`/admin/orders/${order.id}`).set(AS_ADMIN)).body.data;
    expect(after.status).toBe(order.status);
    expect(after.version).toBe(order.version);
  });

  it('prints labels for shipments (their tracking numbers) without changing anything', async () => {
    const { h, renderer } = setup();
    const order = await anOrder(h);
    const shipped = await h.http.post('/admin/fulfillment/ship').set(CLERK).send({ order_id: order.id, carrier: 'UPS', tracking_number: UPS_OK });
    expect(shipped.status).toBe(200);
    const shipmentId = shipped.body.data.shipment.id as string;
    const res = await h.http.post('/admin/fulfillment/labels').set(READER).send({ shipment_ids: [shipmentId] });
    expect(res.status).toBe(200);
    expect(res.body.data.count).toBe(1);
    expect(res.body.data.download_url).toContain(`/files/documents/shipping_labels?shipment_ids=${shipmentId}&`);
    const file = await download(h, res.body.data.download_url);
    expect(file.status).toBe(200);
    expect(renderer.pdfCalls[0]).toMatchObject({ kind: 'shipping_labels', labels: [{ barcode: UPS_OK, trackingNumber: UPS_OK }] });
    expect((await h.http.get(`/admin/orders/${order.id}`).set(AS_ADMIN)).body.data.version).toBe(shipped.body.data.version);
    const unknown = await h.http.post('/admin/fulfillment/labels').set(AS_ADMIN).send({ shipment_ids: ['shp_nope'] });
    expect(unknown.status).toBe(404);
    expect(unknown.body.error.details).toEqual({ missing: ['shp_nope'] });
  });

  it('takes exactly one of shipment_ids and order_ids, nothing else; packing needs fulfillment:write', async () => {
    const { h, renderer } = setup();
    const order = await anOrder(h);
    const both = await h.http.post('/admin/fulfillment/labels').set(AS_ADMIN).send({ shipment_ids: ['shp_1'], order_ids: [order.id] });
    expect(both.status).toBe(422);
    expect(fieldErrors(both.body)).toEqual([{ field: 'shipment_ids', message: 'give either shipment_ids or order_ids, not both' }]);
    expect((await h.http.post('/admin/fulfillment/labels').set(AS_ADMIN).send({})).status).toBe(422);
    const unknown = await h.http.post('/admin/fulfillment/labels').set(AS_ADMIN).send({ order_ids: [order.id], mark_packed: false });
    expect(unknown.status).toBe(422);
    expect(fieldErrors(unknown.body)).toContainEqual({ field: 'mark_packed', message: 'is not allowed' });
    expect((await h.http.post('/admin/fulfillment/labels').set(AS_ADMIN).send({ order_ids: [] })).status).toBe(422);
    const reader = await h.http.post('/admin/fulfillment/labels').set(bearer(await issueToken(h, ['orders:read']))).send({ order_ids: [order.id] });
    expect(reader.status).toBe(403);
    expect(reader.body.error.details).toEqual({ required_scope: 'fulfillment:write' });
    const missing = await h.http.post('/admin/fulfillment/labels').set(AS_ADMIN).send({ order_ids: [order.id, 'order_nope'] });
    expect(missing.status).toBe(404);
    expect(missing.body.error.details).toEqual({ missing: ['order_nope'] });
    // None of that packed the order.
    expect((await h.http.get(`/admin/orders/${order.id}`).set(AS_ADMIN)).body.data.status).toBe(order.status);
    expect(renderer.calls).toBe(0);
  });
});

describe('without a document renderer', () => {
  it('answers 503 DOCUMENTS_UNAVAILABLE on every document route and changes nothing', async () => {
    const h = createHarness();
    const order = await anOrder(h);
    const answers = [
      await h.http.get(`/admin/packing/slip/${order.id}`).set(AS_ADMIN),
      await h.http.get(`/admin/packing/invoice/${order.id}`).set(AS_ADMIN),
      await h.http.get(`/admin/packing/pick-list?order_ids=${order.id}`).set(AS_ADMIN),
      await h.http.post('/admin/fulfillment/labels').set(AS_ADMIN).send({ order_ids: [order.id] }),
      await h.http.get(appPath(signedLink(h, '/files/documents/packing_slip', { order_id: order.id }))),
    ];
    for (const res of answers) {
      expect(res.status).toBe(503);
      expect(res.body.error).toEqual({ code: 'DOCUMENTS_UNAVAILABLE', message: expect.stringContaining('no document renderer'), details: {} });
    }
    await expectDocumented(h, 'get', '/admin/packing/slip/{order_id}', answers[0] as request.Response);
    const after = (await h.http.get(`/admin/orders/${order.id}`).set(AS_ADMIN)).body.data;
    expect(after.status).toBe(order.status);
    // A bad link is still a bad link; requests are still validated first.
    expect((await h.http.get(`/files/documents/packing_slip?order_id=${order.id}`)).status).toBe(403);
    expect((await h.http.post('/admin/fulfillment/labels').set(AS_ADMIN).send({ order_ids: [order.id], shipment_ids: ['s'] })).status).toBe(422);
    expect((await h.http.get('/healthz')).status).toBe(200);
  });

  it('refuses a link lifetime that is not a positive whole number of seconds at start-up', () => {
    const h = createHarness();
    for (const documentLinkTtlSeconds of [0, -1, 1.5, Number.NaN]) {
      expect(() =>
        createHttpApp({
          core: h.core,
          authenticator: { authenticate: async () => ({ kind: 'public' }) },
          logger: new RecordingLogger(),
          health: async () => undefined,
          publicBaseUrl: PUBLIC_BASE_URL,
          signingSecret: SIGNING_SECRET,
          documentLinkTtlSeconds,
        }),
      ).toThrow(/documentLinkTtlSeconds/);
    }
  });
});
