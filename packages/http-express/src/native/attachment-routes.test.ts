import { createHash } from 'node:crypto';
import type { Response } from 'supertest';
import {
  AS_ADMIN,
  bearer,
  createHarness,
  createProduct,
  expectDocumented,
  fieldErrors,
  issueToken,
  multipartBody,
  MULTIPART_CONTENT_TYPE,
  orderBody,
  placeOrder,
  pngBytes,
  signJwt,
  upload,
  type Harness,
} from '../test-support/http-test-harness';

const PDF = Buffer.from('%PDF-1.7\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n', 'latin1');
const CSV = Buffer.from('sku,quantity\r\nTEE-1,2\r\nTEE-2,5\r\n', 'utf8');
const HTML = Buffer.from('<html><script>alert(document.cookie)</script></html>', 'utf8');

interface AttachmentView {
  readonly id: string;
  readonly filename: string;
  readonly content_type: string;
  readonly size: number;
  readonly sha256: string;
  readonly kind: string;
  readonly description: string | null;
  readonly uploaded_by: { kind: string; id: string | null; display: string };
  readonly version: number;
  readonly download_url: string;
  readonly created_at: string;
  readonly updated_at: string;
}

async function setup(options: Parameters<typeof createHarness>[0] = {}) {
  const h = createHarness(options);
  const product = await createProduct(h);
  const order = await placeOrder(h, orderBody(product.id));
  return { h, order };
}

function dataOf(res: Response): AttachmentView {
  return (res.body as { data: AttachmentView }).data;
}

async function uploaded(h: Harness, orderId: string, ...args: Parameters<typeof upload> extends [Harness, string, ...infer R] ? R : never): Promise<AttachmentView> {
  const res = await upload(h, orderId, ...args);
  if (res.status !== 201) throw new Error(`upload answered ${res.status}: ${JSON.stringify(res.body)}`);
  return dataOf(res);
}

async function listOf(h: Harness, orderId: string): Promise<AttachmentView[]> {
  const res = await h.http.get(`/admin/orders/${orderId}/attachments`).set(AS_ADMIN);
  expect(res.status).toBe(200);
  return (res.body as { data: AttachmentView[] }).data;
}

/** Collects a binary response body as a Buffer (a superagent parser: the response is the Node stream). */
function binary(res: Response, callback: (error: Error | null, body: Buffer) => void): void {
  const chunks: Buffer[] = [];
  res.on('data', (chunk: Buffer) => chunks.push(chunk));
  res.on('end', () => callback(null, Buffer.concat(chunks)));
  res.on('error', (error: Error) => callback(error, Buffer.alloc(0)));
}

async function expectNothingStored(h: Harness, orderId: string): Promise<void> {
  expect(await listOf(h, orderId)).toEqual([]);
  expect(h.fileStore.size).toBe(0);
}

describe('POST /admin/orders/{order_id}/attachments', () => {
  it('stores a PNG: 201 with its metadata, ETag and Location; type and hash from the bytes', async () => {
    const { h, order } = await setup();
    const bytes = pngBytes(5_000);
    const res = await upload(h, order.id, { bytes, filename: 'proof.png', contentType: 'image/png' });
    expect(res.status).toBe(201);
    const attachment = dataOf(res);
    expect(attachment).toEqual({
      id: expect.stringMatching(/^att_/),
      filename: 'proof.png',
      content_type: 'image/png',
      size: 5_000,
      sha256: createHash('sha256').update(bytes).digest('hex'),
      kind: 'other',
      description: null,
      uploaded_by: { kind: 'staff', id: 'admin-token', display: 'admin-token' },
      version: 1,
      download_url: `https://oms.example.test/base/admin/orders/${order.id}/attachments/${attachment.id}/download`,
      created_at: expect.any(String),
      updated_at: expect.any(String),
    });
    expect(res.headers['etag']).toBe('"1"');
    expect(res.headers['location']).toBe(`/admin/orders/${order.id}/attachments/${attachment.id}`);
    expect(h.fileStore.size).toBe(1);
    await expectDocumented(h, 'post', '/admin/orders/{order_id}/attachments', res);
  });

  it('takes description and kind sent before the file', async () => {
    const { h, order } = await setup();
    const res = await upload(h, order.id, { bytes: pngBytes() }, { description: 'Front print, v2', kind: 'design_proof' });
    expect(res.status).toBe(201);
    expect(dataOf(res)).toMatchObject({ description: 'Front print, v2', kind: 'design_proof' });
  });

  it('accepts a PDF and a CSV, typed by their bytes whatever the client declared', async () => {
    const { h, order } = await setup();
    const pdf = await uploaded(h, order.id, { bytes: PDF, filename: 'receipt.pdf', contentType: 'application/octet-stream' }, { kind: 'receipt' });
    expect(pdf).toMatchObject({ filename: 'receipt.pdf', content_type: 'application/pdf', size: PDF.length, kind: 'receipt' });
    const csv = await uploaded(h, order.id, { bytes: CSV, filename: 'sizes.csv', contentType: 'application/vnd.ms-excel' });
    expect(csv).toMatchObject({ filename: 'sizes.csv', content_type: 'text/csv', size: CSV.length });
    const png = await uploaded(h, order.id, { bytes: pngBytes(), filename: 'photo.jpg', contentType: 'image/jpeg' });
    expect(png.content_type).toBe('image/png');
  });

  it('refuses HTML bytes declared as image/png with a .png name (415) and stores nothing', async () => {
    const { h, order } = await setup();
    const res = await upload(h, order.id, { bytes: HTML, filename: 'innocent.png', contentType: 'image/png' });
    expect(res.status).toBe(415);
    expect(res.body.error).toMatchObject({ code: 'UNSUPPORTED_FILE_TYPE', details: { detected: null } });
    await expectNothingStored(h, order.id);
  });

  it('refuses other unaccepted bytes (415), e.g. a ZIP archive', async () => {
    const { h, order } = await setup();
    const zip = Buffer.concat([Buffer.from([0x50, 0x4b, 0x03, 0x04]), Buffer.alloc(200, 0)]);
    const res = await upload(h, order.id, { bytes: zip, filename: 'photos.zip' });
    expect(res.status).toBe(415);
    await expectNothingStored(h, order.id);
  });

  it('keeps only the last segment of a path-like filename', async () => {
    const { h, order } = await setup();
    const attachment = await uploaded(h, order.id, { bytes: 'root:x:0:0:root:/root:/bin/bash\n', filename: '../../etc/passwd', contentType: 'text/plain' });
    expect(attachment).toMatchObject({ filename: 'passwd', content_type: 'text/plain' });
    const windows = await uploaded(h, order.id, { bytes: pngBytes(), filename: '..\\..\\Windows\\win.png' });
    expect(windows.filename).toBe('win.png');
  });

  it('removes control characters from a filename (sent RFC 5987-encoded) and shows it sanitised', async () => {
    const { h, order } = await setup();
    const body = multipartBody([{ name: 'file', file: pngBytes(), filenameStar: "UTF-8''evil%07%0D%0Aname%1B.png", contentType: 'image/png' }]);
    const res = await h.http.post(`/admin/orders/${order.id}/attachments`).set(AS_ADMIN).set('Content-Type', MULTIPART_CONTENT_TYPE).send(body);
    expect(res.status).toBe(201);
    expect(dataOf(res).filename).toBe('evilname.png');
  });

  it('keeps a UTF-8 filename sent unencoded, as browsers do', async () => {
    const { h, order } = await setup();
    const attachment = await uploaded(h, order.id, { bytes: pngBytes(), filename: 'épreuve – 日本.png' });
    expect(attachment.filename).toBe('épreuve – 日本.png');
  });

  it('stops an upload over the limit with 413 and stores nothing', async () => {
    const limit = 64 * 1024;
    const { h, order } = await setup({ maxUploadBytes: limit, coreMaxUploadBytes: limit });
    const res = await upload(h, order.id, { bytes: pngBytes(limit + 1) });
    expect(res.status).toBe(413);
    expect(res.body.error).toMatchObject({ code: 'FILE_TOO_LARGE', details: { max_bytes: limit } });
    await expectNothingStored(h, order.id);
  });

  it('accepts a file of exactly the limit', async () => {
    const limit = 64 * 1024;
    const { h, order } = await setup({ maxUploadBytes: limit, coreMaxUploadBytes: limit });
    expect((await uploaded(h, order.id, { bytes: pngBytes(limit) })).size).toBe(limit);
  });

  it('enforces the app limit even when the core would take more: a truncated file never passes as whole', async () => {
    const { h, order } = await setup({ maxUploadBytes: 32 * 1024 });
    // Under the limit plus room for fields, so it is not refused on its Content-Length but while streaming.
    const res = await upload(h, order.id, { bytes: pngBytes(80 * 1024) });
    expect(res.status).toBe(413);
    expect(res.body.error).toMatchObject({ code: 'FILE_TOO_LARGE', details: { max_bytes: 32 * 1024 } });
    await expectNothingStored(h, order.id);
  });

  it('is not bound by the JSON body limit', async () => {
    const { h, order } = await setup({ bodyLimitBytes: 1024 });
    expect((await uploaded(h, order.id, { bytes: pngBytes(50_000) })).size).toBe(50_000);
  });

  it('refuses a text field after the file part with 422 naming it, and stores nothing', async () => {
    const { h, order } = await setup();
    const body = multipartBody([
      { name: 'kind', value: 'photo' },
      { name: 'file', file: pngBytes(20_000), filename: 'a.png', contentType: 'image/png' },
      { name: 'description', value: 'too late' },
    ]);
    const res = await h.http.post(`/admin/orders/${order.id}/attachments`).set(AS_ADMIN).set('Content-Type', MULTIPART_CONTENT_TYPE).send(body);
    expect(res.status).toBe(422);
    expect(fieldErrors(res.body)).toEqual([{ field: 'description', message: 'must come before the file part (send text fields first)' }]);
    await expectNothingStored(h, order.id);
  });

  it('refuses a second file part (422 on file) and stores nothing', async () => {
    const { h, order } = await setup();
    const body = multipartBody([
      { name: 'file', file: pngBytes(), filename: 'a.png' },
      { name: 'file', file: pngBytes(), filename: 'b.png' },
    ]);
    const res = await h.http.post(`/admin/orders/${order.id}/attachments`).set(AS_ADMIN).set('Content-Type', MULTIPART_CONTENT_TYPE).send(body);
    expect(res.status).toBe(422);
    expect(fieldErrors(res.body)).toEqual([{ field: 'file', message: 'must be exactly one file' }]);
    await expectNothingStored(h, order.id);
  });

  it('names a missing file part (422), also for an absent body', async () => {
    const { h, order } = await setup();
    const fieldsOnly = multipartBody([{ name: 'description', value: 'no file' }]);
    const res = await h.http.post(`/admin/orders/${order.id}/attachments`).set(AS_ADMIN).set('Content-Type', MULTIPART_CONTENT_TYPE).send(fieldsOnly);
    expect(res.status).toBe(422);
    expect(fieldErrors(res.body)).toEqual([{ field: 'file', message: 'is required' }]);
    const empty = await h.http.post(`/admin/orders/${order.id}/attachments`).set(AS_ADMIN);
    expect(empty.status).toBe(422);
    expect(fieldErrors(empty.body)).toEqual([{ field: 'file', message: 'is required' }]);
  });

  it('refuses a text field named file, a file under another name, unknown fields and a bad kind, naming each', async () => {
    const { h, order } = await setup();
    const send = (body: Buffer) =>
      h.http.post(`/admin/orders/${order.id}/attachments`).set(AS_ADMIN).set('Content-Type', MULTIPART_CONTENT_TYPE).send(body);
    const textFile = await send(multipartBody([{ name: 'file', value: 'not a file' }]));
    expect(textFile.status).toBe(422);
    expect(fieldErrors(textFile.body)).toEqual([{ field: 'file', message: 'must be a file part (with a filename)' }]);
    const misnamed = await send(multipartBody([{ name: 'upload', file: pngBytes(), filename: 'a.png' }]));
    expect(misnamed.status).toBe(422);
    expect(fieldErrors(misnamed.body)).toEqual([
      { field: 'upload', message: 'is not allowed: the file goes in the file part' },
      { field: 'file', message: 'is required' },
    ]);
    const fields = await send(
      multipartBody([
        { name: 'kind', value: 'selfie' },
        { name: 'owner', value: 'me' },
        { name: 'file', file: pngBytes(), filename: 'a.png' },
      ]),
    );
    expect(fields.status).toBe(422);
    expect(fieldErrors(fields.body)).toEqual(
      expect.arrayContaining([
        { field: 'owner', message: 'is not allowed' },
        { field: 'kind', message: 'must be one of design_proof, receipt, photo, invoice, other' },
      ]),
    );
    const repeated = await send(
      multipartBody([
        { name: 'kind', value: 'photo' },
        { name: 'kind', value: 'receipt' },
        { name: 'file', file: pngBytes(), filename: 'a.png' },
      ]),
    );
    expect(fieldErrors(repeated.body)).toEqual([{ field: 'kind', message: 'must be sent once' }]);
    const many = await send(
      multipartBody([
        ...Array.from({ length: 9 }, (_, i) => ({ name: `f${i}`, value: 'x' })),
        { name: 'file', file: pngBytes(), filename: 'a.png' },
      ]),
    );
    expect(many.status).toBe(422);
    expect(fieldErrors(many.body)).toContainEqual({ field: 'body', message: 'must have at most 8 text fields' });
    const longField = await send(multipartBody([{ name: 'description', value: 'é'.repeat(5_000) }, { name: 'file', file: pngBytes(), filename: 'a.png' }]));
    expect(fieldErrors(longField.body)).toEqual([{ field: 'description', message: 'must have at most 8192 bytes' }]);
    await expectNothingStored(h, order.id);
  });

  it('passes the core its own checks on the fields (description length)', async () => {
    const { h, order } = await setup();
    const res = await upload(h, order.id, { bytes: pngBytes() }, { description: 'x'.repeat(1_001) });
    expect(res.status).toBe(422);
    expect(fieldErrors(res.body)).toEqual([{ field: 'description', message: 'must have at most 1000 characters' }]);
    await expectNothingStored(h, order.id);
  });

  it('refuses a body that is not multipart/form-data (415)', async () => {
    const { h, order } = await setup();
    const json = await h.http.post(`/admin/orders/${order.id}/attachments`).set(AS_ADMIN).send({ file: 'aGVsbG8=' });
    expect(json.status).toBe(415);
    expect(json.body.error.code).toBe('UNSUPPORTED_MEDIA_TYPE');
    const raw = await h.http.post(`/admin/orders/${order.id}/attachments`).set(AS_ADMIN).set('Content-Type', 'image/png').send(pngBytes());
    expect(raw.status).toBe(415);
    await expectNothingStored(h, order.id);
  });

  it('answers 400 for a malformed multipart body (no boundary, cut before its end)', async () => {
    const { h, order } = await setup();
    const noBoundary = await h.http.post(`/admin/orders/${order.id}/attachments`).set(AS_ADMIN).set('Content-Type', 'multipart/form-data').send('x');
    expect(noBoundary.status).toBe(400);
    expect(noBoundary.body.error.code).toBe('BAD_REQUEST');
    const whole = multipartBody([{ name: 'file', file: pngBytes(30_000), filename: 'a.png' }]);
    const cut = await h.http
      .post(`/admin/orders/${order.id}/attachments`)
      .set(AS_ADMIN)
      .set('Content-Type', MULTIPART_CONTENT_TYPE)
      .send(whole.subarray(0, 20_000));
    expect(cut.status).toBe(400);
    expect(cut.body.error).toMatchObject({ code: 'BAD_REQUEST', message: 'The multipart/form-data body is malformed' });
    await expectNothingStored(h, order.id);
  });

  it('answers 404 for an order that does not exist and stores nothing', async () => {
    const { h } = await setup();
    const res = await upload(h, 'ord_missing', { bytes: pngBytes(100_000) });
    expect(res.status).toBe(404);
    expect(res.body.error).toMatchObject({ code: 'NOT_FOUND', details: { entity: 'Order', id: 'ord_missing' } });
    expect(h.fileStore.size).toBe(0);
  });

  it('needs a bearer token (401) with orders:write (403); customers are refused', async () => {
    const { h, order } = await setup();
    const anonymous = await upload(h, order.id, { bytes: pngBytes() }, {}, {});
    expect(anonymous.status).toBe(401);
    const readOnly = await upload(h, order.id, { bytes: pngBytes() }, {}, bearer(await issueToken(h, ['orders:read'])));
    expect(readOnly.status).toBe(403);
    expect(readOnly.body.error.details).toEqual({ required_scope: 'orders:write' });
    const customer = await upload(h, order.id, { bytes: pngBytes() }, {}, bearer(signJwt({ sub: 'u1', role: 'customer', customer_id: 'cust_123' })));
    expect(customer.status).toBe(403);
    await expectNothingStored(h, order.id);
  });
});

describe('GET /admin/orders/{order_id}/attachments', () => {
  it('lists the attachments of the order, oldest first, and only them', async () => {
    const { h, order } = await setup();
    const other = await placeOrder(h, orderBody((await createProduct(h)).id));
    const first = await uploaded(h, order.id, { bytes: pngBytes(), filename: 'one.png' });
    await uploaded(h, other.id, { bytes: pngBytes(), filename: 'elsewhere.png' });
    const second = await uploaded(h, order.id, { bytes: PDF, filename: 'two.pdf' });
    const res = await h.http.get(`/admin/orders/${order.id}/attachments`).set(AS_ADMIN);
    expect(res.status).toBe(200);
    expect((res.body as { data: AttachmentView[] }).data).toEqual([first, second]);
    await expectDocumented(h, 'get', '/admin/orders/{order_id}/attachments', res);
  });

  it('answers 404 for a missing order, 401 without a token and 403 without orders:read', async () => {
    const { h, order } = await setup();
    expect((await h.http.get('/admin/orders/ord_missing/attachments').set(AS_ADMIN)).status).toBe(404);
    expect((await h.http.get(`/admin/orders/${order.id}/attachments`)).status).toBe(401);
    const noRead = await h.http.get(`/admin/orders/${order.id}/attachments`).set(bearer(await issueToken(h, ['products:read'])));
    expect(noRead.status).toBe(403);
    expect(noRead.body.error.details).toEqual({ required_scope: 'orders:read' });
  });
});

describe('one attachment: GET, PATCH, DELETE, download', () => {
  it('GET answers its metadata with an ETag', async () => {
    const { h, order } = await setup();
    const attachment = await uploaded(h, order.id, { bytes: pngBytes() }, { description: 'proof' });
    const res = await h.http.get(`/admin/orders/${order.id}/attachments/${attachment.id}`).set(AS_ADMIN);
    expect(res.status).toBe(200);
    expect(dataOf(res)).toEqual(attachment);
    expect(res.headers['etag']).toBe('"1"');
    await expectDocumented(h, 'get', '/admin/orders/{order_id}/attachments/{attachment_id}', res);
  });

  it('answers 404 for a missing attachment, and the very same for one of another order, on every route', async () => {
    const { h, order } = await setup();
    const other = await placeOrder(h, orderBody((await createProduct(h)).id));
    const foreign = await uploaded(h, other.id, { bytes: pngBytes() });
    const routes: [string, (path: string) => Promise<Response>][] = [
      ['GET', (path) => h.http.get(path).set(AS_ADMIN)],
      ['PATCH', (path) => h.http.patch(path).set(AS_ADMIN).send({ kind: 'photo' })],
      ['DELETE', (path) => h.http.delete(path).set(AS_ADMIN)],
      ['download', (path) => h.http.get(`${path}/download`).set(AS_ADMIN)],
    ];
    for (const [, call] of routes) {
      const missing = await call(`/admin/orders/${order.id}/attachments/att_missing`);
      const ofAnother = await call(`/admin/orders/${order.id}/attachments/${foreign.id}`);
      expect(missing.status).toBe(404);
      expect(ofAnother.status).toBe(404);
      expect(ofAnother.body).toEqual(JSON.parse(JSON.stringify(missing.body).split('att_missing').join(foreign.id)));
      expect(ofAnother.body.error).toEqual({ code: 'NOT_FOUND', message: `Attachment ${foreign.id} was not found`, details: { entity: 'Attachment', id: foreign.id } });
    }
    // The other order's attachment is untouched.
    expect(await listOf(h, other.id)).toEqual([foreign]);
    expect(h.fileStore.size).toBe(1);
  });

  it('PATCH changes description, kind and filename (sanitised), bumps the ETag and honours If-Match', async () => {
    const { h, order } = await setup();
    const attachment = await uploaded(h, order.id, { bytes: pngBytes(), filename: 'a.png' });
    const path = `/admin/orders/${order.id}/attachments/${attachment.id}`;
    const res = await h.http.patch(path).set(AS_ADMIN).set('If-Match', '"1"').send({ description: 'Approved proof', kind: 'design_proof', filename: '../proof final.png' });
    expect(res.status).toBe(200);
    expect(res.headers['etag']).toBe('"2"');
    expect(dataOf(res)).toMatchObject({ description: 'Approved proof', kind: 'design_proof', filename: 'proof final.png', version: 2, sha256: attachment.sha256 });
    await expectDocumented(h, 'patch', '/admin/orders/{order_id}/attachments/{attachment_id}', res);

    const stale = await h.http.patch(path).set(AS_ADMIN).set('If-Match', '"1"').send({ kind: 'photo' });
    expect(stale.status).toBe(412);
    expect(stale.body.error.code).toBe('PRECONDITION_FAILED');
    expect(dataOf(await h.http.get(path).set(AS_ADMIN))).toMatchObject({ kind: 'design_proof', version: 2 });

    const cleared = await h.http.patch(path).set(AS_ADMIN).set('If-Match', '"2"').send({ description: null });
    expect(cleared.status).toBe(200);
    expect(dataOf(cleared)).toMatchObject({ description: null, version: 3 });
  });

  it('PATCH refuses an empty change, unknown fields and bad kinds (422), and needs orders:write', async () => {
    const { h, order } = await setup();
    const attachment = await uploaded(h, order.id, { bytes: pngBytes() });
    const path = `/admin/orders/${order.id}/attachments/${attachment.id}`;
    const empty = await h.http.patch(path).set(AS_ADMIN).send({});
    expect(empty.status).toBe(422);
    expect(fieldErrors(empty.body)).toEqual([{ field: 'body', message: 'must change at least one field' }]);
    const unknown = await h.http.patch(path).set(AS_ADMIN).send({ size: 1, kind: 'selfie' });
    expect(unknown.status).toBe(422);
    expect(fieldErrors(unknown.body)).toEqual(
      expect.arrayContaining([{ field: 'size', message: 'is not allowed' }, { field: 'kind', message: 'must be one of design_proof, receipt, photo, invoice, other' }]),
    );
    const readOnly = await h.http.patch(path).set(bearer(await issueToken(h, ['orders:read']))).send({ kind: 'photo' });
    expect(readOnly.status).toBe(403);
    expect((await h.http.patch(path).send({ kind: 'photo' })).status).toBe(401);
  });

  it('DELETE answers 204 and removes the row and the bytes', async () => {
    const { h, order } = await setup();
    const keep = await uploaded(h, order.id, { bytes: PDF, filename: 'keep.pdf' });
    const attachment = await uploaded(h, order.id, { bytes: pngBytes() });
    expect(h.fileStore.size).toBe(2);
    const path = `/admin/orders/${order.id}/attachments/${attachment.id}`;
    const readOnly = await h.http.delete(path).set(bearer(await issueToken(h, ['orders:read'])));
    expect(readOnly.status).toBe(403);
    expect((await h.http.delete(path)).status).toBe(401);

    const res = await h.http.delete(path).set(AS_ADMIN);
    expect(res.status).toBe(204);
    expect(res.text).toBe('');
    expect(h.fileStore.size).toBe(1);
    expect(await listOf(h, order.id)).toEqual([keep]);
    expect((await h.http.get(path).set(AS_ADMIN)).status).toBe(404);
    expect((await h.http.get(`${path}/download`).set(AS_ADMIN)).status).toBe(404);
    expect((await h.http.delete(path).set(AS_ADMIN)).status).toBe(404);
  });

  it('download streams the exact bytes with the detected type, attachment disposition, nosniff and a sandbox CSP', async () => {
    const { h, order } = await setup();
    const bytes = pngBytes(150_000);
    const attachment = await uploaded(h, order.id, { bytes, filename: 'proof.png', contentType: 'application/octet-stream' });
    const res = await h.http.get(`/admin/orders/${order.id}/attachments/${attachment.id}/download`).set(AS_ADMIN).buffer(true).parse(binary);
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('image/png');
    expect(res.headers['content-length']).toBe('150000');
    expect(res.headers['content-disposition']).toBe(`attachment; filename="proof.png"; filename*=UTF-8''proof.png`);
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['content-security-policy']).toBe("default-src 'none'; sandbox");
    expect(Buffer.compare(res.body as Buffer, bytes)).toBe(0);
  });

  it('download labels text as UTF-8 and encodes a non-ASCII filename with an ASCII fallback', async () => {
    const { h, order } = await setup();
    const attachment = await uploaded(h, order.id, { bytes: CSV, filename: 'sizes.csv', contentType: 'text/plain' });
    const path = `/admin/orders/${order.id}/attachments/${attachment.id}`;
    const renamed = await h.http.patch(path).set(AS_ADMIN).send({ filename: 'tailles "été".csv' });
    expect(dataOf(renamed).filename).toBe('tailles _été_.csv');
    const res = await h.http.get(`${path}/download`).set(AS_ADMIN).buffer(true).parse(binary);
    expect(res.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(res.headers['content-disposition']).toBe(`attachment; filename="tailles __t__.csv"; filename*=UTF-8''tailles%20_%C3%A9t%C3%A9_.csv`);
    expect(Buffer.compare(res.body as Buffer, CSV)).toBe(0);
  });

  it('answers HEAD with the headers only', async () => {
    const { h, order } = await setup();
    const attachment = await uploaded(h, order.id, { bytes: PDF, filename: 'r.pdf' });
    const res = await h.http.head(`/admin/orders/${order.id}/attachments/${attachment.id}/download`).set(AS_ADMIN);
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('application/pdf');
    expect(res.headers['content-length']).toBe(String(PDF.length));
    expect(res.text ?? '').toBe('');
  });

  it('download needs a bearer token (401) with orders:read (403)', async () => {
    const { h, order } = await setup();
    const attachment = await uploaded(h, order.id, { bytes: pngBytes() });
    const path = `/admin/orders/${order.id}/attachments/${attachment.id}/download`;
    expect((await h.http.get(path)).status).toBe(401);
    const noRead = await h.http.get(path).set(bearer(await issueToken(h, ['products:read'])));
    expect(noRead.status).toBe(403);
    expect(noRead.body.error.details).toEqual({ required_scope: 'orders:read' });
    expect(noRead.headers['content-disposition']).toBeUndefined();
    const reader = await h.http.get(path).set(bearer(await issueToken(h, ['orders:read']))).buffer(true).parse(binary);
    expect(reader.status).toBe(200);
  });

  it('GET one needs orders:read', async () => {
    const { h, order } = await setup();
    const attachment = await uploaded(h, order.id, { bytes: pngBytes() });
    const path = `/admin/orders/${order.id}/attachments/${attachment.id}`;
    expect((await h.http.get(path)).status).toBe(401);
    expect((await h.http.get(path).set(bearer(await issueToken(h, ['products:read'])))).status).toBe(403);
  });
});
