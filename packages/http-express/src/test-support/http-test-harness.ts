import type { CarrierGateway, DocumentRenderer, DocumentSettings, FileStore, JobRetryPolicy } from '@oms/order-core';
import { createTestOrderCore, InMemoryFileStore } from '@oms/order-testkit';
import Ajv from 'ajv';
import addFormats from 'ajv-formats';
import jwt from 'jsonwebtoken';
import request from 'supertest';
import { BearerAuthenticator } from '../auth/bearer-authenticator';
import { createHttpApp, type HttpAppOptions } from '../create-http-app';
import type { HttpLogger } from '../logging/http-logger';

export const ADMIN_TOKEN = 'admin-token-for-tests-0123456789';
export const PUBLIC_BASE_URL = 'https://oms.example.test/base';
export const SIGNING_SECRET = 'signing-secret-for-tests-0123456789';
export const JWT_SECRET = 'jwt-secret-for-tests-0123456789abcdef';
export const AS_ADMIN = { Authorization: `Bearer ${ADMIN_TOKEN}` } as const;

export interface LogLine {
  readonly level: 'info' | 'warn' | 'error';
  readonly bindings: Readonly<Record<string, unknown>>;
  readonly obj: Readonly<Record<string, unknown>>;
  readonly msg: string;
}

/** Keeps every line so tests can check what was (and was not) logged. */
export class RecordingLogger implements HttpLogger {
  constructor(
    readonly lines: LogLine[] = [],
    private readonly bindings: Readonly<Record<string, unknown>> = {},
  ) {}

  info(obj: Readonly<Record<string, unknown>>, msg: string): void {
    this.lines.push({ level: 'info', bindings: this.bindings, obj, msg });
  }

  warn(obj: Readonly<Record<string, unknown>>, msg: string): void {
    this.lines.push({ level: 'warn', bindings: this.bindings, obj, msg });
  }

  error(obj: Readonly<Record<string, unknown>>, msg: string): void {
    this.lines.push({ level: 'error', bindings: this.bindings, obj, msg });
  }

  child(bindings: Readonly<Record<string, unknown>>): HttpLogger {
    return new RecordingLogger(this.lines, { ...this.bindings, ...bindings });
  }
}

export interface HarnessOptions {
  readonly health?: () => Promise<void>;
  readonly bodyLimitBytes?: number;
  /** The app's upload limit (busboy); defaults to the app's default. */
  readonly maxUploadBytes?: number;
  /** The core's upload limit (the FileStore's); defaults to the core's default. */
  readonly coreMaxUploadBytes?: number;
  /** Wraps the in-memory file store, e.g. to watch writes. */
  readonly wrapFiles?: (files: InMemoryFileStore) => FileStore;
  /** The public tracking route's failure limit; defaults to the app's default. */
  readonly trackingRateLimit?: HttpAppOptions['trackingRateLimit'];
  /** Carrier gateways beside the built-in manual one. */
  readonly carriers?: readonly CarrierGateway[];
  /** Retries of background jobs; defaults to the core's. */
  readonly jobRetry?: JobRetryPolicy;
  /** The app's document renderer (e.g. a FakeDocumentRenderer); none by default, so document routes answer 503. */
  readonly documents?: DocumentRenderer;
  /** The app's document link lifetime; defaults to the app's default. */
  readonly documentLinkTtlSeconds?: number;
  /** The core's seller details, invoice numbering and taxes; defaults to the core's. */
  readonly documentSettings?: Partial<DocumentSettings>;
}

/** The app over the in-memory core, an admin token, a JWT secret and a recording logger. */
export function createHarness(options: HarnessOptions = {}) {
  // Kept as the concrete class so tests can check what it holds.
  const fileStore = new InMemoryFileStore();
  const testCore = createTestOrderCore({
    files: options.wrapFiles === undefined ? fileStore : options.wrapFiles(fileStore),
    ...(options.coreMaxUploadBytes === undefined ? {} : { maxUploadBytes: options.coreMaxUploadBytes }),
    ...(options.carriers === undefined ? {} : { carriers: options.carriers }),
    ...(options.jobRetry === undefined ? {} : { jobRetry: options.jobRetry }),
    ...(options.documentSettings === undefined ? {} : { documents: options.documentSettings }),
  });
  const logger = new RecordingLogger();
  const authenticator = new BearerAuthenticator({ adminToken: ADMIN_TOKEN, jwtSecret: JWT_SECRET, core: testCore.core });
  const app = createHttpApp({
    core: testCore.core,
    authenticator,
    logger,
    health: options.health ?? (async () => undefined),
    publicBaseUrl: PUBLIC_BASE_URL,
    signingSecret: SIGNING_SECRET,
    clock: testCore.clock,
    ...(options.bodyLimitBytes === undefined ? {} : { bodyLimitBytes: options.bodyLimitBytes }),
    ...(options.maxUploadBytes === undefined ? {} : { maxUploadBytes: options.maxUploadBytes }),
    ...(options.trackingRateLimit === undefined ? {} : { trackingRateLimit: options.trackingRateLimit }),
    ...(options.documents === undefined ? {} : { documents: options.documents }),
    ...(options.documentLinkTtlSeconds === undefined ? {} : { documentLinkTtlSeconds: options.documentLinkTtlSeconds }),
  });
  return { ...testCore, fileStore, app, logger, http: request(app) };
}

export type Harness = ReturnType<typeof createHarness>;

export function signJwt(claims: Record<string, unknown>, options: jwt.SignOptions = {}): string {
  return jwt.sign(claims, JWT_SECRET, { algorithm: 'HS256', expiresIn: '1h', ...options });
}

export function bearer(token: string): { Authorization: string } {
  return { Authorization: `Bearer ${token}` };
}

/** The Authorization header of a signed-in customer (JWT role customer); `customer_id` defaults to the subject. */
export function asCustomer(customerId: string, email: string | null = `${customerId}@example.com`): { Authorization: string } {
  return bearer(signJwt({ sub: `user_${customerId}`, role: 'customer', customer_id: customerId, ...(email === null ? {} : { email }) }));
}

/** Issues an opaque API token through the core, as the CLI does. */
export async function issueToken(harness: Harness, scopes: readonly string[]): Promise<string> {
  const { core } = harness;
  const { secret } = await core.issueApiToken.execute(
    { name: `test ${scopes.join(' ')}`, scopes },
    { kind: 'system', id: 'test' },
  );
  return secret;
}

let skuCounter = 0;

export interface ProductView {
  readonly id: string;
  readonly sku: string;
  readonly price: number;
  readonly currency: string;
  readonly version: number;
  readonly [field: string]: unknown;
}

/** Stock every product gets unless told otherwise, so order tests are not about inventory. */
export const DEFAULT_TEST_STOCK = 1_000;

/** Creates a product through the API and stocks it in the default warehouse (`stock: 0` for none). */
export async function createProduct(
  harness: Harness,
  fields: Record<string, unknown> = {},
  options: { readonly stock?: number } = {},
): Promise<ProductView> {
  skuCounter += 1;
  const res = await harness.http
    .post('/admin/products')
    .set(AS_ADMIN)
    .send({ sku: `SKU-${skuCounter}`, name: `Product ${skuCounter}`, price: 29.99, ...fields });
  if (res.status !== 201) throw new Error(`creating a product answered ${res.status}: ${JSON.stringify(res.body)}`);
  const product = (res.body as { data: ProductView }).data;
  const stock = options.stock ?? DEFAULT_TEST_STOCK;
  if (stock > 0) await adjustStock(harness, product.id, stock);
  return product;
}

/** Adds (or removes) on-hand stock through the API. */
export async function adjustStock(harness: Harness, productId: string, quantityChange: number, warehouseId?: string): Promise<void> {
  const res = await harness.http
    .post('/admin/inventory-history/bulk-adjust')
    .set(AS_ADMIN)
    .send({ adjustments: [{ product_id: productId, quantity_change: quantityChange, reason: 'restock', ...(warehouseId === undefined ? {} : { warehouse_id: warehouseId }) }] });
  if (res.status !== 200) throw new Error(`adjusting stock answered ${res.status}: ${JSON.stringify(res.body)}`);
}

export function orderBody(productId: string, overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    customer_id: 'cust_123',
    items: [{ product_id: productId, quantity: 2 }],
    shipping_address: { name: 'Jane Doe', street: '123 Main St', city: 'Springfield', state: 'IL', zip: '62701' },
    email: 'jane@example.com',
    ...overrides,
  };
}

export interface OrderView {
  readonly id: string;
  readonly status: string;
  readonly version: number;
  readonly total: number;
  readonly [field: string]: unknown;
}

export async function placeOrder(
  harness: Harness,
  body: Record<string, unknown>,
  headers: Record<string, string> = AS_ADMIN,
): Promise<OrderView> {
  const res = await harness.http.post('/admin/orders').set(headers).send(body);
  if (res.status !== 201) throw new Error(`placing an order answered ${res.status}: ${JSON.stringify(res.body)}`);
  return (res.body as { data: OrderView }).data;
}

/** The validation problems of a 422 body, for `toContainEqual`. */
export function fieldErrors(body: unknown): { field: string; message: string }[] {
  return ((body as { error: { details: { errors?: { field: string; message: string }[] } } }).error.details.errors ?? []);
}

/**
 * Checks a response body against the schema the OpenAPI document gives for that operation and status, so the
 * published contract is tested along with the behaviour.
 */
export async function expectDocumented(harness: Harness, method: string, path: string, res: request.Response): Promise<void> {
  const doc = (await harness.http.get('/openapi.json')).body as {
    paths: Record<string, Record<string, { responses: Record<string, { content?: { 'application/json': { schema: object } } }> }>>;
  };
  const schema = doc.paths[path]?.[method]?.responses[String(res.status)]?.content?.['application/json'].schema;
  if (schema === undefined) throw new Error(`no documented schema for ${method} ${path} ${res.status}`);
  const ajv = addFormats(new Ajv({ allErrors: true, strict: true, allowUnionTypes: true }));
  const validate = ajv.compile(schema);
  const valid = validate(res.body);
  expect(validate.errors ?? []).toEqual([]);
  expect(valid).toBe(true);
}

/** One part of a hand-built multipart/form-data body. */
export type FormPart =
  | { readonly name: string; readonly value: string }
  | {
      readonly name: string;
      readonly file: Uint8Array | string;
      /** Put into the part header as is (`filename="..."`); use `filenameStar` for RFC 5987 encoding. */
      readonly filename?: string;
      readonly filenameStar?: string;
      readonly contentType?: string;
    };

export const FORM_BOUNDARY = '----oms-test-boundary-7MA4YWxkTrZu0gW';

/** A multipart/form-data body built byte for byte, so tests control part order, names and headers. */
export function multipartBody(parts: readonly FormPart[], boundary = FORM_BOUNDARY): Buffer {
  const chunks: Buffer[] = [];
  for (const part of parts) {
    let header = `--${boundary}\r\nContent-Disposition: form-data; name="${part.name}"`;
    if ('file' in part) {
      if (part.filename !== undefined) header += `; filename="${part.filename}"`;
      if (part.filenameStar !== undefined) header += `; filename*=${part.filenameStar}`;
      header += `\r\nContent-Type: ${part.contentType ?? 'application/octet-stream'}`;
    }
    chunks.push(Buffer.from(`${header}\r\n\r\n`, 'utf8'));
    chunks.push('file' in part ? Buffer.from(part.file) : Buffer.from(part.value, 'utf8'));
    chunks.push(Buffer.from('\r\n'));
  }
  chunks.push(Buffer.from(`--${boundary}--\r\n`));
  return Buffer.concat(chunks);
}

export const MULTIPART_CONTENT_TYPE = `multipart/form-data; boundary=${FORM_BOUNDARY}`;

/** A valid-looking PNG: the signature, then `size - 8` bytes of a repeating pattern. */
export function pngBytes(size = 1_000): Buffer {
  const bytes = Buffer.alloc(size);
  Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]).copy(bytes);
  for (let i = 8; i < size; i++) bytes[i] = (i * 31) % 256;
  return bytes;
}

/** Uploads through the API; fields first, then the file part. */
export function upload(
  harness: Harness,
  orderId: string,
  file: { readonly bytes: Uint8Array | string; readonly filename?: string; readonly contentType?: string },
  fields: Readonly<Record<string, string>> = {},
  headers: Record<string, string> = AS_ADMIN,
) {
  const body = multipartBody([
    ...Object.entries(fields).map(([name, value]) => ({ name, value })),
    { name: 'file', file: file.bytes, filename: file.filename ?? 'file.png', contentType: file.contentType ?? 'image/png' },
  ]);
  return harness.http
    .post(`/admin/orders/${orderId}/attachments`)
    .set(headers)
    .set('Content-Type', MULTIPART_CONTENT_TYPE)
    .send(body);
}
